"""The first sheet of a checked workbook (`archive.check_archive`), row by row as the file holds them.

openpyxl's read-only rows trust the sheet's declared dimension: `A1:XFD100000000` pads every row to 16 384
cells and a row at 100 000 000 makes it yield a hundred million empty rows first. Here openpyxl's sheet
parser streams only the rows the file holds, each with its row number, so that the import counts rows by
where they are and stops at its limit whatever the dimension says. The parser is openpyxl's own (private,
pinned with openpyxl in requirements); a number Python cannot read (`Infinity`, `NaN`) is kept as the text it
is, so that its column's parser refuses it as a row error instead of the file failing as a whole.
"""

import io
from collections.abc import Iterator

from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.read_only import EMPTY_CELL, ReadOnlyCell
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import VALUE_TAG, WorkSheetParser

from arm.plans.spreadsheet.archive import UnreadableWorkbook, not_a_workbook


def damaged() -> str:
    return _("Työkirjaa ei voi lukea; se on ehkä vioittunut. Tallenna se uudelleen ja yritä taas.")


class _Parser(WorkSheetParser):
    def parse_cell(self, element):
        try:
            return super().parse_cell(element)
        except (ValueError, OverflowError):
            if element.get("t", "n") != "n":
                raise
            coordinate = element.get("r")
            row, column = coordinate_to_tuple(coordinate) if coordinate else (self.row_counter, self.col_counter)
            value = element.findtext(VALUE_TAG)
            return {"row": row, "column": column, "value": value, "data_type": "s", "style_id": 0}


def open_workbook(content: bytes):
    """The workbook, read only (its sheets are read as they are asked for), and its first sheet or None."""
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl on a hostile file fails in many ways; each means "not a workbook"
        raise UnreadableWorkbook(not_a_workbook()) from None
    return workbook, workbook.worksheets[0] if workbook.worksheets else None


def rows(sheet) -> Iterator[tuple[int, list[dict]]]:
    """(row number, the row's cells as openpyxl parses them) for each row the sheet holds, in order."""
    workbook = sheet.parent
    try:
        source = sheet._get_source()
    except Exception:  # see open_workbook
        raise UnreadableWorkbook(damaged()) from None
    with source:
        parser = _Parser(
            source,
            sheet._shared_strings,
            data_only=workbook.data_only,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        parsed = parser.parse()
        last = 0
        while True:
            try:
                number, found = next(parsed)
            except StopIteration:
                return
            except Exception:  # a damaged sheet (a bad shared string index, broken XML)
                raise UnreadableWorkbook(damaged()) from None
            if number > last:  # a row repeated or out of order is skipped, as openpyxl does
                last = number
                yield number, found


def cells(sheet, found: list[dict], width: int) -> list:
    """A row's cells from the first to the `width`th column; a cell the row lacks is an empty cell."""
    row = [EMPTY_CELL] * width
    for cell in found:
        if 1 <= cell["column"] <= width:
            row[cell["column"] - 1] = ReadOnlyCell(sheet, **cell)
    return row


def has_value_beyond(found: list[dict], width: int) -> bool:
    return any(cell["column"] > width and cell["value"] not in (None, "") for cell in found)
