"""Meeting papers: drafted and mailed N hours before the meeting to each invitee, PDF attached, exactly once
however many schedulers run; retried after a crash or a refusal, failures shown to the coordinator."""

import threading
from datetime import time, timedelta

from sqlalchemy import func, select

from arm.extensions import db
from arm.meetings.models import ItemKind, Meeting, MeetingSettings
from arm.notify import jobs, sending
from arm.notify.models import ScheduledSend, SendStatus
from arm.notify.queries import sends_for_meeting
from tests import factories
from tests.notify.conftest import make_meeting

NOW = factories.NOW


def _invitee_emails(meeting) -> list[str]:
    return sorted(invitee.membership.user.email for invitee in meeting.invitees)


def _pdf_of(message) -> bytes:
    parts = [part for part in message.walk() if part.get_content_type() == "application/pdf"]
    assert len(parts) == 1
    assert parts[0].get_filename().endswith(".pdf")
    return parts[0].get_payload(decode=True)


def test_the_paper_goes_once_to_each_invitee_with_the_agenda_pdf(case_with_network, smtp):
    meeting = make_meeting(case_with_network.case)
    emails = _invitee_emails(meeting)
    assert len(emails) == 4

    assert jobs.send_meeting_papers(NOW) == 4
    assert smtp.to() == emails
    for message in smtp.messages:
        assert "ÄRM-työryhmän viikkopalaveri" in message["Subject"]
        assert _pdf_of(message)[:4] == b"%PDF"
        text = next(part for part in message.walk() if part.get_content_type() == "text/plain").get_content()
        assert "Kokouksen avaus" in text  # the drafted agenda's first standing item
    assert db.session.get(Meeting, meeting.id).agenda_built_at is not None

    # Again, and by the sweeper: nothing more goes out.
    assert jobs.send_meeting_papers(NOW + timedelta(minutes=5)) == 0
    assert jobs.sweep(NOW + timedelta(minutes=30)) == 0
    assert len(smtp.messages) == 4
    sends = sends_for_meeting(meeting.id)
    assert (sends.sent, sends.failed, sends.retrying, sends.waiting) == (4, [], [], 0)


def test_the_paper_waits_for_the_case_s_hours_and_skips_cancelled_and_past_meetings(case_with_network, smtp):
    case = case_with_network.case
    db.session.add(MeetingSettings(case_id=case.id, paper_hours_before=12))
    db.session.commit()
    meeting = make_meeting(case)  # 18 hours ahead: not yet
    cancelled = make_meeting(case, title="Peruttu", start_time=meeting.starts_at.astimezone().time())
    cancelled.cancelled = True
    db.session.commit()

    assert jobs.send_meeting_papers(NOW) == 0
    assert jobs.send_meeting_papers(NOW + timedelta(hours=7)) == 4  # 11 hours before
    assert jobs.send_meeting_papers(NOW + timedelta(hours=30)) == 0  # begun: nothing
    assert {message["Subject"].split(":")[1].strip().split(" ")[0] for message in smtp.messages} == {"ÄRM-työryhmän"}


def test_a_moved_meeting_sends_its_paper_again(case_with_network, smtp):
    meeting = make_meeting(case_with_network.case)
    jobs.send_meeting_papers(NOW)
    meeting = db.session.get(Meeting, meeting.id)
    meeting.starts_at += timedelta(hours=2)
    meeting.ends_at += timedelta(hours=2)
    db.session.commit()
    assert jobs.send_meeting_papers(NOW + timedelta(minutes=5)) == 4
    assert len(smtp.messages) == 8


def test_a_weekly_series_gets_its_next_meeting_when_the_paper_goes(case_with_network, smtp):
    from arm.meetings.models import Recurrence

    meeting = make_meeting(case_with_network.case, recurrence=Recurrence.WEEKLY)
    jobs.send_meeting_papers(NOW)
    starts = list(db.session.scalars(select(Meeting.starts_at).where(Meeting.series_id == meeting.series_id)))
    assert sorted(starts) == [meeting.starts_at, meeting.starts_at + timedelta(days=7)]
    assert len(smtp.messages) == 4  # the next one's paper waits for its own time


def test_two_schedulers_at_once_send_each_paper_once(app, case_with_network, smtp, monkeypatch):
    # The race is about sending once, not about slow servers: the fixture's one-second SMTP timeout let a
    # send time out on a loaded machine and wait a minute for its retry, which this test does not run.
    monkeypatch.setitem(app.config, "SMTP_TIMEOUT_SECONDS", 30)
    meetings = [make_meeting(case_with_network.case, title=f"Kokous {n}") for n in range(3)]
    barrier = threading.Barrier(2, timeout=20)
    errors = []

    def scheduler():
        try:
            with app.app_context():
                barrier.wait()
                jobs.send_meeting_papers(NOW)
                jobs.sweep(NOW)
                jobs.send_meeting_papers(NOW + timedelta(seconds=1))
                db.session.remove()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=scheduler) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    expected = sorted(email for meeting in meetings for email in _invitee_emails(meeting))
    assert len(expected) == 12
    unsent = db.session.scalars(select(ScheduledSend).where(ScheduledSend.status != SendStatus.SENT)).all()
    assert not unsent, [row.last_error for row in unsent]
    assert smtp.to() == expected
    assert db.session.scalar(select(func.count()).select_from(ScheduledSend)) == 12
    # Each agenda drafted once: the standing items are not doubled.
    for meeting in meetings:
        kinds = [item.kind for item in db.session.get(Meeting, meeting.id).items]
        assert kinds.count(ItemKind.STANDING) == 5


def test_a_crash_between_the_record_and_the_send_is_retried_after_the_lease_once(
    app, case_with_network, smtp, monkeypatch
):
    meeting = make_meeting(case_with_network.case)
    original = sending.send_now

    def crash(mail):
        raise RuntimeError("the scheduler process died")

    monkeypatch.setattr(sending, "send_now", crash)
    try:
        jobs.send_meeting_papers(NOW)
    except RuntimeError:
        pass
    else:
        raise AssertionError("the job should have crashed")
    monkeypatch.setattr(sending, "send_now", original)
    db.session.rollback()
    assert smtp.messages == []
    rows = list(db.session.scalars(select(ScheduledSend)))
    assert len(rows) == 4 and all(row.status is SendStatus.PENDING for row in rows)
    assert sum(row.claimed_until is not None for row in rows) == 1  # the one it was sending

    # Within the lease only the three never claimed go; the claimed one waits for its lease to run out.
    assert jobs.sweep(NOW + timedelta(minutes=1)) == 3
    assert jobs.send_meeting_papers(NOW + timedelta(minutes=2)) == 0
    assert jobs.sweep(NOW + timedelta(minutes=11)) == 1
    assert jobs.sweep(NOW + timedelta(minutes=30)) == 0
    assert smtp.to() == _invitee_emails(meeting)


def test_a_refusing_server_gets_backoff_then_the_send_fails_visibly(case_with_network, refusing_smtp):
    meeting = make_meeting(case_with_network.case)  # SEND_MAX_ATTEMPTS is 3 in these tests

    assert jobs.send_meeting_papers(NOW) == 0
    sends = sends_for_meeting(meeting.id)
    assert len(sends.retrying) == 4
    first = sends.retrying[0]
    assert first.attempts == 1 and first.last_error.startswith("554")
    assert first.next_attempt_at == NOW + timedelta(minutes=1)

    assert jobs.sweep(NOW + timedelta(seconds=30)) == 0  # not yet due
    assert sends_for_meeting(meeting.id).retrying[0].attempts == 1
    jobs.sweep(NOW + timedelta(minutes=1))
    assert sends_for_meeting(meeting.id).retrying[0].next_attempt_at == NOW + timedelta(minutes=6)
    jobs.sweep(NOW + timedelta(minutes=6))

    sends = sends_for_meeting(meeting.id)
    assert sends.sent == 0 and sends.retrying == [] and len(sends.failed) == 4
    assert all(send.attempts == 3 and "Viesti hylätty" in send.last_error for send in sends.failed)
    assert jobs.sweep(NOW + timedelta(days=1)) == 0  # failed rows are kept, not retried


def test_a_server_that_does_not_answer_in_time_is_retried(case_with_network, stalling_smtp):
    meeting = make_meeting(case_with_network.case)
    jobs.send_meeting_papers(NOW)
    sends = sends_for_meeting(meeting.id)
    assert len(sends.retrying) == 4
    assert sends.retrying[0].last_error == "Sähköpostipalvelin ei vastannut ajoissa."


def test_the_meeting_sends_macro_shows_failures_with_their_error(app, case_with_network, refusing_smtp):
    from flask import render_template_string

    meeting = make_meeting(case_with_network.case)
    jobs.send_meeting_papers(NOW)
    with app.test_request_context():
        html = render_template_string(
            '{% from "notify/_meeting_sends.html" import meeting_sends %}{{ meeting_sends(sends) }}',
            sends=sends_for_meeting(meeting.id),
        )
    assert "554 5.7.1 Viesti hylätty" in html
    assert "Yritetään uudelleen" in html
    assert case_with_network.member.name in html


def test_recording_a_paper_issues_the_same_statements_for_few_and_many_invitees(app, monkeypatch):
    from tests.conftest import count_queries

    monkeypatch.setattr(sending, "send_due", lambda now, kind=None: 0)  # count the drafting and recording

    def meeting_with(invitees: int, hour: int):
        case = factories.CaseFactory()
        for _ in range(invitees):
            factories.MembershipFactory(case=case)
        return make_meeting(case, start_time=time(hour, 0), end_time=time(hour, 30))

    meeting_with(2, 8)
    with count_queries(app) as few:
        jobs.send_meeting_papers(NOW)
    meeting_with(30, 9)
    with count_queries(app) as many:
        jobs.send_meeting_papers(NOW)
    assert db.session.scalar(select(func.count()).select_from(ScheduledSend)) == 32
    assert len(few) == len(many)


def test_two_senders_holding_the_same_due_rows_send_each_once(app, case_with_network, smtp, monkeypatch):
    """Both have read the same four due rows before either claims one: the conditional UPDATE decides."""
    meeting = make_meeting(case_with_network.case)
    with monkeypatch.context() as patch:
        patch.setattr(sending, "send_due", lambda now, kind=None: 0)
        jobs.send_meeting_papers(NOW)
    barrier = threading.Barrier(2, timeout=20)
    sent, errors = [], []

    def sender():
        try:
            with app.app_context():
                rows = sending.due_sends(NOW)
                assert len(rows) == 4
                barrier.wait()
                sent.append(sending.deliver(rows, NOW))
                db.session.remove()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert sum(sent) == 4
    assert smtp.to() == _invitee_emails(meeting)
