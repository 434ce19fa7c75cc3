"""The wave timeline by month, as data for an HTML table: waves, milestones and services on one axis."""

from dataclasses import dataclass
from datetime import date

from arm.support.services import GAP_WINDOW

MAX_MONTHS = 36


@dataclass
class ServiceRow:
    service: object
    cells: list[str]  # per month: "" or "run", "start", "due", "single"


@dataclass
class WaveTimeline:
    months: list[date]
    wave_cells: list[list]  # per month: the waves of that month
    milestone_cells: list[list]  # per month: the milestones of that month
    rows: list[ServiceRow]
    clipped: bool


def _month(day: date) -> date:
    return day.replace(day=1)


def _add_month(month: date) -> date:
    return month.replace(year=month.year + 1, month=1) if month.month == 12 else month.replace(month=month.month + 1)


def build_wave_timeline(waves, services, milestones) -> WaveTimeline:
    days = [w.occurs_on for w in waves] + [w.occurs_on + GAP_WINDOW for w in waves]
    days += [m.occurs_on for m in milestones] + [s.starts_on for s in services]
    days += [s.ends_on for s in services if s.ends_on]
    if not days:
        return WaveTimeline([], [], [], [], False)
    first, last = _month(min(days)), _month(max(days))
    months, month = [], first
    while month <= last and len(months) < MAX_MONTHS:
        months.append(month)
        month = _add_month(month)
    clipped = month <= last
    rows = []
    for service in services:
        start = _month(service.starts_on)
        end = _month(service.ends_on) if service.ends_on else None
        cells = []
        for month in months:
            if month < start or (end is not None and month > end):
                cells.append("")
            elif start == end:
                cells.append("single")
            elif month == start:
                cells.append("start")
            elif month == end:
                cells.append("due")
            else:
                cells.append("run")
        rows.append(ServiceRow(service, cells))
    return WaveTimeline(
        months=months,
        wave_cells=[[w for w in waves if _month(w.occurs_on) == month] for month in months],
        milestone_cells=[[m for m in milestones if _month(m.occurs_on) == month] for month in months],
        rows=rows,
        clipped=clipped,
    )
