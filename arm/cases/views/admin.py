"""Platform administration of cases: the recorded rescue of a case left without a working coordinator.

A platform admin is an outsider to every case they are not a member of (404 on its pages). Here they
see only each case's title, lead municipality, phase and how many coordinators can act, and may
appoint one to a case that has none; the appointment is written to the case's history.
"""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from arm.cases import network, queries
from arm.cases.forms import RescueForm
from arm.cases.models import Case, Organisation
from arm.cases.views.blueprint import bp
from arm.core.pagination import paginate
from arm.core.permissions import admin_required
from arm.core.saving import save_form
from arm.extensions import db


@bp.get("/admin/cases")
@admin_required
def admin_cases():
    query = request.args.get("q", "").strip()[:200]
    pagination = paginate(queries.cases_for_admin(query))
    return render_template(
        "cases/admin_cases.html",
        pagination=pagination,
        coordinators=queries.working_coordinator_counts([case.id for case in pagination.items]),
        query=query,
    )


@bp.route("/admin/cases/<int:target_case_id>/coordinator", methods=["GET", "POST"])
@admin_required
def rescue_case(target_case_id: int):
    """404 for an unknown case."""
    case = db.get_or_404(Case, target_case_id)
    form = RescueForm()
    organisations = queries.current_network_organisations(case.id) or list(
        db.session.scalars(select(Organisation).order_by(Organisation.name))
    )
    form.organisation_id.choices = [("", "—"), *[(o.id, o.name) for o in organisations]]
    return save_form(
        form,
        lambda: network.appoint_rescue_coordinator(
            case,
            current_user,
            email=form.email.data,
            organisation=db.get_or_404(Organisation, form.organisation_id.data),
        ),
        done=url_for("cases.admin_cases"),
        message=lambda membership: _(
            "%(name)s on nyt tapauksen %(case)s koordinaattori; nimitys näkyy tapauksen muutoshistoriassa.",
            name=membership.user.name,
            case=case.title,
        ),
        template="cases/admin_rescue.html",
        case=case,
        coordinators=queries.working_coordinators(case.id),
    )
