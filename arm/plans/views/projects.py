"""Projects (hankkeet), their grants, and the funding of the whole plan."""

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _

from arm.cases import queries as case_queries
from arm.core.forms import ConfirmForm
from arm.core.permissions import case_permission
from arm.core.queries import get_in_case
from arm.core.saving import run_confirmed, save_form
from arm.plans import queries, requests, services
from arm.plans.forms import GrantForm, ProjectForm
from arm.plans.funding import funding_comparison
from arm.plans.models import Grant
from arm.plans.views.blueprint import bp


def _project_url(project, anchor: str = "") -> str:
    return url_for("plans.project", case_id=project.case_id, project_id=project.id) + anchor


@bp.get("/projects")
@case_permission("plan.view")
def projects(case):
    return render_template("plans/projects.html", case=case, projects=queries.projects(case.id))


def _save_project(case, project):
    form = ProjectForm(obj=project)
    if project is not None and request.method == "GET":
        form.implementer_ids.data = [i.organisation_id for i in project.implementers]
        form.action_ids.data = [link.action_id for link in project.action_links]
    form.implementer_ids.choices = [(o.id, o.name) for o in case_queries.current_network_organisations(case.id)]
    form.action_ids.choices = [(a.id, a.title) for a in queries.actions_for_choices(case.id)]
    return save_form(
        form,
        lambda: services.save_project(
            case,
            project,
            name=form.name.data,
            description=form.description.data or "",
            results=form.results.data or "",
            starts_on=form.starts_on.data,
            ends_on=form.ends_on.data,
            implementer_ids=form.implementer_ids.data or [],
            action_ids=form.action_ids.data or [],
        ),
        done=_project_url,
        message=_("Hanke tallennettu."),
        template="plans/project_form.html",
        case=case,
        project=project,
    )


@bp.route("/projects/new", methods=["GET", "POST"])
@case_permission("plan.edit")
def new_project(case):
    return _save_project(case, None)


@bp.route("/projects/<int:project_id>/edit", methods=["GET", "POST"])
@case_permission("plan.edit")
def edit_project(case, project_id: int):
    """404 when the project belongs to another case."""
    return _save_project(case, queries.get_project(case.id, project_id))


def _project_page(case, project, grant_form=None) -> str:
    return render_template(
        "plans/project.html",
        case=case,
        project=project,
        totals=queries.funding_totals(queries.grants_by_funder(project.grants)),
        grant_form=grant_form or GrantForm(),
        confirm_form=ConfirmForm(),
    )


@bp.get("/projects/<int:project_id>")
@case_permission("plan.view")
def project(case, project_id: int):
    """404 when the project belongs to another case."""
    return _project_page(case, queries.get_project(case.id, project_id))


@bp.post("/projects/<int:project_id>/delete")
@case_permission("plan.edit")
def delete_project(case, project_id: int):
    project = queries.get_project(case.id, project_id)
    return run_confirmed(
        ConfirmForm(),
        lambda: services.delete_project(project),
        done=url_for("plans.projects", case_id=case.id),
        message=_("Hanke poistettu."),
    )


def _save_grant(project, grant, form: GrantForm):
    return lambda: services.save_grant(
        project,
        grant,
        funder=form.funder.data,
        amount_granted=form.amount_granted.data,
        amount_used=form.amount_used.data,
        decided_on=form.decided_on.data,
        decision_number=form.decision_number.data or "",
    )


def _get_grant(project, grant_id: int) -> Grant:
    """404 when the grant is not this project's."""
    grant = get_in_case(Grant, grant_id, project.case_id)
    if grant.project_id != project.id:
        abort(404)
    return grant


@bp.post("/projects/<int:project_id>/grants")
@case_permission("plan.edit")
def add_grant(case, project_id: int):
    project = queries.get_project(case.id, project_id)
    form = GrantForm()
    return save_form(
        form,
        _save_grant(project, None, form),
        done=_project_url(project, "#grants"),
        message=_("Rahoitus lisätty."),
        render=lambda: _project_page(case, project, grant_form=form),
    )


@bp.route("/projects/<int:project_id>/grants/<int:grant_id>/edit", methods=["GET", "POST"])
@case_permission("plan.edit")
def edit_grant(case, project_id: int, grant_id: int):
    """404 when the grant is not this project's."""
    project = queries.get_project(case.id, project_id)
    grant = _get_grant(project, grant_id)
    form = GrantForm(obj=grant)
    return save_form(
        form,
        _save_grant(project, grant, form),
        done=_project_url(project, "#grants"),
        message=_("Rahoitus tallennettu."),
        template="plans/grant_form.html",
        case=case,
        project=project,
        grant=grant,
    )


@bp.post("/projects/<int:project_id>/grants/<int:grant_id>/delete")
@case_permission("plan.edit")
def delete_grant(case, project_id: int, grant_id: int):
    project = queries.get_project(case.id, project_id)
    grant = _get_grant(project, grant_id)
    return run_confirmed(
        ConfirmForm(),
        lambda: services.delete_grant(grant),
        done=_project_url(project, "#grants"),
        message=_("Rahoitus poistettu."),
    )


@bp.get("/funding")
@case_permission("plan.view")
def funding(case):
    """Planned, granted and used funding per funder; granted and used per project; each grant's decision."""
    return render_template(
        "plans/funding.html",
        case=case,
        funding=funding_comparison(case.id),
        projects=queries.projects(case.id),
        requested=requests.requests_by_funder(case.id),
    )
