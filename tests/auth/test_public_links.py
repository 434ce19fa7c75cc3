"""Links in e-mails come from PUBLIC_BASE_URL, and requests for untrusted hosts are refused (issue 9, item 1)."""

import subprocess
import sys
from pathlib import Path

import pytest

from arm import create_app
from arm.auth.models import AccountToken
from arm.core.urls import public_url
from arm.extensions import db
from config import BASE_DIR, ConfigurationError, ProductionConfig
from tests import factories
from tests.conftest import sign_in


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_forgot_password_for_an_untrusted_host_is_refused_and_mails_nothing(client, outbox):
    user = factories.UserFactory()
    response = client.post("/password/forgot", data={"email": user.email}, headers={"Host": "evil.example"})
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert "Palvelu ei vastaa tällä osoitteella" in text and "The service does not answer at this address" in text
    assert "evil.example" not in text
    assert outbox == []
    assert _count(AccountToken) == 0


def test_every_page_refuses_an_untrusted_host_with_the_apps_own_page(client):
    user = factories.UserFactory()
    sign_in(client, user)
    for path in ("/", "/login", "/account", "/no/such/page", "/static/css/app.css"):
        response = client.get(path, headers={"Host": "evil.example:5000"})
        assert response.status_code == 400, path
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "Content-Security-Policy" in response.headers
        assert "<h1>Virheellinen pyyntö</h1>" in response.get_data(as_text=True)
    assert client.get("/").status_code == 200  # the same client on its own host is still signed in


def test_the_mailed_link_starts_with_the_public_address_whatever_trusted_host_was_asked(app, client, outbox):
    user = factories.UserFactory()
    for host in ("localhost", "127.0.0.1:8080"):
        assert client.post("/password/forgot", data={"email": user.email}, headers={"Host": host}).status_code == 302
        link = next(line for line in outbox[-1].text.splitlines() if "/password/reset/" in line)
        assert link.startswith("http://127.0.0.1:5000/password/reset/"), link
        assert f'href="{link}"' in outbox[-1].html


def test_a_base_path_comes_from_the_setting_not_from_the_request(app, client, outbox):
    app.config["PUBLIC_BASE_URL"] = "https://arm.example.fi/palvelu"
    user = factories.UserFactory()
    client.post("/password/forgot", data={"email": user.email}, environ_base={"SCRIPT_NAME": "/elsewhere"})
    link = next(line for line in outbox[-1].text.splitlines() if "/password/reset/" in line)
    assert link.startswith("https://arm.example.fi/palvelu/password/reset/"), link
    with app.test_request_context("/", base_url="http://localhost/elsewhere"):
        assert public_url("auth.login") == "https://arm.example.fi/palvelu/login"
    assert public_url("auth.login") == "https://arm.example.fi/palvelu/login"  # outside a request too


def test_invitations_and_case_mails_use_the_public_address(app, client, outbox):
    admin = factories.UserFactory(is_admin=True)
    sign_in(client, admin)
    client.post("/admin/users/new", data={"email": "uusi@example.fi", "name": "Uusi", "locale": "fi", "is_active": "y"})
    assert "http://127.0.0.1:5000/invitation/" in outbox[-1].text
    people = factories.case_with_people()
    existing = factories.UserFactory()
    client.post("/logout")
    sign_in(client, people.coordinator)
    client.post(
        f"/cases/{people.case.id}/network/invite",
        data={"email": existing.email, "name": "X", "organisation_id": people.organisation.id, "access": "MEMBER"},
        headers={"Host": "localhost"},
    )
    assert any("http://127.0.0.1:5000/invitations" in mail.text for mail in outbox[1:]), [mail.text for mail in outbox]


def test_no_link_in_arm_is_built_from_the_request_host():
    """`url_for(..., _external=True)` takes the host from the request: only arm/core/urls.py may mention it."""
    offenders = [
        str(path.relative_to(BASE_DIR))
        for path in (BASE_DIR / "arm").rglob("*")
        if path.suffix in {".py", ".html", ".txt"}
        and path != BASE_DIR / "arm" / "core" / "urls.py"
        and "_external=True" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def _production_app(monkeypatch, tmp_path, **env):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite'}")
    for name in ("ARM_PUBLIC_BASE_URL", "ARM_TRUSTED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return create_app(ProductionConfig)


def test_production_serves_nothing_without_a_public_address_but_its_commands_run(monkeypatch, tmp_path, caplog):
    for blank in ({}, {"ARM_PUBLIC_BASE_URL": "  "}):
        app = _production_app(monkeypatch, tmp_path, **blank)
        assert app.config["PUBLIC_BASE_URL"] is None
        response = app.test_client().get("/login", headers={"Host": "localhost"})
        assert response.status_code == 500
        assert "Sähköpostiosoite" not in response.get_data(as_text=True)  # not the sign-in form
        assert "ARM_PUBLIC_BASE_URL is not set" in caplog.text
        with app.app_context(), pytest.raises(ConfigurationError, match="ARM_PUBLIC_BASE_URL is not set"):
            public_url("auth.login")
        # Administration needs no public address: the schema can be created and checked.
        result = app.test_cli_runner().invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
        result = app.test_cli_runner().invoke(args=["db", "check"])  # exits 1 when models and migrations differ
        assert result.exit_code == 0, result.output
        (tmp_path / "p.sqlite").unlink()
    with pytest.raises(ConfigurationError, match="must be an http"):
        _production_app(monkeypatch, tmp_path, ARM_PUBLIC_BASE_URL="arm.example.fi")


def test_production_trusts_the_public_host_only_unless_told(monkeypatch, tmp_path):
    app = _production_app(monkeypatch, tmp_path, ARM_PUBLIC_BASE_URL="https://arm.example.fi/")
    assert app.config["PUBLIC_BASE_URL"] == "https://arm.example.fi"
    assert app.config["TRUSTED_HOSTS"] == ["arm.example.fi"]
    assert app.test_client().get("/login", headers={"Host": "localhost"}).status_code == 400
    app = _production_app(
        monkeypatch,
        tmp_path,
        ARM_PUBLIC_BASE_URL="https://arm.example.fi",
        ARM_TRUSTED_HOSTS=" arm.example.fi, .arm.fi ,",
    )
    assert app.config["TRUSTED_HOSTS"] == ["arm.example.fi", ".arm.fi"]
    app = _production_app(monkeypatch, tmp_path, ARM_PUBLIC_BASE_URL="https://arm.example.fi", ARM_TRUSTED_HOSTS=",")
    assert app.config["TRUSTED_HOSTS"] == ["arm.example.fi"]  # an empty list would trust every host


def test_development_starts_without_the_setting(tmp_path):
    """`make run` sets only ARM_CONFIG=development: the app must start, with the local default."""
    env = {"ARM_CONFIG": "development", "ARM_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    code = "from arm import create_app; a = create_app(); print(a.config['PUBLIC_BASE_URL'], a.config['TRUSTED_HOSTS'])"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(BASE_DIR), env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "http://127.0.0.1:5000 ['127.0.0.1', 'localhost']"
