"""The plan as spreadsheet rows that import back: each action's reference and version travel with it."""

from flask_babel import force_locale

from arm.plans.models import Action
from arm.plans.spreadsheet.columns import COLUMNS, action_reference


def export_rows(actions: list[Action]) -> tuple[list[str], list[list]]:
    """The plan with the import's Finnish headers and labels, whatever the exporter's UI language."""
    with force_locale("fi"):
        rows = [
            [
                action_reference(a.id),
                a.title,
                a.description,
                a.category.label,
                a.horizon.label,
                a.target_group.label,
                a.subgroup.name if a.subgroup else "",
                a.owner_organisation.name if a.owner_organisation else "",
                a.owner.user.name if a.owner else "",
                a.owner.user.email if a.owner else "",
                a.starts_on,
                a.due_on,
                a.status.label,
                a.progress,
                a.expected_jobs,
                float(a.budget) if a.budget is not None else None,
                ", ".join(f.label for f in a.funders),
                "kyllä" if a.is_overdue else "ei",
                a.version,
            ]
            for a in actions
        ]
    return list(COLUMNS), rows
