"""The cases area in the app: its blueprint, its tabs of the case navigation, how access is read, and
its share of the demo case."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from arm.cases import agenda, bench, demo, report
from arm.core.parts import CasePart, NavEntry, register_part
from arm.core.permissions import use_case_source

PART = CasePart(
    name="cases",
    nav=(
        NavEntry("cases.dashboard", _l("Yleiskuva"), 10),
        NavEntry("cases.network", _l("Verkosto"), 40),
        NavEntry("cases.waves", _l("Irtisanomisaallot"), 50),
        NavEntry("cases.history", _l("Muutoshistoria"), 90),
    ),
    load_demo=demo.load_demo,
    bench_data=bench.bench_data,
    agenda_items=agenda.agenda_items,
    report_sections=report.SECTIONS,
)


def register(app: Flask) -> None:
    from arm.cases import queries
    from arm.cases.views import bp

    app.register_blueprint(bp)
    register_part(app, PART)
    use_case_source(app, access_level=queries.access_level, load_case=queries.get_case)
