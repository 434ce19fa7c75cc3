"""The plan's proposal for state funding (valtion rahoitusehdotus): its requests, their form and export."""

from flask import render_template, request, url_for
from flask_babel import gettext as _

from arm.core.forms import ConfirmForm
from arm.core.permissions import case_permission
from arm.core.saving import Versioned, run_confirmed, save_form
from arm.exports.download import table_download
from arm.plans import exports, queries, requests, services
from arm.plans.forms import FundingRequestForm
from arm.plans.views.blueprint import bp


def _request_url(funding_request) -> str:
    return url_for("plans.funding_request", case_id=funding_request.case_id, funding_request_id=funding_request.id)


@bp.get("/funding-requests")
@case_permission("plan.view")
def funding_requests(case):
    found = requests.funding_requests(case.id)
    return render_template(
        "plans/funding_requests.html", case=case, requests=found, totals=requests.request_totals(found)
    )


@bp.get("/funding-requests/export.<any(csv, xlsx):file_format>")
@case_permission("plan.view")
def export_funding_requests(case, file_format: str):
    table = exports.funding_requests_table(case, requests.funding_requests(case.id))
    return table_download(file_format, case.slug + "-" + _("rahoitusehdotus"), table)


@bp.get("/funding-requests/<int:funding_request_id>")
@case_permission("plan.view")
def funding_request(case, funding_request_id: int):
    """404 when the request belongs to another case."""
    return render_template(
        "plans/funding_request.html",
        case=case,
        funding_request=requests.get_funding_request(case.id, funding_request_id),
        confirm_form=ConfirmForm(),
    )


def _request_form(case, funding_request, *, as_saved: bool = False) -> FundingRequestForm:
    """The form as submitted, or (`as_saved`) filled from the request as saved, whatever the request method."""
    form = FundingRequestForm(**({"formdata": None} if as_saved else {}), obj=funding_request)
    if funding_request is not None and (as_saved or request.method == "GET"):
        form.action_ids.data = [link.action_id for link in funding_request.action_links]
        form.grant_ids.data = [link.grant_id for link in funding_request.grant_links]
    form.action_ids.choices = [(a.id, a.title) for a in queries.actions_for_choices(case.id)]
    form.grant_ids.choices = [(g.id, requests.grant_choice_label(g)) for g in requests.grants_for_choices(case.id)]
    return form


def _save(case, funding_request, form):
    return lambda: services.save_funding_request(
        case,
        funding_request,
        form.data_for_service(),
        action_ids=form.action_ids.data or [],
        grant_ids=form.grant_ids.data or [],
        expected_version=None if funding_request is None else (form.loaded_version or 0),
    )


@bp.route("/funding-requests/new", methods=["GET", "POST"])
@case_permission("plan.edit")
def new_funding_request(case):
    form = _request_form(case, None)
    return save_form(
        form,
        _save(case, None, form),
        done=_request_url,
        message=_("Rahoituspyyntö tallennettu."),
        template="plans/funding_request_form.html",
        case=case,
        funding_request=None,
    )


@bp.route("/funding-requests/<int:funding_request_id>/edit", methods=["GET", "POST"])
@case_permission("plan.edit")
def edit_funding_request(case, funding_request_id: int):
    """404 when the request belongs to another case. A save over someone else's newer save goes through the
    three-way merge: only fields both changed need a choice (409)."""
    funding_request = requests.get_funding_request(case.id, funding_request_id)
    form = _request_form(case, funding_request)
    if request.method == "GET":
        form.remember_loaded(funding_request.version)
    return save_form(
        form,
        _save(case, funding_request, form),
        done=_request_url(funding_request),
        message=_("Rahoituspyyntö tallennettu."),
        versioned=Versioned(
            row=lambda: funding_request,
            saved_form=lambda row: _request_form(case, row, as_saved=True),
            page=lambda merge: render_template(
                "plans/funding_request_form.html", case=case, form=form, funding_request=funding_request, merge=merge
            ),
        ),
        template="plans/funding_request_form.html",
        case=case,
        funding_request=funding_request,
    )


@bp.post("/funding-requests/<int:funding_request_id>/delete")
@case_permission("plan.edit")
def delete_funding_request(case, funding_request_id: int):
    funding_request = requests.get_funding_request(case.id, funding_request_id)
    return run_confirmed(
        ConfirmForm(),
        lambda: services.delete_funding_request(funding_request),
        done=url_for("plans.funding_requests", case_id=case.id),
        message=_("Rahoituspyyntö poistettu."),
    )
