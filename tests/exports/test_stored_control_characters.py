"""Every export answers with a file that opens, whatever control characters are already stored (rows saved
before forms refused them, or written around the forms): they are taken out at the renderer, and a long-text
column keeps its tabs and line breaks."""

import csv
import io

import pytest
from openpyxl import load_workbook

from arm.extensions import db
from tests import factories
from tests.conftest import sign_in
from tests.plans.conftest import add_plan_funding
from tests.support.helpers import add_service

EXPORTS = [
    "plan/export",
    "funding/export",
    "projects/export",
    "funding-requests/export",
    "network/contacts",
    "services/export",
    "comms/export",
]


def _bad() -> str:
    # PostgreSQL refuses NUL in text, so only SQLite can hold one to be exported.
    nul = "\x00" if db.engine.dialect.name == "sqlite" else ""
    return f"{nul}\x01\x0b\x1b\x7f"


@pytest.fixture
def stored(plan_case):
    bad = _bad()
    project = add_plan_funding(plan_case)
    plan_case.case.name = f"Tapaus{bad}"
    plan_case.own_action.title = f"Oma{bad} toimenpide"
    plan_case.own_action.description = f"Rivi 1\n\tRivi{bad} 2"
    plan_case.member.name = f"Maija{bad} Meikäläinen"
    plan_case.subgroup.name = f"Ryhmä{bad}"
    plan_case.organisation.name = f"Organisaatio{bad}"
    project.name = f"Hanke{bad}"
    factories.FundingRequestFactory(case=plan_case.case, title=f"Ehdotus{bad}", description=f"Kuvaus{bad}\nrivi")
    db.session.commit()
    add_service(plan_case.case, plan_case.organisation, name=f"Palvelu{bad}")
    factories.CommsItemFactory(
        case=plan_case.case,
        title=f"Viesti{bad}",
        message=f"Rivi 1\n\tRivi{bad} 2",
        owner=plan_case.membership["member"],
    )
    return plan_case


def _texts_of_xlsx(content: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(content))
    found = [str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value]
    properties = book.properties
    return [*found, properties.title or "", properties.subject or "", properties.description or ""]


@pytest.mark.parametrize("export", EXPORTS)
def test_every_export_strips_stored_control_characters(client, stored, export):
    sign_in(client, stored.coordinator)
    base = f"/cases/{stored.case.id}/{export}"

    workbook = client.get(f"{base}.xlsx")
    table = client.get(f"{base}.csv")

    assert workbook.status_code == 200 and table.status_code == 200
    for text in [*_texts_of_xlsx(workbook.data), table.get_data(as_text=True)]:
        assert not any(character in text for character in _bad()), repr(text)
    rows = list(csv.reader(io.StringIO(table.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows and all(rows)


def test_long_text_keeps_its_tabs_and_line_breaks(client, stored):
    sign_in(client, stored.coordinator)
    base = f"/cases/{stored.case.id}/plan/export"
    sheet = load_workbook(io.BytesIO(client.get(f"{base}.xlsx").data)).active
    headers = [cell.value for cell in sheet[1]]
    own = next(row for row in sheet.iter_rows(min_row=2) if row[headers.index("Otsikko")].value == "Oma toimenpide")
    assert own[headers.index("Kuvaus")].value == "Rivi 1\n\tRivi 2"
    rows = list(
        csv.reader(io.StringIO(client.get(f"{base}.csv").get_data(as_text=True).lstrip("\ufeff")), delimiter=";")
    )
    assert [row[2] for row in rows if row[1] == "Oma toimenpide"] == ["Rivi 1\n\tRivi 2"]
