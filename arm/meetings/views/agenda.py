"""A meeting's agenda items: adding, editing (minutes and outcome too), moving, removing, sending to the
backlog; decisions under an item (which may create an action) and amendments to approved minutes."""

from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from arm.cases.models import Membership
from arm.core.errors import ValidationError
from arm.core.forms import ConfirmForm, with_empty_choice
from arm.core.i18n import format_date
from arm.core.permissions import case_permission
from arm.core.saving import Versioned, run_confirmed, save_form
from arm.extensions import db
from arm.meetings import queries, services
from arm.meetings.forms import AgendaItemForm
from arm.meetings.views.blueprint import bp
from arm.meetings.views.meetings import (
    _amendment_form,
    _decision_form,
    _new_item_form,
    meeting_url,
    member_choices,
)
from arm.plans import services as plan_services
from arm.plans.models import ActionStatus, Horizon


def _item_in_meeting(case, meeting_id: int, agenda_item_id: int):
    meeting = queries.get_meeting(case.id, meeting_id)
    for item in meeting.items:
        if item.id == agenda_item_id:
            return meeting, item
    abort(404)


def _refused_on_meeting(meeting, error: ValidationError):
    for _field, message in error.errors:
        flash(message, "danger")
    return redirect(meeting_url(meeting, "#agenda"))


@bp.post("/meetings/<int:meeting_id>/items")
@case_permission("meeting.manage")
def add_item(case, meeting_id: int):
    meeting = queries.get_meeting(case.id, meeting_id)
    form = _new_item_form(member_choices(case.id))
    return save_form(
        form,
        lambda: services.add_item(case, meeting, form.data_for_service()),
        done=lambda item: meeting_url(meeting, f"#item-{item.id}"),
        message=lambda item: _("Kohta lisätty: %(title)s", title=item.title),
        template="meetings/item_new.html",
        case=case,
        meeting=meeting,
    )


def _item_form(case, item, *, as_saved: bool = False) -> AgendaItemForm:
    form = AgendaItemForm(**({"formdata": None} if as_saved else {}), obj=item)
    form.presenter_id.choices = with_empty_choice(member_choices(case.id))
    return form


@bp.route("/meetings/<int:meeting_id>/items/<int:agenda_item_id>/edit", methods=["GET", "POST"])
@case_permission("meeting.manage")
def edit_item(case, meeting_id: int, agenda_item_id: int):
    """An item's title, presenter, duration, minutes and outcome; through the merge when two people edit it."""
    meeting, item = _item_in_meeting(case, meeting_id, agenda_item_id)
    form = _item_form(case, item)
    if request.method == "GET":
        form.remember_loaded(item.version)
    return save_form(
        form,
        lambda: services.update_item(item, form.loaded_version or 0, form.data_for_service()),
        done=lambda saved: meeting_url(meeting, f"#item-{saved.id}"),
        message=lambda saved: _("Kohta tallennettu: %(title)s", title=saved.title),
        versioned=Versioned(
            row=lambda: item,
            saved_form=lambda row: _item_form(case, row, as_saved=True),
            page=lambda merge: render_template(
                "meetings/conflict.html", case=case, form=form, current=item, merge=merge, meeting=meeting
            ),
        ),
        template="meetings/item_form.html",
        case=case,
        meeting=meeting,
        item=item,
    )


@bp.post("/meetings/<int:meeting_id>/items/<int:agenda_item_id>/move")
@case_permission("meeting.manage")
def move_item(case, meeting_id: int, agenda_item_id: int):
    meeting, item = _item_in_meeting(case, meeting_id, agenda_item_id)
    direction = -1 if request.form.get("direction") == "up" else 1
    return run_confirmed(
        ConfirmForm(),
        lambda: services.move_item(item, direction),
        done=meeting_url(meeting, f"#item-{item.id}"),
        message=_("Kohdan paikka vaihdettu: %(title)s", title=item.title),
    )


@bp.post("/meetings/<int:meeting_id>/items/<int:agenda_item_id>/remove")
@case_permission("meeting.manage")
def remove_item(case, meeting_id: int, agenda_item_id: int):
    meeting, item = _item_in_meeting(case, meeting_id, agenda_item_id)
    title = item.title
    return run_confirmed(
        ConfirmForm(),
        lambda: services.remove_item(item),
        done=meeting_url(meeting, "#agenda"),
        message=_("Kohta poistettu esityslistalta: %(title)s", title=title),
    )


@bp.post("/meetings/<int:meeting_id>/items/<int:agenda_item_id>/backlog")
@case_permission("meeting.manage")
def item_to_backlog(case, meeting_id: int, agenda_item_id: int):
    meeting, item = _item_in_meeting(case, meeting_id, agenda_item_id)
    return run_confirmed(
        ConfirmForm(),
        lambda: services.to_backlog(item),
        done=meeting_url(meeting, "#agenda"),
        message=_("Kohta siirretty odottaviin asioihin: %(title)s", title=item.title),
    )


def _markdown_text(text: str) -> str:
    """Text that stays text inside a Markdown link."""
    return "".join("\\" + char if char in "[]()*_`\\<>" else char for char in text)


def _action_data(meeting, item, form) -> dict:
    """The new action links back to the decision's item: the link is Markdown in its description, so that
    the plan needs no knowledge of meetings."""
    owner = db.session.get(Membership, form.owner_id.data) if form.owner_id.data else None  # the plan checks its case
    return {
        "title": form.action_title.data.strip(),
        "description": _(
            "Päätetty kokouksessa [%(meeting)s](%(url)s): %(decision)s",
            meeting=_markdown_text(f"{meeting.title} {format_date(meeting.starts_at, 'd.M.yyyy')}"),
            url=meeting_url(meeting, f"#item-{item.id}"),
            decision=form.text.data.strip(),
        ),
        "category": form.category.data,
        "horizon": Horizon.SHORT,
        "subgroup_id": meeting.subgroup_id,
        "owner_id": owner.id if owner else None,
        "owner_organisation_id": owner.organisation_id if owner else None,
        "due_on": form.due_on.data,
        "status": ActionStatus.PLANNED,
        "progress": 0,
        "target_group": form.target_group.data,
    }


@bp.route("/meetings/<int:meeting_id>/items/<int:agenda_item_id>/decisions", methods=["GET", "POST"])
@case_permission("meeting.manage")
def add_decision(case, meeting_id: int, agenda_item_id: int):
    """A decision; with "creates an action", the action is made in the same step by the plan's own service
    (every rule of an action applies) and links back to the decision."""
    meeting, item = _item_in_meeting(case, meeting_id, agenda_item_id)
    form = _decision_form(member_choices(case.id))

    def save():
        action_data = _action_data(meeting, item, form) if form.create_action.data else None
        return services.add_decision(item, form.text.data, action_data, plan_services.create_action)

    return save_form(
        form,
        save,
        done=lambda decision: meeting_url(meeting, f"#item-{item.id}"),
        message=lambda decision: (
            _("Päätös kirjattu.")
            + (" " + _("Toimenpide luotu: %(title)s", title=decision.action.title) if decision.action else "")
        ),
        template="meetings/decision_form.html",
        case=case,
        meeting=meeting,
        item=item,
    )


@bp.route("/meetings/<int:meeting_id>/amendments", methods=["GET", "POST"])
@case_permission("meeting.manage")
def add_amendment(case, meeting_id: int):
    meeting = queries.get_meeting(case.id, meeting_id)
    form = _amendment_form(meeting)
    return save_form(
        form,
        lambda: services.amend_minutes(meeting, form.agenda_item_id.data, form.text.data, current_user.id),
        done=meeting_url(meeting, "#amendments"),
        message=_("Muistion korjaus kirjattu."),
        template="meetings/amendment_form.html",
        case=case,
        meeting=meeting,
    )
