"""Access to one case beyond the matrix of test_permissions: rows of other cases, ended memberships."""

from datetime import date

from arm.cases.models import Membership
from arm.core.permissions import Access
from arm.extensions import db
from tests import factories
from tests.conftest import sign_in, sign_in_without_password


def test_row_of_another_case_is_not_found(client):
    people = factories.case_with_people()
    other_wave = factories.LayoffWaveFactory()
    sign_in(client, people.coordinator)
    url = f"/cases/{people.case.id}/waves/{other_wave.id}/edit"
    assert client.get(url).status_code == 404
    assert client.post(f"/cases/{people.case.id}/waves/{other_wave.id}/delete").status_code == 404


def test_ended_membership_gives_no_access(client):
    people = factories.case_with_people()
    membership = db.session.scalar(
        db.select(Membership).where(Membership.case_id == people.case.id, Membership.user_id == people.member.id)
    )
    membership.ended_on = date.today()
    db.session.commit()
    sign_in(client, people.member)
    assert client.get(f"/cases/{people.case.id}").status_code == 404


def test_a_pending_invitation_gives_no_access(client):
    """Invited as coordinator and not yet accepted: the same 404 as an outsider, until they accept."""
    people = factories.case_with_people()
    invited = factories.MembershipFactory(
        case=people.case, organisation=people.organisation, access=Access.COORDINATOR, accepted_at=None
    )
    sign_in(client, invited.user)
    for url in (f"/cases/{people.case.id}", f"/cases/{people.case.id}/network", f"/cases/{people.case.id}/edit"):
        assert client.get(url).status_code == 404, url
    invited.declined_at = invited.created_at
    db.session.commit()
    assert client.get(f"/cases/{people.case.id}").status_code == 404
    invited.declined_at, invited.accepted_at = None, invited.created_at
    db.session.commit()
    assert client.get(f"/cases/{people.case.id}/edit").status_code == 200


def test_signing_in_without_password_is_a_real_session(client):
    """The shortcut the permission matrix uses gives the same access as the sign-in page, and nothing more."""
    people = factories.case_with_people()
    sign_in_without_password(client, people.observer)
    assert client.get(f"/cases/{people.case.id}").status_code == 200
    assert client.get(f"/cases/{people.case.id}/edit").status_code == 403
    other_address = client.get(f"/cases/{people.case.id}", environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert other_address.status_code == 302  # strong session protection still applies
    assert client.get(f"/cases/{people.case.id}").status_code == 302  # and the session is gone
