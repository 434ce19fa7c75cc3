"""The CSV and XLSX renderers format every kind of cell by the language of the export; read back with
the csv module and openpyxl, each value comes out as typed (a formula never runs)."""

import csv
import io
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook

from arm.exports.csv import render_csv, safe_cell
from arm.exports.table import Cell, Column, ExportTable
from arm.exports.xlsx import render_xlsx
from arm.plans.spreadsheet.cells import amount

EVIL = '=HYPERLINK("http://x","y")'
PHONE = "+358 40 000 0000"
COLUMNS = (
    Column("Nimi", lambda r: r[0]),
    Column("Puhelin", lambda r: r[1]),
    Column("Summa", lambda r: r[2], Cell.AMOUNT),
    Column("Kpl", lambda r: r[3], Cell.INTEGER),
    Column("Osuus", lambda r: r[4], Cell.PERCENT),
    Column("Päivä", lambda r: r[5], Cell.DATE),
    Column("Hetki", lambda r: r[6], Cell.DATETIME),
    Column("Valmis", lambda r: r[7], Cell.YES_NO),
)
ROWS = [
    (EVIL, PHONE, Decimal("-1250.50"), 7, 40, date(2021, 6, 1), datetime(2021, 6, 1, 10, 5, tzinfo=UTC), True),
    ("- Markdown-lista", "", Decimal("999999999999.99"), 0, Decimal("37.5"), None, None, False),
    ("Ääkköset\x01", None, None, None, None, None, None, None),
]
EXPORTED_AT = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


def _table() -> ExportTable:
    return ExportTable("Testi", COLUMNS, ROWS, "Kemin tapaus", "Tila: Käynnissä", EXPORTED_AT)


def _csv(language: str) -> list[list[str]]:
    with force_locale(language):
        content = render_csv(_table())
    assert content.startswith("\ufeff".encode())
    delimiter = "," if language == "en" else ";"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def _xlsx(language: str):
    with force_locale(language):
        return load_workbook(io.BytesIO(render_xlsx(_table())))


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_csv_in_finnish_and_swedish_has_semicolons_decimal_commas_and_day_first_dates(app, language):
    with app.test_request_context():
        rows = _csv(language)
    assert rows[0] == ["Nimi", "Puhelin", "Summa", "Kpl", "Osuus", "Päivä", "Hetki", "Valmis"]
    yes, no = {"fi": ("kyllä", "ei"), "sv": ("ja", "nej")}[language]
    assert rows[1] == ["'" + EVIL, PHONE, "-1250,50", "7", "40", "1.6.2021", "1.6.2021 13:05", yes]
    assert rows[2] == ["'- Markdown-lista", "", "999999999999,99", "0", "38", "", "", no]
    assert rows[3] == ["Ääkköset", "", "", "", "", "", "", ""]  # a stored control character is left out


def test_csv_in_english_has_commas_decimal_points_and_iso_dates(app):
    with app.test_request_context():
        rows = _csv("en")
    assert rows[1] == ["'" + EVIL, PHONE, "-1250.50", "7", "40", "2021-06-01", "2021-06-01 13:05", "yes"]
    assert rows[2][2] == "999999999999.99" and rows[2][-1] == "no"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("+358 40 000 0000", "+358 40 000 0000"),
        ("-1250,50", "-1250,50"),
        ("(040) 123-4567", "(040) 123-4567"),
        ("- lista", "'- lista"),  # letters after "-" could name something: guarded
        ("=1+1", "'=1+1"),
        ("+A1", "'+A1"),
        ("-2+SUM(A1:A9)", "'-2+SUM(A1:A9)"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'=cmd"),  # one-line text loses its control characters, then is guarded
        ("\r=cmd", "'=cmd"),
        ("tavallinen = teksti", "tavallinen = teksti"),
        ("", ""),
        (None, ""),
    ],
)
def test_csv_guard_only_where_a_cell_could_be_a_formula(value, written):
    assert safe_cell(value) == written


@pytest.mark.parametrize(
    ("value", "written"), [("\t=cmd", "'\t=cmd"), ("\r\n=cmd", "'\r\n=cmd"), ("a\x00\x01\tb", "a\tb")]
)
def test_long_text_keeps_tabs_and_line_breaks_and_is_still_guarded(value, written):
    assert safe_cell(value, multiline=True) == written


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_xlsx_text_starting_like_a_formula_is_a_plain_text_cell(app, start):
    """Issue 9, item 16: a string cell, shown as typed (no apostrophe, no quote prefix), never a formula."""
    text = f"{start}SUM(A1:A2)"
    table = ExportTable(
        "Testi", (Column("Nimi", lambda r: r), Column("Kuvaus", lambda r: r, Cell.LONG_TEXT)), [text], ""
    )
    with app.test_request_context():
        content = render_xlsx(table)
    for cell in load_workbook(io.BytesIO(content)).active[2]:
        assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", False)
    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml


def test_amounts_never_pass_through_a_float(app):
    table = ExportTable("Testi", (Column("Summa", lambda r: r, Cell.AMOUNT),), [0.1], "Tapaus")
    with app.test_request_context(), pytest.raises(TypeError):
        render_csv(table)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fi", ("Tiedot", "Tapaus", "d.m.yyyy", "kyllä")),
        ("sv", ("Uppgifter", "Ärende", "d.m.yyyy", "ja")),
        ("en", ("Details", "Case", "yyyy-mm-dd", "yes")),
    ],
)
def test_xlsx_cells_are_typed_and_formatted(app, language, expected):
    sheet, details, date_format, yes = expected
    with app.test_request_context():
        book = _xlsx(language)
    assert book.sheetnames == ["Testi", sheet]
    table = book["Testi"]
    assert [c.value for c in table[1]] == [c.header for c in COLUMNS]  # the header is the first row: it imports
    assert all(c.font.bold for c in table[1])
    assert table.freeze_panes == "A2" and table.auto_filter.ref == "A1:H4"
    name, phone, amount, count, share, day, moment, done = table[2]
    assert (name.value, name.data_type) == (EVIL, "s")  # a string cell: nothing to evaluate, no guard added
    assert (phone.value, phone.data_type) == (PHONE, "s")
    assert (amount.value, amount.number_format) == (-1250.5, '#,##0.00 "€"')
    assert (count.value, count.number_format) == (7, "0")
    assert (share.value, share.number_format) == (0.4, "0 %")
    assert day.is_date and day.value == datetime(2021, 6, 1) and day.number_format == date_format
    assert moment.is_date and moment.value == datetime(2021, 6, 1, 13, 5)  # Helsinki time
    assert (done.value, done.data_type) == (yes, "s")
    assert table["B3"].value is None and table["C3"].value == 999999999999.99 and table["E3"].value == 0.375
    assert table["A4"].value == "Ääkköset"  # a control character Excel refuses is left out, not a 500
    assert table.column_dimensions["A"].width >= len(EVIL) and table.column_dimensions["C"].width >= 12
    facts = {row[0].value: row[1].value for row in book[sheet].iter_rows()}
    assert facts[details] == "Kemin tapaus" and "Tila: Käynnissä" in facts.values()
    assert datetime(2026, 1, 15, 14, 0) in facts.values()  # the export time, in Helsinki
    properties = book.properties
    assert properties.title == "Testi: Kemin tapaus" and properties.subject == "Kemin tapaus"
    assert properties.created == datetime(2026, 1, 15, 12, 0) and properties.creator
    assert "Tila: Käynnissä" in properties.description


def test_amounts_are_written_exact(app):
    """CSV keeps every digit of the Decimal. An XLSX number is Excel's double, which holds every amount
    the app accepts (below 10^12 €) exactly to the cent."""
    amounts = [Decimal("98765432109876543.21"), Decimal("999999999999.99"), Decimal("0.07"), Decimal("250000.50")]
    table = ExportTable("Testi", (Column("Summa", lambda r: r, Cell.AMOUNT),), amounts, "")
    with app.test_request_context(), force_locale("fi"):
        csv_content, xlsx_content = render_csv(table), render_xlsx(table)
    assert csv_content.decode("utf-8-sig").splitlines()[1:] == [
        "98765432109876543,21",
        "999999999999,99",
        "0,07",
        "250000,50",
    ]
    sheet = load_workbook(io.BytesIO(xlsx_content)).active
    read_back = [amount(cell.value) for (cell,) in sheet.iter_rows(min_row=3)]  # as the plan import reads them
    assert read_back == amounts[1:]


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ("'=SUM(A1)", "=SUM(A1)"),
        ("'+358 40 000 0000", "+358 40 000 0000"),
        ("'-5", "-5"),
        ("'Tavallinen", "'Tavallinen"),
    ],
)
def test_the_import_takes_the_guard_off_again(cell, read):
    """A guarded cell of a CSV opened and saved as XLSX (or of an older export) reads as it was typed."""
    from arm.plans.spreadsheet.cells import text

    assert text(cell) == read
