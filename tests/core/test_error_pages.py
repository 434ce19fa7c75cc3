"""The app's own error page answers every failure, with the security headers; HSTS when cookies are secure."""

import pytest
from flask import abort
from sqlalchemy import func, select

from arm.cases.models import Organisation
from arm.core import errors
from arm.extensions import db
from tests import factories
from tests.conftest import sign_in_without_password

pytestmark = pytest.mark.fresh_app  # the tests add failing routes

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


@pytest.fixture
def failing_app(app):
    """Routes that fail as a real request might, answered as in production (no exception propagation)."""
    app.config["PROPAGATE_EXCEPTIONS"] = False

    def failed_flush():
        db.session.add(Organisation(name="Kesken", type=None))  # NOT NULL: the flush fails
        db.session.add(Organisation(name=None))
        db.session.flush()
        return "never"

    def failing():
        raise RuntimeError("something broke")

    def gone():
        abort(410)

    app.add_url_rule("/test-only/failed-flush", "failed_flush", failed_flush, methods=["GET", "POST"])
    app.add_url_rule("/test-only/failing", "failing", failing)
    app.add_url_rule("/test-only/gone", "gone", gone)
    return app


def _assert_our_500(response):
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Palvelussa tapahtui virhe. Tietojasi ei tallennettu." in page
    for header, value in SECURITY_HEADERS.items():
        assert value in response.headers.get(header, ""), header


@pytest.mark.parametrize("signed_in", [True, False])
def test_a_failed_flush_answers_the_500_page(failing_app, client, signed_in, caplog):
    if signed_in:
        sign_in_without_password(client, factories.UserFactory(is_admin=True))
    response = client.post("/test-only/failed-flush")
    _assert_our_500(response)
    if signed_in:
        assert "Kirjaudu ulos" in response.get_data(as_text=True)  # the page read the user after the rollback
    assert "Exception on /test-only/failed-flush" in caplog.text  # logged with its traceback
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_any_exception_answers_the_500_page(failing_app, client):
    sign_in_without_password(client, factories.UserFactory())
    _assert_our_500(client.get("/test-only/failing"))


def test_when_even_the_500_page_fails_a_bare_one_answers_with_the_headers(failing_app, client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("template broke")

    monkeypatch.setattr(errors, "render_template", broken)
    response = client.get("/test-only/failing")
    _assert_our_500(response)
    assert response.get_data(as_text=True) == errors.bare_500()
    assert "<title>Jotain meni vikaan</title>" in errors.bare_500()


def test_the_bare_page_speaks_the_readers_language(failing_app, client, monkeypatch):
    monkeypatch.setattr(errors, "render_template", lambda *args, **kwargs: 1 / 0)
    client.post("/language", data={"locale": "en", "next": "/login"})
    page = client.get("/test-only/failing").get_data(as_text=True)
    assert '<html lang="en">' in page and "Something went wrong" in page


def test_http_errors_keep_their_status(failing_app, client):
    assert client.get("/test-only/gone").status_code == 410
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "nosniff" in response.headers["X-Content-Type-Options"]


def test_tests_still_see_the_exception(app, client):
    """Without PROPAGATE_EXCEPTIONS = False (tests, the debugger) the traceback is not swallowed."""
    app.add_url_rule("/test-only/failing", "failing", lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        client.get("/test-only/failing")


def test_strict_transport_security_when_cookies_are_secure(app, client):
    assert "Strict-Transport-Security" not in client.get("/login").headers  # TestConfig: plain HTTP
    app.config["SESSION_COOKIE_SECURE"] = True
    response = client.get("/login")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert client.get("/no-such-page").headers["Strict-Transport-Security"]
