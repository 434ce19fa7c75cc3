"""Attendance, decisions (which may create an action), approving the minutes and amending them."""

from datetime import UTC, datetime

from flask_babel import gettext as _

from arm.core.errors import ValidationError
from arm.extensions import db
from arm.meetings.models import (
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MinutesAmendment,
    Outcome,
)
from arm.meetings.services.items import check_minutes_open


def record_attendance(meeting: Meeting, attendance: dict[int, Attendance | None]) -> None:
    """Attendance by invitee id; ids of other meetings are refused."""
    by_id = {invitee.id: invitee for invitee in meeting.invitees}
    if any(invitee_id not in by_id for invitee_id in attendance):
        raise ValidationError.single(None, _("Läsnäolo kirjataan vain kokoukseen kutsutuille."))
    check_minutes_open(meeting)
    for invitee_id, value in attendance.items():
        by_id[invitee_id].attendance = value
    db.session.flush()


def add_decision(item: AgendaItem, text: str, action_data: dict | None, create_action) -> Decision:
    """A decision under an item; with `action_data`, a new action of the case in the same step, linked back.
    `create_action(case, data)` is the plan's own service, so the action keeps every rule of the plan."""
    check_minutes_open(item.meeting)
    if item.meeting is None:
        raise ValidationError.single(None, _("Päätöksen voi kirjata vain kokouksen kohtaan."))
    text = (text or "").strip()
    if not text:
        raise ValidationError.single("text", _("Kirjoita päätös."))
    decision = Decision(case_id=item.case_id, meeting_id=item.meeting_id, text=text)
    if action_data is not None:
        decision.action = create_action(item.meeting.case, action_data)
    item.decisions.append(decision)
    if item.outcome in (None, Outcome.NOTED):
        item.outcome = Outcome.DECIDED
    db.session.flush()
    return decision


def approve_minutes(meeting: Meeting, approved_in: Meeting, now: datetime | None = None) -> None:
    """The minutes of `meeting` are approved at `approved_in`, a later meeting of the same case, and locked."""
    if meeting.minutes_locked:
        raise ValidationError.single(None, _("Muistio on jo hyväksytty."))
    if approved_in.case_id != meeting.case_id or approved_in.starts_at <= meeting.starts_at:
        raise ValidationError.single(None, _("Muistion hyväksyy jokin myöhempi kokous."))
    meeting.minutes_approved_at = now or datetime.now(UTC)
    meeting.minutes_approved_in_id = approved_in.id
    db.session.flush()


def amend_minutes(meeting: Meeting, item_id: int | None, text: str, author_id: int) -> MinutesAmendment:
    if not meeting.minutes_locked:
        raise ValidationError.single(None, _("Muistiota ei ole vielä hyväksytty: korjaa se suoraan kohtaan."))
    text = (text or "").strip()
    if not text:
        raise ValidationError.single("text", _("Kirjoita korjaus."))
    if item_id is not None and item_id not in {item.id for item in meeting.items}:
        raise ValidationError.single("agenda_item_id", _("Valitse tämän kokouksen kohta."))
    amendment = MinutesAmendment(
        case_id=meeting.case_id, meeting_id=meeting.id, agenda_item_id=item_id, text=text, author_id=author_id
    )
    db.session.add(amendment)
    db.session.flush()
    return amendment
