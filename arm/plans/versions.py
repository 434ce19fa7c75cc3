"""Approved versions of the plan: the frozen copy taken at approval, and what changed between two copies.

A copy is plain JSON (ids, texts, enum names, ISO dates, amounts as strings) so that it reads the same
however the plan or its people change later; the diff turns it into readable values (enums by label,
dates and amounts as the reader writes them, names not ids).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import defer, joinedload, selectinload

from arm.auth.models import User
from arm.cases.models import Case, Membership
from arm.core.errors import ValidationError
from arm.core.forms import format_amount
from arm.core.i18n import format_date
from arm.core.models import today
from arm.core.queries import get_in_case
from arm.extensions import db
from arm.plans.models import (
    ACTION_FIELDS,
    Action,
    ActionCategory,
    ActionStatus,
    Funder,
    Horizon,
    Objective,
    ObjectiveAction,
    ObjectiveKind,
    ObjectivePriority,
    PlanVersion,
    TargetGroup,
    funders_named,
)

# Fields compared by the diff, with their labels; ids of people and groups are compared by name.
ACTION_DIFF_FIELDS = {
    "title": _l("Otsikko"),
    "description": _l("Kuvaus"),
    "category": _l("Luokka"),
    "horizon": _l("Aikajänne"),
    "subgroup": _l("Alatyöryhmä"),
    "owner_organisation": _l("Vastuuorganisaatio"),
    "owner": _l("Vastuuhenkilö"),
    "starts_on": _l("Alkaa"),
    "due_on": _l("Valmis viimeistään"),
    "status": _l("Tila"),
    "progress": _l("Edistyminen (%)"),
    "target_group": _l("Kohderyhmä"),
    "expected_jobs": _l("Odotetut uudet työpaikat"),
    "budget": _l("Budjetti (€)"),
    "funders": _l("Rahoituslähteet"),
}
OBJECTIVE_DIFF_FIELDS = {
    "title": _l("Tavoite"),
    "description": _l("Kuvaus"),
    "kind": _l("Laji"),
    "priority": _l("Painotus"),
    "target_value": _l("Mitattava tavoite"),
    "target_unit": _l("Yksikkö"),
    "deadline": _l("Määräaika"),
    "actions": _l("Toimenpiteet"),
}
ENUMS = {
    "category": ActionCategory,
    "horizon": Horizon,
    "status": ActionStatus,
    "target_group": TargetGroup,
    "kind": ObjectiveKind,
    "priority": ObjectivePriority,
}
DATES = {"starts_on", "due_on", "deadline"}
AMOUNTS = {"budget", "target_value"}


def _plain(value):
    if value is None:
        return None
    if hasattr(value, "name") and hasattr(value, "label"):
        return value.name
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        # Always with cents: a value set in this request (Decimal("250000")) and one read back from the
        # database (hundredths) are the same amount and must compare equal.
        return str(value.quantize(Decimal("0.01")))
    return value


def _action_copy(action: Action) -> dict:
    copy = {"id": action.id, **{name: _plain(getattr(action, name)) for name in ACTION_FIELDS}}
    copy["subgroup"] = action.subgroup.name if action.subgroup else None
    copy["owner_organisation"] = action.owner_organisation.name if action.owner_organisation else None
    copy["owner"] = action.owner.user.name if action.owner else None
    copy["funders"] = [f.name for f in funders_named(action.funding_sources)]
    return copy


def _objective_copy(objective: Objective) -> dict:
    fields = ("title", "description", "kind", "priority", "target_value", "target_unit", "deadline")
    copy = {"id": objective.id, **{name: _plain(getattr(objective, name)) for name in fields}}
    copy["action_ids"] = sorted(link.action_id for link in objective.action_links)
    return copy


def plan_snapshot(case_id: int) -> dict:
    """The plan as it is now, as a version keeps it: three statements whatever its size."""
    actions = db.session.scalars(
        select(Action)
        .where(Action.case_id == case_id)
        .order_by(Action.id)
        .options(
            joinedload(Action.owner).joinedload(Membership.user),
            joinedload(Action.owner_organisation),
            joinedload(Action.subgroup),
        )
    ).all()
    objectives = db.session.scalars(
        select(Objective)
        .where(Objective.case_id == case_id)
        .order_by(Objective.id)
        .options(
            selectinload(Objective.action_links).load_only(ObjectiveAction.action_id, ObjectiveAction.objective_id)
        )
    ).all()
    return {"actions": [_action_copy(a) for a in actions], "objectives": [_objective_copy(o) for o in objectives]}


def _next_number(case_id: int) -> int:
    return (db.session.scalar(select(func.max(PlanVersion.number)).where(PlanVersion.case_id == case_id)) or 0) + 1


def approval_errors(approved_on: date | None) -> list[tuple[str, str]]:
    if approved_on is None:
        return [("approved_on", _("Anna hyväksymispäivä."))]
    if approved_on > today():
        return [("approved_on", _("Hyväksymispäivä ei voi olla tulevaisuudessa."))]
    return []


def approve_plan(case: Case, user: User, approved_on: date | None, note: str = "") -> PlanVersion:
    """Keep the plan as approved today or earlier, under the case's next version number.

    Two approvals at once may pick the same number; the unique key refuses the second (the view
    turns that into a message).
    """
    errors = approval_errors(approved_on)
    snapshot = plan_snapshot(case.id)
    if not snapshot["actions"]:
        errors.append((None, _("Suunnitelmassa ei ole toimenpiteitä. Lisää toimenpiteet ennen kuin hyväksyt sen.")))
    if errors:
        raise ValidationError(errors)
    version = PlanVersion(
        case_id=case.id,
        number=_next_number(case.id),
        approved_on=approved_on,
        approved_by_id=user.id,
        note=note.strip(),
        snapshot=snapshot,
    )
    db.session.add(version)
    db.session.flush()
    return version


# Reading


def versions(case_id: int) -> list[PlanVersion]:
    """The case's versions, newest first, without their copies: one statement."""
    return list(
        db.session.scalars(
            select(PlanVersion)
            .where(PlanVersion.case_id == case_id)
            .order_by(PlanVersion.number.desc())
            .options(defer(PlanVersion.snapshot), joinedload(PlanVersion.approved_by))
        )
    )


def get_version(case_id: int, version_id: int) -> PlanVersion:
    """404 when the version belongs to another case."""
    return get_in_case(PlanVersion, version_id, case_id, joinedload(PlanVersion.approved_by))


def _enum_label(name: str, value) -> str:
    member = ENUMS[name].__members__.get(value)
    return member.label if member else str(value)


def _readable(name: str, value, action_titles: dict[int, str]) -> str:
    """A copied value as the reader reads it: enums by label, dates and amounts in their language, names."""
    if value in (None, "", []):
        return "–"
    if name in ENUMS:
        text = _enum_label(name, value)
    elif name in DATES:
        text = format_date(date.fromisoformat(value), "short")
    elif name in AMOUNTS:
        text = format_amount(Decimal(value))
    elif name == "funders":
        text = ", ".join(Funder[n].label if n in Funder.__members__ else n for n in value)
    elif name == "actions":
        text = ", ".join(action_titles.get(i, f"#{i}") for i in value)
    else:
        text = str(value)
    return text


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class RowChange:
    title: str
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class Section:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass
class PlanDiff:
    actions: Section
    objectives: Section

    @property
    def is_empty(self) -> bool:
        return self.actions.is_empty and self.objectives.is_empty


def _with_action_list(objective: dict) -> dict:
    return {**objective, "actions": objective.get("action_ids", [])}


def _section(before: list[dict], after: list[dict], fields: dict, titles: tuple[dict, dict]) -> Section:
    old, new = {row["id"]: row for row in before}, {row["id"]: row for row in after}
    section = Section(
        added=[new[i]["title"] for i in new if i not in old],
        removed=[old[i]["title"] for i in old if i not in new],
    )
    for row_id in (i for i in new if i in old):
        changes = [
            FieldChange(
                str(label),
                _readable(name, old[row_id].get(name), titles[0]),
                _readable(name, new[row_id].get(name), titles[1]),
            )
            for name, label in fields.items()
            if old[row_id].get(name) != new[row_id].get(name)
        ]
        if changes:
            section.changed.append(RowChange(new[row_id]["title"], changes))
    return section


def diff(before: dict, after: dict) -> PlanDiff:
    """What changed from the copy `before` to `after`: rows added and removed by title, changed field by field."""
    titles = tuple({a["id"]: a["title"] for a in copy.get("actions", [])} for copy in (before, after))
    return PlanDiff(
        actions=_section(before.get("actions", []), after.get("actions", []), ACTION_DIFF_FIELDS, titles),
        objectives=_section(
            [_with_action_list(o) for o in before.get("objectives", [])],
            [_with_action_list(o) for o in after.get("objectives", [])],
            OBJECTIVE_DIFF_FIELDS,
            titles,
        ),
    )
