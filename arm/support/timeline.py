"""The wave timeline by month, as data for an HTML table: waves, milestones and services on one axis."""

from dataclasses import dataclass
from datetime import date

from arm.core.months import days_after, month_of, month_span
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


def build_wave_timeline(waves, services, milestones) -> WaveTimeline:
    days = [w.occurs_on for w in waves] + [days_after(w.occurs_on, GAP_WINDOW) for w in waves]
    days += [m.occurs_on for m in milestones] + [s.starts_on for s in services]
    days += [s.ends_on for s in services if s.ends_on]
    if not days:
        return WaveTimeline([], [], [], [], False)
    first, last = month_of(min(days)), month_of(max(days))
    months, clipped = month_span(first, last, MAX_MONTHS)
    rows = []
    for service in services:
        start = month_of(service.starts_on)
        end = month_of(service.ends_on) if service.ends_on else None
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
        wave_cells=[[w for w in waves if month_of(w.occurs_on) == month] for month in months],
        milestone_cells=[[m for m in milestones if month_of(m.occurs_on) == month] for month in months],
        rows=rows,
        clipped=clipped,
    )
