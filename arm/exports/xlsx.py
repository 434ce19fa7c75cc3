"""XLSX workbooks through openpyxl: one sheet, bold frozen header row, sensible column widths."""

import io
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font

from arm.exports.csv import safe_cell

MAX_WIDTH = 60


def render_xlsx(title: str, headers: list[str], rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([str(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([v if isinstance(v, (int, float, date, datetime)) or v is None else safe_cell(v) for v in row])
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), MAX_WIDTH)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
