"""Hostile and broken plan files (issue 9, items 2 and 10): each is refused quickly with a message that
says what is wrong, in the user's language, and never reaches the database or a 500. The files are written
by hand, part by part, as an attacker would write them."""

import io
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import load_workbook

from arm.extensions import db
from arm.plans.spreadsheet import sheet as sheet_reading
from tests.conftest import sign_in
from tests.markup import page_of
from tests.plans import spreadsheets as sheets

MEGABYTE = 1024 * 1024
SST_START = b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
SST_END = b"</t></si></sst>"


def _page(response) -> str:
    return response.get_data(as_text=True).replace("\u00a0", " ")


def _refused(client, case_id, content: bytes, message: str, *, within=10.0) -> str:
    started = time.perf_counter()
    response = sheets.upload(client, case_id, content)
    assert time.perf_counter() - started < within
    assert response.status_code == 422, response.status_code
    page = _page(response)
    assert message in page
    return page


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Makes opening the file with openpyxl fail the test: what the archive check refuses never gets there."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to open a file the archive check should refuse")

    monkeypatch.setattr(sheet_reading, "load_workbook", refuse)


# --- the archive: sizes, parts, compression -------------------------------------------------------------


def test_a_shared_string_of_a_gigabyte_is_refused_before_it_is_unpacked(client, plan_case, no_openpyxl):
    sign_in(client, plan_case.editor)
    huge = sheets.huge_deflated(SST_START, b"a" * MEGABYTE, 1024, SST_END)  # 1 GB in about 1 MB
    parts = {
        name: sheets.deflated(data) for name, data in sheets.handmade(sheets.sheet_xml(sheets.header_row())).items()
    }
    content = sheets.zipped_by_hand(parts | {"xl/sharedStrings.xml": huge})
    assert len(content) < 2 * MEGABYTE

    tracemalloc.start()
    try:
        page = _refused(client, plan_case.case.id, content, "Tiedoston osa xl/sharedStrings.xml on purettuna yli 10 Mt")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * MEGABYTE  # the string is never unpacked
    assert "Tiedostossa on 1 virhe" in page


def test_a_part_packed_a_thousandfold_is_refused(client, plan_case, no_openpyxl):
    sign_in(client, plan_case.editor)
    content = sheets.zipped(
        sheets.handmade(sheets.sheet_xml(sheets.header_row()), SST_START + b"a" * 5 * MEGABYTE + SST_END)
    )
    _refused(client, plan_case.case.id, content, "on pakattu yli 100-kertaisesti")


def test_too_much_in_all_unpacked_is_refused(app, client, plan_case, no_openpyxl):
    app.config["IMPORT_MAX_UNPACKED_MB"], app.config["IMPORT_MAX_PART_MB"] = 2, 1
    sign_in(client, plan_case.editor)
    noise = {f"xl/media/kuva{n}.bin": (bytes(range(256)) * 4096)[: MEGABYTE - 1] for n in range(3)}
    content = sheets.zipped(sheets.handmade(sheets.sheet_xml(sheets.header_row()), **noise))
    _refused(client, plan_case.case.id, content, "Tiedosto on purettuna yli 2 Mt")


def test_a_part_too_large_unpacked_is_refused(app, client, plan_case, no_openpyxl):
    app.config["IMPORT_MAX_PART_MB"] = 1
    sign_in(client, plan_case.editor)
    content = sheets.zipped(
        sheets.handmade(sheets.sheet_xml(sheets.header_row()), **{"xl/media/kuva.bin": bytes(range(256)) * 4097})
    )
    _refused(client, plan_case.case.id, content, "Tiedoston osa xl/media/kuva.bin on purettuna yli 1 Mt")


def test_too_many_parts_are_refused(client, plan_case, no_openpyxl):
    sign_in(client, plan_case.editor)
    many = {f"xl/media/kuva{n}.bin": b"x" for n in range(100)}
    content = sheets.zipped(sheets.handmade(sheets.sheet_xml(sheets.header_row()), **many))
    _refused(client, plan_case.case.id, content, "Tiedostossa on yli 100 osaa")


# --- the sheet: rows and columns wherever the file puts them ---------------------------------------------


@pytest.mark.parametrize("rows", ["2 and 100000000", "100000000"])
def test_a_row_far_down_a_sheet_declared_huge_is_refused_at_once(client, plan_case, rows):
    sign_in(client, plan_case.editor)
    data = (sheets.action_row(2) if rows.startswith("2") else "") + sheets.action_row(100_000_000)
    content = sheets.zipped(sheets.handmade(sheets.sheet_xml(sheets.header_row() + data, "A1:XFD100000000")))
    _refused(client, plan_case.case.id, content, "Tiedostossa on yli 5 000 riviä", within=15)


def test_rows_are_counted_by_where_they_are(app, client, plan_case):
    app.config["IMPORT_MAX_ROWS"] = 3
    sign_in(client, plan_case.editor)
    within = sheets.header_row() + sheets.action_row(2) + sheets.action_row(4, "Toinen")
    assert (
        sheets.upload(client, plan_case.case.id, sheets.zipped(sheets.handmade(sheets.sheet_xml(within)))).status_code
        == 302
    )
    beyond = within + sheets.action_row(5, "Kolmas")
    _refused(client, plan_case.case.id, sheets.zipped(sheets.handmade(sheets.sheet_xml(beyond))), "yli 3 riviä")


def test_the_row_limit_is_told_in_the_users_language(client, plan_case):
    plan_case.editor.locale = "en"
    db.session.commit()
    sign_in(client, plan_case.editor)
    content = sheets.zipped(sheets.handmade(sheets.sheet_xml(sheets.header_row() + sheets.action_row(9000))))
    _refused(client, plan_case.case.id, content, "The file has over 5,000 rows.")


def test_a_header_far_right_is_refused_and_data_far_right_is_not_read(client, plan_case):
    sign_in(client, plan_case.editor)
    far_header = sheets.header_row().replace("</row>", sheets.inline_cell("XFD1", "Salainen") + "</row>")
    content = sheets.zipped(sheets.handmade(sheets.sheet_xml(far_header + sheets.action_row(2), "A1:XFD2")))
    _refused(client, plan_case.case.id, content, "Tiedostossa on yli 100 saraketta")

    far_data = "".join(
        sheets.action_row(n, f"Rivi {n}").replace("</row>", sheets.inline_cell(f"XFD{n}", "ohi") + "</row>")
        for n in range(2, 402)
    )
    content = sheets.zipped(sheets.handmade(sheets.sheet_xml(sheets.header_row() + far_data, "A1:XFD401")))
    started = time.perf_counter()
    response = sheets.upload(client, plan_case.case.id, content)
    assert response.status_code == 302 and time.perf_counter() - started < 10


def test_a_cell_longer_than_any_field_is_refused_by_name(client, plan_case):
    sign_in(client, plan_case.editor)
    rows = [sheets.row("Hyvä rivi"), sheets.row("x" * 20_001)]
    page = _refused(client, plan_case.case.id, sheets.workbook(rows), "Solu B3 on yli 20 000 merkkiä.")
    assert page.count("x" * 1000) == 0  # the cell is named, not repeated


# --- numbers a sheet can hold but Python or the database cannot ---------------------------------------------

PLACEHOLDER = 4242
NUMERIC_COLUMNS = [
    ("Edistyminen (%)", "0 %"),
    ("Edistyminen (%)", "General"),
    ("Odotetut työpaikat", "0"),
    ("Budjetti (€)", '#,##0.00 "€"'),
    ("Alkaa", "yyyy-mm-dd"),  # a date as its serial number
    ("Tunniste", "General"),
]


def _with_number(header: str, number_format: str, raw: str) -> bytes:
    book = load_workbook(io.BytesIO(sheets.workbook([sheets.row("Luku")])))
    cell = book.active.cell(row=2, column=sheets.HEADERS.index(header) + 1)
    cell.value, cell.number_format = PLACEHOLDER, number_format
    buffer = io.BytesIO()
    book.save(buffer)
    parts = {}
    with zipfile.ZipFile(buffer) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name == "xl/worksheets/sheet1.xml":
                assert data.count(f"<v>{PLACEHOLDER}</v>".encode()) == 1
                data = data.replace(f"<v>{PLACEHOLDER}</v>".encode(), f"<v>{raw}</v>".encode())
            parts[name] = data
    return sheets.zipped(parts)


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date:UserWarning")
@pytest.mark.parametrize("raw", ["1e100", "Infinity", "-Infinity", "NaN", "1e20", "1e300", "1E+400", "-1e300"])
@pytest.mark.parametrize(("header", "number_format"), NUMERIC_COLUMNS)
def test_numbers_out_of_range_are_row_errors(client, plan_case, header, number_format, raw):
    sign_in(client, plan_case.editor)
    response = sheets.upload(client, plan_case.case.id, _with_number(header, number_format, raw))
    assert response.status_code == 422
    problems = page_of(response).find("table").table_rows()
    assert [problem[:2] for problem in problems] == [["2", header]], problems


# --- files that are not what they claim ---------------------------------------------------------------------------

DOCTYPE = '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'


@pytest.mark.parametrize(
    "part",
    ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml", "xl/sharedStrings.xml", "_rels/.rels"],
)
def test_a_doctype_in_any_part_is_refused(client, plan_case, part, no_openpyxl):
    sign_in(client, plan_case.editor)
    parts = sheets.handmade(sheets.sheet_xml(sheets.header_row() + sheets.action_row(2)))
    declaration, rest = parts[part].split(b"?>", 1)
    parts[part] = declaration + b"?>" + DOCTYPE.encode() + rest
    _refused(client, plan_case.case.id, sheets.zipped(parts), "(DOCTYPE)")


def test_a_plain_doctype_in_utf16_is_refused(client, plan_case, no_openpyxl):
    sign_in(client, plan_case.editor)
    parts = sheets.handmade(sheets.sheet_xml(sheets.header_row() + sheets.action_row(2)))
    xml = (
        parts["xl/worksheets/sheet1.xml"]
        .decode()
        .replace('encoding="UTF-8"?>', 'encoding="UTF-16"?><!doctype worksheet>')
    )
    parts["xl/worksheets/sheet1.xml"] = xml.encode("utf-16")
    _refused(client, plan_case.case.id, sheets.zipped(parts), "(DOCTYPE)")


def _without(part: str) -> bytes:
    parts = sheets.handmade(sheets.sheet_xml(sheets.header_row() + sheets.action_row(2)))
    del parts[part]
    return sheets.zipped(parts)


def _sheet_with(rows: str) -> bytes:
    return sheets.zipped(sheets.handmade(sheets.sheet_xml(sheets.header_row() + rows)))


def _damaged_stream() -> bytes:
    content = bytearray(_sheet_with(sheets.action_row(2)))
    start = content.index(b"xl/worksheets/sheet1.xml") + len(b"xl/worksheets/sheet1.xml")
    content[start + 20 : start + 40] = b"\xff" * 20  # inside the sheet's compressed data
    return bytes(content)


NOT_A_WORKBOOK, DAMAGED = "Tiedosto ei ole Excel-työkirja (.xlsx).", "Työkirjaa ei voi lukea; se on ehkä vioittunut."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"PK\x03\x04" + b"\x00" * 100, NOT_A_WORKBOOK),
        (sheets.zipped({"hello.txt": b"hello"}), NOT_A_WORKBOOK),
        (_without("xl/workbook.xml"), NOT_A_WORKBOOK),
        (_without("xl/worksheets/sheet1.xml"), "Työkirjassa ei ole yhtään taulukkoa."),
        (_without("[Content_Types].xml"), NOT_A_WORKBOOK),
        (_sheet_with('<row r="2"><c r="A2" t="s"><v>99</v></c></row>'), DAMAGED),  # no shared string 99
        (_sheet_with('<row r="kaksi"><c r="A2"><v>1</v></c></row>'), DAMAGED),
        (_sheet_with('<row r="2"><c r="Ö2"><v>1</v></c></row>'), DAMAGED),
        (_sheet_with('<row r="2"><c r="A2" t="b"><v>kyllä</v></c></row>'), DAMAGED),
        (_sheet_with('<row r="2"><c r="A2" t="d"><v>eilen</v></c></row>'), DAMAGED),
        (_sheet_with("<row r='2'><c r='A2'><v>1</v></c>"), DAMAGED),  # broken XML
        (_damaged_stream(), DAMAGED),
    ],
)
def test_any_unreadable_file_is_a_clear_message(client, plan_case, content, message):
    sign_in(client, plan_case.editor)
    _refused(client, plan_case.case.id, content, message)


# --- text cells: one check with every form -------------------------------------------------------------------------


def test_text_cells_go_through_the_check_of_every_form(client, plan_case):
    sign_in(client, plan_case.editor)
    rows = [
        sheets.row("Hyvä rivi", **{"Kuvaus": "Rivi 1\n\tsisennetty rivi 2"}),  # long text keeps tabs and breaks
        sheets.row("Sarake\tsisällä"),
        sheets.row("Poistomerkki\x7f"),
        sheets.row("Henkilö", **{"Kuvaus": "Irtisanottu 131052-308T haluaa koulutusta"}),
        sheets.row("C1-merkki", **{"Kuvaus": "ohjaus\x85merkki"}),
        sheets.row("Ryhmä", **{"Alatyöryhmä": "131052-308T"}),
        sheets.row("Kaksi riviä\notsikossa", **{"Edistyminen (%)": 150}),
    ]
    response = sheets.upload(client, plan_case.case.id, sheets.workbook(rows))
    assert response.status_code == 422
    problems = [row for row in page_of(response).find("table").table_rows()]
    controls = "Poista tekstistä ohjausmerkit, kuten sarkaimet ja rivinvaihdot."
    identity = "Teksti näyttää sisältävän henkilötunnuksen."
    assert [p for p in problems if p[0] == "2"] == []
    assert problems[:2] == [["3", "Otsikko", f"Solu B3: {controls}"], ["4", "Otsikko", f"Solu B4: {controls}"]]
    assert problems[2][:2] == ["5", "Kuvaus"] and problems[2][2].startswith(f"Solu C5: {identity}")
    assert problems[3] == ["6", "Kuvaus", "Solu C6: Poista tekstistä näkymättömät ohjausmerkit."]
    assert problems[4][:2] == ["7", "Alatyöryhmä"] and identity in problems[4][2]  # not "no such subgroup"
    # the rest of the report stays: the same row's other problem too
    assert problems[5:] == [
        ["8", "Otsikko", f"Solu B8: {controls}"],
        ["8", "Edistyminen (%)", "Edistymisen on oltava 0–100 %."],
    ]
    assert len(problems) == 7
