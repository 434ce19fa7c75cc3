"""The progress area's part of a case: the job ledger's tab, its dashboard panel, its share of the demo case,
its benchmark rows, its agenda proposals and its report section."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from arm.core.parts import CasePart, DashboardPanel, NavEntry, register_part
from arm.progress import (
    agenda,
    bench,
    demo,
    models,  # noqa: F401 (the area's tables, loaded with the app as every area's are)
    queries,
    report,
)


def jobs_panel(case) -> dict:
    """The job targets with their totals and the first one's chart: one statement whatever the ledger's size."""
    targets, series = queries.targets_and_series(case.id)
    return {"targets": targets, "chart": queries.job_chart(targets[0], series) if targets else None}


PART = CasePart(
    name="progress",
    nav=(NavEntry("progress.jobs", _l("Työpaikat"), 35),),
    panels=(DashboardPanel("progress/_dashboard_jobs.html", jobs_panel, 25, "wide"),),
    holds_work=queries.holds_jobs,
    load_demo=demo.load_demo,
    bench_data=bench.bench_data,
    agenda_items=agenda.agenda_items,
    report_sections=(report.SECTION,),
)


def register(app: Flask) -> None:
    from arm.progress.views import bp

    app.register_blueprint(bp)
    register_part(app, PART)
