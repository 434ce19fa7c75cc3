"""The Monday "my week" digest: a person's actions due or overdue, communications and meetings of the week
across their cases; one per person per week; none for those with nothing in it or who turned it off."""

from datetime import UTC, date, datetime, timedelta

from arm.extensions import db
from arm.meetings.models import MeetingInvitee
from arm.notify import jobs
from arm.plans.models import ActionStatus
from tests import factories
from tests.notify.conftest import make_meeting

# factories.NOW is Monday 15 June 2026; the job runs at 07.00 Helsinki time.
MONDAY = datetime(2026, 6, 15, 4, 0, tzinfo=UTC)


def _membership(case, user):
    from arm.cases.models import Membership

    return db.session.scalar(Membership.current_of(case.id, user.id))


def _text(message) -> str:
    return next(part for part in message.walk() if part.get_content_type() == "text/plain").get_content()


def test_the_digest_lists_the_member_s_week_across_cases(case_with_network, smtp):
    people = case_with_network
    member = _membership(people.case, people.member)
    other_case = factories.CaseFactory(title="Toinen tapaus")
    other = factories.MembershipFactory(case=other_case, user=people.member, organisation=people.organisation)
    factories.ActionFactory(case=people.case, owner=member, title="Myöhässä oleva", due_on=date(2026, 6, 1))
    factories.ActionFactory(case=people.case, owner=member, title="Tällä viikolla", due_on=date(2026, 6, 19))
    factories.ActionFactory(case=people.case, owner=member, title="Ensi kuussa", due_on=date(2026, 7, 20))
    factories.ActionFactory(
        case=people.case, owner=member, title="Valmis jo", due_on=date(2026, 6, 1), status=ActionStatus.DONE
    )
    factories.ActionFactory(case=other_case, owner=other, title="Toisen tapauksen", due_on=date(2026, 6, 17))
    factories.CommsItemFactory(
        case=people.case, owner=member, title="Tiedote keskiviikkona", planned_on=date(2026, 6, 17)
    )
    factories.CommsItemFactory(
        case=people.case, owner=member, title="Tiedote ensi viikolla", planned_on=date(2026, 6, 23)
    )
    make_meeting(people.case, title="Tiistain palaveri")

    jobs.send_weekly_digests(MONDAY)

    to_member = [message for message in smtp.messages if message["To"] == people.member.email]
    assert len(to_member) == 1
    text = _text(to_member[0])
    for wanted in ("Myöhässä oleva", "Tällä viikolla", "Toisen tapauksen", "Tiedote keskiviikkona",
                   "Tiistain palaveri", people.case.title, "Toinen tapaus", "myöhässä"):  # fmt: skip
        assert wanted in text, wanted
    for unwanted in ("Ensi kuussa", "Valmis jo", "Tiedote ensi viikolla"):
        assert unwanted not in text, unwanted
    # Everyone else is only invited to the meeting: that is their week.
    assert len(smtp.messages) == 4


def test_one_digest_per_week_and_none_for_an_empty_week_or_an_opt_out(case_with_network, smtp):
    people = case_with_network
    meeting = make_meeting(people.case)
    people.editor.weekly_digest = False
    observer = _membership(people.case, people.observer)
    db.session.execute(
        MeetingInvitee.__table__.delete().where(
            MeetingInvitee.meeting_id == meeting.id, MeetingInvitee.membership_id == observer.id
        )
    )
    db.session.commit()

    jobs.send_weekly_digests(MONDAY)
    jobs.send_weekly_digests(MONDAY + timedelta(minutes=5))
    jobs.sweep(MONDAY + timedelta(hours=1))
    assert smtp.to() == sorted([people.coordinator.email, people.member.email])

    jobs.send_weekly_digests(MONDAY + timedelta(days=7))  # the next week: no meeting in it
    assert len(smtp.messages) == 2


def test_the_digest_is_in_the_reader_s_language(case_with_network, smtp):
    people = case_with_network
    people.member.locale = "en"
    db.session.commit()
    make_meeting(people.case)
    jobs.send_weekly_digests(MONDAY)
    message = next(message for message in smtp.messages if message["To"] == people.member.email)
    # The new strings wait for their translations (the lead's); an existing one and the date format show it.
    assert _text(message).startswith("Hello ")
    assert "15/06/2026" in _text(message)


def test_the_digest_job_issues_the_same_statements_for_few_and_many(app, smtp, monkeypatch):
    from arm.notify import sending
    from tests.conftest import count_queries

    def build(count):
        case = factories.CaseFactory()
        for _ in range(count):
            membership = factories.MembershipFactory(case=case)
            factories.ActionFactory(case=case, owner=membership, due_on=date(2026, 6, 16))
        return case

    monkeypatch.setattr(sending, "send_due", lambda now, kind=None: 0)  # count the recording only
    build(2)
    with count_queries(app) as few:
        jobs.send_weekly_digests(MONDAY)
    build(20)
    with count_queries(app) as many:
        jobs.send_weekly_digests(MONDAY + timedelta(days=7))
    assert len(few) == len(many)
