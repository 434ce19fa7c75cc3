"""The action plan's part of a case: its tabs, its dashboard panels, its subgroups in the template and its
share of the demo case."""

from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, union_all

from arm.core.parts import CasePart, DashboardPanel, NavEntry, register_part
from arm.extensions import db
from arm.plans import demo, queries
from arm.plans.models import Action, Project, Resource, Subgroup


def template_subgroups() -> list[tuple[str, str, bool]]:
    """The Kemi plan's three subgroups and a crisis group (the Kemi model, not a TEM rule), in the current
    locale."""
    return [
        (
            _("Toimintaympäristö ja TKI-toiminta"),
            _("Toimintaympäristön kehittäminen, tutkimus-, kehitys- ja innovaatiotoiminta sekä investoinnit."),
            False,
        ),
        (
            _("Henkilöihin kohdistuvat toimenpiteet"),
            _("Irtisanottujen ja muiden työnhakijoiden uudelleentyöllistyminen, koulutus ja hyvinvointi."),
            False,
        ),
        (
            _("Yrityksiin kohdistuvat toimenpiteet"),
            _("Yritysten kasvu, uudet työpaikat, alihankintaverkoston tuki ja sijoittumiset alueelle."),
            False,
        ),
        (
            _("Kriisityöryhmä"),
            _("Akuutin vaiheen tilannekuva, nopeat päätökset ja kriisiviestintä."),
            True,
        ),
    ]


def add_template_subgroups(case, language: str) -> None:
    """The template's subgroups named in the language the opener chose (bilingual municipalities work in
    either), whatever the opener's own UI language."""
    with force_locale(language):
        subgroups = template_subgroups()
    for position, (name, purpose, is_crisis_group) in enumerate(subgroups):
        db.session.add(
            Subgroup(case_id=case.id, name=name, purpose=purpose, is_crisis_group=is_crisis_group, position=position)
        )
    db.session.flush()


def plan_health_panel(case) -> dict:
    """Actions by status, progress by TEM category and the latest updates: six statements."""
    settings = queries.plan_settings(case.id)
    categories = queries.category_progress(case.id, settings.is_budget_weighted)
    return {
        "health": queries.plan_health(case.id),
        "categories": categories,
        "overall": queries.overall_progress(categories, settings.is_budget_weighted),
        "settings": settings,
        "updates": queries.recent_updates(case.id),
    }


def holds_work(case_id: int) -> bool:
    """Actions, projects or resources: the template's subgroups alone are no work to lose."""
    statement = union_all(*(select(model.id).where(model.case_id == case_id) for model in (Action, Project, Resource)))
    return db.session.scalar(statement.limit(1)) is not None


def subgroups_panel(case) -> dict:
    return {"subgroups": queries.subgroups(case.id)}


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
    on_case_opened=add_template_subgroups,
    holds_work=holds_work,
    load_demo=demo.load_demo,
)


def register(app: Flask) -> None:
    from arm.plans.views import bp

    app.register_blueprint(bp)
    register_part(app, PART)
