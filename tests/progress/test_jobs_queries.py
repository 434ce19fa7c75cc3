"""The ledger page, the company projects, the grants and the dashboard panel issue a fixed number of
statements, at 5 entries as at 1 000; the totals and the monthly series are computed from the ledger."""

from datetime import date

import pytest

from arm.progress import queries
from arm.progress.models import JobKind
from arm.progress.part import jobs_panel
from tests import factories
from tests.conftest import count_queries, sign_in_without_password
from tests.progress.jobs_helpers import bulk_company_projects, bulk_entries, entry, job_target


@pytest.mark.parametrize(
    "page", ["jobs", "jobs?kind=REALISED&verified=yes", "company-projects", "development-grants", ""]
)
def test_pages_issue_a_fixed_number_of_statements(app, client, page):
    counts = []
    for size in (5, 1000):
        people = factories.case_with_people()
        target = job_target(people.case)
        bulk_entries(target, size)
        bulk_company_projects(people.case, 3 if size == 5 else 300)
        sign_in_without_password(client, people.observer)
        url = f"/cases/{people.case.id}/{page}".rstrip("/")
        with count_queries(app) as statements:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_the_panel_issues_one_statement_whatever_the_ledger(app):
    for size in (3, 1000):
        people = factories.case_with_people()
        bulk_entries(job_target(people.case), size)
        assert people.case.id  # loaded again after the commits, before counting
        with count_queries(app) as statements:
            panel = jobs_panel(people.case)
        assert len(statements) == 1, statements
        assert panel["chart"] is not None


def test_totals_and_the_monthly_series(app):
    case = factories.CaseFactory()
    target = job_target(case)
    other = job_target(case, 200, "Toinen tavoite")
    entry(target, 486, kind=JobKind.PLANNED, dated_on=date(2023, 12, 5))
    entry(target, 226, verified=True, dated_on=date(2024, 2, 29))
    entry(target, 86, dated_on=date(2024, 2, 1))
    entry(target, 10, verified=True, dated_on=date(2024, 4, 30))
    entry(other, 5, dated_on=date(2024, 1, 1))
    entry(job_target(factories.CaseFactory()), 999)  # another case's
    first, second = queries.job_targets(case.id)
    assert (first.totals.planned, first.totals.realised, first.totals.verified) == (486, 322, 236)
    assert first.share == pytest.approx(32.2)
    assert (second.totals.realised, second.share) == (5, 2.5)
    until = queries.job_targets(case.id, until=date(2024, 3, 31))[0]
    assert (until.totals.realised, until.totals.verified) == (312, 226)
    series = queries.monthly(case.id)
    assert [queries.month_label(m) for m in series.months] == ["12/2023", "1/2024", "2/2024", "3/2024", "4/2024"]
    values = series.by_objective[target.id]
    assert values["planned"] == [486, 486, 486, 486, 486]
    assert values["realised"] == [0, 0, 312, 312, 322]
    assert values["verified"] == [0, 0, 226, 226, 236]
    combined, combined_series = queries.targets_and_series(case.id)
    assert [(t.objective.id, t.totals) for t in combined] == [
        (first.objective.id, first.totals),
        (second.objective.id, second.totals),
    ]
    assert combined_series == series
    chart = queries.job_chart(first, series)
    assert [s.label for s in chart.series][-1] == "Tavoite" and chart.series[-1].dashed
    assert queries.monthly(case.id, until=date(2024, 2, 29)).by_objective[target.id]["realised"][-1] == 312
