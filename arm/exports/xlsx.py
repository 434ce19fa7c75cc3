"""XLSX workbooks through openpyxl.

The first sheet is the table and nothing else, so that a file imports back: a bold header row, frozen,
with an autofilter; amounts in euros with two decimals, percentages, dates as date cells. Text is stored
as text cells (openpyxl would make a string starting with "=" a formula): nothing is evaluated and no
guard character is added. What was exported, from which case and when is in the workbook's properties
and on a second sheet ("Tiedot"). Control characters already stored (Excel refuses most of them, openpyxl
raises on them) are taken out of every text (`arm.core.input.without_control_characters`); long text keeps
its tabs and line breaks.
"""

import io
import re
from decimal import Decimal

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from arm.core.input import without_control_characters
from arm.exports import conventions
from arm.exports.table import Cell, ExportTable

MIN_WIDTH, MAX_WIDTH = 10, 60
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
HUNDRED = Decimal(100)


def _text(cell, value, *, multiline: bool = False) -> None:
    cell.value = without_control_characters(str(value), multiline=multiline)
    cell.data_type = "s"


def _write(cell, value, kind: Cell, rules: conventions.Conventions) -> None:
    if value is None or value == "":
        return
    if kind is Cell.AMOUNT:
        cell.value, cell.number_format = conventions.exact(value), conventions.AMOUNT_FORMAT
    elif kind is Cell.INTEGER:
        cell.value, cell.number_format = value, conventions.INTEGER_FORMAT
    elif kind is Cell.PERCENT:
        cell.value, cell.number_format = conventions.exact(value) / HUNDRED, conventions.PERCENT_FORMAT
    elif kind is Cell.DATE:
        cell.value, cell.number_format = value, rules.date_format
    elif kind is Cell.DATETIME:
        cell.value, cell.number_format = conventions.local_time(value), rules.datetime_format
    elif kind is Cell.YES_NO:
        _text(cell, conventions.yes_no(value))
    elif kind is Cell.LONG_TEXT:
        _text(cell, value, multiline=True)
    else:
        _text(cell, value)


def _shown_length(value, kind: Cell) -> int:
    if value is None:
        return 0
    if kind is Cell.AMOUNT:
        return len(f"{conventions.exact(value):,.2f}") + 2
    if kind in (Cell.DATE, Cell.DATETIME):
        return 16 if kind is Cell.DATETIME else 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def sheet_title(title) -> str:
    return SHEET_TITLE_FORBIDDEN.sub("-", str(title))[:31] or "1"


def _table_sheet(sheet, table: ExportTable, rules) -> None:
    kinds = table.cells
    widths = [len(header) for header in table.headers]
    for column, header in enumerate(table.headers, start=1):
        cell = sheet.cell(row=1, column=column)
        _text(cell, header)
        cell.font = Font(bold=True)
    row_number = 1
    for row_number, row in enumerate(table.rows(), start=2):
        for column, (value, kind) in enumerate(zip(row, kinds, strict=True), start=1):
            _write(sheet.cell(row=row_number, column=column), value, kind, rules)
            widths[column - 1] = max(widths[column - 1], _shown_length(value, kind))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(kinds))}{row_number}"


def _details_sheet(sheet, table: ExportTable, rules) -> None:
    for row_number, (label, value, kind) in enumerate(table.details(), start=1):
        label_cell = sheet.cell(row=row_number, column=1)
        _text(label_cell, label)
        label_cell.font = Font(bold=True)
        _write(sheet.cell(row=row_number, column=2), value, kind, rules)
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = MAX_WIDTH


def render_xlsx(table: ExportTable) -> bytes:
    rules = conventions.current()
    workbook = Workbook()
    _table_sheet(workbook.active, table, rules)
    workbook.active.title = sheet_title(table.title)
    _details_sheet(workbook.create_sheet(sheet_title(_("Tiedot"))), table, rules)
    properties = workbook.properties
    properties.title = without_control_characters(f"{table.title}: {table.case_name}")
    properties.subject = without_control_characters(table.case_name)
    properties.creator = properties.lastModifiedBy = _("ÄRM-verkosto")
    properties.created = properties.modified = table.exported_at.replace(tzinfo=None)  # openpyxl writes UTC
    properties.description = "\n".join(
        without_control_characters(f"{label}: {_described(value, kind, rules)}")
        for label, value, kind in table.details()
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _described(value, kind: Cell, rules) -> str:
    return rules.moment(value) if kind is Cell.DATETIME else str(value)
