"""The plan as an export that imports back: each action's reference and version travel with it,
headers and labels in the exporter's language."""

from flask_babel import gettext as _
from sqlalchemy import select

from arm.auth.models import User
from arm.cases.models import Case, Membership
from arm.exports.table import ExportTable
from arm.extensions import db
from arm.plans.models import Action, Subgroup
from arm.plans.queries import PlanFilter
from arm.plans.spreadsheet.columns import PLAN_COLUMNS


def export_rows(actions: list[Action]) -> tuple[list[str], list[list]]:
    """Headers and typed values of the plan in the user's language (the tests build files from them)."""
    table = ExportTable(_("Toimenpiteet"), PLAN_COLUMNS, actions, case_name="")
    return table.headers, list(table.rows())


def plan_table(case: Case, actions: list[Action], plan_filter: PlanFilter) -> ExportTable:
    return ExportTable(_("Toimenpiteet"), PLAN_COLUMNS, actions, case.title, describe_filter(case, plan_filter))


def describe_filter(case: Case, plan_filter: PlanFilter) -> str:
    """The filters of the plan list the export was made from, as the list shows them."""
    parts = []
    if plan_filter.subgroup_id:
        name = db.session.scalar(
            select(Subgroup.name).where(Subgroup.id == plan_filter.subgroup_id, Subgroup.case_id == case.id)
        )
        parts.append(f"{_('Alatyöryhmä')}: {name or '–'}")
    for label, member in (
        (_("Luokka"), plan_filter.category),
        (_("Aikajänne"), plan_filter.horizon),
        (_("Tila"), plan_filter.status),
        (_("Kohderyhmä"), plan_filter.target_group),
    ):
        if member is not None:
            parts.append(f"{label}: {member.label}")
    if plan_filter.owner_id:
        name = db.session.scalar(
            select(User.name)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.id == plan_filter.owner_id, Membership.case_id == case.id)
        )
        parts.append(f"{_('Vastuuhenkilö')}: {name or '–'}")
    if plan_filter.overdue:
        parts.append(_("Vain myöhässä olevat"))
    if plan_filter.text:
        parts.append(f"{_('Hakusana')}: {plan_filter.text}")
    return "; ".join(parts)
