"""The plan spreadsheet's columns: one table for the export and the import.

Headers are written in the exporter's language; the import knows each header in every language of the
app (`header_lookup`), so a file exported in Swedish or English imports back like a Finnish one.
"""

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from arm.exports.table import Cell, Column
from arm.plans.models import ActionCategory, ActionStatus, Horizon, TargetGroup

REFERENCE_PREFIX = "T-"


def action_reference(action_id: int) -> str:
    """An action's stable reference in a spreadsheet: its id, which no other case's action can have."""
    return f"{REFERENCE_PREFIX}{action_id}"


def _name(related) -> str:
    return related.name if related is not None else ""


# Each column's key is the action data it carries; "owner_name" and "overdue" are exported for reading only.
PLAN_COLUMNS = (
    Column(_l("Tunniste"), lambda a: action_reference(a.id), key="reference"),
    Column(_l("Otsikko"), lambda a: a.title, key="title"),
    Column(_l("Kuvaus"), lambda a: a.description, Cell.LONG_TEXT, key="description"),
    Column(_l("Luokka"), lambda a: a.category.label, key="category"),
    Column(_l("Aikajänne"), lambda a: a.horizon.label, key="horizon"),
    Column(_l("Kohderyhmä"), lambda a: a.target_group.label, key="target_group"),
    Column(_l("Alatyöryhmä"), lambda a: _name(a.subgroup), key="subgroup_id"),
    Column(_l("Vastuuorganisaatio"), lambda a: _name(a.owner_organisation), key="owner_organisation_id"),
    Column(_l("Vastuuhenkilö"), lambda a: a.owner.user.name if a.owner else "", key="owner_name"),
    Column(_l("Vastuuhenkilön sähköposti"), lambda a: a.owner.user.email if a.owner else "", key="owner_id"),
    Column(_l("Alkaa"), lambda a: a.starts_on, Cell.DATE, key="starts_on"),
    Column(_l("Valmis viimeistään"), lambda a: a.due_on, Cell.DATE, key="due_on"),
    Column(_l("Tila"), lambda a: a.status.label, key="status"),
    Column(_l("Edistyminen (%)"), lambda a: a.progress, Cell.PERCENT, key="progress"),
    Column(_l("Odotetut työpaikat"), lambda a: a.expected_jobs, Cell.INTEGER, key="expected_jobs"),
    Column(_l("Budjetti (€)"), lambda a: a.budget, Cell.AMOUNT, key="budget"),
    Column(_l("Rahoituslähteet"), lambda a: ", ".join(f.label for f in a.funders), key="funders"),
    Column(_l("Myöhässä"), lambda a: a.is_overdue, Cell.YES_NO, key="overdue"),
    Column(_l("Versio"), lambda a: a.version, Cell.INTEGER, key="version"),
)
BY_KEY = {column.key: column for column in PLAN_COLUMNS}
READ_ONLY = ("owner_name", "overdue")
REQUIRED = ("title", "category", "horizon", "target_group")
ENUMS = {
    "category": ActionCategory,
    "horizon": Horizon,
    "target_group": TargetGroup,
    "status": ActionStatus,
}


def header(key: str) -> str:
    """A column's header in the user's language: where the import reports a column the file lacks."""
    column = BY_KEY.get(key)
    return str(column.header) if column is not None else key


def in_every_language(render) -> list:
    """`render()` once in each language of the app."""
    found = []
    for language in current_app.config["LANGUAGES"]:
        with force_locale(language):
            found.append(render())
    return found


def header_lookup() -> dict[str, Column]:
    """Every column by its header in each language (compared case-insensitively)."""
    found = {}
    for headers in in_every_language(lambda: [(str(c.header).casefold(), c) for c in PLAN_COLUMNS]):
        found.update(headers)
    return found
