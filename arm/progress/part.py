"""The progress area's part of a case: the tabs of the job ledger, the outputs and the laid-off cohort, their
dashboard panels, their share of the demo case and of the benchmark rows, the job ledger's agenda proposals and
the report sections "objectives", "outputs" and "cohort"."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from arm.core.parts import CasePart, DashboardPanel, NavEntry, register_part
from arm.progress import (
    agenda,
    bench,
    demo,
    models,  # noqa: F401 (the area's tables, loaded with the app as every area's are)
    outcome_bench,
    outcome_demo,
    outcome_report,
    queries,
    report,
)


def jobs_panel(case) -> dict:
    """The job targets with their totals and the first one's chart: one statement whatever the ledger's size."""
    targets, series = queries.targets_and_series(case.id)
    return {"targets": targets, "chart": queries.job_chart(targets[0], series) if targets else None}


def holds_work(case_id: int) -> bool:
    return queries.holds_jobs(case_id) or outcome_report.holds_work(case_id)


def load_demo(context) -> None:
    demo.load_demo(context)
    outcome_demo.load_demo(context)


def bench_data(context) -> None:
    bench.bench_data(context)
    outcome_bench.bench_data(context)


PART = CasePart(
    name="progress",
    nav=(NavEntry("progress.jobs", _l("Tulokset"), 35),),  # the outputs and the cohort are in its sub-navigation
    panels=(DashboardPanel("progress/_dashboard_jobs.html", jobs_panel, 25, "wide"), *outcome_report.PANELS),
    holds_work=holds_work,
    load_demo=load_demo,
    bench_data=bench_data,
    agenda_items=agenda.agenda_items,
    report_sections=(report.SECTION, *outcome_report.REPORT_SECTIONS),
)


def register(app: Flask) -> None:
    from arm.progress.views import bp

    app.register_blueprint(bp)
    register_part(app, PART)
