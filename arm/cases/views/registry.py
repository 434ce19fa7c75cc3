"""The platform-wide organisation registry: anyone signed in may add to it, platform admins correct it."""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required

from arm.cases import queries, services
from arm.cases.forms import OrganisationForm
from arm.cases.models import Organisation
from arm.cases.views.blueprint import bp
from arm.core.pagination import paginate
from arm.core.permissions import admin_required
from arm.core.saving import save_form
from arm.core.urls import safe_target
from arm.extensions import db

BUSINESS_ID_TAKEN = _l("Organisaatio tällä Y-tunnuksella lisättiin juuri rekisteriin.")


@bp.get("/organisations")
@login_required
def organisations():
    query = request.args.get("q", "").strip()
    return render_template(
        "cases/organisations.html", pagination=paginate(queries.search_organisations(query)), query=query
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
@login_required
def create_organisation():
    form = OrganisationForm()
    return save_form(
        form,
        lambda: services.create_organisation(**form.facts()),
        done=safe_target(request.args.get("back"), url_for("cases.organisations")),
        message=lambda organisation: _("%(name)s lisätty organisaatiorekisteriin.", name=organisation.name),
        template="cases/organisation_form.html",
        unique={"business_id": ("business_id", BUSINESS_ID_TAKEN)},
        organisation=None,
    )


@bp.route("/organisations/<int:organisation_id>/edit", methods=["GET", "POST"])
@admin_required
def edit_organisation(organisation_id: int):
    """404 for an unknown organisation."""
    organisation = db.get_or_404(Organisation, organisation_id)
    form = OrganisationForm(obj=organisation)
    return save_form(
        form,
        lambda: services.update_organisation(organisation, **form.facts()),
        done=url_for("cases.organisations"),
        message=_("Tiedot tallennettu."),
        template="cases/organisation_form.html",
        unique={"business_id": ("business_id", BUSINESS_ID_TAKEN)},
        organisation=organisation,
    )
