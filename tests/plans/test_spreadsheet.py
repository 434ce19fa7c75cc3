import io
from datetime import date

import pytest
from openpyxl import Workbook

from arm.extensions import db
from arm.plans.models import Action, ActionCategory, ActionStatus, Funder
from arm.plans.spreadsheet import COLUMNS
from tests.conftest import sign_in
from tests.markup import page_of

HEADERS = list(COLUMNS)


def _workbook(rows, headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row(title="Uusi toimenpide", **values):
    row = dict.fromkeys(HEADERS, None)
    row.update(
        {
            "Otsikko": title,
            "Luokka": "Uudelleentyöllistymisen tukeminen",
            "Aikajänne": "Lyhyt aikaväli",
            "Kohderyhmä": "Irtisanotut",
            "Tila": "Käynnissä",
            "Edistyminen (%)": 10,
        }
    )
    row.update(values)
    return [row[h] for h in HEADERS]


def _upload(client, case_id, content: bytes, name="suunnitelma.xlsx"):
    return client.post(
        f"/cases/{case_id}/plan/import",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _count(case_id):
    return db.session.scalar(db.select(db.func.count()).select_from(Action).where(Action.case_id == case_id))


def test_clean_file_is_imported_whole(client, plan_case):
    sign_in(client, plan_case.editor)
    before = _count(plan_case.case.id)
    rows = [
        _row(
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
        _row("Yrityspalvelut", **{"Luokka": "BUSINESS_GROWTH", "Tila": ""}),
    ]
    response = _upload(client, plan_case.case.id, _workbook(rows))
    assert response.status_code == 302
    assert _count(plan_case.case.id) == before + 2
    action = db.session.scalar(db.select(Action).where(Action.title == "Rekrytointitapahtuma"))
    assert str(action.budget) == "12500.50" and action.owner_id == plan_case.membership["member"].id
    assert action.funders == [Funder.TEM_ARM, Funder.ESR]
    assert (action.starts_on, action.due_on) == (date(2021, 6, 1), date(2021, 12, 31))
    assert action.subgroup_id == plan_case.subgroup.id
    other = db.session.scalar(db.select(Action).where(Action.title == "Yrityspalvelut"))
    assert (other.category, other.status) == (ActionCategory.BUSINESS_GROWTH, ActionStatus.PLANNED)


def test_one_bad_row_imports_nothing_and_reports_every_problem(client, plan_case):
    sign_in(client, plan_case.editor)
    before = _count(plan_case.case.id)
    rows = [
        _row("Hyvä rivi"),
        _row(
            "Huono rivi",
            **{
                "Edistyminen (%)": 150,
                "Luokka": "Kuudes luokka",
                "Budjetti (€)": "kymppi",
                "Alatyöryhmä": "Ei ole",
                "Vastuuhenkilön sähköposti": "vieras@example.fi",
            },
        ),
        _row("", **{"Alkaa": "2022-01-01", "Valmis viimeistään": "2021-01-01"}),
        _row("Valmis mutta kesken", **{"Tila": "Valmis", "Edistyminen (%)": 50}),
    ]
    response = _upload(client, plan_case.case.id, _workbook(rows))
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
    assert _count(plan_case.case.id) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a spreadsheet", "ei ole Excel-työkirja"),
        (b"", "ei ole Excel-työkirja"),
        (_workbook([], headers=[]), "Tiedosto on tyhjä"),
        (_workbook([]), "ei ole yhtään toimenpideriviä"),
        (_workbook([[*_row()[:-1], "kyllä", "ylimääräinen"]], headers=[*HEADERS, "Salainen"]), "Tuntematon sarake"),
        (_workbook([["Vain otsikko"]], headers=["Otsikko"]), "Pakollinen sarake puuttuu"),
    ],
)
def test_unusable_files_get_a_clear_message(client, plan_case, content, message):
    sign_in(client, plan_case.editor)
    response = _upload(client, plan_case.case.id, content)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_no_file_chosen(client, plan_case):
    sign_in(client, plan_case.editor)
    response = client.post(f"/cases/{plan_case.case.id}/plan/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Valitse tiedosto." in response.get_data(as_text=True)


def test_formulas_are_refused(client, plan_case):
    sign_in(client, plan_case.editor)
    row = _row("Kaava")
    row[HEADERS.index("Budjetti (€)")] = "=1000*2"
    response = _upload(client, plan_case.case.id, _workbook([row]))
    assert response.status_code == 422
    assert "Kaavat eivät ole sallittuja" in response.get_data(as_text=True)


def test_too_many_rows(client, plan_case):
    sign_in(client, plan_case.editor)
    response = _upload(client, plan_case.case.id, _workbook([_row(f"Rivi {n}") for n in range(10_000)]))
    assert response.status_code == 422
    assert "yli 5000 riviä" in response.get_data(as_text=True).replace("\u00a0", "")


def test_huge_upload_is_refused_before_reading(client, plan_case):
    sign_in(client, plan_case.editor)
    response = _upload(client, plan_case.case.id, b"0" * (50 * 1024 * 1024))
    assert response.status_code == 413
    assert "liian suuri" in response.get_data(as_text=True)


def test_export_then_import_round_trip(client, plan_case):
    sign_in(client, plan_case.editor)
    exported = client.get(f"/cases/{plan_case.case.id}/plan/export.xlsx").data
    before = _count(plan_case.case.id)
    assert _upload(client, plan_case.case.id, exported).status_code == 302
    assert _count(plan_case.case.id) == 2 * before
