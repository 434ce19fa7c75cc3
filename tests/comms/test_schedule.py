"""The dates of an item in a period: one-off, weekly and monthly (the short months too)."""

from datetime import date

import pytest

from arm.comms.models import CommsItem, Recurrence
from arm.comms.periods import period_of
from arm.comms.services import occurrences, schedule


def _item(planned_on, recurrence=Recurrence.NONE, until=None, title="Viesti") -> CommsItem:
    return CommsItem(title=title, planned_on=planned_on, recurrence=recurrence, repeats_until=until)


def test_a_one_off_item_is_on_its_day_only():
    item = _item(date(2021, 6, 21))
    assert occurrences(item, date(2021, 6, 1), date(2021, 6, 30)) == [date(2021, 6, 21)]
    assert occurrences(item, date(2021, 7, 1), date(2021, 7, 31)) == []


def test_weekly_from_its_start_until_its_end():
    item = _item(date(2021, 5, 3), Recurrence.WEEKLY, date(2021, 6, 14))
    assert occurrences(item, date(2021, 6, 1), date(2021, 6, 30)) == [date(2021, 6, 7), date(2021, 6, 14)]
    assert occurrences(item, date(2021, 4, 1), date(2021, 5, 10)) == [date(2021, 5, 3), date(2021, 5, 10)]
    assert occurrences(item, date(2021, 7, 1), date(2021, 7, 31)) == []


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        ((2021, 2), date(2021, 2, 28)),
        ((2024, 2), date(2024, 2, 29)),
        ((2021, 4), date(2021, 4, 30)),
        ((2022, 1), date(2022, 1, 31)),
    ],
)
def test_monthly_on_the_same_day_or_the_last_of_a_shorter_month(month, expected):
    item = _item(date(2021, 1, 31), Recurrence.MONTHLY)
    period = period_of("month", date(*month, 1))
    assert occurrences(item, period.first, period.last) == [expected]


def test_a_recurring_item_starts_no_earlier_than_planned():
    item = _item(date(2021, 6, 15), Recurrence.MONTHLY)
    assert occurrences(item, date(2021, 5, 1), date(2021, 6, 30)) == [date(2021, 6, 15)]


def test_the_schedule_is_in_date_order():
    weekly = _item(date(2021, 6, 2), Recurrence.WEEKLY, title="B")
    once = _item(date(2021, 6, 9), title="A")
    days = [(o.day.day, o.item.title) for o in schedule([weekly, once], date(2021, 6, 1), date(2021, 6, 14))]
    assert days == [(2, "B"), (9, "A"), (9, "B")]


def test_a_week_runs_from_monday_to_sunday():
    period = period_of("week", date(2021, 6, 23))
    assert (period.first, period.last) == (date(2021, 6, 21), date(2021, 6, 27))
    assert period.previous_day == date(2021, 6, 20) and period.next_day == date(2021, 6, 28)
