"""The risk register's part of a case: its tab, its dashboard panel, the starter risks it offers the template,
its share of the demo case and its benchmark rows. It also makes risks commentable (arm.core.comments)."""

from datetime import date

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l

from arm.core.comments import register_commentable
from arm.core.parts import CasePart, DashboardPanel, NavEntry, TemplateItem, register_part
from arm.risks import agenda, bench, demo, queries, report, services
from arm.risks.heatmap import build_heat_map
from arm.risks.models import Risk


def template_items() -> tuple[TemplateItem, ...]:
    return (TemplateItem("starter_risks", _l("Riskirekisterin aloitusriskit Kemin opeista (ehdotuksina)")),)


def risks_panel(case) -> dict:
    """The heat map and the overdue reviews: one statement whatever the number of risks."""
    figures = queries.dashboard_figures(case.id, date.today())
    return {
        "heat_map": build_heat_map(figures.counts),
        "overdue": figures.overdue,
        "overdue_count": figures.overdue_count,
    }


PART = CasePart(
    name="risks",
    nav=(NavEntry("risks.register", _l("Riskit"), 65),),
    panels=(DashboardPanel("risks/_dashboard_risks.html", risks_panel, 40, "wide"),),
    template_items=template_items,
    add_template_items=services.add_starter_risks,
    holds_work=queries.holds_risks,
    load_demo=demo.load_demo,
    bench_data=bench.bench_data,
    agenda_items=agenda.agenda_items,
    report_sections=report.SECTIONS,
)


def register(app: Flask) -> None:
    from arm.risks.views import bp

    app.register_blueprint(bp)
    register_part(app, PART)
    register_commentable(
        services.COMMENT_ENTITY,
        Risk,
        url=lambda risk: url_for("risks.risk", case_id=risk.case_id, risk_id=risk.id),
    )
