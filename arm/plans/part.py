"""The action plan's part of a case: its tabs, its dashboard panels, the Kemi model's subgroups it offers the
template and its share of the demo case."""

from dataclasses import dataclass

from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, union_all

from arm.core.parts import CasePart, DashboardPanel, NavEntry, TemplateItem, register_part
from arm.extensions import db
from arm.plans import agenda, bench, demo, figures, funding_report, queries, report
from arm.plans.models import Action, ProgressRollup, Project, Resource, Subgroup


@dataclass(frozen=True)
class TemplateSubgroup:
    key: str
    name: str
    purpose: str
    is_crisis_group: bool = False


def template_subgroups() -> list[TemplateSubgroup]:
    """The Kemi model's three subgroups and its crisis group, in the current locale.

    Kemi's working group split into these three subgroups (seeds 000 and 001) and gathered the
    'Veitsiluoto kriisityöryhmä' in summer 2021 to support the laid off and their families personally
    (seed 002). They are a model from one case, not a TEM rule: the opener chooses which to create.
    """
    return [
        TemplateSubgroup(
            "environment_subgroup",
            _("Toimintaympäristö ja TKI-toiminta"),
            _("Toimintaympäristön kehittäminen, tutkimus-, kehitys- ja innovaatiotoiminta sekä investoinnit."),
        ),
        TemplateSubgroup(
            "people_subgroup",
            _("Henkilöihin kohdistuvat toimenpiteet"),
            _("Irtisanottujen ja muiden työnhakijoiden uudelleentyöllistyminen, koulutus ja hyvinvointi."),
        ),
        TemplateSubgroup(
            "companies_subgroup",
            _("Yrityksiin kohdistuvat toimenpiteet"),
            _("Yritysten kasvu, uudet työpaikat, alihankintaverkoston tuki ja sijoittumiset alueelle."),
        ),
        TemplateSubgroup(
            "crisis_group",
            _("Kriisityöryhmä"),
            _(
                "Psykososiaalinen tuki irtisanotuille ja heidän perheilleen henkilökohtaisesti: sosiaalityö, "
                "seurakunta, psykiatrinen hoito, työterveyshuolto ja järjestöt."
            ),
            is_crisis_group=True,
        ),
    ]


def template_items() -> tuple[TemplateItem, ...]:
    """The template's subgroups as the open-case form offers them, named in the opener's UI language."""
    return tuple(TemplateItem(subgroup.key, subgroup.name) for subgroup in template_subgroups())


def add_template_subgroups(case, language: str, chosen: frozenset[str]) -> None:
    """The chosen template subgroups named in the language the opener chose (bilingual municipalities work
    in either), whatever the opener's own UI language."""
    with force_locale(language):
        subgroups = [subgroup for subgroup in template_subgroups() if subgroup.key in chosen]
    for position, subgroup in enumerate(subgroups):
        db.session.add(
            Subgroup(
                case_id=case.id,
                name=subgroup.name,
                purpose=subgroup.purpose,
                is_crisis_group=subgroup.is_crisis_group,
                position=position,
            )
        )
    db.session.flush()


def plan_health_panel(case) -> dict:
    """Actions by status, progress by TEM category (with the case's rollup) and the latest updates: two
    statements."""
    rollup, health, categories = figures.plan_figures_and_rollup(case.id)
    return {
        "health": health,
        "categories": categories,
        "overall": figures.overall_progress(categories, rollup is ProgressRollup.BUDGET_WEIGHTED),
        "rollup": rollup,
        "updates": queries.recent_updates(case.id),
    }


def holds_work(case_id: int) -> bool:
    """Actions, projects or resources: the template's subgroups alone are no work to lose."""
    statement = union_all(*(select(model.id).where(model.case_id == case_id) for model in (Action, Project, Resource)))
    return db.session.scalar(statement.limit(1)) is not None


def subgroups_panel(case) -> dict:
    return {"subgroups": queries.subgroup_names(case.id)}


PART = CasePart(
    name="plans",
    nav=(
        NavEntry("plans.my_actions", _l("Omat toimenpiteet"), 20),
        NavEntry("plans.plan", _l("Toimenpidesuunnitelma"), 30),
    ),
    panels=(
        DashboardPanel("plans/_dashboard_health.html", plan_health_panel, 20, "wide"),
        DashboardPanel("plans/_dashboard_subgroups.html", subgroups_panel, 20, "side"),
    ),
    template_items=template_items,
    add_template_items=add_template_subgroups,
    holds_work=holds_work,
    load_demo=demo.load_demo,
    bench_data=bench.bench_data,
    agenda_items=agenda.agenda_items,
    report_sections=(*report.SECTIONS, *funding_report.SECTIONS),
)


def register(app: Flask) -> None:
    from arm.plans.views import bp

    app.register_blueprint(bp)
    register_part(app, PART)
