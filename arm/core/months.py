"""Calendar months for the timelines: the first day of each month from one date to another."""

from datetime import MAXYEAR, date, timedelta


def month_of(day: date) -> date:
    return day.replace(day=1)


def month_span(first: date, last: date, limit: int) -> tuple[list[date], bool]:
    """The months from `first`'s to `last`'s, at most `limit` of them, and whether later ones were left out.

    The month after December 9999 does not exist (dates end there): the span stops at it.
    """
    months, month = [], month_of(first)
    while month <= last and len(months) < limit:
        months.append(month)
        if (month.year, month.month) == (MAXYEAR, 12):
            break
        month = (
            month.replace(year=month.year + 1, month=1) if month.month == 12 else month.replace(month=month.month + 1)
        )
    return months, bool(months) and months[-1] < month_of(last)


def days_after(day: date, delta: timedelta) -> date:
    """`day + delta`, or the last date there is when that would be after December 9999."""
    return day + delta if date.max - day >= delta else date.max
