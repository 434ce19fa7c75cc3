"""The action plan as a spreadsheet: an export with each action's reference and version, and an
import that checks every row, previews what it would change and stores it only when confirmed."""

from arm.plans.spreadsheet.columns import COLUMNS, REFERENCE, VERSION, action_reference
from arm.plans.spreadsheet.export import export_rows
from arm.plans.spreadsheet.reading import MAX_ROWS, ImportRejected, PlanRow, RowError, read_plan

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "REFERENCE",
    "VERSION",
    "ImportRejected",
    "PlanRow",
    "RowError",
    "action_reference",
    "export_rows",
    "read_plan",
]
