"""The timelines at the ends of the calendar: December 9999 has no month after it, year 1 none before."""

from datetime import date

import pytest

from arm.core.months import month_span
from arm.plans.timeline import MAX_MONTHS, build_timeline
from tests import factories
from tests.conftest import sign_in_without_password
from tests.plans.conftest import build_plan_case

LAST_DAY = date(9999, 12, 31)
FIRST_DAY = date(1, 1, 1)


def test_month_span_stops_at_the_last_month_there_is():
    assert month_span(date(9999, 11, 5), LAST_DAY, 36) == ([date(9999, 11, 1), date(9999, 12, 1)], False)
    assert month_span(date(9999, 12, 1), LAST_DAY, 36) == ([date(9999, 12, 1)], False)
    months, clipped = month_span(FIRST_DAY, LAST_DAY, 36)
    assert (months[0], months[-1], len(months), clipped) == (date(1, 1, 1), date(3, 12, 1), 36, True)
    assert month_span(date(2026, 1, 1), date(2026, 12, 31), 12) == (
        [date(2026, m, 1) for m in range(1, 13)],
        False,
    )


@pytest.mark.parametrize(
    "dates",
    [
        [(date(9999, 12, 1), LAST_DAY)],
        [(None, LAST_DAY)],
        [(LAST_DAY, None)],
        [(FIRST_DAY, date(1, 1, 2))],
        [(FIRST_DAY, LAST_DAY)],
        [(date(9999, 1, 1), LAST_DAY), (FIRST_DAY, None)],
    ],
    ids=["december-9999", "due-9999", "starts-9999", "year-1", "all-of-time", "both-ends"],
)
def test_the_plan_timeline_at_the_extremes(app, client, dates):
    people = build_plan_case()
    for action in (people.own_action, people.subgroup_action, people.other_action):
        action.starts_on = action.due_on = None
    for starts_on, due_on in dates:
        factories.ActionFactory(case=people.case, title="Äärimmäinen", starts_on=starts_on, due_on=due_on)
    from arm.extensions import db

    db.session.commit()
    sign_in_without_password(client, people.coordinator)
    for query in ("", "?q=%C3%84%C3%A4rimm%C3%A4inen", "?sort=start&dir=desc"):
        response = client.get(f"/cases/{people.case.id}/plan/timeline{query}")
        assert response.status_code == 200, query
        assert "Äärimmäinen" in response.get_data(as_text=True)


def test_build_timeline_of_the_last_month_and_of_all_time(app):
    case = factories.CaseFactory()
    last = factories.ActionFactory(case=case, starts_on=date(9999, 12, 1), due_on=LAST_DAY)
    timeline = build_timeline([last], today=date(2026, 6, 15))
    assert timeline.months == [date(9999, 12, 1)] and not timeline.clipped
    assert timeline.rows[0].cells == ["single"]
    every = factories.ActionFactory(case=case, starts_on=FIRST_DAY, due_on=LAST_DAY)
    timeline = build_timeline([every], today=date(2026, 6, 15))
    assert len(timeline.months) == MAX_MONTHS and timeline.clipped


@pytest.mark.parametrize("day", [LAST_DAY, date(9999, 12, 20), FIRST_DAY])
def test_the_wave_timeline_and_service_map_at_the_extremes(app, client, day):
    people = factories.case_with_people()
    factories.LayoffWaveFactory(case=people.case, occurs_on=day)
    sign_in_without_password(client, people.coordinator)
    for page in ("services/timeline", "services", "services/print"):
        response = client.get(f"/cases/{people.case.id}/{page}")
        assert response.status_code == 200, page
