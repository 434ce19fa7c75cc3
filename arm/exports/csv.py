"""CSV in the language of the export: UTF-8 with a BOM (so that Excel reads the letters), the list
separator and decimal separator of the language (`conventions.py`), and no cell that runs as a formula.

Formula guard (CSV injection): a spreadsheet runs a cell that starts with = + - @ (or a tab or a carriage
return before one) as a formula, and a formula can call HYPERLINK, DDE or WEBSERVICE or read other cells.
Such a text cell is written with a leading apostrophe, unless it holds only digits, spaces and
`+ - ( ) . / ,`: a phone number (+358 40 123 4567) or a negative amount (-1250,50) can at most be
arithmetic on its own digits, never a function call or a reference, so it is written as typed. Amounts,
numbers and dates are written by the exporter itself and are never guarded. The plan import takes the
apostrophe off again (`plans/spreadsheet/cells.text`). XLSX needs no guard: its text cells are typed as
text, so nothing in them is a formula (`xlsx.py`). Control characters already stored are taken out of every
text (long text keeps its tabs and line breaks) before the guard looks at it.
"""

import csv
import io
import re

from arm.core.input import without_control_characters
from arm.exports import conventions
from arm.exports.table import Cell, ExportTable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
INERT = re.compile(r"[0-9 +\-().,/]*")


def safe_cell(value, *, multiline: bool = False) -> str:
    """Text that a spreadsheet will not run as a formula, without control characters."""
    text = "" if value is None else without_control_characters(str(value), multiline=multiline)
    if text.startswith(FORMULA_STARTS) and not INERT.fullmatch(text):
        return "'" + text
    return text


WRITERS = {
    Cell.TEXT: lambda value, rules: safe_cell(value),
    Cell.LONG_TEXT: lambda value, rules: safe_cell(value, multiline=True),
    Cell.AMOUNT: lambda value, rules: rules.amount(value),
    Cell.INTEGER: lambda value, rules: str(round(conventions.exact(value))),
    Cell.PERCENT: lambda value, rules: str(round(conventions.exact(value))),
    Cell.DATE: lambda value, rules: rules.day(value),
    Cell.DATETIME: lambda value, rules: rules.moment(value),
    Cell.YES_NO: lambda value, rules: conventions.yes_no(value),
}


def csv_value(value, cell: Cell, rules: conventions.Conventions) -> str:
    return "" if value is None or value == "" else WRITERS[cell](value, rules)


def render_csv(table: ExportTable) -> bytes:
    rules = conventions.current()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=rules.delimiter, lineterminator="\r\n")
    writer.writerow([safe_cell(header) for header in table.headers])
    kinds = table.cells
    for row in table.rows():
        writer.writerow([csv_value(value, cell, rules) for value, cell in zip(row, kinds, strict=True)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
