"""The register as CSV, XLSX and DOCX in the user's language, read back; filters carry into the file."""

import csv
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from arm.extensions import db
from arm.risks.models import RiskAction, RiskStatus
from tests import factories
from tests.conftest import sign_in


@pytest.fixture
def register(case_with_network):
    people = case_with_network
    action = factories.ActionFactory(case=people.case, title="Rahoitushaku")
    risk = factories.RiskFactory(case=people.case, title="Rahoitus myöhässä", likelihood=4, impact=5)
    db.session.add(RiskAction(case_id=people.case.id, risk_id=risk.id, action_id=action.id))
    factories.RiskFactory(case=people.case, title="Suljettu", likelihood=1, impact=1, status=RiskStatus.CLOSED)
    db.session.commit()
    return people


def test_csv_in_finnish_with_the_derived_score(client, register):
    sign_in(client, register.observer)
    response = client.get(f"/cases/{register.case.id}/risks/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    by_title = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    risk = by_title["Rahoitus myöhässä"]
    assert risk["Riskiluku (todennäköisyys × vaikutus)"] == "20"
    assert (risk["Luokka"], risk["Tila"], risk["Toimenpiteet"]) == ("Rahoitus", "Avoin", "Rahoitushaku")
    assert list(by_title) == ["Rahoitus myöhässä", "Suljettu"]  # highest score first


def test_xlsx_in_english_has_numbers_and_follows_the_filter(client, register):
    register.observer.locale = "en"
    db.session.commit()
    sign_in(client, register.observer)
    response = client.get(f"/cases/{register.case.id}/risks/export.xlsx?status=active")
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    assert headers[0] == "Risk" and "Likelihood (1–5)" in headers
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert len(values) == 1 and values[0][0] == "Rahoitus myöhässä"
    assert values[0][headers.index("Score (likelihood × impact)")] == 20


def test_docx_in_swedish(client, register):
    register.observer.locale = "sv"
    db.session.commit()
    sign_in(client, register.observer)
    response = client.get(f"/cases/{register.case.id}/risks/export.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    table = document.tables[0]
    headers = [cell.text for cell in table.rows[0].cells]
    assert headers[0] == "Risk" and "Sannolikhet (1–5)" in headers
    assert any(row.cells[0].text == "Rahoitus myöhässä" for row in table.rows[1:])
