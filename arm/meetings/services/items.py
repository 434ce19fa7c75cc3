"""A meeting's agenda items and the backlog: adding, editing (minutes and outcome), moving, removing, the
backlog, carrying unhandled items over; nothing changes once the minutes are approved."""

from flask_babel import gettext as _

from arm.cases.models import Case, Membership
from arm.core.errors import EditConflict, ValidationError
from arm.core.queries import belongs_to_case
from arm.extensions import db
from arm.meetings import queries
from arm.meetings.agenda import closing_start
from arm.meetings.models import (
    MAX_DURATION_MINUTES,
    AgendaItem,
    ItemKind,
    Meeting,
    Outcome,
)
from arm.meetings.services.meetings import next_in_series


def item_field_errors(data: dict) -> list[tuple[str, str]]:
    errors = []
    if not (data.get("title") or "").strip():
        errors.append(("title", _("Anna kohdalle otsikko.")))
    duration = data.get("duration_minutes")
    if duration is not None and not 0 <= duration <= MAX_DURATION_MINUTES:
        errors.append(("duration_minutes", _("Anna kesto minuutteina väliltä 0–720.")))
    return errors


def check_minutes_open(meeting: Meeting | None) -> None:
    if meeting is not None and meeting.minutes_locked:
        raise ValidationError.single(None, _("Muistio on hyväksytty ja lukittu. Kirjaa korjaus muistion korjauksena."))


def add_item(case: Case, meeting: Meeting | None, data: dict) -> AgendaItem:
    """A manual item on the meeting's agenda, before its closing standing items; `meeting` None: the backlog."""
    check_minutes_open(meeting)
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
    check_minutes_open(item.meeting)  # before the merge: nothing to merge into locked minutes
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
    check_minutes_open(item.meeting)
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
    check_minutes_open(item.meeting)
    if item.minutes or item.decisions:
        raise ValidationError.single(None, _("Kohdassa on muistiinpanoja tai päätöksiä, joten sitä ei voi poistaa."))
    if item.meeting is not None:
        item.meeting.items.remove(item)
    db.session.delete(item)
    db.session.flush()


def to_backlog(item: AgendaItem) -> None:
    """An unhandled item leaves the agenda for the backlog."""
    check_minutes_open(item.meeting)
    if item.minutes or item.decisions:
        raise ValidationError.single(None, _("Käsiteltyä kohtaa ei voi siirtää odottamaan."))
    item.meeting.items.remove(item)  # the item stays, without a meeting
    item.source_key = None
    item.position = (max((i.position for i in queries.backlog(item.case_id)), default=0)) + 1
    db.session.flush()


def schedule_backlog_item(item: AgendaItem, meeting: Meeting) -> None:
    """A backlog item joins a meeting's agenda, before its closing items."""
    check_minutes_open(meeting)
    if item.meeting_id is not None:
        raise ValidationError.single(None, _("Kohta on jo kokouksen esityslistalla."))
    _place_before_closing(meeting, item)
    db.session.flush()


def carry_over(meeting: Meeting, language: str = "fi") -> tuple[Meeting | None, int]:
    """Every item not handled (no outcome, or postponed) moves to the next meeting of the series, or of the
    same scope; to the backlog when there is none. The item here is marked postponed and the copy links back."""
    target = next_in_series(meeting, language) if meeting.series_id else queries.next_meeting(meeting)
    if target is not None:
        check_minutes_open(target)
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
