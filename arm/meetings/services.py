"""Meetings' rules and saves: meetings and weekly series, invitees and attendance, the agenda's items and
the backlog, minutes, decisions (which may create an action), approval and amendments, templates, guests.

Services flush and audit; the views commit (see core.saving).
"""

import hashlib
import secrets
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from arm.cases.models import Case, Membership
from arm.core.errors import EditConflict, ValidationError
from arm.core.queries import all_belong_to_case, belongs_to_case
from arm.extensions import db
from arm.meetings import queries
from arm.meetings.agenda import closing_start, standing_items
from arm.meetings.models import (
    MAX_DURATION_MINUTES,
    AgendaItem,
    AgendaTemplate,
    AgendaTemplateItem,
    Attendance,
    Decision,
    ItemKind,
    Meeting,
    MeetingGuest,
    MeetingInvitee,
    MeetingSeries,
    MeetingSettings,
    MinutesAmendment,
    Outcome,
    Placement,
    Recurrence,
)
from arm.meetings.times import HELSINKI, occurrences, to_utc
from arm.plans.models import Subgroup, SubgroupMember

GUEST_LINK_DAYS = 14
OCCURRENCES_AHEAD = 1  # a weekly series keeps its next meeting in place


# ---------------------------------------------------------------- meetings and series


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


# ---------------------------------------------------------------- the agenda


def item_field_errors(data: dict) -> list[tuple[str, str]]:
    errors = []
    if not (data.get("title") or "").strip():
        errors.append(("title", _("Anna kohdalle otsikko.")))
    duration = data.get("duration_minutes")
    if duration is not None and not 0 <= duration <= MAX_DURATION_MINUTES:
        errors.append(("duration_minutes", _("Anna kesto minuutteina väliltä 0–720.")))
    return errors


def _check_minutes_open(meeting: Meeting | None) -> None:
    if meeting is not None and meeting.minutes_locked:
        raise ValidationError.single(None, _("Muistio on hyväksytty ja lukittu. Kirjaa korjaus muistion korjauksena."))


def add_item(case: Case, meeting: Meeting | None, data: dict) -> AgendaItem:
    """A manual item on the meeting's agenda, before its closing standing items; `meeting` None: the backlog."""
    _check_minutes_open(meeting)
    errors = item_field_errors(data)
    if not belongs_to_case(Membership, data.get("presenter_id") or None, case.id, Membership.is_current):
        errors.append(("presenter_id", _("Valitse esittelijä tapauksen verkostosta.")))
    if errors:
        raise ValidationError(errors)
    item = AgendaItem(
        case_id=case.id,
        kind=ItemKind.MANUAL,
        title=data["title"].strip(),
        description=(data.get("description") or "").strip(),
        presenter_id=data.get("presenter_id") or None,
        duration_minutes=data.get("duration_minutes"),
    )
    if meeting is None:
        item.position = (max((i.position for i in queries.backlog(case.id)), default=0)) + 1
        db.session.add(item)
    else:
        _place_before_closing(meeting, item)
    db.session.flush()
    return item


def _place_before_closing(meeting: Meeting, item: AgendaItem) -> None:
    items = sorted(meeting.items, key=lambda each: (each.position, each.id or 0))
    items.insert(closing_start(items), item)
    meeting.items.append(item)
    for position, each in enumerate(items, start=1):
        each.position = position


def update_item(item: AgendaItem, expected_version: int, data: dict) -> AgendaItem:
    """Title, presenter, duration, minutes and outcome of an agenda item; refused once the minutes are approved."""
    _check_minutes_open(item.meeting)  # before the merge: nothing to merge into locked minutes
    if expected_version != item.version:
        raise EditConflict(item)
    errors = item_field_errors(data)
    if not belongs_to_case(Membership, data.get("presenter_id") or None, item.case_id, Membership.is_current):
        errors.append(("presenter_id", _("Valitse esittelijä tapauksen verkostosta.")))
    if errors:
        raise ValidationError(errors)
    item.title = data["title"].strip()
    item.description = (data.get("description") or "").strip()
    item.presenter_id = data.get("presenter_id") or None
    item.duration_minutes = data.get("duration_minutes")
    item.minutes = (data.get("minutes") or "").strip()
    item.outcome = data.get("outcome")
    db.session.flush()
    return item


def move_item(item: AgendaItem, direction: int) -> None:
    """Up (-1) or down (+1) one place on its agenda or in the backlog."""
    _check_minutes_open(item.meeting)
    siblings = list(item.meeting.items) if item.meeting is not None else queries.backlog(item.case_id)
    index = siblings.index(item)
    other = index + direction
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, each in enumerate(siblings, start=1):
        if each.position != position:
            each.position = position
    db.session.flush()


def remove_item(item: AgendaItem) -> None:
    """An item with minutes or decisions stays on the record; others go."""
    _check_minutes_open(item.meeting)
    if item.minutes or item.decisions:
        raise ValidationError.single(None, _("Kohdassa on muistiinpanoja tai päätöksiä, joten sitä ei voi poistaa."))
    if item.meeting is not None:
        item.meeting.items.remove(item)
    db.session.delete(item)
    db.session.flush()


def to_backlog(item: AgendaItem) -> None:
    """An unhandled item leaves the agenda for the backlog."""
    _check_minutes_open(item.meeting)
    if item.minutes or item.decisions:
        raise ValidationError.single(None, _("Käsiteltyä kohtaa ei voi siirtää odottamaan."))
    item.meeting.items.remove(item)  # the item stays, without a meeting
    item.source_key = None
    item.position = (max((i.position for i in queries.backlog(item.case_id)), default=0)) + 1
    db.session.flush()


def schedule_backlog_item(item: AgendaItem, meeting: Meeting) -> None:
    """A backlog item joins a meeting's agenda, before its closing items."""
    _check_minutes_open(meeting)
    if item.meeting_id is not None:
        raise ValidationError.single(None, _("Kohta on jo kokouksen esityslistalla."))
    _place_before_closing(meeting, item)
    db.session.flush()


def carry_over(meeting: Meeting, language: str = "fi") -> tuple[Meeting | None, int]:
    """Every item not handled (no outcome, or postponed) moves to the next meeting of the series, or of the
    same scope; to the backlog when there is none. The item here is marked postponed and the copy links back."""
    target = next_in_series(meeting, language) if meeting.series_id else queries.next_meeting(meeting)
    if target is not None:
        _check_minutes_open(target)
    moved = 0
    taken = {item.carried_from_id for item in target.items} if target is not None else set()
    for item in meeting.items:
        if item.kind is ItemKind.STANDING or item.handled or item.id in taken:
            continue
        if item.outcome is None:
            item.outcome = Outcome.POSTPONED
        copy = AgendaItem(
            case_id=item.case_id,
            kind=item.kind,
            title=item.title,
            description=item.description,
            section=item.section,
            source_key=item.source_key,
            entity=item.entity,
            entity_id=item.entity_id,
            url=item.url,
            presenter_id=item.presenter_id,
            duration_minutes=item.duration_minutes,
            carried_from_id=item.id,
        )
        if target is not None:
            if copy.source_key and any(other.source_key == copy.source_key for other in target.items):
                continue
            _place_before_closing(target, copy)
        else:
            copy.source_key = None
            db.session.add(copy)
        moved += 1
    db.session.flush()
    return target, moved


# ---------------------------------------------------------------- attendance, decisions, approval


def record_attendance(meeting: Meeting, attendance: dict[int, Attendance | None]) -> None:
    """Attendance by invitee id; ids of other meetings are refused."""
    by_id = {invitee.id: invitee for invitee in meeting.invitees}
    if any(invitee_id not in by_id for invitee_id in attendance):
        raise ValidationError.single(None, _("Läsnäolo kirjataan vain kokoukseen kutsutuille."))
    _check_minutes_open(meeting)
    for invitee_id, value in attendance.items():
        by_id[invitee_id].attendance = value
    db.session.flush()


def add_decision(item: AgendaItem, text: str, action_data: dict | None, create_action) -> Decision:
    """A decision under an item; with `action_data`, a new action of the case in the same step, linked back.
    `create_action(case, data)` is the plan's own service, so the action keeps every rule of the plan."""
    _check_minutes_open(item.meeting)
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


# ---------------------------------------------------------------- templates, settings, guests


def save_template(case: Case, template: AgendaTemplate | None, name: str, lines: list[dict]) -> AgendaTemplate:
    """`lines`: dicts of title, placement and duration_minutes, in order; empty titles are skipped."""
    name = (name or "").strip()
    errors = []
    if not name:
        errors.append(("name", _("Anna pohjalle nimi.")))
    lines = [line for line in lines if (line.get("title") or "").strip()]
    for line in lines:
        duration = line.get("duration_minutes")
        if duration is not None and not 0 <= duration <= MAX_DURATION_MINUTES:
            errors.append(("items", _("Anna kesto minuutteina väliltä 0–720.")))
            break
    if errors:
        raise ValidationError(errors)
    if template is None:
        template = AgendaTemplate(case_id=case.id, items=[])
        db.session.add(template)
    template.name = name
    template.items.clear()
    for position, line in enumerate(lines, start=1):
        template.items.append(
            AgendaTemplateItem(
                placement=line.get("placement") or Placement.START,
                position=position,
                title=line["title"].strip()[:300],
                duration_minutes=line.get("duration_minutes"),
            )
        )
    db.session.flush()
    return template


def delete_template(template: AgendaTemplate) -> None:
    db.session.delete(template)
    db.session.flush()


def set_paper_hours(case: Case, hours: int) -> MeetingSettings:
    if not 1 <= hours <= 168:
        raise ValidationError.single("paper_hours_before", _("Anna tunnit väliltä 1–168."))
    settings = db.session.get(MeetingSettings, case.id) or MeetingSettings(case_id=case.id)
    settings.paper_hours_before = hours
    db.session.add(settings)
    db.session.flush()
    return settings


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_guest(meeting: Meeting, data: dict, now: datetime | None = None) -> tuple[MeetingGuest, str]:
    """A guest and the secret of their link (shown once; only its hash is kept). The link expires a day after
    the meeting, and at most GUEST_LINK_DAYS days from now."""
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError.single("name", _("Anna vieraan nimi."))
    now = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    guest = MeetingGuest(
        case_id=meeting.case_id,
        meeting_id=meeting.id,
        name=name,
        email=(data.get("email") or "").strip(),
        organisation=(data.get("organisation") or "").strip(),
        token_hash=token_hash(token),
        expires_at=max(
            now + timedelta(days=1), min(meeting.ends_at + timedelta(days=1), now + timedelta(days=GUEST_LINK_DAYS))
        ),
    )
    db.session.add(guest)
    db.session.flush()
    return guest, token


def revoke_guest(guest: MeetingGuest, now: datetime | None = None) -> None:
    guest.revoked_at = now or datetime.now(UTC)
    db.session.flush()


def guest_by_token(token: str, now: datetime) -> MeetingGuest | None:
    guest = db.session.scalar(select(MeetingGuest).where(MeetingGuest.token_hash == token_hash(token)))
    return guest if guest is not None and guest.is_valid(now) else None


def all_invitees_in_case(case_id: int, membership_ids: list[int]) -> bool:
    return all_belong_to_case(Membership, membership_ids, case_id)
