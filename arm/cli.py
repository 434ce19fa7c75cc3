"""`flask arm …` commands: user creation and the demo case."""

import secrets
import string
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from arm.auth import services as auth_services
from arm.core.errors import ValidationError
from arm.core.input import text_problem
from arm.demo import DEMO_ADMIN_EMAIL, DEMO_COORDINATOR_EMAIL, DEMO_MEMBER_EMAIL, database_is_empty, load_demo_case
from arm.extensions import db

arm_cli = AppGroup("arm", help="ÄRM platform administration.")


@arm_cli.command("create-user")
@click.argument("email")
@click.option("--name", prompt=True, help="Full name.")
@click.option("--admin", is_flag=True, help="Platform administrator (manages users and organisations).")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True, help="At least 12 characters.")
@click.option("--locale", type=click.Choice(["fi", "sv", "en"]), default="fi", show_default=True)
def create_user(email: str, name: str, admin: bool, password: str, locale: str) -> None:
    """Create a user who can sign in at once."""
    if len(password) < 12:
        raise click.BadParameter("the password must have at least 12 characters", param_hint="--password")
    # What a form's fields refuse (arm.core.forms.Form), refused here too: this text reaches no form.
    for value, hint in ((email, "EMAIL"), (name, "--name")):
        if text_problem(value) is not None:
            raise click.BadParameter("no control characters or personal identity codes, please", param_hint=hint)
    try:
        user = auth_services.create_user(email, name, password=password, is_admin=admin, locale=locale)
    except ValidationError as error:
        raise click.ClickException(error.errors[0][1]) from error
    db.session.commit()
    click.echo(f"Created {'administrator' if admin else 'user'} {user.email}.")


@arm_cli.command("load-demo")
@click.option("--password", help="Password for the demo accounts (default: a new random one).")
def load_demo(password: str | None) -> None:
    """Load the Kemi 2021 demo case into an empty database and print how to sign in."""
    credentials = Path(current_app.instance_path) / "demo-credentials.txt"
    if not database_is_empty():
        click.echo("The database already has data; the demo case was not loaded again.")
        if credentials.exists():
            click.echo(credentials.read_text())
        return
    password = password or "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(16))
    load_demo_case(password)
    db.session.commit()
    text = (
        "Demo case: Kemin äkillinen rakennemuutos 2021 (fictional people, facts from the public info package).\n"
        f"Sign in at http://127.0.0.1:5000 as {DEMO_COORDINATOR_EMAIL} (coordinator), {DEMO_MEMBER_EMAIL} (member)\n"
        f"or {DEMO_ADMIN_EMAIL} (platform admin), each with the password: {password}\n"
    )
    credentials.parent.mkdir(parents=True, exist_ok=True)
    credentials.write_text(text)
    credentials.chmod(0o600)
    click.echo(text)
