"""Approved versions of the plan: approving it, the list of versions, and what changed between two."""

from flask import render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from arm.core.models import today
from arm.core.permissions import case_permission
from arm.core.saving import save_form
from arm.core.urls import int_arg
from arm.plans import versions
from arm.plans.forms import ApproveForm
from arm.plans.views.blueprint import bp

NUMBER_TAKEN = _l("Toinen hyväksyntä tallentui juuri samalla versionumerolla. Tarkista versiot ja hyväksy uudelleen.")


def _versions_page(case, form) -> str:
    return render_template("plans/versions.html", case=case, versions=versions.versions(case.id), form=form)


@bp.get("/versions")
@case_permission("plan.view")
def plan_versions(case):
    return _versions_page(case, ApproveForm(approved_on=today()))


@bp.post("/versions")
@case_permission("plan.approve")
def approve_plan(case):
    """Refused (422) for a plan with no actions or a future date; a concurrent approval that took the
    same number is refused with a message, never a 500."""
    form = ApproveForm()
    return save_form(
        form,
        lambda: versions.approve_plan(case, current_user, form.approved_on.data, form.note.data or ""),
        done=lambda version: url_for("plans.version_diff", case_id=case.id, version_id=version.id),
        message=lambda version: _("Suunnitelma hyväksytty: versio %(number)s.", number=version.number),
        unique={"number": ("approved_on", NUMBER_TAKEN), "case_id, number": ("approved_on", NUMBER_TAKEN)},
        render=lambda: _versions_page(case, form),
    )


@bp.get("/versions/<int:version_id>")
@case_permission("plan.view")
def version_diff(case, version_id: int):
    """The version compared with a later one (`?to=`) or with the plan as it is now. 404 for a version of
    another case, on either side."""
    version = versions.get_version(case.id, version_id)
    other_id = int_arg("to")
    other = versions.get_version(case.id, other_id) if other_id is not None else None
    after = other.snapshot if other is not None else versions.plan_snapshot(case.id)
    return render_template(
        "plans/version_diff.html",
        case=case,
        version=version,
        other=other,
        diff=versions.diff(version.snapshot, after),
    )
