"""The laid-off cohort page: the latest snapshot of each group, a chart of the shift over time, the history,
the form and delete. Aggregates only."""

from flask import render_template, request, url_for
from flask_babel import gettext as _

from arm.core.forms import ConfirmForm
from arm.core.pagination import paginate
from arm.core.permissions import case_permission
from arm.core.saving import Versioned, run_confirmed, save_form
from arm.progress import cohort as services
from arm.progress.forms import CohortSnapshotForm
from arm.progress.models import COHORT_STATUS_LABELS, COHORT_STATUSES
from arm.progress.views.blueprint import bp


@bp.get("/cohort")
@case_permission("progress.view")
def cohort(case):
    by_group = services.latest_by_group(case.id)
    return render_template(
        "progress/cohort.html",
        case=case,
        statuses=services.group_statuses(by_group),
        charts=[services.group_chart(group, snapshots) for group, snapshots in by_group.items()],
        pagination=paginate(services.history(case.id)),
        status_names=COHORT_STATUSES,
        status_labels=COHORT_STATUS_LABELS,
        confirm_form=ConfirmForm(),
    )


def _snapshot_form(snapshot, *, as_saved: bool = False) -> CohortSnapshotForm:
    return CohortSnapshotForm(**({"formdata": None} if as_saved else {}), obj=snapshot)


def _save_snapshot(case, snapshot):
    form = _snapshot_form(snapshot)
    if snapshot is not None and request.method == "GET":
        form.remember_loaded(snapshot.version)

    def save():
        data = form.data_for_service()
        if snapshot is None:
            return services.record_snapshot(case, data)
        return services.update_snapshot(snapshot, form.loaded_version or 0, data)

    return save_form(
        form,
        save,
        done=url_for("progress.cohort", case_id=case.id),
        message=lambda saved: _("Irtisanottujen tilanne tallennettu: %(label)s", label=saved.audit_label),
        versioned=Versioned(
            row=lambda: snapshot,
            saved_form=lambda row: _snapshot_form(row, as_saved=True),
            page=lambda merge: render_template(
                "progress/cohort_conflict.html", case=case, form=form, current=snapshot, merge=merge
            ),
        )
        if snapshot is not None
        else None,
        template="progress/cohort_form.html",
        # SQLite names the columns "cohort_snapshot.as_of", PostgreSQL "(case_id, cohort_group, as_of)".
        unique={
            "as_of": ("as_of", services.DAY_TAKEN),
            "case_id, cohort_group, as_of": ("as_of", services.DAY_TAKEN),
        },
        case=case,
        snapshot=snapshot,
    )


@bp.route("/cohort/new", methods=["GET", "POST"])
@case_permission("progress.edit")
def new_cohort_snapshot(case):
    return _save_snapshot(case, None)


@bp.route("/cohort/<int:snapshot_id>/edit", methods=["GET", "POST"])
@case_permission("progress.edit")
def edit_cohort_snapshot(case, snapshot_id: int):
    """404 for a snapshot of another case; a save over someone else's newer save goes through the merge."""
    return _save_snapshot(case, services.get_snapshot(case.id, snapshot_id))


@bp.post("/cohort/<int:snapshot_id>/delete")
@case_permission("progress.edit")
def delete_cohort_snapshot(case, snapshot_id: int):
    """404 for a snapshot of another case."""
    snapshot = services.get_snapshot(case.id, snapshot_id)
    label = snapshot.audit_label
    return run_confirmed(
        ConfirmForm(),
        lambda: services.delete_snapshot(snapshot),
        done=url_for("progress.cohort", case_id=case.id),
        message=_("Irtisanottujen tilanne poistettu: %(label)s", label=label),
    )
