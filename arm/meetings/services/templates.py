"""A case's agenda templates and its meeting settings."""

from flask_babel import gettext as _

from arm.cases.models import Case
from arm.core.errors import ValidationError
from arm.extensions import db
from arm.meetings.models import (
    MAX_DURATION_MINUTES,
    AgendaTemplate,
    AgendaTemplateItem,
    MeetingSettings,
    Placement,
)


def save_template(case: Case, template: AgendaTemplate | None, name: str, lines: list[dict]) -> AgendaTemplate:
    """`lines`: dicts of title, placement and duration_minutes, in order; empty titles are skipped."""
    name = (name or "").strip()
    errors = []
    if not name:
        errors.append(("name", _("Anna pohjalle nimi.")))
    lines = [line for line in lines if (line.get("title") or "").strip()]
    for line in lines:
        duration = line.get("duration_minutes")
        if duration is not None and not 0 <= duration <= MAX_DURATION_MINUTES:
            errors.append(("items", _("Anna kesto minuutteina väliltä 0–720.")))
            break
    if errors:
        raise ValidationError(errors)
    if template is None:
        template = AgendaTemplate(case_id=case.id, items=[])
        db.session.add(template)
    template.name = name
    template.items.clear()
    for position, line in enumerate(lines, start=1):
        template.items.append(
            AgendaTemplateItem(
                placement=line.get("placement") or Placement.START,
                position=position,
                title=line["title"].strip()[:300],
                duration_minutes=line.get("duration_minutes"),
            )
        )
    db.session.flush()
    return template


def delete_template(template: AgendaTemplate) -> None:
    db.session.delete(template)
    db.session.flush()


def set_paper_hours(case: Case, hours: int) -> MeetingSettings:
    if not 1 <= hours <= 168:
        raise ValidationError.single("paper_hours_before", _("Anna tunnit väliltä 1–168."))
    settings = db.session.get(MeetingSettings, case.id) or MeetingSettings(case_id=case.id)
    settings.paper_hours_before = hours
    db.session.add(settings)
    db.session.flush()
    return settings
