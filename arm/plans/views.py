from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from arm.cases import queries as case_queries
from arm.cases.models import ProgressRollup
from arm.core.errors import ValidationError, apply_to_form
from arm.core.forms import render_form
from arm.core.pagination import paginate
from arm.core.permissions import can, case_permission, require
from arm.exports.download import table_download
from arm.extensions import db
from arm.plans import queries, services, spreadsheet
from arm.plans.forms import (
    ActionForm,
    GrantForm,
    ImportForm,
    ProgressForm,
    ProjectForm,
    ResourceForm,
    ResourceUseForm,
    RollupForm,
    SubgroupForm,
    with_empty_choice,
)
from arm.plans.models import (
    ActionCategory,
    ActionResource,
    ActionStatus,
    Grant,
    Horizon,
    Resource,
    Subgroup,
    TargetGroup,
)
from arm.plans.timeline import build_timeline

bp = Blueprint("plans", __name__, url_prefix="/cases/<int:case_id>")

FILTER_ENUMS = {
    "ActionCategory": ActionCategory,
    "Horizon": Horizon,
    "ActionStatus": ActionStatus,
    "TargetGroup": TargetGroup,
}


# The plan


@bp.get("/plan")
@case_permission("plan.view")
def plan(case_id: int):
    """The action list: filters, sorting and page live in the URL so that a view can be bookmarked."""
    case = case_queries.get_case(case_id)
    plan_filter = queries.PlanFilter.from_args(request.args)
    return render_template(
        "plans/plan.html",
        case=case,
        plan_filter=plan_filter,
        pagination=paginate(queries.plan_actions(case_id, plan_filter)),
        subgroups=queries.subgroups(case_id),
        people=queries.current_memberships(case_id),
        enums=FILTER_ENUMS,
    )


@bp.get("/plan/export.<any(csv, xlsx):file_format>")
@case_permission("plan.view")
def export_plan(case_id: int, file_format: str):
    case = case_queries.get_case(case_id)
    actions = list(db.session.scalars(queries.plan_actions(case_id, queries.PlanFilter.from_args(request.args))))
    headers, rows = spreadsheet.export_rows(actions)
    return table_download(file_format, f"{case.slug}-toimenpidesuunnitelma", "Toimenpiteet", headers, rows)


@bp.route("/plan/import", methods=["GET", "POST"])
@case_permission("plan.edit")
def import_plan(case_id: int):
    case = case_queries.get_case(case_id)
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        try:
            count = spreadsheet.import_plan(case, current_user, form.file.data.read())
        except spreadsheet.ImportRejected as rejected:
            db.session.rollback()
            report = rejected.errors
        else:
            db.session.commit()
            flash(_("Tuotiin %(count)s toimenpidettä.", count=count), "success")
            return redirect(url_for("plans.plan", case_id=case_id))
    status = 422 if report or form.errors else 200
    return render_template("plans/import.html", case=case, form=form, report=report), status


@bp.get("/plan/categories")
@case_permission("plan.view")
def categories(case_id: int):
    """The plan by TEM category, with progress rolled up the way the case has chosen."""
    case = case_queries.get_case(case_id)
    weighted = case.progress_rollup is ProgressRollup.BUDGET_WEIGHTED
    rows = queries.category_progress(case_id, weighted)
    return render_template(
        "plans/categories.html",
        case=case,
        rows=rows,
        overall=queries.overall_progress(rows, weighted),
        weighted=weighted,
        rollup_form=RollupForm(progress_rollup=case.progress_rollup),
    )


@bp.post("/plan/rollup")
@case_permission("case.edit")
def change_rollup(case_id: int):
    case = case_queries.get_case(case_id)
    form = RollupForm()
    if form.validate_on_submit():
        case.progress_rollup = form.progress_rollup.data
        db.session.commit()
        flash(_("Edistymisen laskutapa vaihdettu."), "success")
    return redirect(url_for("plans.categories", case_id=case_id))


@bp.get("/plan/timeline")
@case_permission("plan.view")
def timeline(case_id: int):
    case = case_queries.get_case(case_id)
    plan_filter = queries.PlanFilter.from_args(request.args)
    plan_filter.sort = "start" if "sort" not in request.args else plan_filter.sort
    pagination = paginate(queries.plan_actions(case_id, plan_filter))
    return render_template(
        "plans/timeline.html", case=case, pagination=pagination, chart=build_timeline(pagination.items)
    )


# Actions


def _fill_action_choices(form: ActionForm, case_id: int) -> None:
    form.subgroup_id.choices = with_empty_choice([(s.id, s.name) for s in queries.subgroups(case_id)])
    form.owner_organisation_id.choices = with_empty_choice(
        [(o.id, o.name) for o in case_queries.current_network_organisations(case_id)]
    )
    form.owner_id.choices = with_empty_choice(
        [(m.id, f"{m.user.name} ({m.organisation.name})") for m in queries.current_memberships(case_id)]
    )


@bp.route("/actions/new", methods=["GET", "POST"])
@case_permission("plan.edit")
def new_action(case_id: int):
    case = case_queries.get_case(case_id)
    form = ActionForm(subgroup_id=request.args.get("subgroup", type=int))
    _fill_action_choices(form, case_id)
    if form.validate_on_submit():
        try:
            action = services.create_action(case, current_user, form.data_for_service(), form.funders.data or [])
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Toimenpide lisätty."), "success")
            return redirect(url_for("plans.action", case_id=case_id, action_id=action.id))
    return render_form("plans/action_form.html", form, case=case, action=None)


def _action_page(case, action, status: int = 200, progress_form=None, resource_form=None):
    uses = queries.action_resource_uses(action.id)
    resource_form = resource_form or ResourceUseForm()
    resource_form.resource_id.choices = [
        (r.id, f"{r.organisation.name}: {r.description}") for r, _ in queries.resources(case.id)
    ]
    return (
        render_template(
            "plans/action.html",
            case=case,
            action=action,
            timeline=queries.action_timeline(action.id),
            uses=uses,
            is_following=action.id in queries.followed_action_ids(case.id, current_user.id),
            progress_form=progress_form
            or ProgressForm(status=action.status, progress=action.progress, version=action.version),
            resource_form=resource_form,
        ),
        status,
    )


@bp.get("/actions/<int:action_id>")
@case_permission("plan.view")
def action(case_id: int, action_id: int):
    """404 when the action belongs to another case."""
    return _action_page(case_queries.get_case(case_id), queries.get_action(case_id, action_id))


@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
@case_permission("plan.edit")
def edit_action(case_id: int, action_id: int):
    """Saving over someone else's newer save shows both versions side by side, keeping the editor's text."""
    case = case_queries.get_case(case_id)
    action = queries.get_action(case_id, action_id)
    form = ActionForm(obj=action, funders=action.funders)
    _fill_action_choices(form, case_id)
    if request.method == "GET":
        form.version.data = action.version
    if form.validate_on_submit():
        try:
            services.update_action(
                action, current_user, int(form.version.data or 0), form.data_for_service(), form.funders.data or []
            )
        except services.EditConflict as conflict:
            form.version.data = conflict.current.version
            rows = _conflict_rows(form, conflict.current)
            return render_template(
                "plans/conflict.html", case=case, form=form, current=conflict.current, rows=rows
            ), 409
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Toimenpide tallennettu."), "success")
            return redirect(url_for("plans.action", case_id=case_id, action_id=action.id))
    return render_form("plans/action_form.html", form, case=case, action=action)


def _display(field, value) -> str:
    """A value as the form shows it: choices by their label, amounts and dates as typed."""
    if value is None or value in ("", []):
        return "–"
    if isinstance(value, list):
        return ", ".join(_display(field, v) for v in value)
    if hasattr(value, "label"):
        return value.label
    if isinstance(getattr(field, "choices", None), list):
        return str(dict(field.choices).get(value, value))
    if isinstance(value, Decimal):
        return format(value, "f").replace(".", ",")
    return str(value)


def _conflict_rows(form: ActionForm, current) -> list[tuple[str, str, str, bool]]:
    """Each field's label, saved value and the editor's value, and whether they differ."""
    rows = []
    for field in form:
        if field.name in ("csrf_token", "version", "submit"):
            continue
        saved = current.funders if field.name == "funders" else getattr(current, field.name)
        rows.append((field.label.text, _display(field, saved), _display(field, field.data), saved != field.data))
    return rows


@bp.post("/actions/<int:action_id>/progress")
@case_permission("action.update")
def record_progress(case_id: int, action_id: int):
    """Members may update their own and their subgroups' actions; others get 403."""
    case = case_queries.get_case(case_id)
    action = queries.get_action(case_id, action_id)
    require("action.update", case_id, action)
    from_my_actions = request.form.get("back") == "my-actions"
    form = ProgressForm(prefix=f"a{action.id}" if from_my_actions else "")
    if form.validate_on_submit():
        try:
            services.record_progress(
                action,
                current_user,
                status=form.status.data,
                progress=form.progress.data,
                note=form.note.data or "",
                expected_version=int(form.version.data or 0) or None,
            )
        except services.EditConflict:
            form.form_errors.append(
                _("Joku muu päivitti toimenpidettä juuri. Tarkista nykyinen tila ja lähetä päivityksesi uudelleen.")
            )
            form.version.data = action.version
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Päivitys tallennettu: %(title)s", title=action.title), "success")
            if from_my_actions:
                return redirect(url_for("plans.my_actions", case_id=case_id) + f"#action-{action.id}")
            return redirect(url_for("plans.action", case_id=case_id, action_id=action.id))
    if from_my_actions:
        return _my_actions_page(case, errored={action.id: form}, status=422)
    return _action_page(case, action, 422, progress_form=form)


@bp.post("/actions/<int:action_id>/follow")
@case_permission("action.follow")
def follow(case_id: int, action_id: int):
    action = queries.get_action(case_id, action_id)
    if request.form.get("follow") == "0":
        services.unfollow(action, current_user)
        flash(_("Et enää seuraa tätä toimenpidettä."), "success")
    else:
        services.follow(action, current_user)
        flash(_("Seuraat nyt tätä toimenpidettä: sen muutokset näkyvät syötteessäsi."), "success")
    db.session.commit()
    return redirect(url_for("plans.action", case_id=case_id, action_id=action_id))


@bp.post("/actions/<int:action_id>/delete")
@case_permission("plan.edit")
def delete_action(case_id: int, action_id: int):
    action = queries.get_action(case_id, action_id)
    title = action.title
    services.delete_action(action)
    db.session.commit()
    flash(_("Toimenpide poistettu: %(title)s", title=title), "success")
    return redirect(url_for("plans.plan", case_id=case_id))


@bp.post("/actions/<int:action_id>/resources")
@case_permission("action.update")
def use_resource(case_id: int, action_id: int):
    case = case_queries.get_case(case_id)
    action = queries.get_action(case_id, action_id)
    require("action.update", case_id, action)
    form = ResourceUseForm()
    form.resource_id.choices = [(r.id, r.description) for r, _ in queries.resources(case_id)]
    if form.validate_on_submit():
        resource = db.get_or_404(Resource, form.resource_id.data)
        try:
            services.use_resource(action, resource, form.amount.data)
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Resurssi lisätty toimenpiteelle."), "success")
            return redirect(url_for("plans.action", case_id=case_id, action_id=action_id) + "#resources")
    return _action_page(case, action, 422, resource_form=form)


@bp.post("/actions/<int:action_id>/resources/<int:use_id>/delete")
@case_permission("action.update")
def stop_using_resource(case_id: int, action_id: int, use_id: int):
    action = queries.get_action(case_id, action_id)
    require("action.update", case_id, action)
    use = db.one_or_404(
        db.select(ActionResource).where(ActionResource.id == use_id, ActionResource.action_id == action.id)
    )
    services.stop_using_resource(use)
    db.session.commit()
    flash(_("Resurssi poistettu toimenpiteeltä."), "success")
    return redirect(url_for("plans.action", case_id=case_id, action_id=action_id) + "#resources")


# My actions and the feed


def _my_actions_page(case, errored: dict | None = None, status: int = 200):
    errored = errored or {}
    pagination = paginate(queries.my_actions(case.id, current_user.id))
    forms = {
        action.id: errored.get(action.id)
        or ProgressForm(prefix=f"a{action.id}", status=action.status, progress=action.progress, version=action.version)
        for action in pagination.items
    }
    my_subgroups = [s for s in queries.subgroups(case.id) if _is_in(s, current_user.id)]
    return (
        render_template(
            "plans/my_actions.html",
            case=case,
            pagination=pagination,
            forms=forms,
            my_subgroups=my_subgroups,
            followed=queries.followed_action_ids(case.id, current_user.id),
        ),
        status,
    )


def _is_in(subgroup: Subgroup, user_id: int) -> bool:
    return (subgroup.chair is not None and subgroup.chair.user_id == user_id) or any(
        m.membership.user_id == user_id for m in subgroup.members
    )


@bp.get("/my-actions")
@case_permission("plan.view")
def my_actions(case_id: int):
    """What the person owns, follows or shares through a subgroup, overdue first, each with a quick update."""
    return _my_actions_page(case_queries.get_case(case_id))


@bp.get("/feed")
@case_permission("plan.view")
def feed(case_id: int):
    case = case_queries.get_case(case_id)
    return render_template("plans/feed.html", case=case, pagination=paginate(queries.feed(case_id, current_user.id)))


# Subgroups


@bp.get("/subgroups")
@case_permission("plan.view")
def subgroups(case_id: int):
    case = case_queries.get_case(case_id)
    return render_template(
        "plans/subgroups.html",
        case=case,
        subgroups=queries.subgroups(case_id),
        counts=queries.subgroup_action_counts(case_id),
        is_in=lambda subgroup: _is_in(subgroup, current_user.id),
    )


def _fill_subgroup_choices(form: SubgroupForm, case_id: int) -> None:
    people = [(m.id, f"{m.user.name} ({m.organisation.name})") for m in queries.current_memberships(case_id)]
    form.chair_id.choices = with_empty_choice(people)
    form.member_ids.choices = people


def _save_subgroup(case_id: int, subgroup: Subgroup | None):
    case = case_queries.get_case(case_id)
    form = SubgroupForm(obj=subgroup)
    if subgroup is not None and request.method == "GET":
        form.member_ids.data = [m.membership_id for m in subgroup.members]
    _fill_subgroup_choices(form, case_id)
    if form.validate_on_submit():
        try:
            subgroup = services.save_subgroup(
                case,
                subgroup,
                name=form.name.data,
                purpose=form.purpose.data or "",
                chair_id=form.chair_id.data,
                rhythm=form.rhythm.data,
                member_ids=form.member_ids.data or [],
                is_crisis_group=subgroup.is_crisis_group if subgroup else False,
            )
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Alatyöryhmä tallennettu."), "success")
            return redirect(url_for("plans.subgroup", case_id=case_id, subgroup_id=subgroup.id))
    return render_form("plans/subgroup_form.html", form, case=case, subgroup=subgroup)


@bp.route("/subgroups/new", methods=["GET", "POST"])
@case_permission("plan.edit")
def new_subgroup(case_id: int):
    return _save_subgroup(case_id, None)


@bp.route("/subgroups/<int:subgroup_id>/edit", methods=["GET", "POST"])
@case_permission("plan.edit")
def edit_subgroup(case_id: int, subgroup_id: int):
    """404 when the subgroup belongs to another case."""
    return _save_subgroup(case_id, case_queries.get_in_case(Subgroup, subgroup_id, case_id))


@bp.get("/subgroups/<int:subgroup_id>")
@case_permission("plan.view")
def subgroup(case_id: int, subgroup_id: int):
    """404 when the subgroup belongs to another case."""
    case = case_queries.get_case(case_id)
    group = next((s for s in queries.subgroups(case_id) if s.id == subgroup_id), None)
    if group is None:
        abort(404)
    plan_filter = queries.PlanFilter(subgroup_id=subgroup_id)
    return render_template(
        "plans/subgroup.html",
        case=case,
        subgroup=group,
        pagination=paginate(queries.plan_actions(case_id, plan_filter)),
    )


# Projects and funding


def _fill_project_choices(form: ProjectForm, case_id: int) -> None:
    form.implementer_ids.choices = [(o.id, o.name) for o in case_queries.current_network_organisations(case_id)]
    form.action_ids.choices = [(a.id, a.title) for a in queries.actions_for_choices(case_id)]


@bp.get("/projects")
@case_permission("plan.view")
def projects(case_id: int):
    case = case_queries.get_case(case_id)
    return render_template("plans/projects.html", case=case, projects=queries.projects(case_id))


def _save_project(case_id: int, project):
    case = case_queries.get_case(case_id)
    form = ProjectForm(obj=project)
    if project is not None and request.method == "GET":
        form.implementer_ids.data = [i.organisation_id for i in project.implementers]
        form.action_ids.data = [link.action_id for link in project.action_links]
    _fill_project_choices(form, case_id)
    if form.validate_on_submit():
        try:
            project = services.save_project(
                case,
                project,
                name=form.name.data,
                description=form.description.data or "",
                results=form.results.data or "",
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                implementer_ids=form.implementer_ids.data or [],
                action_ids=form.action_ids.data or [],
            )
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Hanke tallennettu."), "success")
            return redirect(url_for("plans.project", case_id=case_id, project_id=project.id))
    return render_form("plans/project_form.html", form, case=case, project=project)


@bp.route("/projects/new", methods=["GET", "POST"])
@case_permission("plan.edit")
def new_project(case_id: int):
    return _save_project(case_id, None)


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@case_permission("plan.edit")
def edit_project(case_id: int, project_id: int):
    """404 when the project belongs to another case."""
    return _save_project(case_id, queries.get_project(case_id, project_id))


@bp.get("/projects/<int:project_id>")
@case_permission("plan.view")
def project(case_id: int, project_id: int):
    """404 when the project belongs to another case."""
    case = case_queries.get_case(case_id)
    return render_template(
        "plans/project.html", case=case, project=queries.get_project(case_id, project_id), grant_form=GrantForm()
    )


@bp.post("/projects/<int:project_id>/delete")
@case_permission("plan.edit")
def delete_project(case_id: int, project_id: int):
    project = queries.get_project(case_id, project_id)
    services.delete_project(project)
    db.session.commit()
    flash(_("Hanke poistettu."), "success")
    return redirect(url_for("plans.projects", case_id=case_id))


def _grant_form_data(form: GrantForm) -> dict:
    return {
        "funder": form.funder.data,
        "amount_granted": form.amount_granted.data,
        "amount_used": form.amount_used.data,
        "decided_on": form.decided_on.data,
    }


@bp.post("/projects/<int:project_id>/grants")
@case_permission("plan.edit")
def add_grant(case_id: int, project_id: int):
    case = case_queries.get_case(case_id)
    project = queries.get_project(case_id, project_id)
    form = GrantForm()
    if form.validate_on_submit():
        try:
            services.save_grant(project, None, **_grant_form_data(form))
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Rahoitus lisätty."), "success")
            return redirect(url_for("plans.project", case_id=case_id, project_id=project_id) + "#grants")
    return render_template("plans/project.html", case=case, project=project, grant_form=form), 422


@bp.route("/projects/<int:project_id>/grants/<int:grant_id>/edit", methods=["GET", "POST"])
@case_permission("plan.edit")
def edit_grant(case_id: int, project_id: int, grant_id: int):
    """404 when the grant is not this project's."""
    case = case_queries.get_case(case_id)
    project = queries.get_project(case_id, project_id)
    grant = db.one_or_404(db.select(Grant).where(Grant.id == grant_id, Grant.project_id == project.id))
    form = GrantForm(obj=grant)
    if form.validate_on_submit():
        try:
            services.save_grant(project, grant, **_grant_form_data(form))
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Rahoitus tallennettu."), "success")
            return redirect(url_for("plans.project", case_id=case_id, project_id=project_id) + "#grants")
    return render_form("plans/grant_form.html", form, case=case, project=project, grant=grant)


@bp.post("/projects/<int:project_id>/grants/<int:grant_id>/delete")
@case_permission("plan.edit")
def delete_grant(case_id: int, project_id: int, grant_id: int):
    project = queries.get_project(case_id, project_id)
    grant = db.one_or_404(db.select(Grant).where(Grant.id == grant_id, Grant.project_id == project.id))
    services.delete_grant(grant)
    db.session.commit()
    flash(_("Rahoitus poistettu."), "success")
    return redirect(url_for("plans.project", case_id=case_id, project_id=project_id) + "#grants")


@bp.get("/funding")
@case_permission("plan.view")
def funding(case_id: int):
    """Granted and used funding per funder and per project."""
    case = case_queries.get_case(case_id)
    by_funder = queries.funding_by_funder(case_id)
    return render_template(
        "plans/funding.html",
        case=case,
        by_funder=by_funder,
        totals=queries.funding_totals(by_funder),
        projects=queries.projects(case_id),
    )


# Resources


@bp.get("/resources")
@case_permission("plan.view")
def resources(case_id: int):
    case = case_queries.get_case(case_id)
    return render_template("plans/resources.html", case=case, resources=queries.resources(case_id))


def _save_resource(case_id: int, resource: Resource | None):
    case = case_queries.get_case(case_id)
    form = ResourceForm(obj=resource)
    organisations = case_queries.current_network_organisations(case_id)
    if not can("plan.edit", case_id):
        # A member records resources of the organisation they represent only.
        own = queries.current_membership(case_id, current_user.id)
        organisations = [o for o in organisations if own is not None and o.id == own.organisation_id]
    form.organisation_id.choices = [(o.id, o.name) for o in organisations]
    form.contact_id.choices = with_empty_choice(
        [(m.id, f"{m.user.name} ({m.organisation.name})") for m in queries.current_memberships(case_id)]
    )
    if form.validate_on_submit():
        try:
            resource = services.save_resource(
                case,
                resource,
                organisation_id=form.organisation_id.data,
                contact_id=form.contact_id.data,
                kind=form.kind.data,
                description=form.description.data,
                capacity=form.capacity.data,
                unit=form.unit.data or "",
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
            )
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Resurssi tallennettu."), "success")
            return redirect(url_for("plans.resources", case_id=case_id) + f"#resource-{resource.id}")
    return render_form("plans/resource_form.html", form, case=case, resource=resource)


@bp.route("/resources/new", methods=["GET", "POST"])
@case_permission("resource.manage")
def new_resource(case_id: int):
    return _save_resource(case_id, None)


@bp.route("/resources/<int:resource_id>/edit", methods=["GET", "POST"])
@case_permission("resource.manage")
def edit_resource(case_id: int, resource_id: int):
    """404 when the resource belongs to another case; 403 for a member of another organisation."""
    resource = case_queries.get_in_case(Resource, resource_id, case_id)
    require("resource.manage", case_id, resource)
    return _save_resource(case_id, resource)


@bp.post("/resources/<int:resource_id>/delete")
@case_permission("resource.manage")
def delete_resource(case_id: int, resource_id: int):
    resource = case_queries.get_in_case(Resource, resource_id, case_id)
    require("resource.manage", case_id, resource)
    services.delete_resource(resource)
    db.session.commit()
    flash(_("Resurssi poistettu."), "success")
    return redirect(url_for("plans.resources", case_id=case_id))
