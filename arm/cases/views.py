from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from arm.cases import queries, services
from arm.cases.forms import (
    AccessForm,
    AddOrganisationForm,
    CaseForm,
    ChecklistForm,
    ConfirmForm,
    InviteForm,
    LayoffWaveForm,
    OpenCaseForm,
    OrganisationForm,
    RoleForm,
)
from arm.cases.models import CaseOrganisation, ChecklistItem, LayoffWave, Organisation, ProgressRollup
from arm.core.audit import entity_label
from arm.core.errors import ValidationError, apply_to_form
from arm.core.forms import render_form
from arm.core.pagination import paginate
from arm.core.permissions import admin_required, case_access, case_permission
from arm.exports.download import table_download
from arm.extensions import db
from arm.plans import queries as plan_queries

bp = Blueprint("cases", __name__)


def _organisation_choices(organisations: list[Organisation]) -> list[tuple[int, str]]:
    return [(o.id, o.name) for o in organisations]


@bp.get("/")
@login_required
def index():
    """The signed-in person's cases, current first."""
    return render_template("cases/index.html", pagination=paginate(queries.my_memberships(current_user)))


@bp.route("/cases/new", methods=["GET", "POST"])
@login_required
def open_case():
    form = OpenCaseForm()
    form.organisation_id.choices = _organisation_choices(queries.registry_organisations())
    if form.validate_on_submit():
        organisation = db.get_or_404(Organisation, form.organisation_id.data)
        try:
            case = services.open_case(current_user, organisation, **form.facts())
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Tapaus avattu TEM:n mallipohjasta. Seuraavaksi kokoa verkosto."), "success")
            return redirect(url_for("cases.dashboard", case_id=case.id))
    return render_form("cases/open.html", form)


@bp.get("/cases/<int:case_id>")
@case_permission("case.view")
def dashboard(case_id: int):
    case = queries.get_case(case_id)
    links = queries.network_links(case_id)
    current_links = [link for link in links if link.is_current]
    weighted = case.progress_rollup is ProgressRollup.BUDGET_WEIGHTED
    categories = plan_queries.category_progress(case_id, weighted)
    return render_template(
        "cases/dashboard.html",
        health=plan_queries.plan_health(case_id),
        categories=categories,
        overall=plan_queries.overall_progress(categories, weighted),
        updates=plan_queries.recent_updates(case_id),
        case=case,
        access=case_access(case_id),
        subgroups=queries.subgroups(case_id),
        organisation_count=len(current_links),
        people_count=queries.people_count(case_id),
        checklist=services.network_checklist(case, current_links),
        waves_total=queries.waves_total(case.layoff_waves),
        events=queries.recent_events(case_id),
        entity_label=entity_label,
    )


@bp.route("/cases/<int:case_id>/edit", methods=["GET", "POST"])
@case_permission("case.edit")
def edit_case(case_id: int):
    case = queries.get_case(case_id)
    form = CaseForm(obj=case, municipality_codes=case.affected_municipality_codes)
    if form.validate_on_submit():
        try:
            services.update_case(case, **form.facts())
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Tapauksen tiedot tallennettu."), "success")
            return redirect(url_for("cases.dashboard", case_id=case.id))
    return render_form("cases/edit.html", form, case=case)


# Layoff waves


@bp.get("/cases/<int:case_id>/waves")
@case_permission("case.view")
def waves(case_id: int):
    case = queries.get_case(case_id)
    return render_template(
        "cases/waves.html",
        case=case,
        form=LayoffWaveForm(employer=case.employer),
        total=queries.waves_total(case.layoff_waves),
        delete_form=ConfirmForm(),
    )


def _save_wave(case_id: int, wave: LayoffWave | None):
    case = queries.get_case(case_id)
    form = LayoffWaveForm(obj=wave) if wave else LayoffWaveForm(employer=case.employer)
    if form.validate_on_submit():
        try:
            services.save_layoff_wave(
                case,
                wave,
                occurs_on=form.occurs_on.data,
                headcount=form.headcount.data,
                employer=form.employer.data or "",
                note=form.note.data or "",
            )
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Irtisanomisaalto tallennettu."), "success")
            return redirect(url_for("cases.waves", case_id=case_id))
    return render_form("cases/wave_form.html", form, case=case, wave=wave)


@bp.route("/cases/<int:case_id>/waves/new", methods=["GET", "POST"])
@case_permission("case.edit")
def add_wave(case_id: int):
    return _save_wave(case_id, None)


@bp.route("/cases/<int:case_id>/waves/<int:wave_id>/edit", methods=["GET", "POST"])
@case_permission("case.edit")
def edit_wave(case_id: int, wave_id: int):
    """404 when the wave belongs to another case."""
    return _save_wave(case_id, queries.get_in_case(LayoffWave, wave_id, case_id))


@bp.post("/cases/<int:case_id>/waves/<int:wave_id>/delete")
@case_permission("case.edit")
def delete_wave(case_id: int, wave_id: int):
    """404 when the wave belongs to another case."""
    wave = queries.get_in_case(LayoffWave, wave_id, case_id)
    if ConfirmForm().validate_on_submit():
        services.delete_layoff_wave(wave)
        db.session.commit()
        flash(_("Irtisanomisaalto poistettu."), "success")
    return redirect(url_for("cases.waves", case_id=case_id))


# The network


@bp.get("/cases/<int:case_id>/network")
@case_permission("network.view")
def network(case_id: int):
    """People by organisation or by role, current or former; the checklist of actor types."""
    case = queries.get_case(case_id)
    view = request.args.get("view") if request.args.get("view") in ("organisation", "role") else "organisation"
    current = request.args.get("status") != "former"
    organisation_id = request.args.get("organisation", type=int)
    links = queries.network_links(case_id)
    if view == "role":
        pagination = paginate(queries.role_holders(case_id, current))
    else:
        pagination = paginate(queries.members_by_organisation(case_id, current, organisation_id))
    return render_template(
        "cases/network.html",
        case=case,
        view=view,
        current=current,
        organisation_id=organisation_id,
        links=links,
        checklist=services.network_checklist(case, [link for link in links if link.is_current]),
        role_counts=queries.role_counts(case_id),
        pagination=pagination,
        checklist_form=ChecklistForm(),
        confirm_form=ConfirmForm(),
    )


@bp.get("/cases/<int:case_id>/network/contacts.<any(csv, xlsx):file_format>")
@case_permission("network.view")
def export_contacts(case_id: int, file_format: str):
    case = queries.get_case(case_id)
    headers, rows = services.contact_table(queries.contact_rows(case_id))
    return table_download(file_format, f"{case.slug}-yhteystiedot", _("Yhteystiedot"), headers, rows)


@bp.route("/cases/<int:case_id>/network/organisations/add", methods=["GET", "POST"])
@case_permission("network.manage")
def add_organisation(case_id: int):
    case = queries.get_case(case_id)
    form = AddOrganisationForm()
    form.organisation_id.choices = _organisation_choices(queries.registry_organisations(exclude_case_id=case_id))
    if form.validate_on_submit():
        organisation = db.get_or_404(Organisation, form.organisation_id.data)
        services.add_organisation(case, organisation)
        db.session.commit()
        flash(_("%(name)s lisätty verkostoon.", name=organisation.name), "success")
        return redirect(url_for("cases.network", case_id=case_id))
    return render_form("cases/add_organisation.html", form, case=case)


@bp.post("/cases/<int:case_id>/network/organisations/<int:link_id>/remove")
@case_permission("network.manage")
def remove_organisation(case_id: int, link_id: int):
    """404 when the organisation is not in this case's network."""
    link = queries.get_in_case(CaseOrganisation, link_id, case_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.remove_organisation(link)
        except ValidationError as error:
            flash(error.errors[0][1], "danger")
        else:
            db.session.commit()
            flash(_("%(name)s poistui verkostosta; sen historia säilyy.", name=link.organisation.name), "success")
    return redirect(url_for("cases.network", case_id=case_id))


@bp.route("/cases/<int:case_id>/network/invite", methods=["GET", "POST"])
@case_permission("network.manage")
def invite(case_id: int):
    case = queries.get_case(case_id)
    form = InviteForm()
    form.organisation_id.choices = _organisation_choices(queries.registry_organisations())
    if form.validate_on_submit():
        organisation = db.get_or_404(Organisation, form.organisation_id.data)
        try:
            membership = services.invite_member(
                case,
                current_user,
                email=form.email.data,
                name=form.name.data,
                organisation=organisation,
                access=form.access.data,
                roles=form.roles.data or [],
            )
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(
                _("%(name)s lisätty verkostoon ja hänelle lähetettiin sähköposti.", name=membership.user.name),
                "success",
            )
            return redirect(url_for("cases.network", case_id=case_id))
    return render_form("cases/invite.html", form, case=case)


def _member_page(case_id: int, membership, status: int = 200, **forms):
    case = queries.get_case(case_id)
    forms.setdefault("access_form", AccessForm(access=membership.access))
    forms.setdefault("role_form", RoleForm())
    return (
        render_template("cases/member.html", case=case, membership=membership, confirm_form=ConfirmForm(), **forms),
        status,
    )


@bp.get("/cases/<int:case_id>/network/members/<int:membership_id>")
@case_permission("network.view")
def member(case_id: int, membership_id: int):
    """404 when the membership belongs to another case."""
    return _member_page(case_id, queries.get_membership(case_id, membership_id))


@bp.post("/cases/<int:case_id>/network/members/<int:membership_id>/access")
@case_permission("network.manage")
def change_access(case_id: int, membership_id: int):
    membership = queries.get_membership(case_id, membership_id)
    form = AccessForm()
    if form.validate_on_submit():
        try:
            services.change_access(membership, form.access.data)
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Käyttöoikeus vaihdettu."), "success")
            return redirect(url_for("cases.member", case_id=case_id, membership_id=membership_id))
    return _member_page(case_id, membership, 422, access_form=form)


@bp.post("/cases/<int:case_id>/network/members/<int:membership_id>/roles")
@case_permission("network.manage")
def assign_role(case_id: int, membership_id: int):
    membership = queries.get_membership(case_id, membership_id)
    form = RoleForm()
    if form.validate_on_submit():
        try:
            services.assign_role(membership, form.role.data, form.started_on.data)
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Rooli lisätty."), "success")
            return redirect(url_for("cases.member", case_id=case_id, membership_id=membership_id))
    return _member_page(case_id, membership, 422, role_form=form)


@bp.post("/cases/<int:case_id>/network/members/<int:membership_id>/roles/<int:assignment_id>/end")
@case_permission("network.manage")
def end_role(case_id: int, membership_id: int, assignment_id: int):
    """404 when the role is not this membership's."""
    membership = queries.get_membership(case_id, membership_id)
    assignment = next((a for a in membership.roles if a.id == assignment_id), None)
    if assignment is None:
        abort(404)
    if ConfirmForm().validate_on_submit() and assignment.is_current:
        services.end_role(assignment)
        db.session.commit()
        flash(_("Rooli päättyi."), "success")
    return redirect(url_for("cases.member", case_id=case_id, membership_id=membership_id))


@bp.post("/cases/<int:case_id>/network/members/<int:membership_id>/end")
@case_permission("network.manage")
def end_membership(case_id: int, membership_id: int):
    membership = queries.get_membership(case_id, membership_id)
    if ConfirmForm().validate_on_submit() and membership.is_current:
        try:
            services.end_membership(membership)
        except ValidationError as error:
            flash(error.errors[0][1], "danger")
            return _member_page(case_id, membership, 422)
        db.session.commit()
        flash(_("%(name)s poistui verkostosta. Hänen roolihistoriansa säilyy.", name=membership.user.name), "success")
    return redirect(url_for("cases.member", case_id=case_id, membership_id=membership_id))


@bp.post("/cases/<int:case_id>/network/members/<int:membership_id>/resend")
@case_permission("network.manage")
def resend_invitation(case_id: int, membership_id: int):
    membership = queries.get_membership(case_id, membership_id)
    if ConfirmForm().validate_on_submit() and membership.is_current and membership.is_pending:
        services.auth_services.send_invitation(membership.user, current_user, membership.case)
        db.session.commit()
        flash(_("Uusi kutsulinkki lähetetty osoitteeseen %(email)s.", email=membership.user.email), "success")
    return redirect(url_for("cases.member", case_id=case_id, membership_id=membership_id))


@bp.post("/cases/<int:case_id>/network/checklist")
@case_permission("network.manage")
def add_checklist_type(case_id: int):
    case = queries.get_case(case_id)
    form = ChecklistForm()
    if form.validate_on_submit():
        try:
            services.add_checklist_type(case, form.organisation_type.data)
        except ValidationError as error:
            flash(error.errors[0][1], "danger")
        else:
            db.session.commit()
            flash(_("Toimijatyyppi lisätty tarkistuslistalle."), "success")
    return redirect(url_for("cases.network", case_id=case_id) + "#checklist")


@bp.post("/cases/<int:case_id>/network/checklist/<int:item_id>/delete")
@case_permission("network.manage")
def remove_checklist_item(case_id: int, item_id: int):
    item = queries.get_in_case(ChecklistItem, item_id, case_id)
    if ConfirmForm().validate_on_submit():
        services.remove_checklist_item(item)
        db.session.commit()
        flash(_("Toimijatyyppi poistettu tarkistuslistalta."), "success")
    return redirect(url_for("cases.network", case_id=case_id) + "#checklist")


# History


@bp.get("/cases/<int:case_id>/history")
@case_permission("history.view")
def history(case_id: int):
    case = queries.get_case(case_id)
    entities, actors = queries.history_filters(case_id)
    entity = request.args.get("entity") if request.args.get("entity") in entities else None
    actor_id = request.args.get("actor", type=int)
    return render_template(
        "cases/history.html",
        case=case,
        entities=entities,
        actors=actors,
        entity=entity,
        actor_id=actor_id,
        pagination=paginate(queries.history(case_id, entity, actor_id)),
        entity_label=entity_label,
    )


# The organisation registry


@bp.get("/organisations")
@login_required
def organisations():
    query = request.args.get("q", "").strip()
    statement = db.select(Organisation).order_by(Organisation.name)
    if query:
        statement = statement.where(Organisation.name.ilike(f"%{query}%") | (Organisation.business_id == query))
    return render_template("cases/organisations.html", pagination=paginate(statement), query=query)


@bp.route("/organisations/new", methods=["GET", "POST"])
@login_required
def create_organisation():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            organisation = services.create_organisation(**_organisation_data(form))
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("%(name)s lisätty organisaatiorekisteriin.", name=organisation.name), "success")
            return redirect(_safe_back() or url_for("cases.organisations"))
    return render_form("cases/organisation_form.html", form, organisation=None)


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_organisation(organisation_id: int):
    """404 for an unknown organisation."""
    organisation = db.get_or_404(Organisation, organisation_id)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        try:
            services.update_organisation(organisation, **_organisation_data(form))
        except ValidationError as error:
            apply_to_form(form, error)
        else:
            db.session.commit()
            flash(_("Tiedot tallennettu."), "success")
            return redirect(url_for("cases.organisations"))
    return render_form("cases/organisation_form.html", form, organisation=organisation)


def _organisation_data(form: OrganisationForm) -> dict:
    return {
        "name": form.name.data,
        "type": form.type.data,
        "business_id": form.business_id.data,
        "municipality_code": form.municipality_code.data,
        "website": form.website.data,
    }


def _safe_back() -> str | None:
    target = request.args.get("back", "")
    return target if target.startswith("/") and not target.startswith("//") else None
