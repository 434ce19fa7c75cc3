"""The service map's part of a case: its tab, its dashboard panel and its share of the demo case."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from arm.core.parts import CasePart, DashboardPanel, NavEntry, register_part
from arm.support import bench, demo, queries, services


def gaps_panel(case) -> dict:
    """The waves that start with a kind of service missing: one statement, none for a case without waves (the
    dashboard has loaded the case's waves already)."""
    waves = case.layoff_waves
    coverage = services.wave_coverage(waves, queries.services(case.id)) if waves else []
    return {"gapped": [c for c in coverage if c.missing_kinds]}


PART = CasePart(
    name="support",
    nav=(NavEntry("support.service_map", _l("Palvelut"), 55),),
    panels=(DashboardPanel("support/_dashboard_gaps.html", gaps_panel, 30, "side"),),
    holds_work=queries.holds_services,
    load_demo=demo.load_demo,
    bench_data=bench.bench_data,
)


def register(app: Flask) -> None:
    from arm.support.views import bp

    app.register_blueprint(bp)
    register_part(app, PART)
