"""Resources the network's organisations put in: money, premises, staff time, expertise, equipment, data."""

from flask import render_template, url_for
from flask_babel import gettext as _

from arm.cases import queries as case_queries
from arm.core.forms import ConfirmForm, with_empty_choice
from arm.core.permissions import can, case_permission, require
from arm.core.queries import get_in_case
from arm.core.saving import run_confirmed, save_form
from arm.plans import queries
from arm.plans import resources as plan_resources
from arm.plans.forms import ResourceForm
from arm.plans.models import Resource
from arm.plans.views.blueprint import bp


@bp.get("/resources")
@case_permission("plan.view")
def resources(case):
    return render_template("plans/resources.html", case=case, resources=plan_resources.resources(case.id))


def _save_resource(case, resource: Resource | None):
    form = ResourceForm(obj=resource)
    # A member records resources only for the organisation they represent: the permission helper decides.
    form.organisation_id.choices = [
        (o.id, o.name)
        for o in case_queries.current_network_organisations(case.id)
        if can("resource.manage", case.id, Resource(case_id=case.id, organisation_id=o.id))
    ]
    form.contact_id.choices = with_empty_choice(
        [(m.id, f"{m.user.name} ({m.organisation.name})") for m in queries.current_memberships(case.id)]
    )
    return save_form(
        form,
        lambda: plan_resources.save_resource(
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
        ),
        done=lambda saved: url_for("plans.resources", case_id=case.id) + f"#resource-{saved.id}",
        message=_("Resurssi tallennettu."),
        template="plans/resource_form.html",
        case=case,
        resource=resource,
        confirm_form=ConfirmForm(),
    )


@bp.route("/resources/new", methods=["GET", "POST"])
@case_permission("resource.manage")
def new_resource(case):
    return _save_resource(case, None)


def _own_resource(case, resource_id: int) -> Resource:
    """404 when the resource belongs to another case; 403 for a member of another organisation."""
    resource = get_in_case(Resource, resource_id, case.id)
    require("resource.manage", case.id, resource)
    return resource


@bp.route("/resources/<int:resource_id>/edit", methods=["GET", "POST"])
@case_permission("resource.manage")
def edit_resource(case, resource_id: int):
    """404 when the resource belongs to another case; 403 for a member of another organisation."""
    return _save_resource(case, _own_resource(case, resource_id))


@bp.post("/resources/<int:resource_id>/delete")
@case_permission("resource.manage")
def delete_resource(case, resource_id: int):
    resource = _own_resource(case, resource_id)
    return run_confirmed(
        ConfirmForm(),
        lambda: plan_resources.delete_resource(resource),
        done=url_for("plans.resources", case_id=case.id),
        message=_("Resurssi poistettu."),
    )
