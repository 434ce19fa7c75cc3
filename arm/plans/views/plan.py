"""The plan as a whole: the list, its spreadsheet export, the view by TEM category and the timeline."""

from flask import render_template, request, url_for
from flask_babel import gettext as _

from arm.core.pagination import paginate
from arm.core.permissions import case_permission
from arm.core.saving import run_confirmed
from arm.exports.download import table_download
from arm.extensions import db
from arm.plans import figures, queries, services, spreadsheet
from arm.plans.forms import RollupForm
from arm.plans.models import ActionCategory, ActionStatus, Horizon, TargetGroup
from arm.plans.timeline import build_timeline
from arm.plans.views.blueprint import bp

FILTER_ENUMS = {
    "ActionCategory": ActionCategory,
    "Horizon": Horizon,
    "ActionStatus": ActionStatus,
    "TargetGroup": TargetGroup,
}


@bp.get("/plan")
@case_permission("plan.view")
def plan(case):
    """The action list: filters, sorting and page live in the URL so that a view can be bookmarked."""
    plan_filter = queries.PlanFilter.from_args(request.args)
    return render_template(
        "plans/plan.html",
        case=case,
        plan_filter=plan_filter,
        pagination=paginate(queries.plan_actions(case.id, plan_filter)),
        subgroups=queries.subgroups(case.id),
        people=queries.current_memberships(case.id),
        enums=FILTER_ENUMS,
    )


@bp.get("/plan/export.<any(csv, xlsx):file_format>")
@case_permission("plan.view")
def export_plan(case, file_format: str):
    plan_filter = queries.PlanFilter.from_args(request.args)
    actions = list(db.session.scalars(queries.plan_actions(case.id, plan_filter)))
    table = spreadsheet.plan_table(case, actions, plan_filter)
    return table_download(file_format, case.slug + "-" + _("toimenpidesuunnitelma"), table)


@bp.get("/plan/categories")
@case_permission("plan.view")
def categories(case):
    """The plan by TEM category, with progress rolled up the way the case has chosen."""
    settings = queries.plan_settings(case.id)
    rows = figures.category_progress(case.id, settings.is_budget_weighted)
    return render_template(
        "plans/categories.html",
        case=case,
        rows=rows,
        overall=figures.overall_progress(rows, settings.is_budget_weighted),
        settings=settings,
        rollup_form=RollupForm(progress_rollup=settings.progress_rollup),
    )


@bp.post("/plan/rollup")
@case_permission("case.edit")
def change_rollup(case):
    form = RollupForm()
    return run_confirmed(
        form,
        lambda: services.set_progress_rollup(case, form.progress_rollup.data),
        done=url_for("plans.categories", case_id=case.id),
        message=_("Edistymisen laskutapa vaihdettu."),
    )


@bp.get("/plan/timeline")
@case_permission("plan.view")
def timeline(case):
    plan_filter = queries.PlanFilter.from_args(request.args)
    plan_filter.sort = "start" if "sort" not in request.args else plan_filter.sort
    pagination = paginate(queries.plan_actions(case.id, plan_filter))
    return render_template(
        "plans/timeline.html", case=case, pagination=pagination, chart=build_timeline(pagination.items)
    )
