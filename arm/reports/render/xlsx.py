"""The report's figures as a workbook (openpyxl), in the app's spreadsheet conventions (arm/exports): the first
sheet holds the report's details and every section's facts, then one sheet per section with its tables and its
charts' figures one under another. Numbers are number cells (euros with two decimals, shares as percentages),
dates date cells in the language's date format, so that a Finnish spreadsheet reads them as numbers and dates."""

import io
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from arm.core.input import without_control_characters
from arm.exports import conventions
from arm.exports.xlsx import sheet_title
from arm.reports.render.document import Document, Table, Value

HUNDRED = Decimal(100)
PERCENT_FORMAT = "0.0 %"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.###"
MONTH_FORMATS = {"fi": "m/yyyy", "en": "yyyy-mm"}


def _text(cell, text) -> None:
    cell.value = without_control_characters(str(text), multiline=True)
    cell.data_type = "s"


def _write(cell, value: Value, rules) -> None:
    raw = value.value
    if raw is None or raw == "":
        return
    if value.type == "int":
        cell.value, cell.number_format = int(raw), INTEGER_FORMAT
    elif value.type == "money":
        cell.value, cell.number_format = Decimal(raw), conventions.AMOUNT_FORMAT
    elif value.type == "percent":
        cell.value, cell.number_format = Decimal(raw) / HUNDRED, PERCENT_FORMAT
    elif value.type == "decimal":
        cell.value, cell.number_format = Decimal(raw), DECIMAL_FORMAT
    elif value.type == "date" and isinstance(raw, date):
        cell.value, cell.number_format = raw, rules.date_format
    elif value.type == "month" and isinstance(raw, date):
        finnish = rules is conventions.FINNISH
        cell.value, cell.number_format = raw, MONTH_FORMATS["fi" if finnish else "en"]
    else:
        _text(cell, value.text)


def _bold(cell, text) -> None:
    _text(cell, text)
    cell.font = Font(bold=True)


def _table(sheet, row: int, table: Table, rules) -> int:
    """Writes the table from `row` on; returns the next free row (one left empty)."""
    _bold(sheet.cell(row=row, column=1), table.title)
    row += 1
    for column, heading in enumerate(table.columns, start=1):
        _bold(sheet.cell(row=row, column=column), heading.label)
    for values in table.rows:
        row += 1
        for column, value in enumerate(values, start=1):
            _write(sheet.cell(row=row, column=column), value, rules)
    return row + 2


def _widths(sheet, columns: int) -> None:
    for column in range(1, columns + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 18 if column > 1 else 40


def report_xlsx(document: Document) -> bytes:
    rules = conventions.current()
    workbook = Workbook()
    facts = workbook.active
    facts.title = sheet_title(_("Tiedot"))
    for column, heading in enumerate((_("Osio"), _("Tieto"), _("Arvo")), start=1):
        _bold(facts.cell(row=1, column=column), heading)
    row = 1
    for label, value in document.details():
        row += 1
        _text(facts.cell(row=row, column=1), _("Raportti"))
        _text(facts.cell(row=row, column=2), label)
        _write(facts.cell(row=row, column=3), value, rules)
    for section in document.sections:
        for fact in section.facts:
            row += 1
            _text(facts.cell(row=row, column=1), section.label)
            _text(facts.cell(row=row, column=2), fact.label)
            _write(facts.cell(row=row, column=3), fact.value, rules)
    facts.freeze_panes = "A2"
    facts.column_dimensions["A"].width = 30
    facts.column_dimensions["B"].width = 50
    facts.column_dimensions["C"].width = 18
    used = {facts.title}
    for number, section in enumerate(document.sections, start=1):
        tables = section.tables + section.chart_tables
        if not tables:
            continue
        title = sheet_title(f"{number} {section.label}")
        while title in used:
            title = sheet_title(f"{number}_{title}")[:31]
        used.add(title)
        sheet = workbook.create_sheet(title)
        row, widest = 1, 1
        for table in tables:
            row = _table(sheet, row, table, rules)
            widest = max(widest, len(table.columns))
        _widths(sheet, widest)
    properties = workbook.properties
    properties.title = without_control_characters(document.heading)
    properties.subject = without_control_characters(document.case_title)
    properties.creator = properties.lastModifiedBy = _("ÄRM-verkosto")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
