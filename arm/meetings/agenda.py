"""The agenda drafts itself: standing items from the meeting's template, then what changed in the case since
the previous meeting of the same scope, as each area proposes it through the case-parts registry
(`CasePart.agenda_items`), then the manual items.

Drafting is repeatable: a generated item is keyed by what it is about (`source_key`), so a second draft adds
only what is new, refreshes the wording of what is still open and drops the generated items that no longer
apply and nobody has written anything under. Items a person typed, reordered or took minutes on are kept.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from arm.core.parts import AgendaWindow, agenda_suggestions
from arm.extensions import db
from arm.meetings import queries
from arm.meetings.models import AgendaItem, AgendaTemplate, ItemKind, Meeting, Placement
from arm.meetings.times import local_date

# The window for what falls due when the meeting has no next one yet.
DEFAULT_NEXT_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class StandingItem:
    title: object  # a lazy translation
    placement: Placement
    duration_minutes: int


# Our own suggestion of a weekly meeting's frame, used when a case has no agenda template of its own.
DEFAULT_STANDING_ITEMS = (
    StandingItem(_l("Kokouksen avaus"), Placement.START, 2),
    StandingItem(_l("Edellisen kokouksen muistion hyväksyminen"), Placement.START, 3),
    StandingItem(_l("Muut asiat"), Placement.END, 5),
    StandingItem(_l("Seuraava kokous"), Placement.END, 2),
    StandingItem(_l("Kokouksen päättäminen"), Placement.END, 1),
)


@dataclass(frozen=True)
class DraftResult:
    added: int
    refreshed: int
    removed: int


def agenda_window(meeting: Meeting) -> AgendaWindow:
    previous = queries.previous_meeting(meeting)
    following = queries.next_meeting(meeting)
    return AgendaWindow(
        case_id=meeting.case_id,
        since=previous.starts_at if previous is not None else None,
        until=meeting.starts_at,
        next_until=following.starts_at if following is not None else meeting.starts_at + DEFAULT_NEXT_WINDOW,
        today=local_date(meeting.starts_at),
        subgroup_id=meeting.subgroup_id,
    )


def standing_items(meeting: Meeting, template: AgendaTemplate | None, language: str) -> list[AgendaItem]:
    """The meeting's frame from its template (or our default one), named in `language`."""
    if template is not None:
        frame = [(item.title, item.placement, item.duration_minutes) for item in template.items]
    else:
        with force_locale(language):
            frame = [(str(item.title), item.placement, item.duration_minutes) for item in DEFAULT_STANDING_ITEMS]
    return [
        AgendaItem(
            case_id=meeting.case_id,
            kind=ItemKind.STANDING,
            title=title,
            duration_minutes=duration,
            closing=placement is Placement.END,
            position=index + 1,
        )
        for index, (title, placement, duration) in enumerate(frame)
    ]


def _is_untouched(item: AgendaItem) -> bool:
    return not item.minutes and item.outcome is None and not item.decisions and item.presenter_id is None


def _insert_point(items: list[AgendaItem]) -> int:
    """Where new generated items go: after the last generated one, else after the opening standing items."""
    last = -1
    for index, item in enumerate(items):
        if item.kind is ItemKind.GENERATED:
            last = index
    if last >= 0:
        return last + 1
    return opening_length(items)


def opening_length(items: list[AgendaItem]) -> int:
    """How many items open the agenda: the standing items before anything else."""
    for index, item in enumerate(items):
        if item.kind is not ItemKind.STANDING or item.closing:
            return index
    return len(items)


def closing_start(items: list[AgendaItem]) -> int:
    """Where the closing standing items begin (the end when there are none)."""
    return next((index for index, item in enumerate(items) if item.closing), len(items))


def _merge(items: list[AgendaItem], new_items: list[AgendaItem], order: list[str]) -> list[AgendaItem]:
    """The agenda with the new generated items placed by the parts' order: each one before the first generated
    item that the parts propose after it, else after the last generated one. On a redraft an action that became
    overdue joins the actions, not the end of the generated items (after the risks and the waves)."""
    rank = {key: index for index, key in enumerate(order)}
    point = _insert_point(items)
    ordered = list(items)
    for item in new_items:
        index = next(
            (
                at
                for at, other in enumerate(ordered)
                if other.kind is ItemKind.GENERATED and rank.get(other.source_key, -1) > rank[item.source_key]
            ),
            None,
        )
        if index is None:
            generated = [at for at, other in enumerate(ordered) if other.kind is ItemKind.GENERATED]
            index = generated[-1] + 1 if generated else point
        ordered.insert(index, item)
    return ordered


def draft_agenda(meeting: Meeting, now: datetime) -> DraftResult:
    """Draft or redraft the meeting's agenda from the case; the caller commits. A fixed number of statements
    whatever the case's size: each part bounds what it proposes."""
    suggestions = agenda_suggestions(agenda_window(meeting))
    wanted = {suggestion.key: suggestion for suggestion in suggestions}
    items = list(meeting.items)
    existing = {item.source_key: item for item in items if item.source_key}

    stale = [
        item
        for item in items
        if item.kind is ItemKind.GENERATED and item.source_key not in wanted and _is_untouched(item)
    ]
    for item in stale:
        items.remove(item)
        meeting.items.remove(item)
        db.session.delete(item)

    refreshed = 0
    new_items = []
    seen = set()
    for suggestion in suggestions:
        if suggestion.key in seen:  # a part that proposes one thing twice: the first counts
            continue
        seen.add(suggestion.key)
        item = existing.get(suggestion.key)
        if item is None:
            new_items.append(
                AgendaItem(
                    case_id=meeting.case_id,
                    kind=ItemKind.GENERATED,
                    title=suggestion.title[:300],
                    description=suggestion.detail,
                    section=suggestion.section,
                    source_key=suggestion.key,
                    entity=suggestion.entity,
                    entity_id=suggestion.entity_id,
                    url=suggestion.url[:300],
                )
            )
        elif item.outcome is None and (item.title, item.description) != (suggestion.title[:300], suggestion.detail):
            item.title, item.description = suggestion.title[:300], suggestion.detail
            refreshed += 1

    ordered = _merge(items, new_items, list(dict.fromkeys(suggestion.key for suggestion in suggestions)))
    for position, item in enumerate(ordered, start=1):
        if item.position != position:
            item.position = position
    meeting.items.extend(new_items)
    meeting.items.sort(key=lambda item: item.position)
    meeting.agenda_built_at = now
    db.session.flush()
    return DraftResult(added=len(new_items), refreshed=refreshed, removed=len(stale))


def total_minutes(items: list[AgendaItem]) -> int:
    return sum(item.duration_minutes or 0 for item in items)


def overrun_minutes(meeting: Meeting) -> int:
    """How many minutes the items' durations run past the meeting's length (0 when they fit)."""
    return max(0, total_minutes(meeting.items) - meeting.duration_minutes)
