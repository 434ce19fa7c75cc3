"""The scheduler's jobs (issue 12, point 5), each a plain function of `now` so that tests drive them.

- `send_meeting_papers`: N hours before a meeting (MeetingSettings, by default 24) its agenda is drafted and
  mailed to each invitee with the agenda PDF attached, in the invitee's language; the next meeting of a weekly
  series is created when it is missing, so the series keeps going.
- `send_weekly_digests`: on Monday morning each person with the digest on gets one "my week" e-mail across
  their cases: their open actions due this week or overdue, their communications this week, the meetings
  they are invited to this week. Someone with nothing in it gets no mail.
- `sweep`: sends again what is due: retries after a refusal, sends whose sender died.

Every send goes through the ledger (arm/notify/sending.py) and so goes out once.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from arm.auth.models import User
from arm.cases.models import Case, Membership
from arm.comms.models import OPEN_STATUSES, CommsItem
from arm.comms.queries import within
from arm.extensions import db
from arm.meetings import queries as meeting_queries
from arm.meetings.agenda import draft_agenda
from arm.meetings.models import DEFAULT_PAPER_HOURS, Meeting, MeetingInvitee, MeetingSettings
from arm.meetings.services import next_in_series
from arm.meetings.times import HELSINKI, local_date
from arm.notify import sending
from arm.notify.models import ScheduledSend, SendKind
from arm.notify.services import Attachment, Mail, render_mail
from arm.plans.models import FINISHED_STATUSES, Action

MAX_PAPER_HOURS = 168  # MeetingSettings allows 1–168
USER_BATCH = 500


# ---------------------------------------------------------------- meeting papers


def paper_key_prefix(meeting_id: int, starts_at: datetime) -> str:
    """A meeting moved to another time is a new occasion: its paper goes out again."""
    return f"paper:meeting:{meeting_id}:{starts_at.astimezone(UTC).isoformat()}:"


def papers_due(now: datetime) -> list[Meeting]:
    """Meetings not cancelled and not begun whose paper time has come (three statements)."""
    meetings = list(
        db.session.scalars(
            select(Meeting)
            .where(
                Meeting.cancelled.is_(False),
                Meeting.starts_at > now,
                Meeting.starts_at <= now + timedelta(hours=MAX_PAPER_HOURS),
            )
            .options(selectinload(Meeting.series))
            .order_by(Meeting.starts_at, Meeting.id)
        )
    )
    if not meetings:
        return []
    # arm.meetings.queries.paper_hours for every case at once.
    hours = dict(
        db.session.execute(
            select(MeetingSettings.case_id, MeetingSettings.paper_hours_before).where(
                MeetingSettings.case_id.in_({meeting.case_id for meeting in meetings})
            )
        ).all()
    )
    return [
        meeting
        for meeting in meetings
        if meeting.starts_at - timedelta(hours=hours.get(meeting.case_id, DEFAULT_PAPER_HOURS)) <= now
    ]


def _recorded_prefixes(meetings: list[Meeting]) -> set[str]:
    keys = db.session.scalars(
        select(ScheduledSend.key).where(
            ScheduledSend.kind == SendKind.PAPER, ScheduledSend.meeting_id.in_([meeting.id for meeting in meetings])
        )
    )
    return {key[: key.rindex(":user:") + 1] for key in keys}


def _prepare(meeting_id: int, now: datetime) -> bool:
    """Draft the agenda (and the series' next meeting) and commit; False when another scheduler did it at
    the same moment, or the meeting has gone."""
    try:
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is None or meeting.cancelled:
            return False
        if meeting.series_id is not None:
            next_in_series(meeting)
        draft_agenda(meeting, now)
        db.session.commit()
        return True
    except (IntegrityError, StaleDataError):
        db.session.rollback()
        return False


def _invitee_rows(meeting_id: int) -> list[dict]:
    meeting = db.session.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(selectinload(Meeting.invitees).selectinload(MeetingInvitee.membership).selectinload(Membership.user))
    )
    if meeting is None:
        return []
    prefix = paper_key_prefix(meeting.id, meeting.starts_at)
    users = {
        invitee.membership.user
        for invitee in meeting.invitees
        if invitee.membership.is_current and invitee.membership.user.is_active
    }
    return [
        {
            "key": f"{prefix}user:{user.id}",
            "kind": SendKind.PAPER,
            "case_id": meeting.case_id,
            "meeting_id": meeting.id,
            "recipient_id": user.id,
        }
        for user in sorted(users, key=lambda user: user.id)
    ]


def send_meeting_papers(now: datetime) -> int:
    """Record the papers of the meetings whose time has come, then send what is due; how many were sent."""
    due = papers_due(now)
    if due:
        recorded = _recorded_prefixes(due)
        waiting = [m.id for m in due if paper_key_prefix(m.id, m.starts_at) not in recorded]
        for meeting_id in waiting:
            # A meeting with nobody to send to is left alone, not redrafted at every run.
            if (rows := _invitee_rows(meeting_id)) and _prepare(meeting_id, now):
                sending.record_sends(rows, now)
    return sending.send_due(now, SendKind.PAPER)


def _compose_papers(rows: list[ScheduledSend], now: datetime):
    users = _users({row.recipient_id for row in rows})
    meetings: dict[int, Meeting | None] = {}
    pdfs: dict[tuple[int, str], Attachment] = {}

    def meeting_of(row: ScheduledSend) -> Meeting | None:
        if row.meeting_id not in meetings:
            case_id = db.session.scalar(select(Meeting.case_id).where(Meeting.id == row.meeting_id))
            # Loaded once per meeting with all that its e-mail and PDF show.
            meetings[row.meeting_id] = (
                meeting_queries.get_meeting(case_id, row.meeting_id) if case_id is not None else None
            )
        return meetings[row.meeting_id]

    def compose(row: ScheduledSend) -> Mail | str:
        user = users.get(row.recipient_id)
        meeting = meeting_of(row) if row.meeting_id is not None else None
        if meeting is None or meeting.cancelled:
            return _("Kokous on peruttu tai poistettu, joten esityslistaa ei lähetetty.")
        if user is None or not user.is_active:
            return _("Vastaanottajan tili on poistettu käytöstä.")
        if (meeting.id, user.locale) not in pdfs:
            pdfs[meeting.id, user.locale] = _agenda_pdf(meeting, user.locale)
        with force_locale(user.locale):
            subject = _("Esityslista: %(title)s %(date)s", title=meeting.title, date=_local_day(meeting.starts_at))
        mail = render_mail(user.email, subject, "meeting_paper", user.locale, user=user, meeting=meeting)
        mail.attachments.append(pdfs[meeting.id, user.locale])
        return mail

    return compose


def _agenda_pdf(meeting: Meeting, locale: str) -> Attachment:
    from arm.meetings.exports import PaperOptions, render_paper

    with force_locale(locale):
        content, mimetype, filename = render_paper(meeting, "agenda", "pdf", PaperOptions())
    return Attachment(filename=filename, content_type=mimetype, data=content)


def _local_day(moment: datetime) -> str:
    from arm.core.i18n import format_date

    return format_date(local_date(moment), "short")


def _users(user_ids: set[int]) -> dict[int, User]:
    if not user_ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(user_ids)))}


# ---------------------------------------------------------------- weekly digests


def week_of(now: datetime) -> tuple[date, str]:
    """The Monday of `now`'s week in Helsinki and the week's ISO name ("2026-W25")."""
    today = local_date(now)
    year, week, weekday = today.isocalendar()
    return today - timedelta(days=weekday - 1), f"{year}-W{week:02d}"


@dataclass
class CaseWeek:
    case: Case
    actions: list[Action] = field(default_factory=list)
    comms: list[CommsItem] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)


@dataclass
class Digest:
    monday: date
    cases: dict[int, CaseWeek] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not any(week.actions or week.comms or week.meetings for week in self.cases.values())

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


def digests(user_ids: list[int], monday: date) -> dict[int, Digest]:
    """Each person's week across their current memberships: four statements whatever the numbers."""
    sunday = monday + timedelta(days=6)
    memberships = list(
        db.session.scalars(
            select(Membership)
            .where(Membership.user_id.in_(user_ids), Membership.is_current)
            .options(selectinload(Membership.case))
        )
    )
    owners = {membership.id: membership for membership in memberships}
    result = {user_id: Digest(monday) for user_id in user_ids}
    if not owners:
        return result

    def week_of_membership(membership_id: int) -> CaseWeek:
        membership = owners[membership_id]
        weeks = result[membership.user_id].cases
        return weeks.setdefault(membership.case_id, CaseWeek(membership.case))

    actions = db.session.scalars(
        select(Action)
        .where(
            Action.owner_id.in_(owners),
            Action.due_on.is_not(None),
            Action.due_on <= sunday,
            Action.status.not_in(FINISHED_STATUSES),
        )
        .order_by(Action.due_on, Action.id)
    )
    for action in actions:
        week_of_membership(action.owner_id).actions.append(action)
    comms = db.session.scalars(
        select(CommsItem)
        .where(CommsItem.owner_id.in_(owners), within(monday, sunday), CommsItem.status.in_(OPEN_STATUSES))
        .order_by(CommsItem.planned_on, CommsItem.id)
    )
    for item in comms:
        week_of_membership(item.owner_id).comms.append(item)
    start = datetime.combine(monday, datetime.min.time(), tzinfo=HELSINKI).astimezone(UTC)
    invited = db.session.execute(
        select(MeetingInvitee.membership_id, Meeting)
        .join(Meeting, Meeting.id == MeetingInvitee.meeting_id)
        .where(
            MeetingInvitee.membership_id.in_(owners),
            Meeting.cancelled.is_(False),
            Meeting.starts_at >= start,
            Meeting.starts_at < start + timedelta(days=7),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    for membership_id, meeting in invited:
        week_of_membership(membership_id).meetings.append(meeting)
    return result


def _digest_users(after_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(User.id)
            .where(
                User.id > after_id,
                User.weekly_digest.is_(True),
                User.is_active.is_(True),
                select(Membership.id).where(Membership.user_id == User.id, Membership.is_current).exists(),
            )
            .order_by(User.id)
            .limit(USER_BATCH)
        )
    )


def send_weekly_digests(now: datetime) -> int:
    """Record this week's digest of each person who has something in it, then send what is due."""
    monday, week = week_of(now)
    after_id = 0
    while user_ids := _digest_users(after_id):
        after_id = user_ids[-1]
        rows = [
            {"key": f"digest:user:{user_id}:{week}", "kind": SendKind.DIGEST, "recipient_id": user_id}
            for user_id, digest in digests(user_ids, monday).items()
            if not digest.is_empty
        ]
        sending.record_sends(rows, now)
    return sending.send_due(now, SendKind.DIGEST)


def _compose_digests(rows: list[ScheduledSend], now: datetime):
    users = _users({row.recipient_id for row in rows})
    by_week: dict[date, list[int]] = {}
    for row in rows:
        by_week.setdefault(_monday_of_key(row.key), []).append(row.recipient_id)
    weeks = {monday: digests(user_ids, monday) for monday, user_ids in by_week.items()}

    def compose(row: ScheduledSend) -> Mail | str:
        user = users.get(row.recipient_id)
        if user is None or not user.is_active:
            return _("Vastaanottajan tili on poistettu käytöstä.")
        if not user.weekly_digest:
            return _("Vastaanottaja on poistanut viikkokoosteen käytöstä.")
        digest = weeks[_monday_of_key(row.key)][user.id]
        with force_locale(user.locale):
            subject = _("Viikkosi %(date)s alkaen", date=format_day(digest.monday))
        return render_mail(user.email, subject, "weekly_digest", user.locale, user=user, digest=digest)

    return compose


def format_day(day: date) -> str:
    from arm.core.i18n import format_date

    return format_date(day, "short")


def _monday_of_key(key: str) -> date:
    year, week = key.rsplit(":", 1)[1].split("-W")
    return date.fromisocalendar(int(year), int(week), 1)


# ---------------------------------------------------------------- the sweeper


def sweep(now: datetime) -> int:
    """Send every due row of any kind (retries, and sends whose sender died); how many were sent."""
    sending.fail_interrupted(now)
    return sending.send_due(now)


sending.COMPOSERS.update({SendKind.PAPER: _compose_papers, SendKind.DIGEST: _compose_digests})


def run_job(job, now: datetime | None = None) -> int:
    """Run a job in the current app context, logging (not raising) what goes wrong, for the scheduler."""
    try:
        return job(now or datetime.now(UTC))
    except Exception:
        db.session.rollback()
        current_app.logger.exception("Scheduled job %s failed", job.__name__)
        return 0
