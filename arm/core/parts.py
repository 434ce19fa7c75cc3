"""The case-parts registry: each area plugs its part of a case into the case's pages.

A case is the hub every area hangs from, yet `cases` imports none of them (in the spirit of
Indico's signals for menus and "event created" hooks). Each area describes its part once —
navigation entries, dashboard panels, what it adds to a case opened from the template, its share
of the demo case — and registers it when the app is built; the case pages loop over the parts.

The template's optional items (template options) are declared the same way: each part offers its
items (key, label) and, when a case is opened, receives the keys the opener chose among its own.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

EXTENSION_KEY = "arm.case_parts"


@dataclass(frozen=True)
class NavEntry:
    """A tab of the case navigation: a case-scoped endpoint, its label and its place in the row."""

    endpoint: str
    label: Any  # a lazy translation
    position: int


@dataclass(frozen=True)
class DashboardPanel:
    """A panel of the case dashboard.

    `load(case)` returns the template's context and must issue a fixed number of queries whatever
    the case's size. `placement` is "wide" (full width under the key figures) or "side" (the
    narrow column beside the case's facts).
    """

    template: str
    load: Callable[[Any], dict]
    position: int
    placement: str = "wide"


@dataclass(frozen=True)
class TemplateItem:
    """Something a part can add to a newly opened case and the opener may leave out.

    `key` is unique across the parts; `label` (a lazy translation) is what the open-case form shows.
    """

    key: str
    label: Any


@dataclass(frozen=True)
class AgendaWindow:
    """What a meeting's agenda asks each part: what changed in the case between `since` (the previous
    meeting of the same scope started; None for the first one) and `until` (this meeting starts), and what
    falls due before `next_until` (the next meeting, or a week after this one). `subgroup_id` narrows the
    scope to a subgroup's own work where a part can tell (None: the whole network). `today` is the meeting's
    own date in Europe/Helsinki."""

    case_id: int
    since: Any  # datetime | None, UTC
    until: Any  # datetime, UTC
    next_until: Any  # datetime, UTC
    today: Any  # date
    subgroup_id: int | None = None


@dataclass(frozen=True)
class AgendaSuggestion:
    """An item a part proposes for a meeting's agenda.

    `key` names what it is about and why, unique within a meeting ("action:12:status"), so that drafting
    the agenda again never adds it twice; `section` is a short stable name of the group it belongs to
    ("actions", "risks", …) and `section_label` its heading; `entity` and `entity_id` name the row it is
    about and `url` links to it (case-relative path).
    """

    key: str
    section: str
    section_label: Any
    title: str
    detail: str = ""
    entity: str = ""
    entity_id: int | None = None
    url: str = ""
    position: int = 0  # the section's place on the agenda


@dataclass(frozen=True)
class AgendaSection:
    """One area's group of agenda suggestions: its stable name, its heading, its place on the agenda and the
    kind of row (the model's name, as in the audit log) its items are about."""

    name: str
    label: Any  # a lazy translation
    position: int
    entity: str

    def suggestion(self, key: str, title: str, detail: str, url: str, entity_id: int | None = None):
        """A suggestion of this section; without `entity_id` it is about no one row (a summary)."""
        return AgendaSuggestion(
            key=key,
            section=self.name,
            section_label=self.label,
            title=title,
            detail=detail,
            entity=self.entity if entity_id is not None else "",
            entity_id=entity_id,
            url=url,
            position=self.position,
        )


@dataclass(frozen=True)
class ReportPeriod:
    """What a report section is built for: a case (loaded, with its municipalities) and the report's period,
    both days included. `today` is the day the figures are read (a submitted report keeps the figures of its
    submission day)."""

    case: Any
    starts_on: Any  # date
    ends_on: Any  # date
    today: Any  # date


@dataclass(frozen=True)
class ReportSection:
    """A section an area offers a progress report.

    `build(period)` returns the section's figures as `arm.core.reporting.SectionContent(...).as_json()`: plain
    JSON whose labels are Finnish message ids translated when read, so that a submitted report's frozen copy
    reads in every language. It issues a fixed number of statements whatever the case's size. `default`: in the
    set a new case's first report starts from; `position` is its place in that set.
    """

    key: str
    label: Any  # a lazy translation
    position: int
    build: Callable[["ReportPeriod"], dict]
    default: bool = True
    description: Any = ""  # a lazy translation: what the section holds, shown when choosing sections


@dataclass
class DemoContext:
    """What the parts of the demo case share: each part adds what the parts after it look up by name."""

    password: str  # of every demo account
    case: Any = None
    organisations: dict[str, Any] = field(default_factory=dict)  # by name
    users: dict[str, Any] = field(default_factory=dict)  # by e-mail
    memberships: dict[str, Any] = field(default_factory=dict)  # the case's current ones, by e-mail


@dataclass(frozen=True)
class CasePart:
    """One area's part of a case. Every hook is optional."""

    name: str
    nav: tuple[NavEntry, ...] = ()
    panels: tuple[DashboardPanel, ...] = ()
    # Called when a case is opened from the template, after the case row exists, with the language
    # ("fi" or "sv") the opener chose for what the template names.
    on_case_opened: Callable[[Any, str], None] | None = None
    # The part's optional template items, offered on the open-case form (all chosen by default), and what
    # adds the chosen ones: called with the case, the template language and the chosen keys among the part's.
    template_items: Callable[[], tuple[TemplateItem, ...]] | None = None
    add_template_items: Callable[[Any, str, frozenset[str]], None] | None = None
    # Whether the part holds work of the case's own (not only its template): a case opened by
    # mistake may be deleted only while no part does.
    holds_work: Callable[[int], bool] | None = None
    # Called once when the demo case is loaded, in registration order, with the shared demo context.
    load_demo: Callable[[DemoContext], None] | None = None
    # Called once by `flask arm bench-data`, in registration order, with the shared arm.core.bench.BenchContext:
    # the part's rows at the context's scale, inserted in bulk.
    bench_data: Callable[[Any], None] | None = None
    # What the part proposes for a meeting's agenda (AgendaWindow -> suggestions): a fixed number of
    # statements whatever the case's size.
    agenda_items: Callable[[AgendaWindow], list[AgendaSuggestion]] | None = None
    # The sections the part offers a progress report (see ReportSection).
    report_sections: tuple[ReportSection, ...] = ()
    extra: dict = field(default_factory=dict)


def register_part(app: Flask, part: CasePart) -> None:
    parts: dict[str, CasePart] = app.extensions.setdefault(EXTENSION_KEY, {})
    if part.name in parts:
        raise ValueError(f"case part {part.name!r} is registered twice")
    parts[part.name] = part


def case_parts() -> list[CasePart]:
    """The registered parts, in registration order."""
    return list(current_app.extensions.get(EXTENSION_KEY, {}).values())


def nav_entries() -> list[NavEntry]:
    return sorted((entry for part in case_parts() for entry in part.nav), key=lambda entry: entry.position)


def dashboard_panels(case, placement: str) -> list[tuple[DashboardPanel, dict]]:
    """The panels for one column of the dashboard, each with its loaded context."""
    panels = sorted(
        (panel for part in case_parts() for panel in part.panels if panel.placement == placement),
        key=lambda panel: panel.position,
    )
    return [(panel, panel.load(case)) for panel in panels]


def case_holds_work(case_id: int) -> bool:
    return any(part.holds_work(case_id) for part in case_parts() if part.holds_work is not None)


def template_items() -> list[TemplateItem]:
    """Every part's optional template items, in registration order."""
    return [item for part in case_parts() if part.template_items is not None for item in part.template_items()]


def unknown_template_items(chosen: Collection[str]) -> list[str]:
    known = {item.key for item in template_items()}
    return [key for key in chosen if key not in known]


def case_opened(case, language: str, chosen: Collection[str] | None = None) -> None:
    """Let every part add its piece of the template to a newly opened case, named in `language`.

    `chosen` are the keys of the optional template items to add (None: all of them); each part receives
    the ones it offers.
    """
    for part in case_parts():
        if part.on_case_opened is not None:
            part.on_case_opened(case, language)
        if part.add_template_items is not None and part.template_items is not None:
            own = {item.key for item in part.template_items()}
            part.add_template_items(case, language, frozenset(own if chosen is None else own & set(chosen)))


def load_demo(context: DemoContext) -> None:
    """Let every part load its share of the demo case, in registration order; nothing is committed."""
    for part in case_parts():
        if part.load_demo is not None:
            part.load_demo(context)


def load_bench_data(context) -> None:
    """Let every part add its benchmark rows, in registration order; nothing is committed."""
    for part in case_parts():
        if part.bench_data is not None:
            part.bench_data(context)


def agenda_suggestions(window: AgendaWindow) -> list[AgendaSuggestion]:
    """Every part's proposals for a meeting's agenda, by section and in each part's own order."""
    suggestions = [
        suggestion for part in case_parts() if part.agenda_items is not None for suggestion in part.agenda_items(window)
    ]
    return sorted(suggestions, key=lambda suggestion: suggestion.position)  # stable: a part's order is kept


def report_sections() -> dict[str, ReportSection]:
    """Every part's report sections by key, in their default order."""
    sections = sorted((section for part in case_parts() for section in part.report_sections), key=lambda s: s.position)
    keys = [section.key for section in sections]
    if len(keys) != len(set(keys)):
        raise ValueError(f"report section keys are not unique: {keys}")
    return {section.key: section for section in sections}
