"""`flask arm …` commands: user creation, the demo case and the benchmark data."""

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


@arm_cli.command("bench-data")
@click.option("--scale", type=click.FloatRange(0.001, 10), default=1.0, show_default=True, help="1 = national scale.")
def bench_data(scale: float) -> None:
    """Fill an empty database with reproducible benchmark data (at scale 1: 100 cases, 20 000 actions …)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from arm.cases.bench import BENCH_COORDINATOR, BENCH_MEMBER, BENCH_PASSWORD
    from arm.core.bench import database_is_fresh, fill

    if not database_is_fresh():
        raise click.ClickException("the database already has data: benchmark data goes into an empty one")
    columns = (TextColumn("{task.description:>16}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns) as bars:

        def progress(label: str, total: int):
            task = bars.add_task(label, total=total or None)
            return lambda advance: bars.advance(task, advance)

        context = fill(scale, progress)
    for table, count in sorted(context.counts.items()):
        click.echo(f"{table:>24} {count:>10}")
    click.echo(f"Sign in as {BENCH_COORDINATOR} or {BENCH_MEMBER} with the password: {BENCH_PASSWORD}")


@arm_cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def backup(path: Path) -> None:
    """Write a consistent copy of the database to PATH while the server runs."""
    from arm.core.backup import BackupError
    from arm.core.backup import backup as make_backup

    if path.exists():
        raise click.ClickException(f"{path} exists: choose a new file")
    try:
        make_backup(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up to {path} ({path.stat().st_size} bytes).")


@arm_cli.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(path: Path) -> None:
    """Bring the copy at PATH back into this instance's database, which must be empty."""
    from arm.core.backup import BackupError
    from arm.core.backup import restore as bring_back

    try:
        bring_back(path)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored {path}.")


@arm_cli.command("scheduler")
def scheduler() -> None:
    """Run the scheduler (meeting papers, weekly digests, retries) in the foreground until stopped.

    One such process is enough in production; a second one sends nothing twice.
    """
    from arm.notify.scheduler import build_scheduler

    click.echo("Scheduler running: meeting papers and retries every few minutes, digests on Mondays at 07.00.")
    build_scheduler(current_app._get_current_object(), blocking=True).start()
