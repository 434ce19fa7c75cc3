"""A table as a file download, CSV or XLSX."""

from flask import Response

from arm.exports.csv import render_csv
from arm.exports.xlsx import render_xlsx

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_download(file_format: str, filename_stem: str, sheet_title: str, headers: list[str], rows) -> Response:
    if file_format == "csv":
        body, mimetype = render_csv(headers, rows), "text/csv; charset=utf-8"
    else:
        body, mimetype = render_xlsx(sheet_title, headers, rows), XLSX_MIMETYPE
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename_stem}.{file_format}"'},
    )
