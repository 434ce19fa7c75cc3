"""Meetings and weekly series: their rules, invitees, occurrences, cancelling and deleting."""

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from arm.cases.models import Case, Membership
from arm.core.errors import EditConflict, ValidationError
from arm.core.queries import belongs_to_case
from arm.extensions import db
from arm.meetings import queries
from arm.meetings.agenda import standing_items
from arm.meetings.models import (
    MAX_DURATION_MINUTES,
    AgendaItem,
    AgendaTemplate,
    Meeting,
    MeetingInvitee,
    MeetingSeries,
    Recurrence,
)
from arm.meetings.times import HELSINKI, occurrences, to_utc
from arm.plans.models import Subgroup, SubgroupMember

OCCURRENCES_AHEAD = 1  # a weekly series keeps its next meeting in place


def meeting_field_errors(data: dict, *, is_new: bool, now: datetime) -> list[tuple[str, str]]:
    """The rules on a meeting's own values: `data` holds `date`, `start_time`, `end_time`, `recurrence`…"""
    errors = []
    if not (data.get("title") or "").strip():
        errors.append(("title", _("Anna kokoukselle nimi.")))
    day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
    if day is None:
        errors.append(("date", _("Valitse kokouksen päivä.")))
    if start is None:
        errors.append(("start_time", _("Anna alkamisaika muodossa 13.00.")))
    if end is None:
        errors.append(("end_time", _("Anna päättymisaika muodossa 14.30.")))
    if start is not None and end is not None and end <= start:
        errors.append(("end_time", _("Kokous ei voi päättyä ennen kuin se alkaa.")))
    elif start is not None and end is not None and _minutes(start, end) > MAX_DURATION_MINUTES:
        errors.append(("end_time", _("Kokous voi kestää enintään 12 tuntia.")))
    if (
        is_new
        and data.get("recurrence") is Recurrence.WEEKLY
        and day is not None
        and start is not None
        and to_utc(day, start) < now
    ):
        errors.append(("date", _("Uusi viikoittainen sarja ei voi alkaa menneisyydessä: valitse tuleva päivä.")))
    last_on = data.get("last_on")
    if last_on is not None and day is not None and last_on < day:
        errors.append(("last_on", _("Sarjan viimeinen kokous ei voi olla ennen ensimmäistä.")))
    link = (data.get("video_link") or "").strip()
    if link and not link.lower().startswith(("https://", "http://")):
        errors.append(("video_link", _("Anna etäyhteyden osoite muodossa https://…")))
    return errors


def _minutes(start: time, end: time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def _link_errors(case: Case, data: dict, invitee_ids: list[int]) -> list[tuple[str, str]]:
    errors = []
    if not belongs_to_case(Subgroup, data.get("subgroup_id") or None, case.id):
        errors.append(("subgroup_id", _("Alatyöryhmä ei kuulu tähän tapaukseen.")))
    for field in ("chair_id", "secretary_id"):
        if not belongs_to_case(Membership, data.get(field) or None, case.id, Membership.is_current):
            errors.append((field, _("Valitse henkilö tapauksen verkostosta.")))
    if invitee_ids and not _all_current_members(case.id, invitee_ids):
        errors.append(("invitee_ids", _("Kutsua voi vain tapauksen verkoston nykyisiä jäseniä.")))
    return errors


def _all_current_members(case_id: int, membership_ids: list[int]) -> bool:
    wanted = set(membership_ids)
    found = set(
        db.session.scalars(
            select(Membership.id).where(Membership.id.in_(wanted), Membership.case_id == case_id, Membership.is_current)
        )
    )
    return found == wanted


def default_invitees(case_id: int, subgroup_id: int | None) -> list[int]:
    """Everyone in the network, or the subgroup's chair and current members."""
    if subgroup_id is None:
        return list(
            db.session.scalars(
                select(Membership.id)
                .where(Membership.case_id == case_id, Membership.is_current)
                .order_by(Membership.id)
            )
        )
    members = set(
        db.session.scalars(
            select(SubgroupMember.membership_id)
            .join(Membership, Membership.id == SubgroupMember.membership_id)
            .where(SubgroupMember.subgroup_id == subgroup_id, Membership.is_current)
        )
    )
    chair = db.session.scalar(select(Subgroup.chair_id).where(Subgroup.id == subgroup_id))
    if chair is not None:
        members.add(chair)
    return sorted(members)


def _apply(meeting: Meeting, data: dict) -> None:
    meeting.title = data["title"].strip()
    meeting.starts_at = to_utc(data["date"], data["start_time"])
    meeting.ends_at = to_utc(data["date"], data["end_time"])
    meeting.place = (data.get("place") or "").strip()
    meeting.video_link = (data.get("video_link") or "").strip()
    meeting.chair_id = data.get("chair_id") or None
    meeting.secretary_id = data.get("secretary_id") or None
    meeting.subgroup_id = data.get("subgroup_id") or None


def _sync_invitees(meeting: Meeting, invitee_ids: list[int]) -> None:
    wanted = set(invitee_ids)
    for invitee in list(meeting.invitees):
        if invitee.membership_id not in wanted:
            meeting.invitees.remove(invitee)
    have = {invitee.membership_id for invitee in meeting.invitees}
    for membership_id in sorted(wanted - have):
        meeting.invitees.append(MeetingInvitee(case_id=meeting.case_id, membership_id=membership_id))


def create_meeting(
    case: Case,
    data: dict,
    invitee_ids: list[int] | None,
    *,
    template: AgendaTemplate | None = None,
    language: str = "fi",
    now: datetime | None = None,
) -> Meeting:
    """A one-off meeting, or the first of a weekly series. `invitee_ids` None: the scope's default."""
    now = now or datetime.now(UTC)
    errors = meeting_field_errors(data, is_new=True, now=now) + _link_errors(case, data, invitee_ids or [])
    if errors:
        raise ValidationError(errors)
    series = None
    if data.get("recurrence") is Recurrence.WEEKLY:
        series = MeetingSeries(
            case_id=case.id,
            subgroup_id=data.get("subgroup_id") or None,
            title=data["title"].strip(),
            weekday=data["date"].weekday(),
            start_time=data["start_time"],
            duration_minutes=_minutes(data["start_time"], data["end_time"]),
            first_on=data["date"],
            last_on=data.get("last_on"),
            template_id=template.id if template is not None else None,
            place=(data.get("place") or "").strip(),
            video_link=(data.get("video_link") or "").strip(),
            chair_id=data.get("chair_id") or None,
            secretary_id=data.get("secretary_id") or None,
        )
        db.session.add(series)
    meeting = Meeting(case_id=case.id, series=series, invitees=[], items=[])
    _apply(meeting, data)
    if invitee_ids is None:
        invitee_ids = default_invitees(case.id, meeting.subgroup_id)
    _sync_invitees(meeting, invitee_ids)
    meeting.items.extend(standing_items(meeting, template, language))
    _renumber(meeting.items)
    db.session.add(meeting)
    db.session.flush()
    return meeting


def update_meeting(meeting: Meeting, expected_version: int, data: dict, invitee_ids: list[int]) -> Meeting:
    if expected_version != meeting.version:
        raise EditConflict(meeting)
    errors = meeting_field_errors(data, is_new=False, now=datetime.now(UTC)) + _link_errors(
        meeting.case, data, invitee_ids
    )
    if errors:
        raise ValidationError(errors)
    _apply(meeting, data)
    _sync_invitees(meeting, invitee_ids)
    db.session.flush()
    return meeting


def cancel_meeting(meeting: Meeting) -> None:
    if meeting.minutes_locked:
        raise ValidationError.single(None, _("Kokouksella on hyväksytty muistio, eikä sitä voi enää perua."))
    meeting.cancelled = True
    db.session.flush()


def delete_meeting(meeting: Meeting) -> None:
    """A meeting with minutes or decisions is kept for the record: cancel it instead."""
    if meeting.minutes_locked or any(item.minutes or item.decisions for item in meeting.items):
        raise ValidationError.single(
            None, _("Kokouksessa on jo muistiinpanoja tai päätöksiä, joten sitä ei voi poistaa. Peru kokous.")
        )
    db.session.delete(meeting)
    db.session.flush()


def next_in_series(meeting: Meeting, language: str = "fi") -> Meeting | None:
    """The series' next occurrence after `meeting`, created with the series' defaults when missing; None for a
    one-off meeting or a series that has ended."""
    series = meeting.series
    if series is None:
        return None
    following = queries.next_meeting(meeting)
    if following is not None:
        return following
    after = meeting.starts_at.astimezone(HELSINKI).date() + timedelta(days=1)
    days = occurrences(series.first_on, series.weekday, after, OCCURRENCES_AHEAD, series.last_on)
    if not days:
        return None
    return _occurrence(series, days[0], language)


def _occurrence(series: MeetingSeries, day: date, language: str) -> Meeting:
    start = to_utc(day, series.start_time)
    meeting = Meeting(
        case_id=series.case_id,
        series=series,
        subgroup_id=series.subgroup_id,
        title=series.title,
        starts_at=start,
        ends_at=to_utc(day, series.start_time) + timedelta(minutes=series.duration_minutes),
        place=series.place,
        video_link=series.video_link,
        chair_id=series.chair_id,
        secretary_id=series.secretary_id,
        invitees=[],
        items=[],
    )
    _sync_invitees(meeting, default_invitees(series.case_id, series.subgroup_id))
    template = queries.get_template(series.case_id, series.template_id) if series.template_id else None
    meeting.items.extend(standing_items(meeting, template, language))
    _renumber(meeting.items)
    db.session.add(meeting)
    db.session.flush()
    return meeting


def _renumber(items: list[AgendaItem]) -> None:
    for position, item in enumerate(sorted(items, key=lambda item: item.position), start=1):
        item.position = position
