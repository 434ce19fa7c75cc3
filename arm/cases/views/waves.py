"""Layoff waves: services are timed to them."""

from flask import render_template, url_for
from flask_babel import gettext as _

from arm.cases import queries, services
from arm.cases.forms import LayoffWaveForm
from arm.cases.models import LayoffWave
from arm.cases.views.blueprint import bp
from arm.core.forms import ConfirmForm
from arm.core.permissions import case_permission
from arm.core.queries import get_in_case
from arm.core.saving import run_confirmed, save_form


@bp.get("/cases/<int:case_id>/waves")
@case_permission("case.view")
def waves(case):
    return render_template(
        "cases/waves.html",
        case=case,
        form=LayoffWaveForm(employer=case.employer),
        total=queries.waves_total(case.layoff_waves),
        delete_form=ConfirmForm(),
    )


def _save_wave(case, wave: LayoffWave | None):
    form = LayoffWaveForm(obj=wave) if wave else LayoffWaveForm(employer=case.employer)
    return save_form(
        form,
        lambda: services.save_layoff_wave(
            case,
            wave,
            occurs_on=form.occurs_on.data,
            headcount=form.headcount.data,
            employer=form.employer.data or "",
            note=form.note.data or "",
        ),
        done=url_for("cases.waves", case_id=case.id),
        message=_("Irtisanomisaalto tallennettu."),
        template="cases/wave_form.html",
        case=case,
        wave=wave,
    )


@bp.route("/cases/<int:case_id>/waves/new", methods=["GET", "POST"])
@case_permission("case.edit")
def add_wave(case):
    return _save_wave(case, None)


@bp.route("/cases/<int:case_id>/waves/<int:wave_id>/edit", methods=["GET", "POST"])
@case_permission("case.edit")
def edit_wave(case, wave_id: int):
    """404 when the wave belongs to another case."""
    return _save_wave(case, get_in_case(LayoffWave, wave_id, case.id))


@bp.post("/cases/<int:case_id>/waves/<int:wave_id>/delete")
@case_permission("case.edit")
def delete_wave(case, wave_id: int):
    """404 when the wave belongs to another case."""
    wave = get_in_case(LayoffWave, wave_id, case.id)
    return run_confirmed(
        ConfirmForm(),
        lambda: services.delete_layoff_wave(wave),
        done=url_for("cases.waves", case_id=case.id),
        message=_("Irtisanomisaalto poistettu."),
    )
