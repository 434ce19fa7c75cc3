from datetime import timedelta

import pytest
from freezegun import freeze_time

from arm import create_app
from arm.auth.models import AccountToken, LoginFailure, User
from arm.core.models import utcnow
from arm.extensions import db
from config import ConfigurationError, ProductionConfig
from tests import factories
from tests.conftest import PASSWORD, sign_in
from tests.markup import field_error, field_value, page_of


def test_sign_in_and_out(client):
    user = factories.UserFactory(email="aino@example.fi")
    response = client.post("/login", data={"email": " Aino@Example.fi ", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302
    assert db.session.get(User, user.id).last_login_at is not None


def test_wrong_password_keeps_email_and_says_why(client):
    factories.UserFactory(email="aino@example.fi")
    response = client.post("/login", data={"email": "aino@example.fi", "password": "wrong password"})
    assert response.status_code == 401
    page = page_of(response)
    assert [li.text for li in page.by_id("form-errors").find_all("li")] == ["Sähköpostiosoite tai salasana on väärin."]
    assert field_value(page, "email") == "aino@example.fi"
    assert field_value(page, "password") == ""  # never sent back


def test_empty_login_form_is_refused(client):
    response = client.post("/login", data={})
    assert response.status_code == 422


def test_failures_are_throttled_per_account(app, client):
    user = factories.UserFactory()
    for _ in range(app.config["LOGIN_FAILURES_PER_ACCOUNT"]):
        client.post("/login", data={"email": user.email, "password": "wrong password"})
    # Even the right password is refused while the account is throttled.
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Liian monta" in response.get_data(as_text=True)
    with freeze_time(utcnow() + timedelta(minutes=app.config["LOGIN_THROTTLE_MINUTES"] + 1)):
        assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302


def test_failures_are_throttled_per_address(app, client):
    user = factories.UserFactory()
    for n in range(app.config["LOGIN_FAILURES_PER_ADDRESS"]):
        client.post("/login", data={"email": f"nobody{n}@example.fi", "password": "wrong password"})
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 429
    other_address = client.post(
        "/login", data={"email": user.email, "password": PASSWORD}, environ_base={"REMOTE_ADDR": "10.9.9.9"}
    )
    assert other_address.status_code == 302


def test_success_clears_account_failures(app, client):
    user = factories.UserFactory()
    client.post("/login", data={"email": user.email, "password": "wrong password"})
    sign_in(client, user)
    assert (
        db.session.scalar(db.select(db.func.count()).select_from(LoginFailure).where(LoginFailure.email == user.email))
        == 0
    )


def test_inactive_user_cannot_sign_in(client):
    user = factories.UserFactory(is_active=False)
    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 401


def test_next_parameter_only_goes_to_local_paths(client):
    user = factories.UserFactory()
    response = client.post("/login?next=https://evil.example/", data={"email": user.email, "password": PASSWORD})
    assert response.location == "/"
    client.post("/logout")
    response = client.post("/login?next=/account", data={"email": user.email, "password": PASSWORD})
    assert response.location == "/account"


def test_change_password(client):
    user = factories.UserFactory()
    sign_in(client, user)
    new = "a much longer new passphrase"
    response = client.post(
        "/account/password", data={"current_password": "wrong", "password": new, "password_again": new}
    )
    assert response.status_code == 422
    assert field_error(page_of(response), "current_password") == "Nykyinen salasana on väärin."
    response = client.post(
        "/account/password", data={"current_password": PASSWORD, "password": "short", "password_again": "short"}
    )
    assert response.status_code == 422
    assert field_error(page_of(response), "password")
    assert db.session.get(User, user.id).check_password(PASSWORD)
    response = client.post(
        "/account/password", data={"current_password": PASSWORD, "password": new, "password_again": new}
    )
    assert response.status_code == 302
    assert db.session.get(User, user.id).check_password(new)


def test_language_choice_is_kept_on_the_account(client):
    user = factories.UserFactory()
    sign_in(client, user)
    client.post("/language", data={"locale": "sv", "next": "/account"})
    assert db.session.get(User, user.id).locale == "sv"
    page = page_of(client.get("/account"))
    assert page.find("html").attrs["lang"] == "sv"
    assert field_value(page, "locale") == "sv"
    client.post("/language", data={"locale": "en", "next": "/account"})
    assert page_of(client.get("/account")).find("h1").text == "My details"


def test_visitor_can_choose_language_before_signing_in(client):
    client.post("/language", data={"locale": "en", "next": "/login"})
    page = page_of(client.get("/login"))
    assert page.find("html").attrs["lang"] == "en" and page.find("h1").text == "Sign in"


def test_unknown_language_is_ignored(client):
    client.post("/language", data={"locale": "de", "next": "/login"})
    page = page_of(client.get("/login"))
    assert page.find("html").attrs["lang"] == "fi" and page.find("h1").text == "Kirjaudu sisään"


def test_profile_rejects_bad_phone_and_keeps_input(client):
    sign_in(client, factories.UserFactory())
    response = client.post("/account", data={"name": "Uusi Nimi", "phone": "<script>", "locale": "fi"})
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "&lt;script&gt;" in text and "<script>" not in text  # escaped, not run
    page = page_of(response)
    assert field_value(page, "name") == "Uusi Nimi"
    assert field_value(page, "phone") == "<script>"
    assert field_error(page, "phone")


def test_admin_creates_user_who_sets_password_through_link(client, outbox):
    admin = factories.UserFactory(is_admin=True)
    sign_in(client, admin)
    response = client.post(
        "/admin/users/new", data={"email": "uusi@example.fi", "name": "Uusi Käyttäjä", "locale": "fi", "is_active": "y"}
    )
    assert response.status_code == 302
    assert outbox[-1].to == "uusi@example.fi"
    link = next(line for line in outbox[-1].text.splitlines() if "/invitation/" in line)
    client.post("/logout")
    path = link[link.index("/invitation/") :]
    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": "uusi salasana 123", "password_again": "uusi salasana 123"})
    assert response.status_code == 302
    # The link works once.
    client.post("/logout")
    response = client.get(path)
    assert response.status_code == 410
    assert "jo käytetty" in response.get_data(as_text=True)
    assert page_of(response).find("h1").text == "Linkki ei ole voimassa"


def test_admin_cannot_create_duplicate_user(client):
    sign_in(client, factories.UserFactory(is_admin=True))
    existing = factories.UserFactory()
    response = client.post("/admin/users/new", data={"email": existing.email.upper(), "name": "Toinen", "locale": "fi"})
    assert response.status_code == 422
    assert "jo käyttäjätili" in field_error(page_of(response), "email")
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 2


def test_last_admin_cannot_remove_own_rights(client):
    admin = factories.UserFactory(is_admin=True)
    sign_in(client, admin)
    response = client.post(
        f"/admin/users/{admin.id}", data={"email": admin.email, "name": admin.name, "locale": "fi", "is_active": "y"}
    )
    assert response.status_code == 422
    assert db.session.get(User, admin.id).is_admin


def test_expired_invitation_link(client, outbox, app):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    client.post(
        f"/cases/{people.case.id}/network/invite",
        data={
            "email": "kutsuttu@example.fi",
            "name": "Kutsuttu",
            "organisation_id": people.organisation.id,
            "access": "MEMBER",
        },
    )
    link = outbox[-1].text.split("/invitation/")[1].split()[0]
    client.post("/logout")
    with freeze_time(utcnow() + timedelta(days=app.config["INVITATION_VALID_DAYS"], minutes=1)):
        response = client.get(f"/invitation/{link}")
    assert response.status_code == 410
    assert "vanhentunut" in response.get_data(as_text=True)
    assert page_of(response).find("h1").text == "Linkki ei ole voimassa"
    assert page_of(response).find_all("input", name="password") == []  # nothing to set a password with


def test_unknown_invitation_link(client):
    assert client.get("/invitation/not-a-real-token").status_code == 404


def test_password_reset(client, outbox):
    user = factories.UserFactory()
    response = client.post("/password/forgot", data={"email": user.email})
    assert response.status_code == 302
    path = "/password/reset/" + outbox[-1].text.split("/password/reset/")[1].split()[0]
    new = "reset passphrase 2026"
    assert client.post(path, data={"password": new, "password_again": new}).status_code == 302
    assert db.session.get(User, user.id).check_password(new)
    # Unknown addresses get the same answer and no mail.
    count = len(outbox)
    assert client.post("/password/forgot", data={"email": "nobody@example.fi"}).status_code == 302
    assert len(outbox) == count


def test_a_new_reset_link_retires_the_old_one(client, outbox):
    user = factories.UserFactory()
    client.post("/password/forgot", data={"email": user.email})
    first = "/password/reset/" + outbox[-1].text.split("/password/reset/")[1].split()[0]
    client.post("/password/forgot", data={"email": user.email})
    assert client.get(first).status_code == 410
    assert db.session.scalar(db.select(db.func.count()).select_from(AccountToken)) == 2


def test_password_hash_is_argon2(app):
    user = factories.UserFactory()
    assert user.password_hash.startswith("$argon2id$")


def test_outside_the_tests_passwords_get_argon2id_s_full_parameters(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite'}")
    monkeypatch.setenv("ARM_PUBLIC_BASE_URL", "https://arm.example.fi")
    with create_app(ProductionConfig).app_context():
        user = User(email="a@example.fi", name="A")
        user.set_password("pitkä salasana 123")
        assert user.password_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
        assert user.check_password("pitkä salasana 123")

    class CheapOutsideTests(ProductionConfig):
        PASSWORD_HASHING = "cheapest-for-tests"

    with pytest.raises(ConfigurationError, match="Argon2id"):
        create_app(CheapOutsideTests)


def test_session_cookie_flags_in_production(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'p.sqlite'}")
    monkeypatch.setenv("ARM_PUBLIC_BASE_URL", "https://arm.example.fi")
    app = create_app(ProductionConfig)
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_pages_forbid_outside_resources(client):
    policy = client.get("/login").headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy


def test_csrf_failure_gets_a_clear_page(app, client):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/login", data={"email": "a@example.fi", "password": "x"})
    assert response.status_code == 400
    assert "turvatunniste" in response.get_data(as_text=True)


def test_unknown_url_gets_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Sivua ei löytynyt" in response.get_data(as_text=True)
