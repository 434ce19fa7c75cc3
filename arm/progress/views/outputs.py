"""The outputs page: totals per kind (all time and per year), the list with its filters, the form and delete."""

from flask import render_template, request, url_for
from flask_babel import gettext as _

from arm.core.forms import ConfirmForm
from arm.core.pagination import paginate
from arm.core.permissions import case_permission
from arm.core.saving import Versioned, run_confirmed, save_form
from arm.progress import outputs as services
from arm.progress.forms import OutputForm
from arm.progress.models import OutputKind
from arm.progress.views.blueprint import bp


@bp.get("/outputs")
@case_permission("progress.view")
def outputs(case):
    """A filter value that is no kind or no project of the case is named and ignored (400)."""
    projects = services.project_choices(case.id)
    output_filter = services.OutputFilter.from_args(request.args, {project_id for project_id, _name in projects})
    totals, years = services.totals(case.id)
    page = render_template(
        "progress/outputs.html",
        case=case,
        output_filter=output_filter,
        pagination=paginate(services.output_list(case.id, output_filter)),
        totals=totals,
        years=years,
        projects=projects,
        kinds=list(OutputKind),
        case_level=services.CASE_LEVEL,
        confirm_form=ConfirmForm(),
    )
    return page, 400 if output_filter.errors else 200


def _output_form(case, entry, *, as_saved: bool = False, projects=None) -> OutputForm:
    form = OutputForm(**({"formdata": None} if as_saved else {}), obj=entry)
    choices = projects if projects is not None else services.project_choices(case.id)
    form.project_id.choices = [("", _("Koko tapaus")), *choices]
    return form


def _save_output(case, entry):
    form = _output_form(case, entry)
    if entry is not None and request.method == "GET":
        form.remember_loaded(entry.version)

    def save():
        data = form.data_for_service()
        if entry is None:
            return services.record_output(case, data)
        return services.update_output(entry, form.loaded_version or 0, data)

    return save_form(
        form,
        save,
        done=url_for("progress.outputs", case_id=case.id),
        message=lambda saved: _("Tuotos tallennettu: %(name)s", name=saved.name or saved.kind.label),
        versioned=Versioned(
            row=lambda: entry,
            saved_form=lambda row: _output_form(case, row, as_saved=True),
            page=lambda merge: render_template(
                "progress/outputs_conflict.html", case=case, form=form, current=entry, merge=merge
            ),
        )
        if entry is not None
        else None,
        template="progress/output_form.html",
        case=case,
        entry=entry,
    )


@bp.route("/outputs/new", methods=["GET", "POST"])
@case_permission("progress.edit")
def new_output(case):
    return _save_output(case, None)


@bp.route("/outputs/<int:output_id>/edit", methods=["GET", "POST"])
@case_permission("progress.edit")
def edit_output(case, output_id: int):
    """404 for an output of another case; a save over someone else's newer save goes through the merge."""
    return _save_output(case, services.get_output(case.id, output_id))


@bp.post("/outputs/<int:output_id>/delete")
@case_permission("progress.edit")
def delete_output(case, output_id: int):
    """404 for an output of another case."""
    entry = services.get_output(case.id, output_id)
    name = entry.name or entry.kind.label
    return run_confirmed(
        ConfirmForm(),
        lambda: services.delete_output(entry),
        done=url_for("progress.outputs", case_id=case.id),
        message=_("Tuotos poistettu: %(name)s", name=name),
    )
