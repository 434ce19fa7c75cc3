"""Invitations ask before they enrol (issue #9, items 5 and 9).

The inviter learns nothing about whether the address has an account: the same message, the name they
typed, an e-mail either way. The invited person is no member, and gets 404 for the case, until they
accept: an existing account on its invitations page, a new one by setting its password through the
link. Every invitation link stays valid until it is used or expires.
"""

import threading

from sqlalchemy import select

from arm.auth.models import User
from arm.cases import network
from arm.cases.enums import NetworkRole
from arm.cases.models import Membership
from arm.core.models import AuditEvent
from arm.core.permissions import Access
from arm.extensions import db
from tests import factories
from tests.conftest import accept_by_setting_password, invitation_path, sign_in
from tests.core.test_saving import _in_threads
from tests.markup import page_of

REAL_NAME, REAL_TITLE, REAL_PHONE = "Salla Salainen", "Kaupunginjohtaja", "040 123 4567"
TYPED_NAME = "Keksitty Nimi"


def _invite(client, case, organisation, email, name=TYPED_NAME, **overrides):
    data = {
        "email": email,
        "name": name,
        "organisation_id": str(organisation.id),
        "access": "EDITOR",
        "roles": ["EXPERT", "INNOVATOR"],
    }
    data.update(overrides)
    return client.post(f"/cases/{case.id}/network/invite", data=data)


def _existing_account():
    return factories.UserFactory(name=REAL_NAME, job_title=REAL_TITLE, phone=REAL_PHONE, email="salla@example.fi")


def _membership(case, user) -> Membership | None:
    return db.session.scalar(select(Membership).where(Membership.case_id == case.id, Membership.user_id == user.id))


def _flash(client, response) -> str:
    page = page_of(client.get(response.location))
    return page.find(class_="alert-success").text


def _reveals_nothing(text: str) -> None:
    for secret in (REAL_NAME, REAL_TITLE, REAL_PHONE):
        assert secret not in text


def test_inviting_an_existing_account_shows_only_the_name_typed(client, outbox):
    """The probe: a made-up name for an existing address showed the account's real name in the flash."""
    people = factories.case_with_people()
    account = _existing_account()
    sign_in(client, people.coordinator)

    response = _invite(client, people.case, people.organisation, account.email)

    assert response.status_code == 302
    flash = _flash(client, response)
    assert TYPED_NAME in flash
    _reveals_nothing(flash)
    membership = _membership(people.case, account)
    for url in (
        f"/cases/{people.case.id}/network",
        f"/cases/{people.case.id}/network?view=role",
        f"/cases/{people.case.id}/network/members/{membership.id}",
        f"/cases/{people.case.id}/history",
        f"/cases/{people.case.id}",
        f"/cases/{people.case.id}/network/contacts.csv",
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        _reveals_nothing(page.get_data(as_text=True))
    assert TYPED_NAME in client.get(f"/cases/{people.case.id}/network").get_data(as_text=True)
    details = f"/cases/{people.case.id}/network/members/{membership.id}/details"
    assert client.get(details).status_code == 404  # an invitation is no door to the account's details
    saved = client.post(
        details, data={"job_title": "Muutettu", "phone": "", "organisation_id": str(people.organisation.id)}
    )
    assert saved.status_code == 404
    assert db.session.get(User, account.id).job_title == REAL_TITLE
    assert outbox[-1].to == account.email


def test_the_inviter_sees_the_same_for_an_existing_and_a_new_address(client, outbox):
    people = factories.case_with_people()
    account = _existing_account()
    sign_in(client, people.coordinator)

    existing = _invite(client, people.case, people.organisation, account.email, name="Nimi Yksi")
    told_existing = _flash(client, existing)
    new = _invite(client, people.case, people.organisation, "uusi.osoite@example.fi", name="Nimi Kaksi")
    told_new = _flash(client, new)

    assert existing.status_code == new.status_code == 302
    assert existing.location == new.location
    assert told_existing.replace("Nimi Yksi", "N") == told_new.replace("Nimi Kaksi", "N")
    assert [mail.to for mail in outbox] == [account.email, "uusi.osoite@example.fi"]
    invited = page_of(client.get(f"/cases/{people.case.id}/network")).find(
        "section", aria_labelledby="invitations-heading"
    )
    rows = {row[0].split()[0] + " " + row[0].split()[1]: row[1:] for row in invited.find("tbody").table_rows()}
    assert rows["Nimi Yksi"] == rows["Nimi Kaksi"] == ["Kemin kaupunki", "Muokkaaja", "kutsuttu"]


def test_an_invited_account_is_no_member_until_it_accepts(client, outbox):
    people = factories.case_with_people()
    account = _existing_account()
    sign_in(client, people.coordinator)
    _invite(client, people.case, people.organisation, account.email)
    assert "/invitations" in outbox[-1].text and "/invitation/" not in outbox[-1].text
    assert people.case.title in outbox[-1].subject
    assert people.coordinator.name in outbox[-1].text
    dashboard = page_of(client.get(f"/cases/{people.case.id}"))
    assert "ja 1 kutsuttu" in dashboard.text  # counted apart from the 4 members
    client.post("/logout")

    sign_in(client, account)
    for url in (f"/cases/{people.case.id}", f"/cases/{people.case.id}/network", f"/cases/{people.case.id}/plan"):
        assert client.get(url).status_code == 404, url
    index = client.get("/").get_data(as_text=True)
    assert "1 avoin kutsu" in index and people.case.title not in index
    page = page_of(client.get("/invitations"))
    terms = page.find("dl").text
    for shown in (people.case.title, people.coordinator.name, "Kemin kaupunki", "Muokkaaja", "Asiantuntija"):
        assert shown in terms

    membership = _membership(people.case, account)
    response = client.post("/invitations/accept", data={"invitation_id": str(membership.id)})

    assert response.status_code == 302
    assert response.location.endswith(f"/cases/{people.case.id}")
    assert client.get(f"/cases/{people.case.id}").status_code == 200
    membership = db.session.get(Membership, membership.id)
    assert membership.is_current and membership.access is Access.EDITOR
    assert {r.role for r in membership.current_roles} == {NetworkRole.EXPERT, NetworkRole.INNOVATOR}
    network_page = client.get(f"/cases/{people.case.id}/network").get_data(as_text=True)
    assert REAL_NAME in network_page  # accepted: now the account's own name
    assert client.post("/invitations/accept", data={"invitation_id": str(membership.id)}).status_code == 404


def test_declining_leaves_no_membership_and_tells_only_that(client, outbox):
    people = factories.case_with_people()
    account = _existing_account()
    sign_in(client, people.coordinator)
    _invite(client, people.case, people.organisation, account.email)
    membership = _membership(people.case, account)
    client.post("/logout")

    sign_in(client, account)
    response = client.post("/invitations/decline", data={"invitation_id": str(membership.id)})

    assert response.status_code == 302
    assert client.get(f"/cases/{people.case.id}").status_code == 404
    assert "Sinulla ei ole avoimia kutsuja" in client.get("/invitations").get_data(as_text=True)
    assert not db.session.get(Membership, membership.id).is_current
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "Membership", AuditEvent.entity_id == membership.id)
    ).all()
    assert [e.action for e in events] == ["create", "update"]
    assert events[-1].actor_id is None  # recorded, without naming whose account said no
    client.post("/logout")
    sign_in(client, people.coordinator)
    invited = page_of(client.get(f"/cases/{people.case.id}/network")).find(
        "section", aria_labelledby="invitations-heading"
    )
    assert invited.find("tbody").table_rows()[0][-1] == "kieltäytyi"
    for url in (f"/cases/{people.case.id}/network", f"/cases/{people.case.id}/history"):
        _reveals_nothing(client.get(url).get_data(as_text=True))
    # Declined, the address may be invited again.
    assert _invite(client, people.case, people.organisation, account.email).status_code == 302


def test_only_ones_own_pending_invitation_can_be_answered(client):
    people = factories.case_with_people()
    account = _existing_account()
    invitation = factories.MembershipFactory(
        case=people.case, user=account, organisation=people.organisation, accepted_at=None, invited_name="X"
    )
    sign_in(client, people.outsider)
    for answer in ("accept", "decline"):
        assert client.post(f"/invitations/{answer}", data={"invitation_id": str(invitation.id)}).status_code == 404
    for bad in ("", "abc", "-1", "99999999999999999999999"):
        response = client.post("/invitations/accept", data={"invitation_id": bad})
        assert response.status_code == 302 and response.location.endswith("/invitations"), bad
    assert db.session.get(Membership, invitation.id).is_pending


def test_answers_need_the_csrf_token(app, client):
    people = factories.case_with_people()
    account = _existing_account()
    invitation = factories.MembershipFactory(
        case=people.case, user=account, organisation=people.organisation, accepted_at=None, invited_name="X"
    )
    sign_in(client, account)
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/invitations/accept", data={"invitation_id": str(invitation.id)})
    assert response.status_code == 400
    assert db.session.get(Membership, invitation.id).is_pending


def test_a_pending_coordinator_does_not_count_and_cannot_be_an_action_owner(client):
    people = factories.case_with_people()
    invitation = factories.MembershipFactory(
        case=people.case,
        user=_existing_account(),
        organisation=people.organisation,
        access=Access.COORDINATOR,
        accepted_at=None,
        invited_name=TYPED_NAME,
    )
    sign_in(client, people.coordinator)
    own = _membership(people.case, people.coordinator)
    response = client.post(f"/cases/{people.case.id}/network/members/{own.id}/access", data={"access": "EDITOR"})
    assert response.status_code == 422  # the invitation is not a coordinator who can act
    form = client.get(f"/cases/{people.case.id}/actions/new").get_data(as_text=True)
    assert f'value="{invitation.id}"' not in form


def test_a_coordinator_cancels_an_invitation_and_its_link_stops_working(client, outbox):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    _invite(client, people.case, people.organisation, "peruttava@example.fi")
    user = db.session.scalar(select(User).where(User.email == "peruttava@example.fi"))
    membership = _membership(people.case, user)

    response = client.post(f"/cases/{people.case.id}/network/members/{membership.id}/cancel")

    assert response.status_code == 302
    assert _membership(people.case, user) is None
    client.post("/logout")
    assert client.get(invitation_path(outbox[-1])).status_code == 410
    # A membership that is no invitation is not cancelled: refused with a message.
    sign_in(client, people.coordinator)
    member = _membership(people.case, people.member)
    refused = client.post(f"/cases/{people.case.id}/network/members/{member.id}/cancel", follow_redirects=True)
    assert "Kutsu on jo hyväksytty" in refused.get_data(as_text=True)
    assert _membership(people.case, people.member).is_current


def test_a_resent_invitation_leaves_the_first_link_working(client, outbox):
    """Item 9: a second link no longer voids the first (it answered 410)."""
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    _invite(client, people.case, people.organisation, "uusi@example.fi")
    user = db.session.scalar(select(User).where(User.email == "uusi@example.fi"))
    client.post(f"/cases/{people.case.id}/network/members/{_membership(people.case, user).id}/resend")
    first, second = outbox
    assert invitation_path(first) != invitation_path(second)
    client.post("/logout")

    assert client.get(invitation_path(first)).status_code == 200
    assert client.get(invitation_path(second)).status_code == 200
    accept_by_setting_password(client, first)
    assert _membership(people.case, user).is_current


def test_two_cases_invite_the_same_new_address_and_both_links_work(client, outbox):
    """Item 9: the second coordinator's invitation voided the first. Now the first link sets the password
    and joins its case; the second asks to sign in and answer that case's invitation."""
    first = factories.case_with_people()
    second = factories.case_with_people()
    for people in (first, second):
        sign_in(client, people.coordinator)
        assert _invite(client, people.case, people.organisation, "kaksi@example.fi").status_code == 302
        client.post("/logout")
    mail_first, mail_second = outbox
    assert second.case.title in mail_second.text

    accept_by_setting_password(client, mail_first)
    user = db.session.scalar(select(User).where(User.email == "kaksi@example.fi"))
    assert _membership(first.case, user).is_current
    assert _membership(second.case, user).is_pending  # setting the password said yes to the first case only
    client.post("/logout")

    later = client.get(invitation_path(mail_second))
    assert later.status_code == 200
    assert "Kirjaudu sisään" in later.get_data(as_text=True) and second.case.title in later.get_data(as_text=True)
    assert 'name="password"' not in later.get_data(as_text=True)
    replaced = client.post(
        invitation_path(mail_second), data={"password": "toinen salasana 456", "password_again": "toinen salasana 456"}
    )
    assert replaced.status_code == 200  # the page again: the link never sets a password for an account with one
    assert db.session.get(User, user.id).check_password("uusi salasana 123")

    client.post("/login", data={"email": "kaksi@example.fi", "password": "uusi salasana 123"})
    assert client.get(invitation_path(mail_second)).location.endswith("/invitations")
    membership = _membership(second.case, user)
    assert client.post("/invitations/accept", data={"invitation_id": str(membership.id)}).status_code == 302
    assert client.get(f"/cases/{second.case.id}").status_code == 200


def test_a_new_accounts_invitation_page_says_what_it_joins(client, outbox):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    _invite(client, people.case, people.organisation, "uusi@example.fi")
    client.post("/logout")
    terms = page_of(client.get(invitation_path(outbox[-1]))).find("dl").text
    for shown in (people.case.title, people.coordinator.name, "Kemin kaupunki", "Muokkaaja", "Innovaattori"):
        assert shown in terms


def test_two_coordinators_invite_the_same_new_address_at_once(app, monkeypatch, outbox):
    """Both find no account at the same moment: one account, two pending invitations, no 500."""
    cases = [factories.case_with_people() for _ in range(2)]
    clients = []
    for people in cases:
        client = app.test_client()
        sign_in(client, people.coordinator)
        clients.append(client)
    barrier = threading.Barrier(2, timeout=10)
    original = network.invite_member

    def meet_then_invite(*args, **kwargs):
        barrier.wait()  # both requests have passed the form and reach the service together
        return original(*args, **kwargs)

    monkeypatch.setattr(network, "invite_member", meet_then_invite)

    responses = _in_threads(
        app,
        *[
            lambda c=c, p=p: _invite(c, p.case, p.organisation, "kilpa@example.fi")
            for c, p in zip(clients, cases, strict=True)
        ],
    )

    assert [r.status_code for r in responses] == [302, 302]
    users = db.session.scalars(select(User).where(User.email == "kilpa@example.fi")).all()
    assert len(users) == 1
    memberships = db.session.scalars(select(Membership).where(Membership.user_id == users[0].id)).all()
    assert sorted(m.case_id for m in memberships) == sorted(p.case.id for p in cases)
    assert all(m.is_pending for m in memberships)
