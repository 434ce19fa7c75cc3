"""The case's backlog of proposed items, its agenda templates and its meeting settings."""

from datetime import UTC, datetime

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _

from arm.core.forms import ConfirmForm, with_empty_choice
from arm.core.permissions import case_permission
from arm.core.saving import run_confirmed, save_form
from arm.meetings import queries, services
from arm.meetings.forms import ScheduleForm, SettingsForm, TemplateForm, new_item_form
from arm.meetings.views.blueprint import bp
from arm.meetings.views.meetings import member_choices, readable_subgroups

BLANK_TEMPLATE_LINES = 3  # empty rows a template form offers for new items (no JavaScript needed)


def _schedule_form(case, upcoming) -> ScheduleForm:
    form = ScheduleForm(prefix="schedule")
    form.meeting_id.choices = with_empty_choice([(meeting.id, meeting.title) for meeting in upcoming])
    return form


def _backlog_page(case, item_form=None):
    upcoming = queries.upcoming_meetings(case.id, datetime.now(UTC), readable_subgroups(case))
    return render_template(
        "meetings/backlog.html",
        case=case,
        items=queries.backlog(case.id),
        upcoming=upcoming,
        new_item_form=item_form or new_item_form(member_choices(case.id)),
        schedule_form=_schedule_form(case, upcoming),
        confirm_form=ConfirmForm(),
    )


@bp.get("/meetings/backlog")
@case_permission("meeting.view")
def backlog(case):
    return _backlog_page(case)


@bp.post("/meetings/backlog")
@case_permission("meeting.manage")
def add_backlog_item(case):
    form = new_item_form(member_choices(case.id))
    return save_form(
        form,
        lambda: services.add_item(case, None, form.data_for_service()),
        done=url_for("meetings.backlog", case_id=case.id),
        message=lambda item: _("Lisätty odottaviin asioihin: %(title)s", title=item.title),
        render=lambda: _backlog_page(case, form),
    )


@bp.post("/meetings/backlog/<int:backlog_item_id>/schedule")
@case_permission("meeting.manage")
def schedule_backlog_item(case, backlog_item_id: int):
    item = queries.get_backlog_item(case.id, backlog_item_id)
    upcoming = queries.upcoming_meetings(case.id, datetime.now(UTC), None)
    form = _schedule_form(case, upcoming)
    if not form.validate_on_submit() or form.meeting_id.data is None:
        flash(_("Valitse tuleva kokous, jonka esityslistalle asia lisätään."), "danger")
        return _backlog_page(case), 422
    meeting = queries.get_meeting(case.id, form.meeting_id.data)
    return run_confirmed(
        form,
        lambda: services.schedule_backlog_item(item, meeting),
        done=url_for("meetings.meeting", case_id=case.id, meeting_id=meeting.id) + f"#item-{item.id}",
        message=_(
            "Asia lisätty kokouksen %(meeting)s esityslistalle: %(title)s", meeting=meeting.title, title=item.title
        ),
    )


@bp.post("/meetings/backlog/<int:backlog_item_id>/remove")
@case_permission("meeting.manage")
def remove_backlog_item(case, backlog_item_id: int):
    item = queries.get_backlog_item(case.id, backlog_item_id)
    title = item.title
    return run_confirmed(
        ConfirmForm(),
        lambda: services.remove_item(item),
        done=url_for("meetings.backlog", case_id=case.id),
        message=_("Poistettu odottavista asioista: %(title)s", title=title),
    )


@bp.get("/meetings/templates")
@case_permission("meeting.manage")
def templates(case):
    return _templates_page(case, SettingsForm(paper_hours_before=queries.paper_hours(case.id)))


def _templates_page(case, settings_form: SettingsForm) -> str:
    return render_template(
        "meetings/templates.html",
        case=case,
        templates=queries.templates(case.id),
        settings_form=settings_form,
        confirm_form=ConfirmForm(),
    )


def _template_form(template) -> TemplateForm:
    if request.method == "POST":
        return TemplateForm()
    lines = [
        {"title": line.title, "placement": line.placement, "duration_minutes": line.duration_minutes}
        for line in (template.items if template else [])
    ]
    return TemplateForm(data={"name": template.name if template else "", "lines": lines + [{}] * BLANK_TEMPLATE_LINES})


def _save_template(case, template):
    form = _template_form(template)
    return save_form(
        form,
        lambda: services.save_template(case, template, form.name.data, form.lines_for_service()),
        done=url_for("meetings.templates", case_id=case.id),
        message=lambda saved: _("Esityslistan pohja tallennettu: %(name)s", name=saved.name),
        unique={"name": ("name", _("Tapauksella on jo tämänniminen pohja."))},
        template="meetings/template_form.html",
        case=case,
        template_row=template,
    )


@bp.route("/meetings/templates/new", methods=["GET", "POST"])
@case_permission("meeting.manage")
def new_template(case):
    return _save_template(case, None)


@bp.route("/meetings/templates/<int:template_id>/edit", methods=["GET", "POST"])
@case_permission("meeting.manage")
def edit_template(case, template_id: int):
    return _save_template(case, queries.get_template(case.id, template_id))


@bp.post("/meetings/templates/<int:template_id>/delete")
@case_permission("meeting.manage")
def delete_template(case, template_id: int):
    template = queries.get_template(case.id, template_id)
    name = template.name
    return run_confirmed(
        ConfirmForm(),
        lambda: services.delete_template(template),
        done=url_for("meetings.templates", case_id=case.id),
        message=_("Esityslistan pohja poistettu: %(name)s", name=name),
    )


@bp.post("/meetings/settings")
@case_permission("meeting.manage")
def settings(case):
    form = SettingsForm()
    return save_form(
        form,
        lambda: services.set_paper_hours(case, form.paper_hours_before.data),
        done=url_for("meetings.templates", case_id=case.id) + "#settings",
        message=_("Asetus tallennettu."),
        render=lambda: _templates_page(case, form),
    )
