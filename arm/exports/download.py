"""An export table as a file download: CSV, XLSX or DOCX."""

import unicodedata
from urllib.parse import quote

from flask import Response

from arm.exports.csv import render_csv
from arm.exports.docx import render_docx
from arm.exports.table import ExportTable
from arm.exports.xlsx import render_xlsx

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def table_download(file_format: str, filename_stem: str, table: ExportTable) -> Response:
    if file_format == "csv":
        body, mimetype = render_csv(table), "text/csv"  # Werkzeug adds "; charset=utf-8" to text types
    elif file_format == "docx":
        body, mimetype = render_docx(table), DOCX_MIMETYPE
    else:
        body, mimetype = render_xlsx(table), XLSX_MIMETYPE
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": content_disposition(f"{filename_stem}.{file_format}")},
    )


def content_disposition(filename: str) -> str:
    """An attachment named in the user's language, with a plain ASCII name for old clients (RFC 6266)."""
    plain = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode().replace('"', "")
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename)}"
