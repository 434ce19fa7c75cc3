"""The progress area's part of a case (being built: issue 13)."""

from flask import Flask

from arm.core.parts import CasePart, register_part
from arm.progress import (
    models,  # noqa: F401 (the area's tables, loaded with the app as every area's are)
    outcome_bench,
    outcome_demo,
    outcome_report,
)

PART = CasePart(
    name="progress",
    nav=outcome_report.NAV_ENTRIES,
    panels=outcome_report.PANELS,
    holds_work=outcome_report.holds_work,
    load_demo=outcome_demo.load_demo,
    bench_data=outcome_bench.bench_data,
    report_sections=outcome_report.REPORT_SECTIONS,
)


def register(app: Flask) -> None:
    from arm.progress.views import bp

    app.register_blueprint(bp)
    register_part(app, PART)
