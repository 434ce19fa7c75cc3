"""The plan's spreadsheet import in two steps: upload and check, then preview and confirm."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from arm.core.errors import apply_to_form
from arm.core.permissions import case_permission
from arm.core.saving import save_form
from arm.plans.forms import ConfirmImportForm, ImportForm
from arm.plans.spreadsheet import ImportRejected, importing
from arm.plans.views.blueprint import bp


@bp.route("/plan/import", methods=["GET", "POST"])
@case_permission("plan.edit")
def import_plan(case):
    """A file with any bad row is not kept and the page shows every row's problems; a clean one goes
    on to its preview."""
    form = ImportForm()
    return save_form(
        form,
        lambda: importing.stage_import(case, current_user, form.file.data.filename, form.file.data.read()),
        done=lambda pending: url_for("plans.confirm_import", case_id=case.id, token=pending.token),
        message=_("Tiedosto on kunnossa. Katso, mitä tuonti muuttaisi, ja vahvista se."),
        template="plans/import.html",
        case=case,
    )


@bp.route("/plan/import/<token>", methods=["GET", "POST"])
@case_permission("plan.edit")
def confirm_import(case, token: str):
    """The preview of one's own upload and its confirmation; nothing is stored before it. A token that
    is not the person's waiting upload in this case (imported already, expired) leads back to the upload."""
    if importing.find_pending(case, current_user, token) is None:
        flash(importing.gone_message(), "warning")
        return redirect(url_for("plans.import_plan", case_id=case.id))
    form = ConfirmImportForm()
    return save_form(
        form,
        lambda: importing.confirm_import(
            case, current_user, token, form.expected.data or "", skip_duplicates=form.skip_duplicates.data
        ),
        done=url_for("plans.plan", case_id=case.id),
        message=_imported,
        render=lambda: _preview_page(case, token, form),
    )


def _preview_page(case, token: str, form: ConfirmImportForm) -> str:
    """The preview as the plan is now: after a refused confirmation it shows what changed meanwhile."""
    pending = importing.find_pending(case, current_user, token)
    preview = None
    if pending is None:
        _refuse(form, importing.gone_message())
    else:
        try:
            preview = importing.preview_import(case, pending)
        except ImportRejected as error:  # the plan changed so that a row no longer fits (a subgroup removed)
            form.refusal = error
            if not form.form_errors:
                apply_to_form(form, error)
        else:
            form.expected.data = preview.fingerprint
    return render_template("plans/import_preview.html", case=case, form=form, preview=preview, pending=pending)


def _refuse(form, message: str) -> None:
    if message not in form.form_errors:
        form.form_errors.append(message)


def _imported(result: importing.ImportResult) -> str:
    parts = [
        ngettext("Tuotiin %(num)s uusi toimenpide.", "Tuotiin %(num)s uutta toimenpidettä.", result.created),
        ngettext("Päivitettiin %(num)s toimenpide.", "Päivitettiin %(num)s toimenpidettä.", result.updated),
    ]
    if result.conflicting:
        parts.append(
            ngettext(
                "%(num)s ristiriitainen rivi jätettiin tuomatta: vie suunnitelma uudelleen ja muokkaa sitä.",
                "%(num)s ristiriitaista riviä jätettiin tuomatta: vie suunnitelma uudelleen ja muokkaa sitä.",
                result.conflicting,
            )
        )
    if result.skipped_duplicates:
        parts.append(
            ngettext(
                "%(num)s todennäköinen kaksoiskappale jätettiin tuomatta.",
                "%(num)s todennäköistä kaksoiskappaletta jätettiin tuomatta.",
                result.skipped_duplicates,
            )
        )
    return " ".join(parts)
