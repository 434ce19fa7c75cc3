"""Nobody locked out: a case keeps a coordinator who can act, and a platform admin can rescue one that lost it."""

from sqlalchemy import select

from arm.cases.models import Membership
from arm.core.models import AuditEvent
from arm.core.permissions import Access
from arm.extensions import db
from tests import factories
from tests.conftest import sign_in
from tests.markup import field_error, page_of


def _membership(case, user) -> Membership:
    return db.session.scalar(select(Membership).where(Membership.case_id == case.id, Membership.user_id == user.id))


def test_an_invited_coordinator_who_never_signed_in_does_not_count(client):
    """The only coordinator cannot step down while the other one has not accepted the invitation."""
    people = factories.case_with_people()
    invited = factories.UserFactory(password_hash=None)
    factories.MembershipFactory(
        case=people.case, user=invited, organisation=people.organisation, access=Access.COORDINATOR
    )
    sign_in(client, people.coordinator)
    own = _membership(people.case, people.coordinator)

    response = client.post(f"/cases/{people.case.id}/network/members/{own.id}/access", data={"access": "EDITOR"})

    assert response.status_code == 422
    assert "ainakin yksi toimiva koordinaattori" in field_error(page_of(response), "access")
    assert db.session.get(Membership, own.id).access is Access.COORDINATOR


def test_a_deactivated_coordinator_does_not_count(client):
    people = factories.case_with_people()
    factories.MembershipFactory(
        case=people.case,
        user=factories.UserFactory(is_active=False),
        organisation=people.organisation,
        access=Access.COORDINATOR,
    )
    sign_in(client, people.coordinator)
    own = _membership(people.case, people.coordinator)
    assert client.post(f"/cases/{people.case.id}/network/members/{own.id}/end").status_code == 422


def _orphan_case():
    """A case whose only coordinator was invited and never signed in."""
    people = factories.case_with_people()
    coordinator = _membership(people.case, people.coordinator)
    coordinator.user.password_hash = None
    db.session.commit()
    return people


def test_admin_rescues_a_case_without_a_working_coordinator(client, outbox):
    people = _orphan_case()
    admin = factories.UserFactory(is_admin=True, name="Alustan Ylläpitäjä")
    sign_in(client, admin)
    listing = client.get("/admin/cases").get_data(as_text=True)
    assert people.case.title in listing and "ei yhtään" in listing
    assert client.get(f"/cases/{people.case.id}").status_code == 404  # the admin still cannot read the case

    response = client.post(
        f"/admin/cases/{people.case.id}/coordinator",
        data={"email": people.editor.email, "organisation_id": str(people.organisation.id)},
    )

    assert response.status_code == 302
    assert _membership(people.case, people.editor).access is Access.COORDINATOR
    event = db.session.scalar(
        select(AuditEvent)
        .where(AuditEvent.case_id == people.case.id, AuditEvent.entity == "Membership")
        .order_by(AuditEvent.id.desc())
    )
    assert event.actor_id == admin.id
    assert event.changes["access"] == [Access.EDITOR.value, Access.COORDINATOR.value]
    assert outbox[-1].to == people.editor.email


def test_rescue_is_refused_while_the_case_has_a_working_coordinator(client):
    people = factories.case_with_people()
    sign_in(client, factories.UserFactory(is_admin=True))

    response = client.post(
        f"/admin/cases/{people.case.id}/coordinator",
        data={"email": people.editor.email, "organisation_id": str(people.organisation.id)},
    )

    assert response.status_code == 422
    assert "Tapauksella on toimiva koordinaattori" in response.get_data(as_text=True)
    assert _membership(people.case, people.editor).access is Access.EDITOR


def test_rescue_needs_an_account_that_can_sign_in(client):
    people = _orphan_case()
    sign_in(client, factories.UserFactory(is_admin=True))
    pending = factories.UserFactory(password_hash=None)
    for email in (pending.email, "ei-ketaan@example.fi", "not an address"):
        response = client.post(
            f"/admin/cases/{people.case.id}/coordinator",
            data={"email": email, "organisation_id": str(people.organisation.id)},
        )
        assert response.status_code == 422, email
        assert f'value="{email}"' in response.get_data(as_text=True)


def test_rescue_of_an_unknown_case_is_not_found(client):
    sign_in(client, factories.UserFactory(is_admin=True))
    assert client.get("/admin/cases/999999/coordinator").status_code == 404


def test_two_admins_rescuing_at_once_appoint_one_coordinator(app, monkeypatch):
    """Both see a case without a coordinator at the same moment; only one appointment stands."""
    import threading

    from arm.cases import network
    from tests.core.test_saving import _in_threads

    people = _orphan_case()
    admins = []
    for _ in range(2):
        client = app.test_client()
        sign_in(client, factories.UserFactory(is_admin=True))
        admins.append(client)
    barrier = threading.Barrier(2, timeout=10)
    original = network.appoint_rescue_coordinator

    def meet_then_appoint(*args, **kwargs):
        barrier.wait()  # both requests reach the service at the same moment
        return original(*args, **kwargs)

    monkeypatch.setattr(network, "appoint_rescue_coordinator", meet_then_appoint)
    url = f"/admin/cases/{people.case.id}/coordinator"

    responses = _in_threads(
        app,
        *[
            lambda c=c, who=who: c.post(url, data={"email": who.email, "organisation_id": str(people.organisation.id)})
            for c, who in zip(admins, (people.editor, people.member))
        ],
    )

    assert sorted(r.status_code for r in responses) == [302, 422]
    coordinators = [
        m
        for m in db.session.scalars(select(Membership).where(Membership.case_id == people.case.id))
        if m.access is Access.COORDINATOR and m.user.has_password
    ]
    assert len(coordinators) == 1
