"""The calendar's period: a week (Monday to Sunday) or a month, read from the URL, with its neighbours."""

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _

from arm.comms.services import Occurrence
from arm.core.i18n import format_date

WEEK, MONTH = "week", "month"
# Dates the calendar can show and link to, wide enough for any case and never past what `date` holds.
FIRST_DAY, LAST_DAY = date(1990, 1, 1), date(2099, 12, 31)


@dataclass
class Period:
    view: str
    first: date
    last: date
    problems: list[str] = field(default_factory=list)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def previous_day(self) -> date | None:
        day = self.first - timedelta(days=1)
        return day if day >= FIRST_DAY else None

    @property
    def next_day(self) -> date | None:
        day = self.last + timedelta(days=1)
        return day if day <= LAST_DAY else None

    @property
    def title(self) -> str:
        if self.view == MONTH:
            return format_date(self.first, "LLLL yyyy")
        week = self.first.isocalendar().week
        return _(
            "Viikko %(week)s: %(first)s–%(last)s",
            week=week,
            first=format_date(self.first, "short"),
            last=format_date(self.last, "short"),
        )


def period_of(view: str, day: date) -> Period:
    if view == MONTH:
        return Period(MONTH, day.replace(day=1), day.replace(day=monthrange(day.year, day.month)[1]))
    monday = day - timedelta(days=day.weekday())
    return Period(WEEK, monday, monday + timedelta(days=6))


def period_from_args(args, today: date) -> Period:
    """The period the URL asks for (`view`, `date`); what it cannot use is said in `problems`."""
    problems = []
    view = args.get("view", MONTH)
    if view not in (WEEK, MONTH):
        problems.append(_("Tuntematon näkymä: näytetään kuukausi."))
        view = MONTH
    day = today
    if text := args.get("date", "").strip():
        try:
            day = date.fromisoformat(text)
        except ValueError:
            problems.append(_("Anna päivämäärä muodossa vvvv-kk-pp, esim. 2021-06-01: näytetään tämä päivä."))
        else:
            if not FIRST_DAY <= day <= LAST_DAY:
                problems.append(_("Kalenteri näyttää vuodet 1990–2099: näytetään tämä päivä."))
                day = today
    period = period_of(view, day)
    period.problems = problems
    return period


def by_day(period: Period, occurrences: list[Occurrence]) -> list[tuple[date, list[Occurrence]]]:
    """Each day of the period with its occurrences: every day of a week, only the days with something in a month."""
    found: dict[date, list[Occurrence]] = {}
    for occurrence in occurrences:
        found.setdefault(occurrence.day, []).append(occurrence)
    days = period.days if period.view == WEEK else sorted(found)
    return [(day, found.get(day, [])) for day in days]
