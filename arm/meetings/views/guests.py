"""Guests from outside the case: a coordinator creates an expiring link, the guest opens it without an
account and sees that meeting's agenda and, once approved, its minutes, nothing else of the case."""

from datetime import UTC, datetime

from flask import Blueprint, abort, render_template
from flask_babel import gettext as _

from arm.core.forms import ConfirmForm
from arm.core.permissions import case_permission
from arm.core.saving import run_confirmed, save_form
from arm.core.urls import public_url
from arm.meetings import queries, services
from arm.meetings.forms import GuestForm
from arm.meetings.views.blueprint import bp
from arm.meetings.views.meetings import meeting_url

guest_bp = Blueprint("meeting_guest", __name__, url_prefix="/guest")


@bp.post("/meetings/<int:meeting_id>/guests")
@case_permission("meeting.manage")
def invite_guest(case, meeting_id: int):
    """The link is shown once, on the answer to this request: only its hash is kept."""
    meeting = queries.get_meeting(case.id, meeting_id)
    form = GuestForm(prefix="guest")
    created = {}

    def save():
        guest, token = services.invite_guest(meeting, form.data)
        created["token"] = token
        return guest

    answer = save_form(
        form,
        save,
        done=meeting_url(meeting, "#guests"),
        message=lambda guest: _("Vieraan linkki luotu: %(name)s", name=guest.name),
        template="meetings/guest_form.html",
        case=case,
        meeting=meeting,
    )
    if "token" not in created:
        return answer
    return render_template(
        "meetings/guest_link.html",
        case=case,
        meeting=meeting,
        link=public_url("meeting_guest.guest_meeting", token=created["token"]),
    )


@bp.post("/meetings/<int:meeting_id>/guests/<int:guest_id>/revoke")
@case_permission("meeting.manage")
def revoke_guest(case, meeting_id: int, guest_id: int):
    meeting = queries.get_meeting(case.id, meeting_id)
    guest = next((guest for guest in queries.guests(meeting.id) if guest.id == guest_id), None)
    if guest is None:
        abort(404)
    return run_confirmed(
        ConfirmForm(),
        lambda: services.revoke_guest(guest),
        done=meeting_url(meeting, "#guests"),
        message=_("Vieraan linkki poistettu käytöstä: %(name)s", name=guest.name),
    )


@guest_bp.get("/meetings/<token>")
def guest_meeting(token: str):
    """404 for an unknown, revoked or expired link: it tells nothing about the case."""
    if len(token) > 100:
        abort(404)
    guest = services.guest_by_token(token, datetime.now(UTC))
    if guest is None:
        abort(404)
    meeting = queries.get_meeting(guest.case_id, guest.meeting_id)
    if meeting.cancelled and not meeting.minutes_locked:
        abort(404)
    return render_template("meetings/guest.html", meeting=meeting, guest=guest), 200, {"X-Robots-Tag": "noindex"}
