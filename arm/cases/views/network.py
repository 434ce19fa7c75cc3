"""The network: its organisations and people, their access levels and roles, and the actor checklist."""

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from arm.cases import network as network_services
from arm.cases import queries, services
from arm.cases.exports import contact_table
from arm.cases.forms import (
    AccessForm,
    AddOrganisationForm,
    ChecklistForm,
    InviteForm,
    MemberDetailsForm,
    OrganisationForm,
    RoleForm,
)
from arm.cases.models import CaseOrganisation, ChecklistItem, Organisation
from arm.cases.views.blueprint import bp
from arm.cases.views.registry import BUSINESS_ID_TAKEN
from arm.core.forms import ConfirmForm, with_empty_choice
from arm.core.i18n import format_date
from arm.core.pagination import paginate
from arm.core.permissions import case_permission
from arm.core.queries import get_in_case
from arm.core.saving import run_confirmed, save_form
from arm.core.urls import int_arg
from arm.exports.download import table_download
from arm.extensions import db


@bp.get("/cases/<int:case_id>/network")
@case_permission("network.view")
def network(case):
    """People by organisation or by role, current or former; the checklist of actor types."""
    view = request.args.get("view") if request.args.get("view") in ("organisation", "role") else "organisation"
    current = request.args.get("status") != "former"
    organisation_id = int_arg("organisation")
    links = queries.network_links(case.id)
    if view == "role":
        pagination = paginate(queries.role_holders(case.id, current))
    else:
        pagination = paginate(queries.members_by_organisation(case.id, current, organisation_id))
    return render_template(
        "cases/network.html",
        case=case,
        view=view,
        current=current,
        organisation_id=organisation_id,
        links=links,
        checklist=network_services.network_checklist(case, [link for link in links if link.is_current]),
        role_counts=queries.role_counts(case.id),
        pagination=pagination,
        invitations=queries.case_invitations(case.id),
        checklist_form=ChecklistForm(),
        confirm_form=ConfirmForm(),
    )


@bp.get("/cases/<int:case_id>/network/contacts.<any(csv, xlsx):file_format>")
@case_permission("network.view")
def export_contacts(case, file_format: str):
    table = contact_table(case, queries.contact_rows(case.id))
    return table_download(file_format, case.slug + "-" + _("yhteystiedot"), table)


def _before_announcement(case, started_on) -> str:
    """A back-dated start before the case was announced is allowed, and said."""
    if case.announced_on and started_on and started_on < case.announced_on:
        return " " + _(
            "Huomaa: alkupäivä %(start)s on ennen tapauksen ilmoituspäivää %(announced)s.",
            start=format_date(started_on),
            announced=format_date(case.announced_on),
        )
    return ""


@bp.route("/cases/<int:case_id>/network/organisations/add", methods=["GET", "POST"])
@case_permission("network.manage")
def add_organisation(case):
    form = AddOrganisationForm()
    form.organisation_id.choices = with_empty_choice(
        [(o.id, o.name) for o in queries.registry_organisations(exclude_case_id=case.id)]
    )
    return save_form(
        form,
        lambda: network_services.add_organisation(
            case, db.get_or_404(Organisation, form.organisation_id.data), form.joined_on.data
        ),
        done=url_for("cases.network", case_id=case.id),
        message=lambda link: (
            _("%(name)s lisätty verkostoon.", name=link.organisation.name) + _before_announcement(case, link.joined_on)
        ),
        template="cases/add_organisation.html",
        case=case,
    )


@bp.post("/cases/<int:case_id>/network/organisations/<int:link_id>/remove")
@case_permission("network.manage")
def remove_organisation(case, link_id: int):
    """404 when the organisation is not in this case's network."""
    link = get_in_case(CaseOrganisation, link_id, case.id)
    return run_confirmed(
        ConfirmForm(),
        lambda: network_services.remove_organisation(link),
        done=url_for("cases.network", case_id=case.id),
        message=_("%(name)s poistui verkostosta; sen historia säilyy.", name=link.organisation.name),
    )


@bp.route("/cases/<int:case_id>/network/invite", methods=["GET", "POST"])
@case_permission("network.manage")
def invite(case):
    form = InviteForm()
    network = queries.current_network_organisations(case.id)
    in_network = {o.id for o in network}
    others = [o for o in queries.registry_organisations() if o.id not in in_network]
    form.organisation_id.choices = with_empty_choice(
        [(o.id, o.name) for o in network] + [(o.id, _("%(name)s (ei vielä verkostossa)", name=o.name)) for o in others]
    )

    def message(membership) -> str:
        # The typed name, whatever account the address may have: the inviter learns nothing of it.
        text = _(
            "%(name)s kutsuttiin verkostoon, ja kutsu lähetettiin sähköpostilla. Hän on mukana, kun hän "
            "hyväksyy kutsun.",
            name=membership.invited_name,
        )
        if membership.organisation_id not in in_network:
            text += " " + _("Samalla %(organisation)s lisättiin verkostoon.", organisation=membership.organisation.name)
        return text + _before_announcement(case, membership.started_on)

    return save_form(
        form,
        lambda: network_services.invite_member(
            case,
            current_user,
            email=form.email.data,
            name=form.name.data,
            organisation=db.get_or_404(Organisation, form.organisation_id.data),
            access=form.access.data,
            roles=form.roles.data or [],
            started_on=form.started_on.data,
        ),
        done=url_for("cases.network", case_id=case.id),
        message=message,
        template="cases/invite.html",
        case=case,
    )


def _member_page(case, membership, **forms) -> str:
    forms.setdefault("access_form", AccessForm(access=membership.access))
    forms.setdefault("role_form", RoleForm())
    return render_template("cases/member.html", case=case, membership=membership, confirm_form=ConfirmForm(), **forms)


def _member_url(case, membership) -> str:
    return url_for("cases.member", case_id=case.id, membership_id=membership.id)


@bp.get("/cases/<int:case_id>/network/members/<int:membership_id>")
@case_permission("network.view")
def member(case, membership_id: int):
    """404 when the membership belongs to another case."""
    return _member_page(case, queries.get_membership(case.id, membership_id))


@bp.post("/cases/<int:case_id>/network/members/<int:membership_id>/access")
@case_permission("network.manage")
def change_access(case, membership_id: int):
    membership = queries.get_membership(case.id, membership_id)
    form = AccessForm()
    return save_form(
        form,
        lambda: network_services.change_access(membership, form.access.data),
        done=_member_url(case, membership),
        message=_("Käyttöoikeus vaihdettu."),
        render=lambda: _member_page(case, membership, access_form=form),
    )


@bp.post("/cases/<int:case_id>/network/members/<int:membership_id>/roles")
@case_permission("network.manage")
def assign_role(case, membership_id: int):
    membership = queries.get_membership(case.id, membership_id)
    form = RoleForm()
    return save_form(
        form,
        lambda: network_services.assign_role(membership, form.role.data, form.started_on.data),
        done=_member_url(case, membership),
        message=_("Rooli lisätty."),
        render=lambda: _member_page(case, membership, role_form=form),
    )


@bp.post("/cases/<int:case_id>/network/members/<int:membership_id>/roles/<int:assignment_id>/end")
@case_permission("network.manage")
def end_role(case, membership_id: int, assignment_id: int):
    """404 when the role is not this membership's."""
    membership = queries.get_membership(case.id, membership_id)
    assignment = next((a for a in membership.roles if a.id == assignment_id), None)
    if assignment is None:
        abort(404)
    return run_confirmed(
        ConfirmForm(),
        lambda: network_services.end_role(assignment),
        done=_member_url(case, membership),
        message=_("Rooli päättyi."),
    )


@bp.post("/cases/<int:case_id>/network/members/<int:membership_id>/end")
@case_permission("network.manage")
def end_membership(case, membership_id: int):
    membership = queries.get_membership(case.id, membership_id)
    return run_confirmed(
        ConfirmForm(),
        lambda: network_services.end_membership(membership),
        done=_member_url(case, membership),
        message=_("%(name)s poistui verkostosta. Hänen roolihistoriansa säilyy.", name=membership.user.name),
        refused=lambda: _member_page(case, membership),
    )


@bp.post("/cases/<int:case_id>/network/members/<int:membership_id>/cancel")
@case_permission("network.manage")
def cancel_invitation(case, membership_id: int):
    """Withdraw a pending invitation; refused (flashed) for one already answered."""
    membership = queries.get_membership(case.id, membership_id)
    name = membership.shown_name
    return run_confirmed(
        ConfirmForm(),
        lambda: network_services.cancel_invitation(membership),
        done=url_for("cases.network", case_id=case.id),
        message=_("Kutsu peruttu: %(name)s.", name=name),
    )


@bp.post("/cases/<int:case_id>/network/members/<int:membership_id>/resend")
@case_permission("network.manage")
def resend_invitation(case, membership_id: int):
    membership = queries.get_membership(case.id, membership_id)
    return run_confirmed(
        ConfirmForm(),
        lambda: network_services.resend_invitation(membership, current_user),
        done=_member_url(case, membership),
        message=_("Kutsu lähetetty uudelleen osoitteeseen %(email)s.", email=membership.user.email),
    )


@bp.post("/cases/<int:case_id>/network/checklist")
@case_permission("network.manage")
def add_checklist_type(case):
    form = ChecklistForm()
    return run_confirmed(
        form,
        lambda: network_services.add_checklist_type(case, form.organisation_type.data),
        done=url_for("cases.network", case_id=case.id) + "#checklist",
        message=_("Toimijatyyppi lisätty tarkistuslistalle."),
    )


@bp.post("/cases/<int:case_id>/network/checklist/<int:item_id>/delete")
@case_permission("network.manage")
def remove_checklist_item(case, item_id: int):
    item = get_in_case(ChecklistItem, item_id, case.id)
    return run_confirmed(
        ConfirmForm(),
        lambda: network_services.remove_checklist_item(item),
        done=url_for("cases.network", case_id=case.id) + "#checklist",
        message=_("Toimijatyyppi poistettu tarkistuslistalta."),
    )


@bp.route("/cases/<int:case_id>/network/members/<int:membership_id>/details", methods=["GET", "POST"])
@case_permission("network.manage")
def edit_member(case, membership_id: int):
    """404 when the membership belongs to another case, or is an invitation not accepted: the account's
    details are not the inviter's to see or change."""
    membership = queries.get_membership(case.id, membership_id)
    if membership.accepted_at is None:
        abort(404)
    form = MemberDetailsForm(obj=membership.user, organisation_id=membership.organisation_id)
    form.organisation_id.choices = with_empty_choice(
        [(o.id, o.name) for o in queries.current_network_organisations(case.id)]
    )
    return save_form(
        form,
        lambda: network_services.update_member_details(
            membership,
            job_title=form.job_title.data or "",
            phone=form.phone.data or "",
            organisation=db.get_or_404(Organisation, form.organisation_id.data),
        ),
        done=_member_url(case, membership),
        message=_("Tiedot tallennettu."),
        template="cases/member_details.html",
        case=case,
        membership=membership,
    )


@bp.route("/cases/<int:case_id>/network/organisations/<int:link_id>/edit", methods=["GET", "POST"])
@case_permission("network.manage")
def edit_network_organisation(case, link_id: int):
    """A coordinator corrects an organisation that the case's network uses. 404 for another case's link."""
    link = get_in_case(CaseOrganisation, link_id, case.id)
    organisation = link.organisation
    form = OrganisationForm(obj=organisation)
    return save_form(
        form,
        lambda: services.update_organisation(organisation, **form.facts()),
        done=url_for("cases.network", case_id=case.id),
        message=_("%(name)s: tiedot tallennettu.", name=organisation.name),
        template="cases/network_organisation_form.html",
        unique={"business_id": ("business_id", BUSINESS_ID_TAKEN)},
        organisation=organisation,
        case=case,
    )
