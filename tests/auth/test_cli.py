from arm.auth.models import User
from arm.extensions import db


def test_create_user_command(runner):
    result = runner.invoke(
        args=[
            "arm",
            "create-user",
            "admin@example.fi",
            "--name",
            "Ylläpitäjä",
            "--admin",
            "--password",
            "long enough password",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.email == "admin@example.fi"))
    assert user.is_admin and user.check_password("long enough password")


def test_create_user_command_refuses_short_password_and_duplicates(runner):
    result = runner.invoke(args=["arm", "create-user", "a@example.fi", "--name", "A", "--password", "short"])
    assert result.exit_code != 0
    runner.invoke(args=["arm", "create-user", "a@example.fi", "--name", "A", "--password", "long enough password"])
    result = runner.invoke(
        args=["arm", "create-user", "A@example.fi", "--name", "A", "--password", "long enough password"]
    )
    assert result.exit_code != 0
    assert "jo käyttäjätili" in result.output
