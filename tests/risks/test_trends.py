"""The trend of a risk from its last two assessments, in Python and as the register reads it in SQL."""

from datetime import UTC, datetime, timedelta

import pytest

from arm.extensions import db
from arm.risks import queries
from arm.risks.heatmap import band_of, build_heat_map
from arm.risks.models import Risk, RiskAssessment, Trend, trend_of
from tests import factories


@pytest.mark.parametrize(
    ("scores", "trend"),
    [
        ([], Trend.STEADY),
        ([12], Trend.STEADY),
        ([12, 12], Trend.STEADY),
        ([15, 12], Trend.RISING),
        ([4, 12], Trend.FALLING),
        ([4, 4, 25], Trend.STEADY),  # only the last two count
        ([20, 4, 25], Trend.RISING),
    ],
)
def test_trend_of_the_last_two_scores(scores, trend):
    assert trend_of(scores) is trend


def _assess(risk, at, likelihood, impact):
    db.session.add(
        RiskAssessment(case_id=risk.case_id, risk_id=risk.id, likelihood=likelihood, impact=impact, assessed_at=at)
    )


def test_trends_in_sql_compare_the_two_newest_assessments_by_time(app):
    start = datetime(2021, 5, 1, tzinfo=UTC)
    rising = factories.RiskFactory(assessments=[])
    falling = factories.RiskFactory(case=rising.case, assessments=[])
    single = factories.RiskFactory(case=rising.case, assessments=[])
    bare = factories.RiskFactory(case=rising.case, assessments=[])
    # Written out of order: the newest by time counts, not the highest id.
    _assess(rising, start + timedelta(days=9), 4, 4)
    _assess(rising, start, 5, 5)
    _assess(rising, start + timedelta(days=5), 2, 2)
    _assess(falling, start, 3, 3)
    _assess(falling, start + timedelta(days=1), 1, 3)
    _assess(single, start, 5, 5)
    db.session.commit()
    trends = queries.trends([rising.id, falling.id, single.id, bare.id])
    assert trends == {
        rising.id: Trend.RISING,
        falling.id: Trend.FALLING,
        single.id: Trend.STEADY,
        bare.id: Trend.STEADY,
    }
    assert queries.trends([]) == {}


def test_the_score_is_derived_in_python_and_in_sql(app):
    risk = factories.RiskFactory(likelihood=4, impact=5)
    assert risk.score == 20
    assert db.session.scalar(db.select(Risk.score).where(Risk.id == risk.id)) == 20
    assert Risk(likelihood=None, impact=3).score is None


def test_heat_map_layout_and_bands():
    heat = build_heat_map({(5, 5): 2, (1, 1): 1, (3, 4): 3})
    assert heat.total == 6
    assert [cell.likelihood for cell in heat.rows[0]] == [5] * 5  # likelihood 5 at the top
    assert [cell.impact for cell in heat.rows[0]] == [1, 2, 3, 4, 5]
    by_cell = {(c.likelihood, c.impact): c for c in heat.cells}
    assert by_cell[(3, 4)].count == 3 and by_cell[(2, 2)].count == 0
    assert [band_of(score).key for score in (1, 4, 5, 9, 10, 12, 15, 25)] == [
        "low",
        "low",
        "moderate",
        "moderate",
        "high",
        "high",
        "very_high",
        "very_high",
    ]


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_band_has_text_at_aaa_contrast():
    from arm.risks.heatmap import BANDS

    for band in BANDS:
        light, dark = sorted((_luminance(band.fill), _luminance(band.text)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 7, band.key


def test_the_dashboards_one_statement_gives_the_heat_map_and_the_overdue_reviews(app):
    from datetime import date

    from arm.risks.models import RiskStatus
    from tests.conftest import count_queries

    today = date(2026, 6, 15)
    case = factories.CaseFactory()
    for days in (-9, -3, -1, 5):
        factories.RiskFactory(case=case, likelihood=2, impact=3, next_review_on=today + timedelta(days=days))
    factories.RiskFactory(case=case, likelihood=5, impact=5, next_review_on=None)
    factories.RiskFactory(case=case, likelihood=5, impact=5, status=RiskStatus.CLOSED, next_review_on=date(2020, 1, 1))
    case_id = case.id
    with count_queries(app) as statements:
        figures = queries.dashboard_figures(case_id, today, limit=2)
    assert len(statements) == 1
    assert figures.counts == {(2, 3): 4, (5, 5): 1}
    assert figures.overdue_count == 3
    assert [review.next_review_on for review in figures.overdue] == [
        today - timedelta(days=9),
        today - timedelta(days=3),
    ]
    empty = queries.dashboard_figures(factories.CaseFactory().id, today)
    assert (empty.counts, empty.overdue, empty.overdue_count) == ({}, [], 0)
