"""What one person works on: "My actions" with a quick update for each, and the feed of followed actions."""

from flask import render_template
from flask_login import current_user

from arm.core.pagination import paginate
from arm.core.permissions import case_permission
from arm.plans import queries
from arm.plans.forms import ProgressForm
from arm.plans.views.blueprint import bp


def progress_form_for(action, prefix: str = "") -> ProgressForm:
    """The quick update of an action as saved now, remembering what it was loaded with for a later merge."""
    form = ProgressForm(formdata=None, prefix=prefix, status=action.status, progress=action.progress)
    form.remember_loaded(action.version)
    return form


def my_actions_page(case, errored: dict | None = None) -> str:
    """The page; `errored` holds the quick-update forms that were refused, keyed by action, as typed."""
    errored = errored or {}
    pagination = paginate(queries.my_actions(case.id, current_user.id))
    forms = {
        action.id: errored.get(action.id) or progress_form_for(action, f"a{action.id}") for action in pagination.items
    }
    return render_template(
        "plans/my_actions.html",
        case=case,
        pagination=pagination,
        forms=forms,
        my_subgroups=[s for s in queries.subgroups(case.id) if s.has_member(current_user.id)],
        followed=queries.followed_action_ids(case.id, current_user.id),
    )


@bp.get("/my-actions")
@case_permission("plan.view")
def my_actions(case):
    """What the person owns, follows or shares through a subgroup, overdue first, each with a quick update."""
    return my_actions_page(case)


@bp.get("/feed")
@case_permission("plan.view")
def feed(case):
    return render_template("plans/feed.html", case=case, pagination=paginate(queries.feed(case.id, current_user.id)))
