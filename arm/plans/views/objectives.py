"""The plan's objectives: the list with each objective's actions and progress, and their forms."""

from flask import render_template, request, url_for
from flask_babel import gettext as _

from arm.core.forms import ConfirmForm
from arm.core.permissions import case_permission
from arm.core.saving import Versioned, run_confirmed, save_form
from arm.plans import objectives, queries
from arm.plans.forms import ObjectiveForm
from arm.plans.views.blueprint import bp


def _list_url(case_id: int, objective=None) -> str:
    anchor = f"#objective-{objective.id}" if objective is not None else ""
    return url_for("plans.objectives", case_id=case_id) + anchor


@bp.get("/objectives", endpoint="objectives")
@case_permission("plan.view")
def objectives_page(case):
    return render_template(
        "plans/objectives.html",
        case=case,
        objectives=objectives.objectives_with_progress(case.id),
        target_text=objectives.target_text,
        confirm_form=ConfirmForm(),
    )


def _objective_form(case, objective, *, as_saved: bool = False) -> ObjectiveForm:
    form = ObjectiveForm(
        **({"formdata": None} if as_saved else {}),
        obj=objective,
        action_ids=[link.action_id for link in objective.action_links] if objective else [],
    )
    form.announced_on = case.announced_on
    form.action_ids.choices = [(a.id, a.title) for a in queries.actions_for_choices(case.id)]
    return form


def _save_objective(case, objective):
    form = _objective_form(case, objective)
    if objective is not None and request.method == "GET":
        form.remember_loaded(objective.version)
    return save_form(
        form,
        lambda: objectives.save_objective(
            case, objective, form.data_for_service(), form.action_ids.data or [], form.loaded_version
        ),
        done=lambda saved: _list_url(case.id, saved),
        message=_("Tavoite tallennettu."),
        versioned=Versioned(
            row=lambda: objective,
            saved_form=lambda row: _objective_form(case, row, as_saved=True),
            page=lambda merge: render_template(
                "plans/objective_form.html", case=case, form=form, objective=objective, merge=merge
            ),
        )
        if objective is not None
        else None,
        template="plans/objective_form.html",
        case=case,
        objective=objective,
        merge=None,
    )


@bp.route("/objectives/new", methods=["GET", "POST"])
@case_permission("plan.edit")
def new_objective(case):
    return _save_objective(case, None)


@bp.route("/objectives/<int:objective_id>/edit", methods=["GET", "POST"])
@case_permission("plan.edit")
def edit_objective(case, objective_id: int):
    """404 when the objective belongs to another case. A save over someone else's newer save is merged."""
    return _save_objective(case, objectives.get_objective(case.id, objective_id))


@bp.post("/objectives/<int:objective_id>/delete")
@case_permission("plan.edit")
def delete_objective(case, objective_id: int):
    objective = objectives.get_objective(case.id, objective_id)
    return run_confirmed(
        ConfirmForm(),
        lambda: objectives.delete_objective(objective),
        done=_list_url(case.id),
        message=_("Tavoite poistettu: %(title)s", title=objective.title),
    )
