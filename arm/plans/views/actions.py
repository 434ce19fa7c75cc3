"""One action: its page, its form with the edit-conflict page, quick updates, following and resources."""

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from arm.cases import queries as case_queries
from arm.core.forms import ConfirmForm, with_empty_choice
from arm.core.permissions import case_permission, require
from arm.core.queries import get_in_case
from arm.core.saving import Versioned, run_confirmed, save_form
from arm.core.urls import int_arg
from arm.extensions import db
from arm.plans import objectives, queries, services
from arm.plans import resources as plan_resources
from arm.plans.forms import ActionForm, NoteForm, ProgressForm, ResourceUseForm
from arm.plans.models import ActionResource, ActionUpdate, Resource
from arm.plans.views.blueprint import bp
from arm.plans.views.my_actions import my_actions_page, progress_form_for


def _fill_action_choices(form: ActionForm, case_id: int) -> None:
    form.subgroup_id.choices = with_empty_choice([(s.id, s.name) for s in queries.subgroups(case_id)])
    form.owner_organisation_id.choices = with_empty_choice(
        [(o.id, o.name) for o in case_queries.current_network_organisations(case_id)]
    )
    form.owner_id.choices = with_empty_choice(
        [(m.id, f"{m.user.name} ({m.organisation.name})") for m in queries.current_memberships(case_id)]
    )
    form.objective_ids.choices = objectives.objective_choices(case_id)


def _action_url(action, anchor: str = "") -> str:
    return url_for("plans.action", case_id=action.case_id, action_id=action.id) + anchor


@bp.route("/actions/new", methods=["GET", "POST"])
@case_permission("plan.edit")
def new_action(case):
    form = ActionForm(subgroup_id=int_arg("subgroup"))
    _fill_action_choices(form, case.id)

    def create():
        action = services.create_action(case, form.data_for_service(), form.funders.data or [])
        objectives.set_action_objectives(action, form.objective_ids.data or [])
        return action

    return save_form(
        form,
        create,
        done=_action_url,
        message=_("Toimenpide lisätty."),
        template="plans/action_form.html",
        case=case,
        action=None,
    )


def _action_page(case, action, progress_form=None, resource_form=None, note_forms=None) -> str:
    resource_form = resource_form or ResourceUseForm()
    resource_form.resource_id.choices = [
        (r.id, f"{r.organisation.name}: {r.description}") for r, _ in plan_resources.resources(case.id)
    ]
    return render_template(
        "plans/action.html",
        case=case,
        action=action,
        timeline=queries.action_timeline(
            action, None if request.args.get("timeline") == "all" else queries.TIMELINE_LENGTH
        ),
        projects=queries.action_projects(action.id),
        objectives=objectives.action_objectives(action.id),
        uses=plan_resources.action_resource_uses(action.id),
        is_following=action.id in queries.followed_action_ids(case.id, current_user.id),
        progress_form=progress_form or progress_form_for(action),
        resource_form=resource_form,
        confirm_form=ConfirmForm(),
        note_forms=note_forms or {},
        note_form=NoteForm,
    )


@bp.get("/actions/<int:action_id>")
@case_permission("plan.view")
def action(case, action_id: int):
    """404 when the action belongs to another case."""
    return _action_page(case, queries.get_action(case.id, action_id))


def _action_form_for(action, *, as_saved: bool = False) -> ActionForm:
    """The action's form: as submitted, or (`as_saved`) filled from the action as saved, whatever the request."""
    form = ActionForm(
        **({"formdata": None} if as_saved else {}),
        obj=action,
        funders=action.funders,
        objective_ids=[o.id for o in objectives.action_objectives(action.id)],
    )
    _fill_action_choices(form, action.case_id)
    return form


@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
@case_permission("plan.edit")
def edit_action(case, action_id: int):
    """A save over someone else's newer save goes through the three-way merge: only fields both changed
    need a choice, on the merge page (409)."""
    action = queries.get_action(case.id, action_id)
    form = _action_form_for(action)
    if request.method == "GET":
        form.remember_loaded(action.version)

    def update():
        services.update_action(
            action, current_user, form.loaded_version or 0, form.data_for_service(), form.funders.data or []
        )
        objectives.set_action_objectives(action, form.objective_ids.data or [])

    return save_form(
        form,
        update,
        done=_action_url(action),
        message=_("Toimenpide tallennettu."),
        versioned=Versioned(
            row=lambda: action,
            saved_form=lambda row: _action_form_for(row, as_saved=True),
            page=lambda merge: render_template(
                "plans/conflict.html", case=case, form=form, current=action, merge=merge
            ),
        ),
        template="plans/action_form.html",
        case=case,
        action=action,
    )


@bp.post("/actions/<int:action_id>/progress")
@case_permission("action.update")
def record_progress(case, action_id: int):
    """Members may update their own and their subgroups' actions; others get 403. An update made on an
    older version is merged: it is saved unless someone else changed the status or progress meanwhile."""
    action = queries.get_action(case.id, action_id)
    require("action.update", case.id, action)
    from_my_actions = request.form.get("back") == "my-actions"
    prefix = f"a{action.id}" if from_my_actions else ""
    form = ProgressForm(prefix=prefix)

    def page() -> str:
        if from_my_actions:
            return my_actions_page(case, errored={action.id: form})
        return _action_page(case, action, progress_form=form)

    def conflict_page(merge) -> str:
        form.form_errors.append(
            _(
                "Joku muu päivitti toimenpiteen tilaa tai edistymistä juuri. "
                "Tarkista nykyinen tila ja lähetä päivityksesi uudelleen."
            )
        )
        return page()

    return save_form(
        form,
        lambda: services.record_progress(
            action,
            current_user,
            status=form.status.data,
            progress=form.progress.data,
            note=form.note.data or "",
            expected_version=form.loaded_version,
        ),
        done=(
            url_for("plans.my_actions", case_id=case.id) + f"#action-{action.id}"
            if from_my_actions
            else _action_url(action)
        ),
        message=_("Päivitys tallennettu: %(title)s", title=action.title),
        versioned=Versioned(
            row=lambda: action,
            saved_form=lambda row: progress_form_for(row, prefix=prefix),
            page=conflict_page,
        ),
        render=page,
    )


@bp.post("/actions/<int:action_id>/follow")
@case_permission("action.follow")
def follow(case, action_id: int):
    action = queries.get_action(case.id, action_id)
    following = request.form.get("follow") != "0"
    return run_confirmed(
        ConfirmForm(),
        lambda: (services.follow if following else services.unfollow)(action, current_user),
        done=_action_url(action),
        message=_("Seuraat nyt tätä toimenpidettä: sen muutokset näkyvät syötteessäsi.")
        if following
        else _("Et enää seuraa tätä toimenpidettä."),
    )


@bp.post("/actions/<int:action_id>/delete")
@case_permission("plan.edit")
def delete_action(case, action_id: int):
    action = queries.get_action(case.id, action_id)
    return run_confirmed(
        ConfirmForm(),
        lambda: services.delete_action(action),
        done=url_for("plans.plan", case_id=case.id),
        message=_("Toimenpide poistettu: %(title)s", title=action.title),
    )


@bp.post("/actions/<int:action_id>/resources")
@case_permission("action.update")
def use_resource(case, action_id: int):
    action = queries.get_action(case.id, action_id)
    require("action.update", case.id, action)
    form = ResourceUseForm()
    form.resource_id.choices = [(r.id, r.description) for r, _ in plan_resources.resources(case.id)]
    return save_form(
        form,
        lambda: plan_resources.use_resource(action, db.get_or_404(Resource, form.resource_id.data), form.amount.data),
        done=_action_url(action, "#resources"),
        message=_("Resurssi lisätty toimenpiteelle."),
        render=lambda: _action_page(case, action, resource_form=form),
    )


@bp.post("/actions/<int:action_id>/resources/<int:use_id>/delete")
@case_permission("action.update")
def stop_using_resource(case, action_id: int, use_id: int):
    action = queries.get_action(case.id, action_id)
    require("action.update", case.id, action)
    use = db.one_or_404(
        db.select(ActionResource).where(ActionResource.id == use_id, ActionResource.action_id == action.id)
    )
    return run_confirmed(
        ConfirmForm(),
        lambda: plan_resources.stop_using_resource(use),
        done=_action_url(action, "#resources"),
        message=_("Resurssi poistettu toimenpiteeltä."),
    )


def _own_update(case, action_id: int, update_id: int):
    """404 when the update is not of this case's action; 403 unless its author or a coordinator."""
    action = queries.get_action(case.id, action_id)
    update = get_in_case(ActionUpdate, update_id, case.id)
    if update.action_id != action.id:
        abort(404)
    require("update.correct", case.id, update)
    return action, update


@bp.post("/actions/<int:action_id>/updates/<int:update_id>/note")
@case_permission("update.correct")
def correct_note(case, action_id: int, update_id: int):
    action, update = _own_update(case, action_id, update_id)
    form = NoteForm(prefix=f"u{update.id}")
    return save_form(
        form,
        lambda: services.correct_note(update, form.note.data or ""),
        done=_action_url(action, f"#update-{update.id}"),
        message=_(
            "Huomio korjattu. Muutoshistoria säilyttää aiemman sanamuodon; poista se, jos siinä on henkilötietoja."
        ),
        render=lambda: _action_page(case, action, note_forms={update.id: form}),
    )


@bp.post("/actions/<int:action_id>/updates/<int:update_id>/redact")
@case_permission("update.correct")
def redact_note(case, action_id: int, update_id: int):
    action, update = _own_update(case, action_id, update_id)
    return run_confirmed(
        ConfirmForm(),
        lambda: services.redact_note(update),
        done=_action_url(action, f"#update-{update.id}"),
        message=_("Huomio poistettu myös muutoshistoriasta. Poisto on kirjattu, sen sisältö ei."),
    )
