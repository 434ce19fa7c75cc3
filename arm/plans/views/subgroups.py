"""Subgroups (alatyöryhmät) and the crisis group."""

from flask import render_template, request, url_for
from flask_babel import gettext as _

from arm.core.forms import with_empty_choice
from arm.core.pagination import paginate
from arm.core.permissions import case_permission
from arm.core.saving import save_form
from arm.plans import queries, services
from arm.plans.forms import SubgroupForm
from arm.plans.models import Subgroup
from arm.plans.views.blueprint import bp


@bp.get("/subgroups")
@case_permission("plan.view")
def subgroups(case):
    return render_template(
        "plans/subgroups.html",
        case=case,
        subgroups=queries.subgroups(case.id),
        counts=queries.subgroup_action_counts(case.id),
    )


def _save_subgroup(case, subgroup: Subgroup | None):
    form = SubgroupForm(obj=subgroup)
    if subgroup is not None and request.method == "GET":
        form.member_ids.data = [m.membership_id for m in subgroup.current_members]
    people = [(m.id, f"{m.user.name} ({m.organisation.name})") for m in queries.current_memberships(case.id)]
    form.chair_id.choices = with_empty_choice(people)
    form.member_ids.choices = people
    return save_form(
        form,
        lambda: services.save_subgroup(
            case,
            subgroup,
            name=form.name.data,
            purpose=form.purpose.data or "",
            chair_id=form.chair_id.data,
            rhythm=form.rhythm.data,
            member_ids=form.member_ids.data or [],
            is_crisis_group=subgroup.is_crisis_group if subgroup else False,
        ),
        done=lambda saved: url_for("plans.subgroup", case_id=case.id, subgroup_id=saved.id),
        message=_("Alatyöryhmä tallennettu."),
        template="plans/subgroup_form.html",
        case=case,
        subgroup=subgroup,
    )


@bp.route("/subgroups/new", methods=["GET", "POST"])
@case_permission("plan.edit")
def new_subgroup(case):
    return _save_subgroup(case, None)


@bp.route("/subgroups/<int:subgroup_id>/edit", methods=["GET", "POST"])
@case_permission("plan.edit")
def edit_subgroup(case, subgroup_id: int):
    """404 when the subgroup belongs to another case."""
    return _save_subgroup(case, queries.get_subgroup(case.id, subgroup_id))


@bp.get("/subgroups/<int:subgroup_id>")
@case_permission("plan.view")
def subgroup(case, subgroup_id: int):
    """404 when the subgroup belongs to another case."""
    return render_template(
        "plans/subgroup.html",
        case=case,
        subgroup=queries.get_subgroup(case.id, subgroup_id),
        pagination=paginate(queries.plan_actions(case.id, queries.PlanFilter(subgroup_id=subgroup_id))),
    )
