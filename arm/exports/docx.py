"""DOCX documents through python-docx, for the exports people print or paste into meeting papers.

A4, landscape when the table is wide; the title and the case as a heading, what was exported and when as
a short list, then the table with a header row that repeats on every page. Numbers and dates are written
as the CSV of the same language writes them (`conventions.py`); text is written as typed (a document runs
no formula, so no guard character), with the control characters XML cannot hold taken out. The document's
language is the export's, so that a screen reader and the spelling checker read it right.
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from flask_babel import get_locale
from flask_babel import gettext as _

from arm.core.input import without_control_characters
from arm.exports import conventions
from arm.exports.csv import csv_value
from arm.exports.table import Cell, ExportTable

A4 = (Mm(210), Mm(297))
WIDE = 6  # columns from which the page turns to landscape
LANGUAGE_TAGS = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}


def docx_value(value, kind: Cell, rules: conventions.Conventions) -> str:
    if value is None or value == "":
        return ""
    if kind in (Cell.TEXT, Cell.LONG_TEXT):
        return without_control_characters(str(value), multiline=kind is Cell.LONG_TEXT)
    return csv_value(value, kind, rules)


def _page(document, columns: int) -> None:
    section = document.sections[0]
    width, height = A4
    if columns >= WIDE:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))


def _language(document) -> None:
    tag = LANGUAGE_TAGS.get(str(get_locale()), "fi-FI")
    style = document.styles["Normal"]
    style.font.size = Pt(10)
    properties = style.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), tag)
    properties.append(language)
    document.core_properties.language = tag


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def render_docx(table: ExportTable) -> bytes:
    rules = conventions.current()
    document = Document()
    _page(document, len(table.columns))
    _language(document)
    title = without_control_characters(str(table.title))
    case_name = without_control_characters(table.case_name)
    document.add_heading(f"{title}: {case_name}", level=1)
    for label, value, kind in table.details()[2:]:  # the case and the content are in the heading
        document.add_paragraph(f"{label}: {docx_value(value, kind, rules)}", style="List Bullet")

    kinds = table.cells
    grid = document.add_table(rows=1, cols=len(kinds))
    grid.style = "Table Grid"
    header = grid.rows[0]
    _repeat_as_header(header)
    for cell, text in zip(header.cells, table.headers, strict=True):
        cell.paragraphs[0].add_run(without_control_characters(text)).bold = True
    for row in table.rows():
        cells = grid.add_row().cells
        for cell, value, kind in zip(cells, row, kinds, strict=True):
            cell.paragraphs[0].add_run(docx_value(value, kind, rules))

    properties = document.core_properties
    properties.title = f"{title}: {case_name}"
    properties.subject = case_name
    properties.author = properties.last_modified_by = _("ÄRM-verkosto")
    properties.created = properties.modified = table.exported_at
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
