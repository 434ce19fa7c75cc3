"""What a meeting paper holds, whatever its file: the options, the content built from a meeting, and the
dates, times and names as the paper writes them in the current locale (Europe/Helsinki times)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from arm.cases.models import Membership
from arm.core.i18n import format_date, format_time
from arm.core.input import without_control_characters
from arm.extensions import db
from arm.meetings import queries
from arm.meetings.models import AgendaItem, Attendance, Meeting
from arm.meetings.times import local

PAPER_KINDS = ("agenda", "minutes")
PAPER_FORMATS = ("md", "docx", "pdf")
FOOTER_MAX_LENGTH = 200
MARKDOWN_MIMETYPE = "text/markdown"
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_MIMETYPE = "application/pdf"
ICS_MIMETYPE = "text/calendar"

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


def _slug_part(text: str) -> str:
    return "-".join(text.lower().split())


def paper_filename_stem(meeting: Meeting, kind: str) -> str:
    """'kemi-2021-esityslista-2026-06-22': the case's slug, what the paper is, the meeting's day."""
    what = _("esityslista") if kind == "agenda" else _("muistio")
    return f"{meeting.case.slug}-{_slug_part(what)}-{local(meeting.starts_at).date().isoformat()}"
