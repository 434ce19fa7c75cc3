"""Every export in the user's language, read back with the csv module and openpyxl: headers, values,
cell types and number formats; the plan's export imports back in every language."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from arm.extensions import db
from arm.plans.models import Action, Funder, ProjectAction, ProjectImplementer
from tests import factories
from tests.conftest import sign_in
from tests.plans import spreadsheets as sheets

AMOUNT_FORMAT = '#,##0.00 "€"'


def _speaks(user, language: str) -> None:
    user.locale = language
    db.session.commit()


def _csv(response, delimiter=";") -> list[list[str]]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=delimiter))


def _sheets(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.data))


def _by_header(sheet) -> list[dict]:
    headers = [cell.value for cell in sheet[1]]
    return [dict(zip(headers, row, strict=True)) for row in sheet.iter_rows(min_row=2)]


# --- the plan ---------------------------------------------------------------------------------------


@pytest.fixture
def budgeted(plan_case):
    action = plan_case.own_action
    action.budget, action.expected_jobs, action.funding_sources = Decimal("250000.50"), 12, "TEM_ARM,ESR"
    action.starts_on, action.due_on = date(2021, 6, 1), date(2099, 12, 31)
    db.session.commit()
    return plan_case


def test_plan_in_finnish_csv_and_xlsx(client, budgeted):
    sign_in(client, budgeted.observer)
    base = f"/cases/{budgeted.case.id}/plan/export"
    rows = _csv(client.get(f"{base}.csv"))
    own = dict(zip(rows[0], next(r for r in rows if r[1] == "Oma toimenpide"), strict=True))
    assert own["Budjetti (€)"] == "250000,50" and own["Edistyminen (%)"] == "20" and own["Myöhässä"] == "ei"
    assert (own["Alkaa"], own["Valmis viimeistään"], own["Odotetut työpaikat"]) == ("1.6.2021", "31.12.2099", "12")
    assert own["Rahoituslähteet"] == "TEM:n ÄRM-rahoitus, Euroopan sosiaalirahasto (ESR)"

    response = client.get(f"{base}.xlsx?status=ONGOING")
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    book = _sheets(response)
    assert book.sheetnames == ["Toimenpiteet", "Tiedot"]
    sheet = book["Toimenpiteet"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:S{sheet.max_row}"
    own = next(r for r in _by_header(sheet) if r["Otsikko"].value == "Oma toimenpide")
    assert (own["Budjetti (€)"].value, own["Budjetti (€)"].number_format) == (250000.5, AMOUNT_FORMAT)
    assert (own["Edistyminen (%)"].value, own["Edistyminen (%)"].number_format) == (0.2, "0 %")
    assert own["Alkaa"].is_date and own["Alkaa"].number_format == "d.m.yyyy"
    assert own["Tunniste"].value == f"T-{budgeted.own_action.id}" and own["Versio"].value == budgeted.own_action.version
    details = {row[0].value: row[1].value for row in book["Tiedot"].iter_rows()}
    assert details["Tapaus"] == budgeted.case.title and details["Rajaukset"] == "Tila: Käynnissä"
    assert book.properties.subject == budgeted.case.title


def test_plan_in_english(client, budgeted):
    _speaks(budgeted.observer, "en")
    sign_in(client, budgeted.observer)
    base = f"/cases/{budgeted.case.id}/plan/export"
    rows = _csv(client.get(f"{base}.csv"), delimiter=",")
    assert rows[0][:4] == ["Reference", "Title", "Description", "Category"] and rows[0][-1] == "Version"
    own = dict(zip(rows[0], next(r for r in rows if r[1] == "Oma toimenpide"), strict=True))
    assert (own["Budget (€)"], own["Starts"], own["Overdue"]) == ("250000.50", "2021-06-01", "no")
    assert (own["Category"], own["Status"]) == ("Re-employment support", "Ongoing")
    assert own["Funding sources"].startswith("TEM structural change funding, ")
    book = _sheets(client.get(f"{base}.xlsx"))
    assert book.sheetnames[0] == "Actions" and book.sheetnames[1] == "Details"
    own = next(r for r in _by_header(book.active) if r["Title"].value == "Oma toimenpide")
    assert own["Starts"].number_format == "yyyy-mm-dd" and own["Budget (€)"].number_format == AMOUNT_FORMAT


def test_plan_in_swedish_headers(client, budgeted):
    _speaks(budgeted.observer, "sv")
    sign_in(client, budgeted.observer)
    rows = _csv(client.get(f"/cases/{budgeted.case.id}/plan/export.csv"))
    assert rows[0][:4] == ["Referens", "Rubrik", "Beskrivning", "Kategori"]
    own = dict(zip(rows[0], next(r for r in rows if r[1] == "Oma toimenpide"), strict=True))
    assert (own["Budget (€)"], own["Börjar"], own["Försenade"]) == ("250000,50", "1.6.2021", "nej")


@pytest.mark.parametrize("language", ["en", "sv"])
def test_an_export_in_any_language_imports_back_unchanged(client, budgeted, language):
    _speaks(budgeted.editor, language)
    sign_in(client, budgeted.editor)
    versions = {a.id: a.version for a in db.session.scalars(db.select(Action))}
    exported = sheets.export(client, budgeted.case.id)

    _url, preview = sheets.preview(client, budgeted.case.id, exported)
    assert preview.status_code == 200
    response = sheets.import_file(client, budgeted.case.id, exported)

    assert response.status_code == 302
    assert sheets.count(budgeted.case.id) == 3  # no duplicates
    assert {a.id: a.version for a in db.session.scalars(db.select(Action))} == versions  # nothing rewritten
    saved = db.session.get(Action, budgeted.own_action.id)
    assert (saved.budget, saved.progress, saved.funders) == (Decimal("250000.50"), 20, [Funder.TEM_ARM, Funder.ESR])


def test_an_english_export_edited_imports_its_change(client, budgeted):
    _speaks(budgeted.editor, "en")
    sign_in(client, budgeted.editor)
    version = budgeted.own_action.version
    exported = sheets.export(client, budgeted.case.id)
    book = load_workbook(io.BytesIO(exported))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[headers.index("Title")].value == "Oma toimenpide")
    row[headers.index("Progress (%)")].value = 0.6  # 60 typed into the percentage cell
    row[headers.index("Status")].value = "Delayed"
    buffer = io.BytesIO()
    book.save(buffer)

    assert sheets.import_file(client, budgeted.case.id, buffer.getvalue()).status_code == 302

    saved = db.session.get(Action, budgeted.own_action.id)
    assert (saved.progress, saved.status.name, saved.version) == (60, "DELAYED", version + 1)


def test_headers_of_every_language_name_one_column_each(app):
    """No header of one language is another column's header in another language."""
    from flask_babel import force_locale

    from arm.plans.spreadsheet import PLAN_COLUMNS, header_lookup

    with app.test_request_context():
        lookup = header_lookup()
        for language in app.config["LANGUAGES"]:
            with force_locale(language):
                assert all(lookup[str(column.header).casefold()] is column for column in PLAN_COLUMNS), language
    assert {"tunniste", "referens", "reference", "versio", "version"} <= set(lookup)


def test_a_mixed_language_file_with_a_column_twice_is_refused(client, plan_case):
    sign_in(client, plan_case.editor)
    headers = [*sheets.HEADERS, "Title"]
    content = sheets.workbook([[*sheets.row("Kaksi otsikkoa"), "Toinen"]], headers=headers)
    response = sheets.upload(client, plan_case.case.id, content)
    assert response.status_code == 422
    assert "Sama sarake on tiedostossa kahdesti." in response.get_data(as_text=True)


def test_an_english_file_reports_problems_under_its_own_headers(client, plan_case):
    _speaks(plan_case.editor, "en")
    sign_in(client, plan_case.editor)
    headers = ["Title", "Category", "Horizon", "Target group", "Progress (%)"]
    content = sheets.workbook([["Uusi", "Re-employment support", "Short term", "Laid-off people", "kymmenen"]], headers)
    response = sheets.upload(client, plan_case.case.id, content)
    assert response.status_code == 422
    assert "<td>Progress (%)</td>" in response.get_data(as_text=True)
    content = sheets.workbook([["Uusi"]], ["Title"])
    page = sheets.upload(client, plan_case.case.id, content).get_data(as_text=True)
    assert "<td>Category</td>" in page  # a missing column, named in the user's language


# --- the funding and the projects ---------------------------------------------------------------------


@pytest.fixture
def funded(plan_case):
    implementer = factories.OrganisationFactory(name="Digipolis Oy")
    project = factories.ProjectFactory(
        case=plan_case.case, name="Osaajat töihin", starts_on=date(2021, 8, 1), ends_on=date(2023, 7, 31)
    )
    project.implementers = [ProjectImplementer(case_id=plan_case.case.id, organisation=implementer)]
    project.action_links = [
        ProjectAction(case_id=plan_case.case.id, action=plan_case.own_action),
        ProjectAction(case_id=plan_case.case.id, action=plan_case.other_action),
    ]
    factories.GrantFactory(
        project=project,
        amount_granted=Decimal("40000.00"),
        amount_used=Decimal("10000.10"),
        decided_on=date(2021, 9, 1),
    )
    factories.GrantFactory(project=project, funder=Funder.ESR, amount_granted=None, amount_used=Decimal(0))
    factories.ProjectFactory(case=plan_case.case, name="Ei rahoitusta")
    db.session.commit()
    return plan_case


def test_funding_export_one_row_per_grant(client, funded):
    sign_in(client, funded.observer)
    base = f"/cases/{funded.case.id}/funding/export"
    rows = _csv(client.get(f"{base}.csv"))
    assert rows == [
        ["Hanke", "Rahoittaja", "Myönnetty (€)", "Käytetty (€)", "Jäljellä (€)", "Käytetty (%)", "Päätöspäivä"],
        ["Osaajat töihin", "TEM:n ÄRM-rahoitus", "40000,00", "10000,10", "29999,90", "25", "1.9.2021"],
        ["Osaajat töihin", "Euroopan sosiaalirahasto (ESR)", "", "0,00", "", "", ""],
    ]
    book = _sheets(client.get(f"{base}.xlsx"))
    assert book.sheetnames == ["Rahoitus", "Tiedot"]
    first = _by_header(book.active)[0]
    assert (first["Myönnetty (€)"].value, first["Myönnetty (€)"].number_format) == (40000, AMOUNT_FORMAT)
    assert (first["Jäljellä (€)"].value, first["Käytetty (%)"].number_format) == (29999.9, "0 %")
    assert abs(first["Käytetty (%)"].value - 0.2500025) < 1e-9
    assert first["Päätöspäivä"].is_date and first["Hanke"].data_type == "s"


def test_funding_export_in_english(client, funded):
    _speaks(funded.observer, "en")
    sign_in(client, funded.observer)
    rows = _csv(client.get(f"/cases/{funded.case.id}/funding/export.csv"), delimiter=",")
    assert rows[0][:3] == ["Project", "Funder", "Granted (€)"]
    assert rows[1][1:] == ["TEM structural change funding", "40000.00", "10000.10", "29999.90", "25", "2021-09-01"]
    assert _sheets(client.get(f"/cases/{funded.case.id}/funding/export.xlsx")).sheetnames == ["Funding", "Details"]


def test_projects_export_one_row_per_project(client, funded):
    sign_in(client, funded.observer)
    base = f"/cases/{funded.case.id}/projects/export"
    rows = _csv(client.get(f"{base}.csv"))
    assert rows[0][:6] == ["Hanke", "Toteuttajat", "Alkaa", "Päättyy", "Toimenpiteet", "Toimenpiteiden määrä"]
    project = dict(zip(rows[0], next(r for r in rows if r[0] == "Osaajat töihin"), strict=True))
    assert project["Toteuttajat"] == "Digipolis Oy" and project["Toimenpiteiden määrä"] == "2"
    assert set(project["Toimenpiteet"].split("; ")) == {"Oma toimenpide", "Muiden toimenpide"}
    assert (project["Alkaa"], project["Päättyy"]) == ("1.8.2021", "31.7.2023")
    assert project["Rahoittajat"] == "TEM:n ÄRM-rahoitus, Euroopan sosiaalirahasto (ESR)"
    assert (project["Myönnetty (€)"], project["Käytetty (€)"], project["Jäljellä (€)"]) == (
        "40000,00",
        "10000,10",
        "29999,90",
    )
    assert project["Puuttuvia summia"] == "1"
    empty = dict(zip(rows[0], next(r for r in rows if r[0] == "Ei rahoitusta"), strict=True))
    assert (empty["Myönnetty (€)"], empty["Toimenpiteiden määrä"], empty["Alkaa"]) == ("0,00", "0", "")
    book = _sheets(client.get(f"{base}.xlsx"))
    assert book.sheetnames == ["Hankkeet", "Tiedot"]
    project = next(r for r in _by_header(book.active) if r["Hanke"].value == "Osaajat töihin")
    assert project["Alkaa"].is_date and project["Myönnetty (€)"].number_format == AMOUNT_FORMAT
    assert (project["Toimenpiteiden määrä"].value, project["Toimenpiteiden määrä"].number_format) == (2, "0")


def test_projects_export_in_swedish(client, funded):
    _speaks(funded.observer, "sv")
    sign_in(client, funded.observer)
    rows = _csv(client.get(f"/cases/{funded.case.id}/projects/export.csv"))
    assert rows[0][:3] == ["Projekt", "Genomförare", "Börjar"]
    assert _sheets(client.get(f"/cases/{funded.case.id}/projects/export.xlsx")).sheetnames == ["Projekt", "Uppgifter"]


@pytest.mark.parametrize("page", ["funding", "projects"])
def test_pages_link_to_their_exports(client, funded, page):
    sign_in(client, funded.observer)
    html = client.get(f"/cases/{funded.case.id}/{page}").get_data(as_text=True)
    for file_format in ("csv", "xlsx"):
        assert f'href="/cases/{funded.case.id}/{page}/export.{file_format}"' in html
    assert client.get(f"/cases/{funded.case.id}/{page}/export.pdf").status_code == 404


# --- the contact list ----------------------------------------------------------------------------------


@pytest.fixture
def contacts():
    people = factories.case_with_people()
    people.observer.phone = "+358 40 000 0000"
    evil = factories.UserFactory(name='=HYPERLINK("http://x","y")', phone="-")
    factories.MembershipFactory(case=people.case, user=evil, organisation=people.organisation)
    db.session.commit()
    return people


def test_contacts_keep_phone_numbers_as_typed_and_formulas_inert(client, contacts):
    sign_in(client, contacts.observer)
    rows = _csv(client.get(f"/cases/{contacts.case.id}/network/contacts.csv"))
    by_name = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    assert by_name[contacts.observer.name]["Puhelin"] == "+358 40 000 0000"
    assert '\'=HYPERLINK("http://x","y")' in by_name  # guarded: a spreadsheet shows it as text
    assert by_name['\'=HYPERLINK("http://x","y")']["Puhelin"] == "-"
    sheet = _sheets(client.get(f"/cases/{contacts.case.id}/network/contacts.xlsx")).active
    cells = {row["Nimi"].value: row for row in _by_header(sheet)}
    phone = cells[contacts.observer.name]["Puhelin"]
    assert (phone.value, phone.data_type) == ("+358 40 000 0000", "s")
    evil = cells['=HYPERLINK("http://x","y")']["Nimi"]
    assert evil.data_type == "s"  # a string, not a formula
    assert cells[contacts.observer.name]["Jäsenenä alkaen"].is_date


def test_contacts_in_english(client, contacts):
    _speaks(contacts.observer, "en")
    sign_in(client, contacts.observer)
    rows = _csv(client.get(f"/cases/{contacts.case.id}/network/contacts.csv"), delimiter=",")
    assert rows[0][:2] == ["Name", "Organisation"]
    book = _sheets(client.get(f"/cases/{contacts.case.id}/network/contacts.xlsx"))
    assert book.sheetnames == ["Contact details", "Details"]


def test_labels_of_every_language_name_one_member_each(app):
    """The import reads a category, horizon, target group, status or funder in any language."""
    from flask_babel import force_locale

    from arm.plans.models import Funder
    from arm.plans.spreadsheet.columns import ENUMS
    from arm.plans.spreadsheet.reading import _labels

    with app.test_request_context():
        for enum_class in (*ENUMS.values(), Funder):
            labels = _labels(enum_class)
            for language in app.config["LANGUAGES"]:
                with force_locale(language):
                    assert all(labels[str(m.label).lower()] is m for m in enum_class), (enum_class, language)
                    assert not any(", " in str(m.label) for m in Funder)  # funders are listed with ", "
