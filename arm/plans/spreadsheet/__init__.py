"""The action plan as a spreadsheet: an export with each action's reference and version, and an
import that checks every row, previews what it would change and stores it only when confirmed."""

from arm.plans.spreadsheet.columns import PLAN_COLUMNS, action_reference, header_lookup
from arm.plans.spreadsheet.export import export_rows, plan_table
from arm.plans.spreadsheet.reading import MAX_ROWS, ImportRejected, PlanRow, RowError, read_plan

__all__ = [
    "MAX_ROWS",
    "PLAN_COLUMNS",
    "ImportRejected",
    "PlanRow",
    "RowError",
    "action_reference",
    "export_rows",
    "header_lookup",
    "plan_table",
    "read_plan",
]
