"""The wave timeline's month axis: waves, milestones and services in their months."""

from datetime import date

from arm.cases.models import LayoffWave
from arm.support.models import MilestoneKind, ServiceKind, SupportService, WaveMilestone
from arm.support.timeline import MAX_MONTHS, build_wave_timeline


def test_months_run_from_the_first_day_to_the_end_of_the_last_waves_window():
    wave = LayoffWave(id=1, occurs_on=date(2021, 3, 20), headcount=200)
    open_ended = SupportService(name="A", kind=ServiceKind.EMPLOYMENT, starts_on=date(2021, 1, 5))
    short = SupportService(name="B", kind=ServiceKind.EDUCATION, starts_on=date(2021, 2, 1), ends_on=date(2021, 2, 20))
    milestone = WaveMilestone(wave_id=1, kind=MilestoneKind.INFO_SESSION, occurs_on=date(2021, 3, 22))
    chart = build_wave_timeline([wave], [open_ended, short], [milestone])
    assert chart.months == [date(2021, 1, 1), date(2021, 2, 1), date(2021, 3, 1), date(2021, 4, 1)]  # 20.3. + 14 days
    assert chart.wave_cells == [[], [], [wave], []]
    assert chart.milestone_cells == [[], [], [milestone], []]
    assert [row.cells for row in chart.rows] == [["start", "run", "run", "run"], ["", "single", "", ""]]
    assert chart.clipped is False


def test_a_long_axis_is_clipped():
    service = SupportService(
        name="A", kind=ServiceKind.EMPLOYMENT, starts_on=date(2020, 1, 1), ends_on=date(2025, 1, 1)
    )
    chart = build_wave_timeline([], [service], [])
    assert len(chart.months) == MAX_MONTHS and chart.clipped is True


def test_nothing_dated_gives_an_empty_axis():
    assert build_wave_timeline([], [], []).months == []
