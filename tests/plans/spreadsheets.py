"""Building, uploading and confirming plan spreadsheets in the import tests."""

import io
import re

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
