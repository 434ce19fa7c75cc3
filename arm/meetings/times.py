"""Meeting times: stored in UTC, typed and shown as Europe/Helsinki wall-clock time.

A weekly series keeps its wall-clock hour across the change to and from summer time, so each occurrence is
computed from the local date and hour, not by adding 7 × 24 hours.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")


def to_utc(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=HELSINKI).astimezone(UTC)


def local(moment: datetime) -> datetime:
    return moment.astimezone(HELSINKI)


def local_date(moment: datetime) -> date:
    return local(moment).date()


def first_on_or_after(day: date, weekday: int) -> date:
    """The first date on or after `day` that falls on `weekday` (Monday 0)."""
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def occurrences(first_on: date, weekday: int, after: date, count: int, last_on: date | None = None) -> list[date]:
    """Up to `count` dates of a weekly series, on or after `after`, none past `last_on`."""
    day = first_on_or_after(max(first_on, after), weekday)
    days = []
    while len(days) < count and (last_on is None or day <= last_on):
        days.append(day)
        day += timedelta(days=7)
    return days
