"""Sign-ins end when they should: logout, sign out everywhere, a password change or reset (issue 9, item 3)."""

from datetime import timedelta

import pytest
from flask_login import login_user
from freezegun import freeze_time

from arm.auth import sessions
from arm.auth.models import User, UserSession
from arm.core.models import utcnow
from arm.extensions import db
from tests import factories
from tests.conftest import PASSWORD, count_queries, sign_in

NEW = "a much longer new passphrase"
REMEMBER = "remember_token"


def _signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def _copy_of(client, app, names=("session", REMEMBER)):
    """Another browser holding copies of the client's cookies (as someone who copied the cookie jar)."""
    other = app.test_client()
    for name in names:
        if (cookie := client.get_cookie(name)) is not None:
            other.set_cookie(name, cookie.value)
    return other


def _remember_only(client, app):
    return _copy_of(client, app, names=(REMEMBER,))


def _sign_in_remembered(client, user):
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    assert client.get_cookie(REMEMBER) is not None


def _sessions_of(user) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(UserSession).where(UserSession.user_id == user.id))


def test_a_session_cookie_copied_before_logout_no_longer_signs_in(app, client):
    user = factories.UserFactory()
    sign_in(client, user)
    copy = _copy_of(client, app)
    assert _signed_in(copy)  # the copy works while the sign-in lasts
    client.post("/logout")
    assert not _signed_in(client)
    assert not _signed_in(copy)
    assert _sessions_of(user) == 0


def test_the_remember_cookie_does_not_survive_logout(app, client):
    user = factories.UserFactory()
    _sign_in_remembered(client, user)
    assert _signed_in(_remember_only(client, app))  # the cookie alone signs in before logout
    copy = _remember_only(client, app)
    response = client.post("/logout")
    assert f"{REMEMBER}=;" in response.headers.get("Set-Cookie", "")  # the browser is told to drop it
    assert not _signed_in(copy)
    assert not _signed_in(client)


def test_logout_ends_only_that_sign_in(app, client):
    user = factories.UserFactory()
    other = app.test_client()
    sign_in(client, user)
    sign_in(other, user)
    client.post("/logout")
    assert _signed_in(other)


def test_a_password_change_signs_out_every_other_session_and_keeps_this_one(app, client):
    user = factories.UserFactory()
    other = app.test_client()
    _sign_in_remembered(client, user)
    _sign_in_remembered(other, user)
    other_remember = _remember_only(other, app)
    old_remember = _remember_only(client, app)
    response = client.post(
        "/account/password", data={"current_password": PASSWORD, "password": NEW, "password_again": NEW}
    )
    assert response.status_code == 302
    assert _signed_in(client)
    assert not _signed_in(other)
    assert not _signed_in(other_remember)
    assert not _signed_in(old_remember)
    # This browser's remember-me cookie was renewed under the new generation and still works.
    assert _signed_in(_remember_only(client, app))
    assert _sessions_of(user) == 1


def test_a_password_change_voids_outstanding_reset_links(client, outbox):
    user = factories.UserFactory()
    client.post("/password/forgot", data={"email": user.email})
    path = "/password/reset/" + outbox[-1].text.split("/password/reset/")[1].split()[0]
    assert client.get(path).status_code == 200
    sign_in(client, user)
    client.post("/account/password", data={"current_password": PASSWORD, "password": NEW, "password_again": NEW})
    client.post("/logout")
    response = client.get(path)
    assert response.status_code == 410
    assert (
        client.post(path, data={"password": "attacker passphrase", "password_again": "attacker passphrase"}).status_code
        == 410
    )
    assert db.session.get(User, user.id).check_password(NEW)


def test_a_reset_signs_out_every_other_session_and_voids_other_links(app, client, outbox):
    user = factories.UserFactory()
    victim_browser = app.test_client()
    _sign_in_remembered(victim_browser, user)
    remember = _remember_only(victim_browser, app)
    client.post("/password/forgot", data={"email": user.email})
    first = "/password/reset/" + outbox[-1].text.split("/password/reset/")[1].split()[0]
    response = client.post(first, data={"password": NEW, "password_again": NEW})
    assert response.status_code == 302
    assert _signed_in(client)
    assert not _signed_in(victim_browser)
    assert not _signed_in(remember)


def test_sign_out_everywhere_ends_every_session_and_remember_cookie(app, client):
    user = factories.UserFactory()
    other = app.test_client()
    _sign_in_remembered(client, user)
    _sign_in_remembered(other, user)
    remembered = [_remember_only(client, app), _remember_only(other, app)]
    copy = _copy_of(client, app)
    page = client.get("/account").get_data(as_text=True)
    assert "Kirjaudu ulos kaikkialta" in page
    response = client.post("/account/sign-out-everywhere")
    assert response.status_code == 302 and response.location == "/login"
    assert "Olet kirjautunut ulos kaikilta laitteilta." in client.get("/login").get_data(as_text=True)
    for browser in (client, other, copy, *remembered):
        assert not _signed_in(browser)
    assert db.session.get(User, user.id).session_generation == 1
    sign_in(client, user)  # signing in again works
    assert _signed_in(client)


def test_sign_out_everywhere_needs_a_signed_in_user_and_a_post(client):
    assert client.post("/account/sign-out-everywhere").status_code == 302
    sign_in(client, factories.UserFactory())
    assert client.get("/account/sign-out-everywhere").status_code == 405


def test_a_sign_in_that_raced_a_sign_out_everywhere_is_refused_by_its_generation(app, client):
    """A sign-in whose row lands after the rows were deleted still carries the old generation in its id."""
    user = factories.UserFactory()
    with app.test_request_context():
        sessions.start_session(user)  # begun before ...
        raced_id = user.get_id()
        sessions.end_every_session(user)  # ... the generation advanced
        db.session.add(
            UserSession(key_hash=sessions._hash_key(raced_id.rsplit(":", 1)[1]), user_id=user.id, created_at=utcnow())
        )
        db.session.commit()
        assert sessions.load_user(raced_id) is None


def test_the_user_loader_refuses_bare_and_malformed_ids_and_takes_one_statement(app):
    user = factories.UserFactory()
    user_id = user.id
    with app.test_request_context():
        sessions.start_session(user)
        db.session.commit()
        session_id = user.get_id()
        db.session.expunge_all()
        with count_queries(app) as statements:
            assert sessions.load_user(session_id).id == user_id
        assert len(statements) == 1
        for bad in (
            str(user_id),
            "",
            "x:y:z",
            f"{user_id}:0:short",
            f"{2**70}:0:{'a' * 43}",
            f"{user_id}:0:{'a' * 43}",
        ):
            assert sessions.load_user(bad) is None, bad


def test_a_user_not_signed_in_through_a_session_cannot_be_handed_to_login_user(app):
    user = factories.UserFactory()
    with app.test_request_context(), pytest.raises(RuntimeError, match="start_session"):
        login_user(user)
    assert user == db.session.get(User, user.id) and user != factories.UserFactory()


def test_a_sign_in_lasts_at_most_the_remember_duration(app, client):
    user = factories.UserFactory()
    _sign_in_remembered(client, user)
    remembered = _remember_only(client, app)
    with freeze_time(utcnow() + app.config["REMEMBER_COOKIE_DURATION"] + timedelta(minutes=1)):
        assert not _signed_in(remembered)


def test_a_deactivated_account_is_signed_out(app, client):
    user = factories.UserFactory()
    sign_in(client, user)
    db.session.get(User, user.id).is_active = False
    db.session.commit()
    assert not _signed_in(client)
