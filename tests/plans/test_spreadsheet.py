"""The plan import checks every row of a file before anything is stored, and never answers with a 500."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from arm.extensions import db
from arm.plans.models import Action, ActionCategory, ActionStatus, Funder
from tests.conftest import sign_in
from tests.markup import page_of
from tests.plans import spreadsheets as sheets


def test_clean_file_is_imported_whole(client, plan_case):
    sign_in(client, plan_case.editor)
    before = sheets.count(plan_case.case.id)
    rows = [
        sheets.row(
            "Rekrytointitapahtuma",
            **{
                "Alatyöryhmä": plan_case.subgroup.name,
                "Budjetti (€)": "12 500,50",
                "Vastuuhenkilön sähköposti": plan_case.member.email.upper(),
                "Rahoituslähteet": "TEM:n ÄRM-rahoitus, ESR",
                "Alkaa": "1.6.2021",
                "Valmis viimeistään": "2021-12-31",
            },
        ),
        sheets.row("Yrityspalvelut", **{"Luokka": "BUSINESS_GROWTH", "Tila": ""}),
    ]
    url, preview = sheets.preview(client, plan_case.case.id, sheets.workbook(rows))
    assert "2 uutta, 0 päivitettävää, 0 ennallaan, 0 ristiriidassa" in preview.get_data(as_text=True)
    assert sheets.count(plan_case.case.id) == before  # nothing is stored before the confirmation
    response = sheets.confirm(client, url, preview)
    assert response.status_code == 302 and response.location.endswith("/plan")
    assert sheets.count(plan_case.case.id) == before + 2
    flashed = client.get(response.location).get_data(as_text=True)
    assert "Tuotiin 2 uutta toimenpidettä. Päivitettiin 0 toimenpidettä." in flashed
    action = db.session.scalar(db.select(Action).where(Action.title == "Rekrytointitapahtuma"))
    assert str(action.budget) == "12500.50" and action.owner_id == plan_case.membership["member"].id
    assert action.funders == [Funder.TEM_ARM, Funder.ESR]
    assert (action.starts_on, action.due_on) == (date(2021, 6, 1), date(2021, 12, 31))
    assert action.subgroup_id == plan_case.subgroup.id
    other = db.session.scalar(db.select(Action).where(Action.title == "Yrityspalvelut"))
    assert (other.category, other.status) == (ActionCategory.BUSINESS_GROWTH, ActionStatus.PLANNED)


def test_one_bad_row_imports_nothing_and_reports_every_problem(client, plan_case):
    sign_in(client, plan_case.editor)
    before = sheets.count(plan_case.case.id)
    rows = [
        sheets.row("Hyvä rivi"),
        sheets.row(
            "Huono rivi",
            **{
                "Edistyminen (%)": 150,
                "Luokka": "Kuudes luokka",
                "Budjetti (€)": "kymppi",
                "Alatyöryhmä": "Ei ole",
                "Vastuuhenkilön sähköposti": "vieras@example.fi",
            },
        ),
        sheets.row("", **{"Alkaa": "2022-01-01", "Valmis viimeistään": "2021-01-01"}),
        sheets.row("Valmis mutta kesken", **{"Tila": "Valmis", "Edistyminen (%)": 50}),
    ]
    response = sheets.upload(client, plan_case.case.id, sheets.workbook(rows))
    assert response.status_code == 422
    # Every problem, at its spreadsheet row (the header is row 1) and column.
    problems = page_of(response).find("table").table_rows()
    assert [p for p in problems if p[0] == "2"] == []  # the good row
    assert [p for p in problems if p[0] == "3"] == [
        ["3", "Luokka", "Tuntematon arvo: Kuudes luokka"],
        ["3", "Alatyöryhmä", "Tapauksessa ei ole tämännimistä alatyöryhmää."],
        ["3", "Vastuuhenkilön sähköposti", "Henkilö ei ole tapauksen verkostossa."],
        ["3", "Budjetti (€)", "Anna summa numeroina, esim. 12500,50."],
        ["3", "Edistyminen (%)", "Edistymisen on oltava 0–100 %."],
    ]
    assert [p for p in problems if p[0] == "4"] == [
        ["4", "Otsikko", "Anna toimenpiteelle otsikko."],
        ["4", "Valmis viimeistään", "Määräpäivä ei voi olla ennen alkamispäivää."],
    ]
    assert [p for p in problems if p[0] == "5"] == [
        ["5", "Edistyminen (%)", "Valmiin toimenpiteen edistyminen on 100 %."]
    ]
    assert len(problems) == 8
    assert sheets.count(plan_case.case.id) == before


@pytest.mark.parametrize("category", ["Valtion rahoitusehdotukset", "STATE_FUNDING", "Proposals for state funding"])
def test_the_removed_state_funding_category_is_a_row_error(client, plan_case, category):
    """State-funding proposals became the plan's own section (FundingRequest); a file from before says where."""
    sign_in(client, plan_case.editor)
    before = sheets.count(plan_case.case.id)
    rows = [sheets.row("Hyvä rivi"), sheets.row("Valtion rahoitus", **{"Luokka": category})]
    response = sheets.upload(client, plan_case.case.id, sheets.workbook(rows))
    assert response.status_code == 422
    problems = page_of(response).find("table").table_rows()
    assert len(problems) == 1 and problems[0][:2] == ["3", "Luokka"]
    assert "kohtaan Valtion rahoitusehdotus" in problems[0][2]
    assert sheets.count(plan_case.case.id) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a spreadsheet", "ei ole Excel-työkirja"),
        (b"", "ei ole Excel-työkirja"),
        (sheets.workbook([], headers=[]), "Tiedosto on tyhjä"),
        (sheets.workbook([]), "ei ole yhtään toimenpideriviä"),
        (
            sheets.workbook([[*sheets.row()[:-1], "kyllä", "ylimääräinen"]], headers=[*sheets.HEADERS, "Salainen"]),
            "Tuntematon sarake",
        ),
        (sheets.workbook([["Vain otsikko"]], headers=["Otsikko"]), "Pakollinen sarake puuttuu"),
    ],
)
def test_unusable_files_get_a_clear_message(client, plan_case, content, message):
    sign_in(client, plan_case.editor)
    response = sheets.upload(client, plan_case.case.id, content)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_no_file_chosen(client, plan_case):
    sign_in(client, plan_case.editor)
    response = client.post(f"/cases/{plan_case.case.id}/plan/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Valitse tiedosto." in response.get_data(as_text=True)


def test_formulas_are_refused(client, plan_case):
    sign_in(client, plan_case.editor)
    row = sheets.row("Kaava")
    row[sheets.HEADERS.index("Budjetti (€)")] = "=1000*2"
    response = sheets.upload(client, plan_case.case.id, sheets.workbook([row]))
    assert response.status_code == 422
    assert "Kaavat eivät ole sallittuja" in response.get_data(as_text=True)


def test_too_many_rows(client, plan_case):
    sign_in(client, plan_case.editor)
    response = sheets.upload(
        client, plan_case.case.id, sheets.workbook([sheets.row(f"Rivi {n}") for n in range(10_000)])
    )
    assert response.status_code == 422
    assert "yli 5000 riviä" in response.get_data(as_text=True).replace("\u00a0", "")


def test_huge_upload_is_refused_before_reading(client, plan_case):
    sign_in(client, plan_case.editor)
    response = sheets.upload(client, plan_case.case.id, b"0" * (50 * 1024 * 1024))
    assert response.status_code == 413
    assert "liian suuri" in response.get_data(as_text=True)


def test_a_reference_of_another_case_is_refused(client, plan_case):
    from tests import factories

    sign_in(client, plan_case.editor)
    elsewhere = factories.ActionFactory(title="Toisen tapauksen toimenpide")
    row = sheets.row("Toisen tapauksen toimenpide", **{"Tunniste": f"T-{elsewhere.id}", "Versio": 1})

    response = sheets.upload(client, plan_case.case.id, sheets.workbook([row]))

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Tapauksessa ei ole toimenpidettä tällä tunnisteella" in page and "<td>Tunniste</td>" in page
    assert db.session.get(Action, elsewhere.id).version == 1


NEW_ROW, EXPORTED_ROW = "new", "exported"


@pytest.mark.parametrize(
    ("row", "cells", "message"),
    [
        (NEW_ROW, {"Tunniste": "abc"}, "Tunniste on muotoa T-123"),
        (NEW_ROW, {"Tunniste": "T-"}, "Tunniste on muotoa T-123"),
        (NEW_ROW, {"Tunniste": "T-0"}, "Tunniste on muotoa T-123"),
        (NEW_ROW, {"Tunniste": "T-1234567890123456789012"}, "Tunniste on muotoa T-123"),
        (NEW_ROW, {"Tunniste": 10**15, "Versio": 1}, "Tapauksessa ei ole toimenpidettä tällä tunnisteella"),
        (NEW_ROW, {"Tunniste": "T-99999999999", "Versio": 1}, "Tapauksessa ei ole toimenpidettä tällä tunnisteella"),
        (EXPORTED_ROW, {"Versio": "kaksi"}, "Versio on viennin kirjoittama kokonaisluku"),
        (EXPORTED_ROW, {"Versio": -1}, "Versio on viennin kirjoittama kokonaisluku"),
        (EXPORTED_ROW, {"Versio": 10**30}, "Versio on viennin kirjoittama kokonaisluku"),
        (EXPORTED_ROW, {"Versio": 1.5}, "Versio on viennin kirjoittama kokonaisluku"),
        (EXPORTED_ROW, {"Versio": None}, "Versio puuttuu"),
        (EXPORTED_ROW, {"Versio": 7}, "Versio on uudempi kuin tallennettu"),
        (EXPORTED_ROW, {"Budjetti (€)": "1e400"}, "Summa on liian suuri"),
        (EXPORTED_ROW, {"Budjetti (€)": "-1e300"}, "Summa on liian suuri"),
        (EXPORTED_ROW, {"Budjetti (€)": "Infinity"}, "Anna summa numeroina"),
        (NEW_ROW, {"Budjetti (€)": 10.0**15}, "Summa on liian suuri"),
        (NEW_ROW, {"Odotetut työpaikat": 10**20}, "Luku on liian suuri"),
        (NEW_ROW, {"Edistyminen (%)": -(10**12)}, "Luku on liian suuri"),
        (EXPORTED_ROW, {"Otsikko": "Näkymätön\x7fmerkki"}, "Poista tekstistä ohjausmerkit"),
        (NEW_ROW, {"Otsikko": "Ö" * 201}, "enintään 200 merkkiä"),
    ],
)
def test_bad_cells_are_row_errors_never_500(client, plan_case, row, cells, message):
    sign_in(client, plan_case.editor)
    exported = sheets.export(client, plan_case.case.id)
    if row == EXPORTED_ROW:
        content = sheets.edited(exported, "Oma toimenpide", **cells)
    else:
        content = sheets.workbook_with_new_row(exported, "Uusi rivi", **cells)

    response = sheets.upload(client, plan_case.case.id, content)

    assert response.status_code == 422, response.status_code
    assert message in response.get_data(as_text=True)
    assert sheets.count(plan_case.case.id) == 3
    assert db.session.get(Action, plan_case.own_action.id).version == 1


def test_the_same_reference_twice_is_a_row_error(client, plan_case):
    sign_in(client, plan_case.editor)
    exported = sheets.export(client, plan_case.case.id)
    reference = f"T-{plan_case.own_action.id}"
    content = sheets.workbook_with_new_row(exported, "Kopio", **{"Tunniste": reference, "Versio": 1})

    response = sheets.upload(client, plan_case.case.id, content)

    assert response.status_code == 422
    assert "Sama tunniste on myös rivillä" in response.get_data(as_text=True)


def test_a_damaged_sheet_is_a_message(client, plan_case):
    import zipfile

    sign_in(client, plan_case.editor)
    source = zipfile.ZipFile(io.BytesIO(sheets.workbook([sheets.row("Vioittuva")])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as damaged:
        for item in source.infolist():
            data = source.read(item.filename)
            damaged.writestr(item, data.replace(b"Vioittuva", b"Vioittuva&#1;") if "sheet1" in item.filename else data)

    response = sheets.upload(client, plan_case.case.id, buffer.getvalue())

    assert response.status_code == 422
    assert "se on ehkä vioittunut" in response.get_data(as_text=True)


@pytest.mark.filterwarnings("ignore:Cell .* is marked as a date:UserWarning")
def test_a_date_out_of_range_is_a_row_error(client, plan_case):
    sign_in(client, plan_case.editor)
    workbook = load_workbook(io.BytesIO(sheets.workbook([sheets.row("Päiväys")])))
    cell = workbook.active.cell(row=2, column=sheets.HEADERS.index("Alkaa") + 1)
    cell.value, cell.number_format = 10**10, "yyyy-mm-dd"
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = sheets.upload(client, plan_case.case.id, buffer.getvalue())

    assert response.status_code == 422
    assert "Solussa on virhearvo" in response.get_data(as_text=True)
