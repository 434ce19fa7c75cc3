"""The meeting papers as files: the agenda and the minutes as Markdown, DOCX and PDF, and the meeting (or its
weekly series) as an ICS calendar invitation.

Everything is written in the current locale's language (the user's in a request, the one the scheduler forces
with `flask_babel.force_locale` outside one), and nothing here needs a request: the PDF is rendered from the
Jinja templates `meetings/paper.html` and `meetings/paper_body.html`, with a print stylesheet read from the app's
static folder and no other URL fetched (`LocalStaticFetcher`). Times are shown in Europe/Helsinki.
"""

import io
import mimetypes
import os
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from arm.cases.models import Membership
from arm.core.i18n import format_date, format_time
from arm.core.input import without_control_characters
from arm.core.markdown import render_markdown
from arm.extensions import db
from arm.meetings import queries
from arm.meetings.models import AgendaItem, Attendance, Meeting, MeetingSeries
from arm.meetings.times import HELSINKI, local, to_utc

PAPER_KINDS = ("agenda", "minutes")
PAPER_FORMATS = ("md", "docx", "pdf")
FOOTER_MAX_LENGTH = 200
MARKDOWN_MIMETYPE = "text/markdown"
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIMETYPE = "application/pdf"
ICS_MIMETYPE = "text/calendar"
PAPER_STYLESHEET = "css/paper.css"

# Dates as people in Finland write them: "maanantai 22.6.2026", "måndag 22.6.2026"; English spells the month
# ("Monday 22 June 2026") so that nobody reads it month first. Times "13.00" in Finnish and Swedish.
# "cccc" is the weekday's standalone form: "maanantai", not the "maanantaina" of a running sentence.
DATE_PATTERNS = {"fi": "cccc d.M.yyyy", "sv": "cccc d.M.yyyy", "en": "cccc d MMMM yyyy"}
TIME_PATTERNS = {"fi": "H.mm", "sv": "H.mm", "en": "HH:mm"}
SHORT_DATE_PATTERNS = {"fi": "d.M.yyyy", "sv": "d.M.yyyy", "en": "d MMM yyyy"}

OPTION_LABELS = {
    "attendance": _l("Osallistujaluettelo"),
    "backlog": _l("Odottavat asiat"),
    "outcomes": _l("Kohtien käsittelyn tulokset"),
}
_TRUE = frozenset({"1", "on", "true", "yes", "kyllä"})
_FALSE = frozenset({"0", "off", "false", "no", "ei", ""})


class PaperOptionsError(ValueError):
    """A query argument of the papers' options that means nothing; `message` says so in the user's language."""

    def __init__(self, name: str, message: str):
        super().__init__(name)
        self.name = name
        self.message = message


def clean_footer(text: str | None) -> str:
    """One line of at most FOOTER_MAX_LENGTH characters, with no control characters."""
    text = " ".join((text or "").replace("\t", " ").split())
    return without_control_characters(text)[:FOOTER_MAX_LENGTH].strip()


@dataclass(frozen=True)
class PaperOptions:
    attendance: bool = True
    backlog: bool = False
    outcomes: bool = True
    footer: str = ""

    SWITCHES = ("attendance", "backlog", "outcomes")

    @classmethod
    def from_args(cls, args) -> "PaperOptions":
        """From a query string: each switch "1" or "0" (also on/off, true/false, yes/no); when a name comes
        more than once the last value counts, so that a form can send a hidden "0" before its checkbox "1".
        A footer is made one clean line and cut at FOOTER_MAX_LENGTH. Raises PaperOptionsError."""
        values: dict = {}
        for name in cls.SWITCHES:
            given = args.getlist(name) if hasattr(args, "getlist") else [args[name]] if name in args else []
            if not given:
                continue
            value = str(given[-1]).strip().lower()
            if value in _TRUE:
                values[name] = True
            elif value in _FALSE:
                values[name] = False
            else:
                raise PaperOptionsError(
                    name,
                    _(
                        "Valinnan ”%(option)s” arvo voi olla vain 1 (otetaan mukaan) tai 0 (jätetään pois).",
                        option=OPTION_LABELS[name],
                    ),
                )
        return cls(**values, footer=clean_footer(args.get("footer")))

    def query_args(self) -> dict[str, str]:
        """The options as query arguments, for links to the files."""
        args = {name: "1" if getattr(self, name) else "0" for name in self.SWITCHES}
        if self.footer:
            args["footer"] = self.footer
        return args


# ---------------------------------------------------------------- what a paper holds


@dataclass(frozen=True)
class PaperDecision:
    text: str
    action_title: str = ""
    action_owner: str = ""
    action_due: str = ""


@dataclass(frozen=True)
class PaperItem:
    number: int
    title: str
    description: str
    presenter: str
    duration_minutes: int | None
    minutes: str
    outcome: str
    decisions: tuple[PaperDecision, ...]


@dataclass(frozen=True)
class Attendee:
    name: str
    organisation: str

    def __str__(self) -> str:
        return f"{self.name}, {self.organisation}" if self.organisation else self.name


@dataclass(frozen=True)
class AttendanceGroup:
    label: str
    people: tuple[Attendee, ...]


@dataclass(frozen=True)
class PaperAmendment:
    text: str
    item_title: str
    author: str
    created_on: str


@dataclass(frozen=True)
class Paper:
    """A meeting's agenda or minutes, every value already text in the paper's language."""

    kind: str
    language: str
    heading: str
    case_name: str
    meeting_title: str
    scope: str
    date_text: str
    when: str
    place: str
    video_link: str
    chair: str
    secretary: str
    cancelled: bool
    approved: str
    items: tuple[PaperItem, ...]
    total_minutes: int
    meeting_minutes: int
    attendance: tuple[AttendanceGroup, ...]
    backlog: tuple[PaperItem, ...]
    amendments: tuple[PaperAmendment, ...]
    options: PaperOptions = field(default_factory=PaperOptions)

    @property
    def is_minutes(self) -> bool:
        return self.kind == "minutes"

    @property
    def overrun_minutes(self) -> int:
        return max(0, self.total_minutes - self.meeting_minutes)

    @property
    def duration_summary(self) -> str:
        text = _(
            "Kohtien kestot yhteensä %(total)d min, kokouksen kesto %(length)d min.",
            total=self.total_minutes,
            length=self.meeting_minutes,
        )
        if self.overrun_minutes:
            text += " " + _("Esityslista ylittää kokouksen keston %(over)d minuutilla.", over=self.overrun_minutes)
        return text

    @property
    def details(self) -> list[tuple[str, str]]:
        """The meeting's facts as (label, value) pairs, the empty ones left out."""
        rows = [
            (_("Tapaus"), self.case_name),
            (_("Kokous"), self.scope),
            (_("Aika"), self.when),
            (_("Paikka"), self.place),
            (_("Etäyhteys"), self.video_link),
            (_("Puheenjohtaja"), self.chair),
            (_("Sihteeri"), self.secretary),
            (_("Muistio hyväksytty"), self.approved),
        ]
        return [(label, value) for label, value in rows if value]


def _language() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def _pattern(patterns: dict[str, str]) -> str:
    return patterns.get(_language(), patterns["fi"])


def format_day(day: date | datetime) -> str:
    """'maanantai 22.6.2026' (a datetime is first put in Helsinki time)."""
    if isinstance(day, datetime):
        day = local(day).date()
    return format_date(day, _pattern(DATE_PATTERNS))


def format_short_day(day: date | datetime) -> str:
    if isinstance(day, datetime):
        day = local(day).date()
    return format_date(day, _pattern(SHORT_DATE_PATTERNS))


def format_clock(moment: datetime) -> str:
    return format_time(local(moment).time(), _pattern(TIME_PATTERNS))


def meeting_when(meeting: Meeting) -> str:
    """'maanantai 22.6.2026 klo 13.00–14.30'; a meeting that ends on a later day names both days."""
    start, end = local(meeting.starts_at), local(meeting.ends_at)
    if start.date() == end.date():
        return _(
            "%(date)s klo %(start)s–%(end)s",
            date=format_day(start),
            start=format_clock(meeting.starts_at),
            end=format_clock(meeting.ends_at),
        )
    return _(
        "%(date)s klo %(start)s – %(end_date)s klo %(end)s",
        date=format_day(start),
        start=format_clock(meeting.starts_at),
        end_date=format_day(end),
        end=format_clock(meeting.ends_at),
    )


def _clean(text: str | None, *, multiline: bool = False) -> str:
    return without_control_characters(text or "", multiline=multiline).strip()


def _name(membership: Membership | None) -> str:
    if membership is None or membership.user is None:
        return ""
    return _clean(membership.user.name)


def _attendee(membership: Membership) -> Attendee:
    organisation = membership.organisation.name if membership.organisation is not None else ""
    return Attendee(_name(membership), _clean(organisation))


def _load_action_owners(meeting: Meeting) -> None:
    """The owners of the actions the decisions created, in one statement (get_meeting stops at the action)."""
    action_ids = {
        decision.action_id for item in meeting.items for decision in item.decisions if decision.action_id is not None
    }
    if not action_ids:
        return
    from arm.plans.models import Action

    list(
        db.session.scalars(
            select(Action)
            .where(Action.id.in_(action_ids))
            .options(selectinload(Action.owner).selectinload(Membership.user))
        )
    )


def _paper_item(number: int, item: AgendaItem) -> PaperItem:
    decisions = []
    for decision in item.decisions:
        action = decision.action
        decisions.append(
            PaperDecision(
                text=_clean(decision.text, multiline=True),
                action_title=_clean(action.title) if action is not None else "",
                action_owner=_name(action.owner) if action is not None else "",
                action_due=format_short_day(action.due_on) if action is not None and action.due_on else "",
            )
        )
    return PaperItem(
        number=number,
        title=_clean(item.title),
        description=_clean(item.description, multiline=True),
        presenter=_name(item.presenter),
        duration_minutes=item.duration_minutes,
        minutes=_clean(item.minutes, multiline=True),
        outcome=item.outcome.label if item.outcome is not None else "",
        decisions=tuple(decisions),
    )


def _attendance(meeting: Meeting, kind: str) -> tuple[AttendanceGroup, ...]:
    invitees = sorted(meeting.invitees, key=lambda invitee: (_name(invitee.membership).lower(), invitee.id))
    if kind == "agenda":
        people = tuple(_attendee(invitee.membership) for invitee in invitees)
        return (AttendanceGroup(_("Kutsutut"), people),) if people else ()
    groups = []
    for status in (Attendance.PRESENT, Attendance.EXCUSED, Attendance.ABSENT, None):
        people = tuple(_attendee(invitee.membership) for invitee in invitees if invitee.attendance is status)
        if people:
            groups.append(AttendanceGroup(status.label if status is not None else _("Ei kirjattu"), people))
    return tuple(groups)


def build_paper(meeting: Meeting, kind: str, options: PaperOptions, backlog_items: Iterable[AgendaItem] = ()) -> Paper:
    """What the agenda (kind "agenda") or the minutes ("minutes") of `meeting` say, in the current language.
    `meeting` comes from queries.get_meeting; at most two more statements (the decisions' action owners, the
    amendments of approved minutes), whatever the number of items."""
    if kind not in PAPER_KINDS:
        raise ValueError(kind)
    _load_action_owners(meeting)
    amendments: tuple[PaperAmendment, ...] = ()
    if kind == "minutes" and meeting.minutes_locked:
        amendments = tuple(
            PaperAmendment(
                text=_clean(amendment.text, multiline=True),
                item_title=_clean(amendment.item.title) if amendment.item is not None else "",
                author=_clean(amendment.author.name) if amendment.author is not None else "",
                created_on=format_short_day(amendment.created_at),
            )
            for amendment in queries.amendments(meeting.id)
        )
    items = tuple(_paper_item(number, item) for number, item in enumerate(meeting.items, start=1))
    return Paper(
        kind=kind,
        language=_language(),
        heading=_("Esityslista") if kind == "agenda" else _("Muistio"),
        case_name=_clean(meeting.case.title),
        meeting_title=_clean(meeting.title),
        scope=_clean(meeting.subgroup.name) if meeting.subgroup is not None else _("Koko verkosto"),
        date_text=format_day(meeting.starts_at),
        when=meeting_when(meeting),
        place=_clean(meeting.place),
        video_link=_clean(meeting.video_link),
        chair=_name(meeting.chair),
        secretary=_name(meeting.secretary),
        cancelled=meeting.cancelled,
        approved=format_short_day(meeting.minutes_approved_at) if meeting.minutes_approved_at else "",
        items=items,
        total_minutes=sum(item.duration_minutes or 0 for item in items),
        meeting_minutes=meeting.duration_minutes,
        attendance=_attendance(meeting, kind) if options.attendance else (),
        backlog=tuple(_paper_item(number, item) for number, item in enumerate(backlog_items, start=1))
        if options.backlog
        else (),
        amendments=amendments,
        options=options,
    )


# ---------------------------------------------------------------- the files


def render_paper(
    meeting: Meeting,
    kind: str,
    file_format: str,
    options: PaperOptions | None = None,
    backlog_items: Sequence[AgendaItem] = (),
) -> tuple[bytes, str, str]:
    """The agenda or the minutes of `meeting` as (content, mimetype, filename): `kind` "agenda" or "minutes",
    `file_format` "md", "docx" or "pdf". `backlog_items` (queries.backlog) are listed when options.backlog.
    Works in a bare app context; the language is the current locale's."""
    if file_format not in PAPER_FORMATS:
        raise ValueError(file_format)
    paper = build_paper(meeting, kind, options or PaperOptions(), backlog_items)
    stem = paper_filename_stem(meeting, kind)
    if file_format == "md":
        return paper_markdown(paper).encode("utf-8"), MARKDOWN_MIMETYPE, f"{stem}.md"
    if file_format == "docx":
        return paper_docx(paper), DOCX_MIMETYPE, f"{stem}.docx"
    return paper_pdf(paper), PDF_MIMETYPE, f"{stem}.pdf"


def _slug_part(text: str) -> str:
    return "-".join(text.lower().split())


def paper_filename_stem(meeting: Meeting, kind: str) -> str:
    """'kemi-2021-esityslista-2026-06-22': the case's slug, what the paper is, the meeting's day."""
    what = _("esityslista") if kind == "agenda" else _("muistio")
    return f"{meeting.case.slug}-{_slug_part(what)}-{local(meeting.starts_at).date().isoformat()}"


# Markdown


def _markdown_lines(paper: Paper) -> list[str]:
    lines = [f"# {paper.heading}: {paper.meeting_title}", ""]
    if paper.cancelled:
        lines += [f"**{_('Kokous on peruttu.')}**", ""]
    lines += [f"- **{label}:** {value}" for label, value in paper.details]
    lines.append("")
    if paper.attendance:
        lines += [f"## {_('Osallistujat') if paper.is_minutes else _('Kutsutut')}", ""]
        for group in paper.attendance:
            if paper.is_minutes:
                lines += [f"### {group.label} ({len(group.people)})", ""]
            lines += [f"- {person}" for person in group.people]
            lines.append("")
    lines += [f"## {_('Käsiteltävät asiat')}", ""]
    for item in paper.items:
        lines += _markdown_item(paper, item)
    lines += [paper.duration_summary, ""]
    if paper.options.backlog:
        lines += [f"## {_('Odottavat asiat')}", ""]
        lines += [f"- {_item_line(item)}" for item in paper.backlog] or [_("Ei odottavia asioita."), ""]
        lines.append("")
    if paper.amendments:
        lines += [f"## {_('Muistion korjaukset')}", ""]
        for amendment in paper.amendments:
            lines += [f"- {_amendment_heading(amendment)}", "", _indent(amendment.text), ""]
    if paper.options.footer:
        lines += ["---", "", paper.options.footer, ""]
    return lines


def _item_line(item: PaperItem) -> str:
    facts = [fact for fact in (_presenter_text(item), _duration_text(item)) if fact]
    return f"{item.title} ({', '.join(facts)})" if facts else item.title


def _presenter_text(item: PaperItem) -> str:
    return _("Esittelijä: %(name)s", name=item.presenter) if item.presenter else ""


def _duration_text(item: PaperItem) -> str:
    return _("%(minutes)d min", minutes=item.duration_minutes) if item.duration_minutes is not None else ""


def _decision_action_text(decision: PaperDecision) -> str:
    if not decision.action_title:
        return ""
    facts = [
        _("vastuuhenkilö %(name)s", name=decision.action_owner) if decision.action_owner else "",
        _("valmis viimeistään %(date)s", date=decision.action_due) if decision.action_due else "",
    ]
    facts = [fact for fact in facts if fact]
    text = _("Uusi toimenpide: %(title)s", title=decision.action_title)
    return f"{text} ({', '.join(facts)})" if facts else text


def _amendment_heading(amendment: PaperAmendment) -> str:
    parts = [amendment.created_on, amendment.author, amendment.item_title]
    return " · ".join(part for part in parts if part)


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" if line else "" for line in text.splitlines())


def _markdown_item(paper: Paper, item: PaperItem) -> list[str]:
    lines = [f"### {item.number}. {item.title}", ""]
    facts = [fact for fact in (_presenter_text(item), _duration_text(item)) if fact]
    if facts:
        lines += [" · ".join(facts), ""]
    if item.description:
        lines += [item.description, ""]
    if paper.is_minutes and item.minutes:
        lines += [f"**{_('Muistiinpanot')}:**", "", item.minutes, ""]
    if paper.options.outcomes and item.outcome:
        lines += [f"**{_('Käsittelyn tulos')}:** {item.outcome}", ""]
    if paper.is_minutes and item.decisions:
        lines += [f"**{_('Päätökset')}:**", ""]
        for decision in item.decisions:
            lines.append(f"- {_one_line(decision.text)}")
            if action := _decision_action_text(decision):
                lines.append(f"  - {action}")
        lines.append("")
    return lines


def _one_line(text: str) -> str:
    return " ".join(text.split())


def paper_markdown(paper: Paper) -> str:
    return "\n".join(_markdown_lines(paper)).rstrip() + "\n"


# DOCX


class _MarkdownToDocx(HTMLParser):
    """Writes the sanitised HTML of a Markdown text (arm.core.markdown) as paragraphs: lists, headings, bold and
    italic; a link keeps its address in brackets, since a printed page cannot be clicked."""

    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph = None
        self.bold = 0
        self.italic = 0
        self.lists: list[list] = []  # [kind, number] per open list
        self.href = None
        self.link_text = ""

    def _new(self, style: str | None = None):
        self.paragraph = self.document.add_paragraph(style=style)
        return self.paragraph

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li":
            depth = max(len(self.lists), 1)
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                self._new("List Paragraph").add_run(f"{self.lists[-1][1]}. ")
            else:
                self._new("List Bullet" if depth == 1 else "List Bullet 2")
        elif tag == "p":
            if not (self.lists and self.paragraph is not None and not self.paragraph.text.strip()):
                self._new()
        elif tag in ("h3", "h4", "h5", "h6", "pre", "blockquote", "tr"):
            self._new()
            if tag.startswith("h"):
                self.bold += 1
        elif tag in ("strong", "b", "th"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()
        elif tag in ("td", "th") and self.paragraph is not None and self.paragraph.text:
            self.paragraph.add_run(" | ")
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.link_text = ""
        if tag == "th" and self.paragraph is not None and self.paragraph.text:
            self.paragraph.add_run(" | ")

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.paragraph = None
        elif tag in ("p", "li", "pre", "blockquote", "tr"):
            self.paragraph = None
        elif tag in ("h3", "h4", "h5", "h6"):
            self.bold = max(0, self.bold - 1)
            self.paragraph = None
        elif tag in ("strong", "b", "th"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "a":
            if self.href and self.href != self.link_text.strip() and self.paragraph is not None:
                self.paragraph.add_run(f" ({self.href})")
            self.href = None

    def handle_data(self, data):
        if self.paragraph is None:
            if not data.strip():
                return
            self._new()
        if self.href is not None:
            self.link_text += data
        run = self.paragraph.add_run(data)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None


def _docx_markdown(document, text: str) -> None:
    writer = _MarkdownToDocx(document)
    writer.feed(str(render_markdown(text)))
    writer.close()


def _docx_label(document, label: str, value: str = "") -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}:").bold = True
    if value:
        paragraph.add_run(f" {value}")


def _docx_attendance(document, paper: Paper) -> None:
    document.add_heading(_("Osallistujat") if paper.is_minutes else _("Kutsutut"), level=2)
    headers = [_("Nimi"), _("Organisaatio")] + ([_("Läsnäolo")] if paper.is_minutes else [])
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for group in paper.attendance:
        for person in group.people:
            values = [person.name, person.organisation] + ([group.label] if paper.is_minutes else [])
            for cell, text in zip(grid.add_row().cells, values, strict=True):
                cell.paragraphs[0].add_run(text)


def _docx_item(document, paper: Paper, item: PaperItem) -> None:
    document.add_heading(f"{item.number}. {item.title}", level=3)
    facts = [fact for fact in (_presenter_text(item), _duration_text(item)) if fact]
    if facts:
        document.add_paragraph(" · ".join(facts))
    if item.description:
        _docx_markdown(document, item.description)
    if paper.is_minutes and item.minutes:
        _docx_label(document, _("Muistiinpanot"))
        _docx_markdown(document, item.minutes)
    if paper.options.outcomes and item.outcome:
        _docx_label(document, _("Käsittelyn tulos"), item.outcome)
    if paper.is_minutes and item.decisions:
        _docx_label(document, _("Päätökset"))
        for decision in item.decisions:
            document.add_paragraph(_one_line(decision.text), style="List Bullet")
            if action := _decision_action_text(decision):
                document.add_paragraph(action, style="List Bullet 2")


def paper_docx(paper: Paper) -> bytes:
    from docx import Document

    from arm.exports.docx import _language, _page

    document = Document()
    _page(document, 1)
    _language(document)
    document.add_heading(f"{paper.heading}: {paper.meeting_title}", level=1)
    if paper.cancelled:
        document.add_paragraph().add_run(_("Kokous on peruttu.")).bold = True
    for label, value in paper.details:
        document.add_paragraph(f"{label}: {value}", style="List Bullet")

    if paper.attendance:
        _docx_attendance(document, paper)
    document.add_heading(_("Käsiteltävät asiat"), level=2)
    for item in paper.items:
        _docx_item(document, paper, item)
    document.add_paragraph(paper.duration_summary)

    if paper.options.backlog:
        document.add_heading(_("Odottavat asiat"), level=2)
        for item in paper.backlog:
            document.add_paragraph(_item_line(item), style="List Bullet")
        if not paper.backlog:
            document.add_paragraph(_("Ei odottavia asioita."))
    if paper.amendments:
        document.add_heading(_("Muistion korjaukset"), level=2)
        for amendment in paper.amendments:
            _docx_label(document, _amendment_heading(amendment))
            _docx_markdown(document, amendment.text)
    if paper.options.footer:
        document.add_paragraph(paper.options.footer)

    properties = document.core_properties
    properties.title = f"{paper.heading}: {paper.meeting_title}"
    properties.subject = paper.case_name
    properties.author = properties.last_modified_by = _("ÄRM-verkosto")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# PDF


def _weasyprint():
    """WeasyPrint, imported on first use (it loads Pango and fontconfig). Without the libharfbuzz-subset0 system
    package it warns that a future version will need it; this one renders the same, so the warning is dropped
    here rather than failing every PDF under `filterwarnings = error`."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        import weasyprint
        import weasyprint.urls

    return weasyprint


def _static_root() -> str:
    return os.path.realpath(current_app.static_folder)


def _path_to_url(path: str) -> str:
    return _weasyprint().urls.path2url(path)


def _local_static_fetcher():
    """A WeasyPrint fetcher that reads files of the app's static folder and refuses every other URL, so that
    rendering a paper never asks any host for anything (a user's Markdown link is only written, not fetched)."""
    urls = _weasyprint().urls
    URLFetcher, URLFetcherResponse = urls.URLFetcher, urls.URLFetcherResponse
    root = _static_root()

    class LocalStaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                raise ValueError(f"refused: {url}")
            path = os.path.realpath(unquote(parts.path))
            if os.path.commonpath([root, path]) != root or not os.path.isfile(path):
                raise ValueError(f"refused: {url}")
            with open(path, "rb") as file:
                body = file.read()
            mimetype = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": mimetype})

    return LocalStaticFetcher()


def paper_html(paper: Paper, stylesheet_url: str) -> str:
    return render_template("meetings/paper.html", paper=paper, stylesheet_url=stylesheet_url)


def paper_pdf(paper: Paper) -> bytes:
    HTML = _weasyprint().HTML
    root = _static_root()
    html = paper_html(paper, _path_to_url(os.path.join(root, PAPER_STYLESHEET)))
    document = HTML(string=html, base_url=_path_to_url(root + os.sep), url_fetcher=_local_static_fetcher())
    return document.write_pdf()


# ---------------------------------------------------------------- ICS


def _calendar_host() -> str:
    base = current_app.config.get("PUBLIC_BASE_URL") or ""
    return urlsplit(base).hostname or "arm.local"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.id}@{_calendar_host()}"


def series_uid(series: MeetingSeries) -> str:
    return f"meeting-series-{series.id}@{_calendar_host()}"


def _public_link(endpoint: str, **values) -> str:
    from werkzeug.routing import BuildError

    from arm.core.urls import public_url
    from config import ConfigurationError

    try:
        return public_url(endpoint, **values)
    except (ConfigurationError, BuildError):  # no public address configured: the invitation goes without a link
        return ""


def _meeting_link(meeting: Meeting) -> str:
    endpoint = "meetings.meeting" if "meetings.meeting" in current_app.view_functions else "meetings.meetings"
    values = {"meeting_id": meeting.id} if endpoint == "meetings.meeting" else {}
    return _public_link(endpoint, case_id=meeting.case_id, **values)


def _calendar():
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//ÄRM//meetings//" + _language().upper())
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    return calendar


def _location(place: str, video_link: str) -> str:
    return ", ".join(part for part in (_clean(place), _clean(video_link)) if part)


def _description(lines: list[str]) -> str:
    return "\n".join(line for line in lines if line)


def _meeting_event(meeting: Meeting, url: str):
    from icalendar import Event

    event = Event()
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", local(meeting.starts_at))
    event.add("dtend", local(meeting.ends_at))
    event.add("summary", _clean(meeting.title))
    if location := _location(meeting.place, meeting.video_link):
        event.add("location", location)
    if url:
        event.add("url", url)
    items = [f"{number}. {_clean(item.title)}" for number, item in enumerate(meeting.items, start=1)]
    event.add(
        "description",
        _description(
            [
                f"{_('Tapaus')}: {_clean(meeting.case.title)}",
                f"{_('Kokous')}: {_clean(meeting.subgroup.name) if meeting.subgroup else _('Koko verkosto')}",
                f"{_('Aika')}: {meeting_when(meeting)}",
                f"{_('Puheenjohtaja')}: {_name(meeting.chair)}" if meeting.chair else "",
                f"{_('Etäyhteys')}: {_clean(meeting.video_link)}" if meeting.video_link else "",
                f"{_('Esityslista')}:\n" + "\n".join(items) if items else "",
                url,
            ]
        ),
    )
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    event.add("sequence", max(0, (meeting.version or 1) - 1))
    return event


def meeting_ics(meeting: Meeting, series_occurrence: bool = False) -> bytes:
    """The meeting as a calendar invitation: one VEVENT (UID meeting-ID@host). With `series_occurrence`, a
    meeting of a weekly series is written as that occurrence of the series (the series' UID and a
    RECURRENCE-ID), so that a calendar holding the series updates, or cancels, that one week only."""
    calendar = _calendar()
    event = _meeting_event(meeting, _meeting_link(meeting))
    series = meeting.series if series_occurrence else None
    if series is not None:
        event.add("uid", series_uid(series))
        event.add(
            "recurrence-id", datetime.combine(local(meeting.starts_at).date(), series.start_time, tzinfo=HELSINKI)
        )
    else:
        event.add("uid", meeting_uid(meeting))
    calendar.add_component(event)
    start = local(meeting.starts_at).date()
    calendar.add_missing_timezones(first_date=date(start.year, 1, 1), last_date=date(start.year + 2, 1, 1))
    return calendar.to_ical()


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def series_ics(series: MeetingSeries, cancelled_on: Iterable[date] = ()) -> bytes:
    """The weekly series as one VEVENT with an RRULE (UNTIL its last meeting, when it has one); the days of its
    cancelled meetings (`cancelled_on`, Helsinki dates) are left out with EXDATE."""
    from icalendar import Event

    calendar = _calendar()
    event = Event()
    first = datetime.combine(series.first_on, series.start_time, tzinfo=HELSINKI)
    event.add("uid", series_uid(series))
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", first)
    event.add("dtend", first + timedelta(minutes=series.duration_minutes))
    rule = {"freq": "weekly", "byday": WEEKDAYS[series.weekday]}
    if series.last_on is not None:
        rule["until"] = to_utc(series.last_on, series.start_time)
    event.add("rrule", rule)
    for day in sorted(set(cancelled_on)):
        event.add("exdate", datetime.combine(day, series.start_time, tzinfo=HELSINKI))
    event.add("summary", _clean(series.title))
    if location := _location(series.place, series.video_link):
        event.add("location", location)
    url = _public_link("meetings.meetings", case_id=series.case_id)
    if url:
        event.add("url", url)
    first_day = format_date(series.first_on, _pattern(DATE_PATTERNS))
    weekday = format_date(series.first_on, "EEEE")
    event.add(
        "description",
        _description(
            [
                f"{_('Tapaus')}: {_clean(series.case.title)}",
                f"{_('Kokous')}: {_clean(series.subgroup.name) if series.subgroup else _('Koko verkosto')}",
                _(
                    "Viikoittain %(weekday)s klo %(time)s, ensimmäinen kokous %(date)s.",
                    weekday=weekday,
                    time=format_time(series.start_time, _pattern(TIME_PATTERNS)),
                    date=first_day,
                ),
                f"{_('Etäyhteys')}: {_clean(series.video_link)}" if series.video_link else "",
                url,
            ]
        ),
    )
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones(first_date=date(series.first_on.year, 1, 1))
    return calendar.to_ical()


def cancelled_days(series: MeetingSeries) -> list[date]:
    """The Helsinki dates of the series' cancelled meetings, in one statement."""
    moments = db.session.scalars(
        select(Meeting.starts_at).where(Meeting.series_id == series.id, Meeting.cancelled.is_(True))
    )
    return [local(moment).date() for moment in moments]


def ics_filename(meeting: Meeting, *, series: bool = False) -> str:
    if series:
        return f"{meeting.case.slug}-{_slug_part(_('kokoussarja'))}.ics"
    return f"{meeting.case.slug}-{_slug_part(_('kokous'))}-{local(meeting.starts_at).date().isoformat()}.ics"
