"""Every meeting page issues the same statements whatever the case's size: at 10 and at 2 000 actions, with
the agenda drafted from them (the parts' caps bound it)."""

from sqlalchemy import select

from arm.cases.models import Membership
from arm.extensions import db
from arm.meetings import agenda
from arm.meetings.models import Meeting, MeetingInvitee
from tests import factories
from tests.conftest import count_queries, sign_in_without_password
from tests.meetings.test_agenda import bulk_actions, meetings

PAGES = ("", "/papers", "/edit", "/amendments")
CASE_PAGES = ("/meetings", "/meetings?past=1", "/meetings/backlog", "/meetings/templates", "/meetings/new")


def statements_per_page(app, client, actions: int) -> dict[str, int]:
    people = factories.case_with_people()
    bulk_actions(people.case, actions)
    _previous, meeting, _next = meetings(people.case)
    for membership_id in db.session.scalars(select(Membership.id).where(Membership.case_id == people.case.id)):
        db.session.add(MeetingInvitee(case_id=people.case.id, meeting=meeting, membership_id=membership_id))
    agenda.draft_agenda(db.session.get(Meeting, meeting.id), factories.NOW)
    db.session.commit()
    item = db.session.get(Meeting, meeting.id).items[0]
    sign_in_without_password(client, people.coordinator)
    base = f"/cases/{people.case.id}"
    paths = [f"{base}/meetings/{meeting.id}{page}" for page in PAGES]
    paths += [f"{base}{page}" for page in CASE_PAGES]
    paths += [
        f"{base}/meetings/{meeting.id}/items/{item.id}/edit",
        f"{base}/meetings/{meeting.id}/items/{item.id}/decisions",
    ]
    counts = {}
    for path in paths:
        with count_queries(app) as statements:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path.removeprefix(base).replace(f"/{meeting.id}", "/M").replace(f"/{item.id}", "/I")] = len(statements)
    return counts


def test_meeting_pages_issue_the_same_statements_at_10_and_2000_actions(app, client):
    small = statements_per_page(app, client, 10)
    large = statements_per_page(app, client, 2000)
    assert small == large
    # The meeting page: the access check, the person, the meeting with its invitees, items and decisions (4),
    # the network for the forms, the neighbours, guests and sends.
    assert small["/meetings/M"] <= 12, small
