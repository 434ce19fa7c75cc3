"""The plan spreadsheet's columns: the same Finnish headers for the export and the import."""

from arm.plans.models import ActionCategory, ActionStatus, Horizon, TargetGroup

REFERENCE = "Tunniste"
VERSION = "Versio"

# header -> the action data it carries; None marks columns that are exported for reading only.
COLUMNS = {
    REFERENCE: "reference",
    "Otsikko": "title",
    "Kuvaus": "description",
    "Luokka": "category",
    "Aikajänne": "horizon",
    "Kohderyhmä": "target_group",
    "Alatyöryhmä": "subgroup_id",
    "Vastuuorganisaatio": "owner_organisation_id",
    "Vastuuhenkilö": None,
    "Vastuuhenkilön sähköposti": "owner_id",
    "Alkaa": "starts_on",
    "Valmis viimeistään": "due_on",
    "Tila": "status",
    "Edistyminen (%)": "progress",
    "Odotetut työpaikat": "expected_jobs",
    "Budjetti (€)": "budget",
    "Rahoituslähteet": "funders",
    "Myöhässä": None,
    VERSION: "version",
}
REQUIRED = ("Otsikko", "Luokka", "Aikajänne", "Kohderyhmä")
ENUMS = {
    "category": ActionCategory,
    "horizon": Horizon,
    "target_group": TargetGroup,
    "status": ActionStatus,
}
# The column a rule about an action field is reported in.
FIELD_HEADERS = {field: header for header, field in COLUMNS.items() if field}

REFERENCE_PREFIX = "T-"


def action_reference(action_id: int) -> str:
    """An action's stable reference in a spreadsheet: its id, which no other case's action can have."""
    return f"{REFERENCE_PREFIX}{action_id}"
