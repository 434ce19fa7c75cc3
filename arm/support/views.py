"""The service map, its exports and print page, the wave timeline and the change-security milestones."""

from datetime import date

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _

from arm.cases import queries as case_queries
from arm.core.forms import ConfirmForm, with_empty_choice
from arm.core.i18n import format_date
from arm.core.permissions import case_permission
from arm.core.saving import Versioned, run_confirmed, save_form
from arm.core.urls import int_arg
from arm.exports.download import table_download
from arm.support import exports, queries, services
from arm.support.forms import MilestoneForm, ServiceForm
from arm.support.timeline import build_wave_timeline

bp = Blueprint("support", __name__, url_prefix="/cases/<int:case_id>")


@bp.get("/services")
@case_permission("service.view")
def service_map(case):
    return render_template("support/services.html", case=case, services=queries.services(case.id))


@bp.get("/services/print")
@case_permission("service.view")
def print_services(case):
    return render_template(
        "support/services_print.html",
        case=case,
        groups=services.services_by_kind(queries.services(case.id)),
        today=date.today(),
    )


@bp.get("/services/export.<any(csv, xlsx):file_format>")
@case_permission("service.view")
def export_services(case, file_format: str):
    return table_download(file_format, case.slug + "-" + _("palvelut"), exports.services_table(case))


def _fill_provider_choices(form: ServiceForm, case_id: int) -> None:
    form.provider_id.choices = with_empty_choice(
        [(o.id, o.name) for o in case_queries.current_network_organisations(case_id)]
    )


def _service_url(service) -> str:
    return url_for("support.service_map", case_id=service.case_id) + f"#service-{service.id}"


@bp.route("/services/new", methods=["GET", "POST"])
@case_permission("service.edit")
def new_service(case):
    form = ServiceForm(kind=request.args.get("kind") or None)
    _fill_provider_choices(form, case.id)
    return save_form(
        form,
        lambda: services.create_service(case, form.data_for_service()),
        done=_service_url,
        message=lambda saved: _("Palvelu tallennettu: %(name)s", name=saved.name),
        template="support/service_form.html",
        case=case,
        service=None,
    )


def _service_form_for(service, *, as_saved: bool = False) -> ServiceForm:
    """The service's form: as submitted, or (`as_saved`) filled from the service as saved."""
    form = ServiceForm(
        **({"formdata": None} if as_saved else {}),
        obj=service,
        language_list=service.language_list,
        audience_list=service.audience_list,
    )
    _fill_provider_choices(form, service.case_id)
    return form


@bp.route("/services/<int:service_id>/edit", methods=["GET", "POST"])
@case_permission("service.edit")
def edit_service(case, service_id: int):
    """404 for a service of another case; a save over someone else's newer save goes through the merge."""
    service = queries.get_service(case.id, service_id)
    form = _service_form_for(service)
    if request.method == "GET":
        form.remember_loaded(service.version)
    return save_form(
        form,
        lambda: services.update_service(service, form.loaded_version or 0, form.data_for_service()),
        done=_service_url(service),
        message=_("Palvelu tallennettu: %(name)s", name=service.name),
        versioned=Versioned(
            row=lambda: service,
            saved_form=lambda row: _service_form_for(row, as_saved=True),
            page=lambda merge: render_template(
                "support/conflict.html", case=case, form=form, current=service, merge=merge
            ),
        ),
        template="support/service_form.html",
        case=case,
        service=service,
        confirm_form=ConfirmForm(),
    )


@bp.post("/services/<int:service_id>/delete")
@case_permission("service.edit")
def delete_service(case, service_id: int):
    service = queries.get_service(case.id, service_id)
    name = service.name
    return run_confirmed(
        ConfirmForm(),
        lambda: services.delete_service(service),
        done=url_for("support.service_map", case_id=case.id),
        message=_("Palvelu poistettu: %(name)s", name=name),
    )


@bp.get("/services/timeline")
@case_permission("service.view")
def wave_timeline(case):
    waves = queries.waves(case.id)
    service_list = queries.services(case.id)
    milestones = queries.milestones(case.id)
    return render_template(
        "support/timeline.html",
        case=case,
        chart=build_wave_timeline(waves, service_list, milestones),
        coverage=services.wave_coverage(waves, service_list, milestones),
        gap_days=services.GAP_WINDOW.days,
        gap_message=services.gap_message,
    )


def _wave_choices(case_id: int) -> list[tuple]:
    return with_empty_choice([(w.id, f"{format_date(w.occurs_on)} ({w.headcount})") for w in queries.waves(case_id)])


def _save_milestone(case, milestone):
    form = MilestoneForm(obj=milestone) if milestone else MilestoneForm(wave_id=int_arg("wave"))
    form.wave_id.choices = _wave_choices(case.id)
    return save_form(
        form,
        lambda: services.save_milestone(
            case,
            milestone,
            wave_id=form.wave_id.data,
            kind=form.kind.data,
            occurs_on=form.occurs_on.data,
            is_done=form.is_done.data,
            note=form.note.data or "",
        ),
        done=lambda saved: url_for("support.wave_timeline", case_id=case.id) + f"#wave-{saved.wave_id}",
        message=_("Muutosturvan vaihe tallennettu."),
        template="support/milestone_form.html",
        case=case,
        milestone=milestone,
        confirm_form=ConfirmForm(),
    )


@bp.route("/milestones/new", methods=["GET", "POST"])
@case_permission("service.edit")
def new_milestone(case):
    return _save_milestone(case, None)


@bp.route("/milestones/<int:milestone_id>/edit", methods=["GET", "POST"])
@case_permission("service.edit")
def edit_milestone(case, milestone_id: int):
    return _save_milestone(case, queries.get_milestone(case.id, milestone_id))


@bp.post("/milestones/<int:milestone_id>/delete")
@case_permission("service.edit")
def delete_milestone(case, milestone_id: int):
    milestone = queries.get_milestone(case.id, milestone_id)
    return run_confirmed(
        ConfirmForm(),
        lambda: services.delete_milestone(milestone),
        done=url_for("support.wave_timeline", case_id=case.id),
        message=_("Muutosturvan vaihe poistettu."),
    )
