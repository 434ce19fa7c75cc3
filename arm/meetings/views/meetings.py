"""Meetings: the list, a meeting's page (agenda, attendance, minutes, decisions), its form and the buttons
that run it (draft the agenda, carry items over, approve the previous minutes, cancel, delete)."""

from datetime import UTC, datetime

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from arm.core.forms import ConfirmForm, with_empty_choice
from arm.core.i18n import default_template_language
from arm.core.pagination import paginate
from arm.core.permissions import Access, can, case_access, case_permission, require
from arm.core.saving import Versioned, run_confirmed, save_form
from arm.meetings import agenda, queries, services
from arm.meetings.forms import GuestForm, MeetingForm, amendment_form, new_item_form
from arm.meetings.models import Attendance, member_subgroups
from arm.meetings.views.blueprint import bp
from arm.notify.queries import sends_for_meeting
from arm.plans import queries as plan_queries


def readable_subgroups(case) -> set[int] | None:
    """The subgroups whose meetings the person may read: None for all (observers, editors, coordinators)."""
    if case_access(case.id) is Access.MEMBER:
        return member_subgroups(case.id, current_user.id)
    return None


def load_meeting(case, meeting_id: int):
    """The meeting, 404 for another case's, 403 for a member outside its subgroup."""
    meeting = queries.get_meeting(case.id, meeting_id)
    require("meeting.view", case.id, meeting)
    return meeting


def meeting_url(meeting, anchor: str = "") -> str:
    return url_for("meetings.meeting", case_id=meeting.case_id, meeting_id=meeting.id) + anchor


def member_choices(case_id: int) -> list[tuple[int, str]]:
    return [(m.id, f"{m.user.name} ({m.organisation.name})") for m in plan_queries.current_memberships(case_id)]


@bp.get("/meetings")
@case_permission("meeting.view")
def meetings(case):
    now = datetime.now(UTC)
    past = request.args.get("past") == "1"
    pagination = paginate(
        queries.meetings_list(case.id, upcoming=not past, now=now, subgroup_ids=readable_subgroups(case))
    )
    return render_template(
        "meetings/meetings.html",
        case=case,
        pagination=pagination,
        past=past,
        item_counts=queries.item_counts([meeting.id for meeting in pagination.items]),
    )


@bp.get("/meetings/<int:meeting_id>")
@case_permission("meeting.view")
def meeting(case, meeting_id: int):
    return meeting_page(case, load_meeting(case, meeting_id))


def meeting_page(case, meeting, status: int = 200):
    members = member_choices(case.id)
    previous = queries.previous_meeting(meeting)
    return render_template(
        "meetings/meeting.html",
        case=case,
        meeting=meeting,
        previous=previous,
        following=queries.next_meeting(meeting),
        total_minutes=agenda.total_minutes(meeting.items),
        overrun=agenda.overrun_minutes(meeting),
        new_item_form=new_item_form(members),
        amendment_form=amendment_form(meeting),
        guest_form=GuestForm(prefix="guest"),
        amendments=queries.amendments(meeting.id) if meeting.minutes_locked else [],
        guests=queries.guests(meeting.id) if may_manage(case) else [],
        sends=sends_for_meeting(meeting.id) if may_manage(case) else [],
        attendance_choices=list(Attendance),
        confirm_form=ConfirmForm(),
        now=datetime.now(UTC),
    ), status


def may_manage(case) -> bool:
    return can("meeting.manage", case.id)


def _meeting_form(case, meeting, *, as_saved: bool = False) -> MeetingForm:
    form = MeetingForm(
        **({"formdata": None} if as_saved else {}),
        obj=meeting,
        invitee_ids=[invitee.membership_id for invitee in meeting.invitees] if meeting else [],
        **(MeetingForm.values_of(meeting) if meeting is not None else {}),
    )
    form.is_new = meeting is None
    members = member_choices(case.id)
    form.subgroup_id.choices = [("", _("Koko verkosto"))] + [(s.id, s.name) for s in plan_queries.subgroups(case.id)]
    form.chair_id.choices = with_empty_choice(members)
    form.secretary_id.choices = with_empty_choice(members)
    form.invitee_ids.choices = members
    form.template_id.choices = [("", _("Oletusrunko (avaus, edellinen muistio, muut asiat, päättäminen)"))] + [
        (template.id, template.name) for template in queries.templates(case.id)
    ]
    return form


def _save_meeting(case, meeting):
    form = _meeting_form(case, meeting)
    if meeting is not None and request.method == "GET":
        form.remember_loaded(meeting.version)

    def save():
        data, invitee_ids = form.data_for_service(), form.invitee_ids.data or []
        if meeting is None:
            template = queries.get_template(case.id, form.template_id.data) if form.template_id.data else None
            return services.create_meeting(
                case, data, invitee_ids or None, template=template, language=default_template_language()
            )
        return services.update_meeting(meeting, form.loaded_version or 0, data, invitee_ids)

    return save_form(
        form,
        save,
        done=meeting_url,
        message=lambda saved: _("Kokous tallennettu: %(title)s", title=saved.title),
        versioned=Versioned(
            row=lambda: meeting,
            saved_form=lambda row: _meeting_form(case, row, as_saved=True),
            page=lambda merge: render_template(
                "meetings/conflict.html", case=case, form=form, current=meeting, merge=merge
            ),
        )
        if meeting is not None
        else None,
        template="meetings/meeting_form.html",
        case=case,
        meeting=meeting,
    )


@bp.route("/meetings/new", methods=["GET", "POST"])
@case_permission("meeting.manage")
def new_meeting(case):
    return _save_meeting(case, None)


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@case_permission("meeting.manage")
def edit_meeting(case, meeting_id: int):
    return _save_meeting(case, queries.get_meeting(case.id, meeting_id))


@bp.post("/meetings/<int:meeting_id>/draft")
@case_permission("meeting.manage")
def draft_agenda(case, meeting_id: int):
    """Draft the agenda again from what changed in the case; items people wrote under are kept."""
    meeting = queries.get_meeting(case.id, meeting_id)
    if meeting.minutes_locked:
        flash(_("Muistio on hyväksytty ja lukittu: esityslistaa ei enää koota uudelleen."), "danger")
        return redirect(meeting_url(meeting))

    def message(result) -> str:
        return _(
            "Esityslista koottu tapauksen muutoksista: %(added)d uutta, %(refreshed)d päivitettyä ja %(removed)d "
            "poistunutta kohtaa.",
            added=result.added,
            refreshed=result.refreshed,
            removed=result.removed,
        )

    return run_confirmed(
        ConfirmForm(),
        lambda: agenda.draft_agenda(meeting, datetime.now(UTC)),
        done=meeting_url(meeting, "#agenda"),
        message=message,
    )


@bp.post("/meetings/<int:meeting_id>/carry-over")
@case_permission("meeting.manage")
def carry_over(case, meeting_id: int):
    meeting = queries.get_meeting(case.id, meeting_id)

    def message(result) -> str:
        target, moved = result
        if target is None:
            return _("%(count)d käsittelemätöntä kohtaa siirrettiin odottaviin asioihin.", count=moved)
        return _("%(count)d käsittelemätöntä kohtaa siirrettiin kokoukseen %(title)s.", count=moved, title=target.title)

    return run_confirmed(
        ConfirmForm(),
        lambda: services.carry_over(meeting, default_template_language()),
        done=lambda result: meeting_url(result[0]) if result and result[0] else meeting_url(meeting),
        message=message,
    )


@bp.post("/meetings/<int:meeting_id>/approve-previous")
@case_permission("meeting.manage")
def approve_previous(case, meeting_id: int):
    """This meeting approves the minutes of the previous meeting of the same scope, which locks them."""
    meeting = queries.get_meeting(case.id, meeting_id)
    previous = queries.previous_meeting(meeting)
    if previous is None:
        flash(_("Tällä kokouksella ei ole edellistä kokousta, jonka muistion se voisi hyväksyä."), "danger")
        return redirect(meeting_url(meeting))
    return run_confirmed(
        ConfirmForm(),
        lambda: services.approve_minutes(previous, meeting),
        done=meeting_url(meeting),
        message=_("Kokouksen %(title)s muistio hyväksyttiin ja lukittiin.", title=previous.title),
    )


@bp.post("/meetings/<int:meeting_id>/attendance")
@case_permission("meeting.manage")
def attendance(case, meeting_id: int):
    meeting = queries.get_meeting(case.id, meeting_id)
    form = ConfirmForm()
    values = attendance_values(meeting, request.form)
    if form.validate_on_submit() and values is None:
        flash(_("Valitse läsnäolo annetuista vaihtoehdoista kokoukseen kutsutuille."), "danger")
        return meeting_page(case, meeting, 422)
    return run_confirmed(
        form,
        lambda: services.record_attendance(meeting, values),
        done=meeting_url(meeting, "#attendance"),
        message=_("Läsnäolot tallennettu."),
    )


def attendance_values(meeting, form) -> dict | None:
    """Attendance by invitee id from the fields `attendance-<invitee id>`; None when a field names someone
    not invited or a value that is no choice."""
    invited = {invitee.id for invitee in meeting.invitees}
    values = {}
    for name, typed in form.items():
        if not name.startswith("attendance-"):
            continue
        invitee_id = name.removeprefix("attendance-")
        if not invitee_id.isdigit() or int(invitee_id) not in invited:
            return None
        if typed and typed not in Attendance.__members__:
            return None
        values[int(invitee_id)] = Attendance[typed] if typed else None
    return values


@bp.post("/meetings/<int:meeting_id>/cancel")
@case_permission("meeting.manage")
def cancel_meeting(case, meeting_id: int):
    meeting = queries.get_meeting(case.id, meeting_id)
    return run_confirmed(
        ConfirmForm(),
        lambda: services.cancel_meeting(meeting),
        done=meeting_url(meeting),
        message=_("Kokous peruttu: %(title)s", title=meeting.title),
    )


@bp.post("/meetings/<int:meeting_id>/delete")
@case_permission("meeting.manage")
def delete_meeting(case, meeting_id: int):
    meeting = queries.get_meeting(case.id, meeting_id)
    title = meeting.title
    return run_confirmed(
        ConfirmForm(),
        lambda: services.delete_meeting(meeting),
        done=url_for("meetings.meetings", case_id=case.id),
        message=_("Kokous poistettu: %(title)s", title=title),
    )
