"""The situation picture's part of a case: its tab, its early-warning panel, its report section, its share of
the demo case and its benchmark rows."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from arm.core.parts import CasePart, DashboardPanel, NavEntry, ReportSection, register_part
from arm.situation import bench, demo, models, queries, report, services  # noqa: F401 (models: the tables)


def situation_panel(case) -> dict:
    """The flags of the indicators whose latest value breaches their threshold: fixed statements."""
    return {
        "flags": queries.early_warnings(case, services.area_codes_of(case)),
        "month_label": queries.month_label,
    }


PART = CasePart(
    name="situation",
    nav=(NavEntry("situation.picture", _l("Tilannekuva"), 58),),
    panels=(DashboardPanel("situation/_dashboard_situation.html", situation_panel, 30, "side"),),
    holds_work=queries.holds_figures,
    load_demo=demo.load_demo,
    bench_data=bench.bench_data,
    report_sections=(
        ReportSection(
            "situation",
            _l("Tilannekuva"),
            20,
            report.build_section,
            description=_l("Indikaattorit kauden viimeiseltä kuukaudelta vertailuineen, hälytykset ja kuvio."),
        ),
    ),
)


def register(app: Flask) -> None:
    from arm.situation.views import bp

    app.register_blueprint(bp)
    register_part(app, PART)
