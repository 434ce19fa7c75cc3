"""Meetings: the list of upcoming and past ones."""

from datetime import UTC, datetime

from flask import render_template, request
from flask_login import current_user

from arm.core.pagination import paginate
from arm.core.permissions import Access, case_access, case_permission
from arm.meetings import queries
from arm.meetings.models import member_subgroups
from arm.meetings.views.blueprint import bp


def readable_subgroups(case) -> set[int] | None:
    """The subgroups whose meetings the person may read: None for all (observers, editors, coordinators)."""
    if case_access(case.id) is Access.MEMBER:
        return member_subgroups(case.id, current_user.id)
    return None


@bp.get("/meetings")
@case_permission("meeting.view")
def meetings(case):
    now = datetime.now(UTC)
    past = request.args.get("past") == "1"
    pagination = paginate(queries.meetings_list(case.id, upcoming=not past, now=now, subgroup_ids=readable_subgroups(case)))
    return render_template(
        "meetings/meetings.html",
        case=case,
        pagination=pagination,
        past=past,
        item_counts=queries.item_counts([meeting.id for meeting in pagination.items]),
        now=now,
    )
