"""The reports area's part of a case: its tab, the dashboard's side panel of the latest report, its share of
the demo case and its benchmark rows. It offers no report section of its own: it renders the others'."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from arm.core.parts import CasePart, DashboardPanel, NavEntry, register_part
from arm.reports import (
    bench,
    demo,
    models,  # noqa: F401 (the area's tables, loaded with the app as every area's are)
    queries,
)


def report_panel(case) -> dict:
    """The latest report: one statement."""
    return {"report": queries.latest_report(case.id)}


PART = CasePart(
    name="reports",
    nav=(NavEntry("reports.reports", _l("Raportit"), 85),),
    panels=(DashboardPanel("reports/_dashboard_report.html", report_panel, 60, "side"),),
    holds_work=queries.holds_reports,
    load_demo=demo.load_demo,
    bench_data=bench.bench_data,
)


def register(app: Flask) -> None:
    from arm.reports.views import bp

    app.register_blueprint(bp)
    register_part(app, PART)
