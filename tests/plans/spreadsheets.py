"""Building, uploading and confirming plan spreadsheets in the import tests."""

import io
import re
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

from openpyxl import Workbook, load_workbook

from arm.extensions import db
from arm.plans import services
from arm.plans.models import ACTION_FIELDS, Action
from arm.plans.spreadsheet.columns import PLAN_COLUMNS

# The Finnish headers (the tests build files in Finnish; other languages are tested on their own).
HEADERS = [str(column.header) for column in PLAN_COLUMNS]


def _saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook(rows, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for cells in rows:
        sheet.append(cells)
    return _saved(book)


def row(title="Uusi toimenpide", **values) -> list:
    """A new action's row in the order of HEADERS, with `values` by header."""
    cells = dict.fromkeys(HEADERS, None)
    cells.update(
        {
            "Otsikko": title,
            "Luokka": "Uudelleentyöllistymisen tukeminen",
            "Aikajänne": "Lyhyt aikaväli",
            "Kohderyhmä": "Irtisanotut",
            "Tila": "Käynnissä",
            "Edistyminen (%)": 10,
        }
    )
    cells.update(values)
    return [cells[h] for h in HEADERS]


def upload(client, case_id, content: bytes, name="suunnitelma.xlsx"):
    return client.post(
        f"/cases/{case_id}/plan/import",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def preview(client, case_id, content: bytes):
    """Upload a file and open its preview: (the preview's URL, the page)."""
    response = upload(client, case_id, content)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert "/plan/import/" in response.location
    return response.location, client.get(response.location)


def confirm(client, url, page, skip_duplicates=True):
    expected = re.search(r'name="expected" type="hidden" value="([0-9a-f]*)"', page.get_data(as_text=True))[1]
    return client.post(url, data={"expected": expected} | ({"skip_duplicates": "y"} if skip_duplicates else {}))


def import_file(client, case_id, content: bytes):
    return confirm(client, *preview(client, case_id, content))


def count(case_id):
    return db.session.scalar(db.select(db.func.count()).select_from(Action).where(Action.case_id == case_id))


def export(client, case_id) -> bytes:
    response = client.get(f"/cases/{case_id}/plan/export.xlsx")
    assert response.status_code == 200
    return response.data


def edited(content: bytes, title: str, **cells) -> bytes:
    """The workbook with the cells of the row titled `title` changed (by header, passed with **)."""
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    found = next(r for r in sheet.iter_rows(min_row=2) if r[headers.index("Otsikko")].value == title)
    for header, value in cells.items():
        _type_into(found[headers.index(header)], value)
    return _saved(book)


def _type_into(cell, value) -> None:
    """What typing `value` into the cell gives: Excel and LibreOffice read 60 typed into a percentage
    cell as 60 % (0.6)."""
    is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
    cell.value = value / 100 if is_number and "%" in cell.number_format else value


def without_columns(content: bytes, *names: str) -> bytes:
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    for name in names:
        headers = [cell.value for cell in sheet[1]]
        sheet.delete_cols(headers.index(name) + 1)
    return _saved(book)


def edit_in_app(action, author, **changes):
    """Someone saves the action in the app (its version goes up)."""
    data = {key: getattr(action, key) for key in ACTION_FIELDS} | changes
    services.update_action(action, author, action.version, data, action.funders)
    db.session.commit()


def summary(page) -> str:
    return re.search(r'id="import-summary">([^<]*)<', page.get_data(as_text=True))[1]


def workbook_with_new_row(content: bytes, title: str, **cells) -> bytes:
    book = load_workbook(io.BytesIO(content))
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    values = dict(zip(HEADERS, row(title, **cells), strict=True))
    sheet.append([values.get(header) for header in headers])
    return _saved(book)


# Hand-written workbooks: the XML written as a hostile file would hold it, zipped part by part.

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Suunnitelma" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SHEET_START = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def inline_cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def header_row(headers=("Otsikko", "Luokka", "Aikajänne", "Kohderyhmä")) -> str:
    return '<row r="1">' + "".join(inline_cell(f"{chr(65 + n)}1", h) for n, h in enumerate(headers)) + "</row>"


def action_row(number: int, title="Uusi toimenpide") -> str:
    values = (title, "Uudelleentyöllistymisen tukeminen", "Lyhyt aikaväli", "Irtisanotut")
    return (
        f'<row r="{number}">'
        + "".join(inline_cell(f"{chr(65 + n)}{number}", v) for n, v in enumerate(values))
        + "</row>"
    )


def sheet_xml(rows: str, dimension="A1:D2") -> str:
    return f'{SHEET_START}<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'


def handmade(sheet: str, shared_strings: bytes | None = None, **other_parts: bytes) -> dict[str, bytes]:
    """The parts of a minimal workbook (to be zipped by `zipped`), with the given sheet XML."""
    empty_strings = b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
    return {
        "[Content_Types].xml": CONTENT_TYPES.encode(),
        "_rels/.rels": RELS.encode(),
        "xl/workbook.xml": WORKBOOK.encode(),
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS.encode(),
        "xl/worksheets/sheet1.xml": sheet.encode(),
        "xl/sharedStrings.xml": shared_strings or empty_strings,
    } | other_parts


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def huge_deflated(prefix: bytes, repeated: bytes, times: int, suffix: bytes) -> tuple[bytes, int, int]:
    """A deflate stream of prefix + repeated * times + suffix, built without compressing all of it: each
    piece is flushed whole (no back reference leaves it), so one compressed copy of `repeated` serves every
    repetition. Returns the stream, its CRC-32 and its unpacked size."""

    def piece(data: bytes, final=False) -> bytes:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)

    crc = zlib.crc32(prefix)
    for _ in range(times):
        crc = zlib.crc32(repeated, crc)
    crc = zlib.crc32(suffix, crc)
    stream = piece(prefix) + piece(repeated) * times + piece(suffix, final=True)
    return stream, crc, len(prefix) + len(repeated) * times + len(suffix)


def deflated(data: bytes) -> tuple[bytes, int, int]:
    return huge_deflated(b"", data, 1, b"")


def zipped_by_hand(parts: dict[str, tuple[bytes, int, int]]) -> bytes:
    """A zip archive of deflate streams (from `deflated` or `huge_deflated`) by name, written field by field."""
    body, central = b"", b""
    for name, (stream, crc, size) in parts.items():
        encoded = name.encode()
        fields = (20, 0, 8, 0, 0x21, crc, len(stream), size, len(encoded))
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, len(body)) + encoded
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + encoded + stream
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(central), len(body), 0)
    return body + central + end
