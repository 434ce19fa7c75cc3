"""A report's files, opened and read: the numbers inside the DOCX, the PDF text, the XLSX cells (values and
types) and the JSON (valid against docs/report-schema.json), in Finnish and Swedish; a submitted report's files
come from its snapshot."""

import io
import json
from datetime import date, datetime
from pathlib import Path

import jsonschema
import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from arm.extensions import db
from arm.reports import services
from tests.conftest import sign_in_without_password
from tests.reports.conftest import add_risk

SCHEMA = json.loads((Path(__file__).parents[2] / "docs" / "report-schema.json").read_text(encoding="utf-8"))
# Swedish labels from the app's catalogue: the fake sections use message ids it already translates.
LABELS = {"fi": ("Riskit", "Tila"), "sv": ("Risker", "Status")}


@pytest.fixture
def report(people, risks):
    report = services.create_report(
        people.case,
        {
            "title": "Kevään raportti",
            "period_start": date(2024, 1, 1),
            "period_end": date(2024, 2, 29),
            "sections": ["counts", "plain"],
        },
        people.coordinator.id,
    )
    services.save_narrative(report, "counts", 0, "Kasvu jatkui **vahvana**.")
    db.session.commit()
    return report


def _get(client, people, report, language, file_format):
    people.observer.locale = language
    db.session.commit()
    sign_in_without_password(client, people.observer)
    response = client.get(f"/cases/{people.case.id}/reports/{report.id}/export.{file_format}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def _plain(text: str) -> str:
    return text.replace("\xa0", " ").replace("\u202f", " ")


def docx_text(body: bytes) -> str:
    document = Document(io.BytesIO(body))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return _plain("\n".join(parts))


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_docx_holds_the_sections_numbers_and_narrative(client, people, report, language):
    response = _get(client, people, report, language, "docx")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    text = docx_text(response.data)
    risks_label, status_label = LABELS[language]
    assert f"1. {risks_label}" in text and f"2. {status_label}" in text
    assert f"{risks_label} | 2 000" in text
    assert "3,5 %" in text and "1.2.2024" in text and "1 234,50 €" in text
    assert "Riski 2 | 2 | 1.2.2024 | 1 234,50 €" in text
    assert "2 500" in text and "3 500" in text  # the chart's figures as a table
    assert "Kasvu jatkui vahvana." in text


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_pdf_text_holds_the_numbers(client, people, report, language):
    response = _get(client, people, report, language, "pdf")
    assert response.data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.data))
    assert any(page["/Resources"].get("/XObject") for page in reader.pages)  # the chart, drawn
    text = _plain("\n".join(page.extract_text() for page in reader.pages))
    risks_label, _status = LABELS[language]
    assert f"1. {risks_label}" in text
    assert "2 000" in text and "3,5 %" in text and "1.2.2024" in text and "1 234,50 €" in text
    assert "Kasvu jatkui vahvana." in text


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_xlsx_holds_real_numbers_and_dates(client, people, report, language):
    workbook = load_workbook(io.BytesIO(_get(client, people, report, language, "xlsx").data))
    risks_label, status_label = LABELS[language]
    facts = workbook.worksheets[0]
    rows = {(row[0].value, row[1].value): row[2] for row in facts.iter_rows(min_row=2)}
    count = rows[(risks_label, risks_label)]
    assert count.value == 2000 and count.data_type == "n"
    share = rows[(risks_label, {"fi": "Todennäköisyys", "sv": "Sannolikhet"}[language])]
    assert share.value == pytest.approx(0.035) and share.data_type == "n" and "%" in share.number_format
    day = rows[(risks_label, {"fi": "Päivämäärä", "sv": "Datum"}[language])]
    assert day.value == datetime(2024, 2, 1) and day.number_format == "d.m.yyyy"
    assert rows[(status_label, status_label)].value == 7
    sheet = workbook[f"1 {risks_label}"]
    cells = [[cell for cell in row] for row in sheet.iter_rows()]
    assert cells[0][0].value == risks_label
    first = cells[2]
    assert [first[0].value, first[1].value, first[2].value, first[3].value] == [
        "Riski 1",
        1,
        datetime(2024, 2, 1),
        pytest.approx(1234.5),
    ]
    assert first[1].data_type == "n" and "€" in first[3].number_format


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_json_validates_against_the_schema_and_holds_the_figures(client, people, report, language):
    data = json.loads(_get(client, people, report, language, "json").data)
    jsonschema.validate(data, SCHEMA)
    assert data["schema_version"] == "1" and data["language"] == language
    counts = data["sections"][0]
    assert counts["key"] == "counts" and counts["label"]["text"] == LABELS[language][0]
    assert counts["content"]["facts"][0] == {
        "label": {"msgid": "Riskit", "args": {}, "text": LABELS[language][0]},
        "value": 2000,
        "type": "int",
    }
    assert counts["content"]["facts"][1]["value"] == "3.5"
    assert counts["content"]["tables"][0]["rows"][0] == ["Riski 1", 1, "2024-02-01", "1234.50"]
    assert counts["narrative"] == "Kasvu jatkui **vahvana**."
    assert data["report"]["status"] == "draft" and data["report"]["submitted_at"] is None


def test_the_pdf_fetcher_reads_the_charts_images_but_asks_no_host(app):
    from arm.reports.render.pdf import _fetcher

    with app.test_request_context():
        fetcher = _fetcher()
        with pytest.raises(ValueError, match="refused"):
            fetcher.fetch("https://example.com/logo.png")
        assert fetcher.fetch("data:image/svg+xml;base64,PHN2Zy8+") is not None


def test_a_submitted_reports_files_come_from_its_snapshot(client, people, report):
    services.submit_report(report, people.case, people.coordinator, date(2024, 3, 1))
    db.session.commit()
    add_risk(people.case, "Lähetyksen jälkeen")
    data = json.loads(_get(client, people, report, "fi", "json").data)
    jsonschema.validate(data, SCHEMA)
    assert data["report"]["status"] == "submitted" and data["report"]["submitted_by"] == people.coordinator.name
    assert data["sections"][0]["content"]["facts"][0]["value"] == 2000
    text = docx_text(_get(client, people, report, "fi", "docx").data)
    assert "Riskit | 2 000" in text and "Lähetyksen jälkeen" not in text
    workbook = load_workbook(io.BytesIO(_get(client, people, report, "fi", "xlsx").data))
    assert "Lähetyksen jälkeen" not in [cell.value for row in workbook["1 Riskit"].iter_rows() for cell in row]


def test_the_demo_like_snapshot_of_the_bench_validates(app):
    from arm.reports.bench import _snapshot
    from arm.reports.render.document import read_document
    from arm.reports.render.json_export import report_data

    with app.test_request_context():
        data = report_data(read_document(_snapshot(1, date(2024, 1, 1), date(2024, 12, 31), ["counts"])))
    jsonschema.validate(data, SCHEMA)
