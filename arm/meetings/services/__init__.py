"""Meetings' rules and saves: meetings and weekly series, invitees and attendance, the agenda's items and
the backlog, minutes, decisions (which may create an action), approval and amendments, templates, guests.

Services flush and audit; the views commit (see core.saving).
"""

from arm.meetings.services.guests import GUEST_LINK_DAYS, guest_by_token, invite_guest, revoke_guest, token_hash
from arm.meetings.services.items import (
    add_item,
    carry_over,
    item_field_errors,
    move_item,
    remove_item,
    schedule_backlog_item,
    to_backlog,
    update_item,
)
from arm.meetings.services.meetings import (
    OCCURRENCES_AHEAD,
    cancel_meeting,
    create_meeting,
    default_invitees,
    delete_meeting,
    meeting_field_errors,
    next_in_series,
    update_meeting,
)
from arm.meetings.services.minutes import add_decision, amend_minutes, approve_minutes, record_attendance
from arm.meetings.services.templates import delete_template, save_template, set_paper_hours

__all__ = [
    "GUEST_LINK_DAYS",
    "OCCURRENCES_AHEAD",
    "add_decision",
    "add_item",
    "amend_minutes",
    "approve_minutes",
    "cancel_meeting",
    "carry_over",
    "check_minutes_open",
    "create_meeting",
    "default_invitees",
    "delete_meeting",
    "delete_template",
    "guest_by_token",
    "invite_guest",
    "item_field_errors",
    "meeting_field_errors",
    "move_item",
    "next_in_series",
    "record_attendance",
    "remove_item",
    "revoke_guest",
    "save_template",
    "schedule_backlog_item",
    "set_paper_hours",
    "to_backlog",
    "token_hash",
    "update_item",
    "update_meeting",
]
