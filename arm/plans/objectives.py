"""The plan's objectives: their rules, saving them, and the actions that serve them.

Services flush and never commit; the view commits once through `core.saving`.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from arm.cases.models import Case
from arm.core.errors import EditConflict, ValidationError
from arm.core.forms import format_amount
from arm.core.i18n import format_date
from arm.core.links import sync_links
from arm.core.queries import get_in_case
from arm.extensions import db
from arm.plans.models import LARGEST_TARGET, Action, Objective, ObjectiveAction

# The fields of an objective that its form sets.
OBJECTIVE_FIELDS = ("title", "description", "kind", "priority", "target_value", "target_unit", "deadline")


def objective_field_errors(data: dict, announced_on: date | None) -> list[tuple[str, str]]:
    """The rules on an objective's own values, shared by the form and the service."""
    errors = []
    title = (data.get("title") or "").strip()
    if not title:
        errors.append(("title", _("Anna tavoitteelle nimi.")))
    elif len(title) > 300:
        errors.append(("title", _("Tavoitteessa voi olla enintään 300 merkkiä.")))
    target, unit = data.get("target_value"), (data.get("target_unit") or "").strip()
    if target is not None and not 0 <= target <= LARGEST_TARGET:
        errors.append(("target_value", _("Anna tavoite väliltä 0–%(max)s.", max=format_amount(LARGEST_TARGET))))
    elif target is None and unit:
        errors.append(
            ("target_value", _("Anna luku, jota yksikkö %(unit)s mittaa, tai jätä yksikkö tyhjäksi.", unit=unit))
        )
    deadline = data.get("deadline")
    if deadline is not None and announced_on is not None and deadline < announced_on:
        errors.append(
            (
                "deadline",
                _(
                    "Määräaika ei voi olla ennen kuin rakennemuutos ilmoitettiin (%(date)s).",
                    date=format_date(announced_on, "short"),
                ),
            )
        )
    return errors


def _check_actions(case: Case, action_ids: list[int]) -> list[tuple[str, str]]:
    known = set(db.session.scalars(select(Action.id).where(Action.case_id == case.id, Action.id.in_(action_ids))))
    if known != set(action_ids):
        return [("action_ids", _("Toimenpiteiden on kuuluttava tähän tapaukseen."))]
    return []


def save_objective(
    case: Case, objective: Objective | None, data: dict, action_ids: list[int], expected_version: int | None = None
) -> Objective:
    """Create an objective or save an edit made on `expected_version` (EditConflict when someone saved in between)."""
    if objective is not None and expected_version != objective.version:
        raise EditConflict(objective)
    errors = objective_field_errors(data, case.announced_on) + _check_actions(case, action_ids)
    if errors:
        raise ValidationError(errors)
    if objective is None:
        objective = Objective(case_id=case.id)
        db.session.add(objective)
    for key in OBJECTIVE_FIELDS:
        setattr(objective, key, data.get(key))
    objective.title = objective.title.strip()
    objective.description = objective.description or ""
    objective.target_unit = (objective.target_unit or "").strip()
    sync_links(objective.action_links, "action_id", action_ids, lambda i: ObjectiveAction(case_id=case.id, action_id=i))
    db.session.flush()
    return objective


def delete_objective(objective: Objective) -> None:
    db.session.delete(objective)
    db.session.flush()


def set_action_objectives(action: Action, objective_ids: list[int]) -> None:
    """The objectives an action serves, chosen on the action's form; all of the action's case."""
    wanted = list(dict.fromkeys(objective_ids))
    known = set(
        db.session.scalars(select(Objective.id).where(Objective.case_id == action.case_id, Objective.id.in_(wanted)))
    )
    if known != set(wanted):
        raise ValidationError.single("objective_ids", _("Tavoitteiden on kuuluttava tähän tapaukseen."))
    links = list(db.session.scalars(select(ObjectiveAction).where(ObjectiveAction.action_id == action.id)))
    for link in links:
        if link.objective_id not in known:
            db.session.delete(link)
    present = {link.objective_id for link in links}
    for objective_id in wanted:
        if objective_id not in present:
            db.session.add(ObjectiveAction(case_id=action.case_id, objective_id=objective_id, action_id=action.id))
    db.session.flush()


# Reading


@dataclass
class ObjectiveProgress:
    """An objective with the actions that serve it and their mean progress (None without actions)."""

    objective: Objective
    actions: list[Action]

    @property
    def progress(self) -> float | None:
        if not self.actions:
            return None
        return sum(a.progress for a in self.actions) / len(self.actions)


def objectives(case_id: int) -> list[Objective]:
    """The case's objectives, main ones first, with their actions: two statements."""
    return list(
        db.session.scalars(
            select(Objective)
            .where(Objective.case_id == case_id)
            .order_by(Objective.priority, Objective.id)
            .options(selectinload(Objective.action_links).joinedload(ObjectiveAction.action))
        )
    )


def objectives_with_progress(case_id: int) -> list[ObjectiveProgress]:
    return [
        ObjectiveProgress(o, sorted((link.action for link in o.action_links), key=lambda a: (a.title, a.id)))
        for o in objectives(case_id)
    ]


def get_objective(case_id: int, objective_id: int) -> Objective:
    """404 when the objective belongs to another case."""
    return get_in_case(Objective, objective_id, case_id, selectinload(Objective.action_links))


def action_objectives(action_id: int) -> list[Objective]:
    """The objectives an action serves, in one statement."""
    return list(
        db.session.scalars(
            select(Objective)
            .join(ObjectiveAction, ObjectiveAction.objective_id == Objective.id)
            .where(ObjectiveAction.action_id == action_id)
            .order_by(Objective.priority, Objective.id)
        )
    )


def objective_choices(case_id: int) -> list[tuple[int, str]]:
    return [
        (o.id, o.title)
        for o in db.session.scalars(
            select(Objective).where(Objective.case_id == case_id).order_by(Objective.priority, Objective.id)
        )
    ]


def target_text(objective) -> str:
    """ "1 000 uutta työpaikkaa": the target with its unit, or "" without a target."""
    if objective.target_value is None:
        return ""
    return f"{format_amount(Decimal(objective.target_value))} {objective.target_unit}".strip()
