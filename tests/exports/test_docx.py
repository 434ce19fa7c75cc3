"""The DOCX renderer: read back with python-docx, the table holds what the CSV of the same language holds,
minus the formula guard (a document runs nothing), in a document marked with the export's language."""

import io

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from flask_babel import force_locale

from arm.exports.docx import render_docx
from arm.exports.table import Cell, Column, ExportTable
from tests.exports.test_renderers import COLUMNS, EVIL, EXPORTED_AT, PHONE, _table


def _document(language: str, table: ExportTable | None = None):
    with force_locale(language):
        return Document(io.BytesIO(render_docx(table or _table())))


def _rows(document) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in document.tables[0].rows]


WRITTEN = {  # language: (yes, an amount, a date, the document's language tag)
    "fi": ("kyllä", "-1250,50", "1.6.2021", "fi-FI"),
    "sv": ("ja", "-1250,50", "1.6.2021", "sv-FI"),
    "en": ("yes", "-1250.50", "2021-06-01", "en-GB"),
}


@pytest.mark.parametrize("language", WRITTEN)
def test_the_table_is_written_in_the_language_of_the_export(app, language):
    yes, amount, day, tag = WRITTEN[language]
    with app.test_request_context():
        document = _document(language)
    rows = _rows(document)
    assert rows[0] == [str(column.header) for column in COLUMNS]
    assert rows[1][:4] == [EVIL, PHONE, amount, "7"]  # text as typed: no apostrophe in a document
    assert rows[1][5] == day and rows[1][7] == yes
    assert rows[3][0] == "Ääkköset"  # the stored control character is left out, not a 500
    assert document.core_properties.title == "Testi: Kemin tapaus"
    assert document.core_properties.language == tag
    assert document.styles["Normal"].element.rPr.find(qn("w:lang")).get(qn("w:val")) == tag
    assert document.paragraphs[0].text == "Testi: Kemin tapaus"  # the heading
    assert any("Tila: Käynnissä" in paragraph.text for paragraph in document.paragraphs)  # the filters


def test_the_header_row_repeats_on_every_page_and_a_wide_table_turns_the_page(app):
    with app.test_request_context():
        document = _document("fi")
        narrow = _document("fi", ExportTable("Kapea", COLUMNS[:2], [("a", "b")], "Tapaus", "", EXPORTED_AT))
    header = document.tables[0].rows[0]._tr
    assert header.trPr.find(qn("w:tblHeader")) is not None
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE  # eight columns
    assert narrow.sections[0].orientation == WD_ORIENT.PORTRAIT
    assert narrow.sections[0].page_width < narrow.sections[0].page_height


def test_long_text_keeps_its_lines_and_one_line_text_loses_its_control_characters(app):
    columns = (Column("Viesti", lambda r: r[0], Cell.LONG_TEXT), Column("Otsikko", lambda r: r[1]))
    table = ExportTable("Viestit", columns, [("yksi\nkaksi\x0b", "otsikko\x1b[31m")], "T")
    with app.test_request_context():
        document = _document("fi", table)
    assert _rows(document)[1] == ["yksi\nkaksi", "otsikko[31m"]
