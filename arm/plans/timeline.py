"""The plan's timeline by month, as data for an HTML table: readable by screen readers, no JavaScript."""

from dataclasses import dataclass
from datetime import date

from arm.core.months import month_of, month_span

MAX_MONTHS = 36


@dataclass
class TimelineRow:
    action: object
    cells: list[str]  # per month: "" (not running), "run", "start", "due", "single"; "late" marks overdue months


@dataclass
class Timeline:
    months: list[date]
    rows: list[TimelineRow]
    clipped: bool
    today: date
    today_index: int | None = None  # the column of the current month, None when it is not on the timeline


def build_timeline(actions: list, today: date | None = None) -> Timeline:
    today = today or date.today()
    dated = [a for a in actions if a.starts_on or a.due_on]
    if not dated:
        return Timeline(months=[], rows=[], clipped=False, today=today)
    first = min(month_of(a.starts_on or a.due_on) for a in dated)
    last = max(month_of(a.due_on or a.starts_on) for a in dated)
    months, clipped = month_span(first, last, MAX_MONTHS)
    rows = []
    for action in actions:
        start = month_of(action.starts_on or action.due_on) if (action.starts_on or action.due_on) else None
        end = month_of(action.due_on or action.starts_on) if start else None
        cells = []
        for month in months:
            if start is None or not start <= month <= end:
                cells.append("")
            elif start == end:
                cells.append("single")
            elif month == start:
                cells.append("start")
            elif month == end:
                cells.append("due")
            else:
                cells.append("run")
        if action.is_overdue:
            cells = [f"{cell} late" if cell else cell for cell in cells]
        rows.append(TimelineRow(action=action, cells=cells))
    this_month = month_of(today)
    today_index = months.index(this_month) if this_month in months else None
    return Timeline(months=months, rows=rows, clipped=clipped, today=today, today_index=today_index)
