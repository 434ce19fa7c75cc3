"""Throttles that hold without locking the owner out, and sign-in paths that do equal work (items 4, 6, 8)."""

import pytest
from argon2 import PasswordHasher

from arm.auth.models import AccountToken, LoginFailure, PasswordResetRequest, TokenPurpose
from arm.extensions import db
from tests import factories
from tests.conftest import PASSWORD

WRONG = "wrong password"
SENT = "Jos osoitteella on käyttäjätili, lähetimme siihen linkin salasanan vaihtamiseksi."


def _reset_mails(outbox, user) -> int:
    return sum(1 for mail in outbox if mail.to == user.email and "/password/reset/" in mail.text)


def _answer(response) -> tuple:
    return response.status_code, response.location


def test_thirty_reset_requests_for_one_account_mail_at_most_the_limit(app, client, outbox):
    user = factories.UserFactory()
    answers = set()
    for n in range(30):
        # From changing addresses too: the per-account limit holds whoever asks.
        response = client.post(
            "/password/forgot", data={"email": user.email}, environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}
        )
        answers.add(_answer(response))
        assert SENT in client.get("/login").get_data(as_text=True)
    assert _reset_mails(outbox, user) == app.config["PASSWORD_RESETS_PER_ACCOUNT"] == 3
    assert answers == {(302, "/login")}  # the throttled answer is the same as the others


def test_reset_requests_from_one_address_are_throttled_across_accounts(app, client, outbox):
    limit = app.config["PASSWORD_RESETS_PER_ADDRESS"]
    users = [factories.UserFactory() for _ in range(limit + 5)]
    for user in users:
        assert client.post("/password/forgot", data={"email": user.email}).status_code == 302
    assert len(outbox) == limit
    other_address = client.post(
        "/password/forgot", data={"email": users[-1].email}, environ_base={"REMOTE_ADDR": "10.9.9.9"}
    )
    assert other_address.status_code == 302 and outbox[-1].to == users[-1].email


def test_unknown_addresses_count_too_and_the_window_passes(app, client, outbox):
    from datetime import timedelta

    from freezegun import freeze_time

    from arm.core.models import utcnow

    for _ in range(5):
        client.post("/password/forgot", data={"email": "nobody@example.fi"})
    assert db.session.scalar(db.select(db.func.count()).select_from(PasswordResetRequest)) == 3
    user = factories.UserFactory()
    for _ in range(4):
        client.post("/password/forgot", data={"email": user.email})
    assert _reset_mails(outbox, user) == 3
    with freeze_time(utcnow() + timedelta(minutes=app.config["PASSWORD_RESET_THROTTLE_MINUTES"] + 1)):
        client.post("/password/forgot", data={"email": user.email})
    assert _reset_mails(outbox, user) == 4


def _fail(client, email, times, address="10.1.1.1"):
    for _ in range(times):
        client.post("/login", data={"email": email, "password": WRONG}, environ_base={"REMOTE_ADDR": address})


def _unlock_links(outbox, user) -> list[str]:
    return [
        "/login/unlock/" + mail.text.split("/login/unlock/")[1].split()[0]
        for mail in outbox
        if mail.to == user.email and "/login/unlock/" in mail.text
    ]


def test_a_throttled_owner_signs_in_through_the_mailed_link_and_the_guesser_stays_throttled(app, client, outbox):
    user = factories.UserFactory()
    attacker = app.test_client()
    _fail(attacker, user.email, app.config["LOGIN_FAILURES_PER_ACCOUNT"] + 10)
    # The owner, elsewhere, with the right password, is refused by the per-account throttle ...
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "lähetimme siihen linkin" in response.get_data(as_text=True)
    # ... and has exactly one mail with a link, whatever the number of attempts.
    links = _unlock_links(outbox, user)
    assert len(links) == 1
    assert links[0] in outbox[-1].html
    page = client.get(links[0])
    assert page.status_code == 200
    assert f'value="{user.email}"' in page.get_data(as_text=True)
    # A wrong password through the link is a failure like any other, and the link stays usable.
    assert client.post(links[0], data={"email": user.email, "password": WRONG}).status_code == 401
    response = client.post(links[0], data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    # The link is spent, and the guesser is still throttled.
    client.post("/logout")
    assert client.get(links[0]).status_code == 410
    _fail(attacker, user.email, 1)
    response = attacker.post(
        "/login", data={"email": user.email, "password": WRONG}, environ_base={"REMOTE_ADDR": "10.1.1.1"}
    )
    assert response.status_code == 429


def test_an_unlock_link_opens_only_its_own_account(app, client, outbox):
    owner, other = factories.UserFactory(), factories.UserFactory()
    _fail(client, owner.email, app.config["LOGIN_FAILURES_PER_ACCOUNT"] + 1)
    _fail(client, other.email, app.config["LOGIN_FAILURES_PER_ACCOUNT"])
    link = _unlock_links(outbox, owner)[0]
    assert client.post(link, data={"email": other.email, "password": PASSWORD}).status_code == 429
    assert client.get("/login/unlock/not-a-token").status_code == 404


def test_a_throttled_unknown_address_mails_nothing_and_answers_the_same(app, client, outbox):
    user = factories.UserFactory()
    _fail(client, "nobody@example.fi", app.config["LOGIN_FAILURES_PER_ACCOUNT"])
    _fail(client, user.email, app.config["LOGIN_FAILURES_PER_ACCOUNT"], address="10.2.2.2")
    unknown = client.post("/login", data={"email": "nobody@example.fi", "password": WRONG})
    known = client.post("/login", data={"email": user.email, "password": WRONG})
    assert unknown.status_code == known.status_code == 429
    assert unknown.get_data(as_text=True) == known.get_data(as_text=True).replace(user.email, "nobody@example.fi")
    assert [mail.to for mail in outbox] == [user.email]
    assert (
        db.session.scalar(
            db.select(db.func.count())
            .select_from(AccountToken)
            .where(AccountToken.purpose == TokenPurpose.LOGIN_UNLOCK)
        )
        == 1
    )


def test_the_address_limit_does_not_lock_out_an_owner_signing_in_from_elsewhere(app, client):
    user = factories.UserFactory()
    attacker = app.test_client()
    # Failures spread over many accounts, the victim's among them but under the per-account limit.
    for n in range(app.config["LOGIN_FAILURES_PER_ADDRESS"]):
        email = user.email if n < app.config["LOGIN_FAILURES_PER_ACCOUNT"] - 1 else f"n{n}@example.fi"
        _fail(attacker, email, 1)
    refused = attacker.post(
        "/login", data={"email": user.email, "password": PASSWORD}, environ_base={"REMOTE_ADDR": "10.1.1.1"}
    )
    assert refused.status_code == 429
    assert "lähetimme" not in refused.get_data(as_text=True)  # the address is throttled, not the account
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.fixture
def verifications(monkeypatch):
    calls = []
    original = PasswordHasher.verify

    def counting(self, hash, password):
        calls.append(hash)
        return original(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    return calls


@pytest.mark.parametrize(
    ("account", "password", "status"),
    [
        ("active", PASSWORD, 302),
        ("active", WRONG, 401),
        ("pending", PASSWORD, 401),
        ("deactivated", PASSWORD, 401),
        ("deactivated", WRONG, 401),
        ("unknown", PASSWORD, 401),
    ],
)
def test_every_sign_in_path_verifies_exactly_one_password_hash(client, verifications, account, password, status):
    email = f"{account}@example.fi"
    if account == "active":
        factories.UserFactory(email=email)
    elif account == "pending":
        factories.UserFactory(email=email, password_hash=None)
    elif account == "deactivated":
        factories.UserFactory(email=email, is_active=False)
    verifications.clear()
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == status
    assert len(verifications) == 1
    if status == 401:
        assert "Sähköpostiosoite tai salasana on väärin." in response.get_data(as_text=True)
        assert db.session.scalar(db.select(db.func.count()).select_from(LoginFailure)) == 1


def test_reset_requests_racing_in_threads_mail_at_most_the_limit(app, outbox):
    """Requests at the same moment (the probe sent 30 in 0.4 s): each request counts what the others wrote."""
    from tests.core.test_saving import _in_threads

    user = factories.UserFactory()
    email = user.email  # read here: the test's own session must not be used from the threads

    def ask(n):
        browser = app.test_client()
        return [
            browser.post(
                "/password/forgot", data={"email": email}, environ_base={"REMOTE_ADDR": f"10.3.{n}.{i}"}
            ).status_code
            for i in range(8)
        ]

    results = _in_threads(app, *[lambda n=n: ask(n) for n in range(3)])
    assert [status for statuses in results for status in statuses] == [302] * 24
    assert _reset_mails(outbox, user) == app.config["PASSWORD_RESETS_PER_ACCOUNT"]
