import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from arm.cases.enums import CasePhase
from arm.cases.models import Case, LayoffWave, Membership, Organisation
from arm.core.models import AuditEvent
from arm.core.permissions import Access
from arm.extensions import db
from arm.plans.models import Subgroup
from tests import factories
from tests.conftest import accept_by_setting_password, sign_in
from tests.markup import checklist, dd_after, field_error, field_value, page_of, row_containing


def _case_form(**overrides):
    data = {
        "title": "Kemin äkillinen rakennemuutos 2021",
        "kind": "NEGATIVE",
        "phase": "ACTIVE",
        "lead_municipality_code": "240",
        "municipality_codes": ["241", "751"],
        "employer": "Tehdas Oy",
        "industry_code": "C",
        "announced_on": "2021-04-21",
        "direct_layoffs": "550",
        "indirect_job_losses": "950",
        "summary": "Tehdas suljetaan.",
        "template_items": list(TEMPLATE_ITEMS),  # the form's checkboxes, all checked as they are by default
    }
    data.update(overrides)
    return data


TEMPLATE_ITEMS = (
    "environment_subgroup",
    "people_subgroup",
    "companies_subgroup",
    "crisis_group",
    "comms_first_info",
    "comms_press_release",
    "comms_info_session",
    "comms_weekly_update",
    "starter_risks",
)


@pytest.fixture
def opener(client):
    user = factories.UserFactory()
    organisation = factories.OrganisationFactory(name="Kemin kaupunki")
    sign_in(client, user)
    return user, organisation


def test_open_case_from_template_and_see_dashboard(client, opener):
    _user, organisation = opener
    response = client.post("/cases/new", data=_case_form(organisation_id=organisation.id))
    assert response.status_code == 302
    case = db.session.scalar(db.select(Case))
    page = page_of(client.get(response.location))
    assert page.find("h1").text == "Kemin äkillinen rakennemuutos 2021"
    subgroups = page.find("section", aria_labelledby="subgroups-heading").find_all("li")
    assert len(subgroups) == 4
    crisis = [li.find("span", class_="fw-semibold").text for li in subgroups if "data-crisis-group" in li.attrs]
    assert crisis == ["Kriisityöryhmä"]
    # The opener's organisation (a municipality) covers one actor type; the regional council is missing.
    assert checklist(page)["Maakunnan liitto"] == "puuttuu Maakunnan liitto"
    assert checklist(page)["Kunta"] == "mukana Kunta: Kemin kaupunki"
    assert dd_after(page, "Vaikutusalueen kunnat") == "Kemi, Keminmaa, Simo"
    assert dd_after(page, "Toimiala") == "C Teollisuus"
    assert page.find_all("div", class_="stat")[0].text == "550"  # direct layoffs as typed
    assert case.direct_layoffs == 550


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "Anna tapaukselle otsikko."),
        ({"title": "x" * 10_000}, "title", "pidempi kuin 200 merkkiä"),
        ({"direct_layoffs": "-5"}, "direct_layoffs", "Anna luku väliltä"),
        ({"direct_layoffs": "paljon"}, "direct_layoffs", "Anna kokonaisluku numeroina, esim. 120."),
        ({"announced_on": (date.today() + timedelta(days=500)).isoformat()}, "announced_on", "enintään vuoden"),
        ({"announced_on": "21.4.2021"}, "announced_on", "muodossa vvvv-kk-pp"),
        ({"lead_municipality_code": "999"}, "lead_municipality_code", "Valitse jokin"),
        ({"municipality_codes": ["240", "998"]}, "municipality_codes", "998"),
        ({"kind": "BOGUS"}, "kind", "Valitse jokin"),
    ],
)
def test_open_case_bad_input_keeps_what_was_typed(client, opener, overrides, field, message):
    _, organisation = opener
    data = _case_form(organisation_id=organisation.id, summary="Oma **tiivistelmä** säilyy", **overrides)
    response = client.post("/cases/new", data=data)
    assert response.status_code == 422
    page = page_of(response)
    assert message.lower() in field_error(page, field).lower()
    assert field_value(page, "summary") == "Oma **tiivistelmä** säilyy"
    assert field_value(page, "employer") == "Tehdas Oy"
    assert db.session.scalar(db.select(db.func.count()).select_from(Case)) == 0


def test_long_title_is_kept_in_the_form(client, opener):
    _, organisation = opener
    title = "pitkä " * 2000
    page = page_of(client.post("/cases/new", data=_case_form(organisation_id=organisation.id, title=title)))
    assert field_value(page, "title") == title  # as typed, trailing space included
    assert "200" in field_error(page, "title")


def test_markdown_summary_is_sanitised_on_the_dashboard(client, opener):
    _, organisation = opener
    summary = "**Lihava** <script>alert('x')</script> <a href=\"javascript:alert(1)\">klik</a>"
    response = client.post("/cases/new", data=_case_form(organisation_id=organisation.id, summary=summary))
    page = client.get(response.location).get_data(as_text=True)
    assert "<strong>Lihava</strong>" in page
    assert "<script>alert" not in page
    assert "javascript:" not in page


def test_edit_case_updates_municipalities_and_records_history(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    old_title = people.case.title
    response = client.post(
        f"/cases/{people.case.id}/edit", data=_case_form(title="Uusi otsikko", municipality_codes=["851"])
    )
    assert response.status_code == 302
    case = db.session.get(Case, people.case.id)
    assert case.title == "Uusi otsikko"
    assert case.affected_municipality_codes == ["240", "851"]
    page = page_of(client.get(f"/cases/{case.id}/history"))
    title_changes = [li.text for li in page.find_all("li") if li.text.startswith("Otsikko:")]
    assert title_changes == [f"Otsikko: {old_title} → Uusi otsikko", f"Otsikko: {old_title}"]  # newest first
    assert dd_after(page_of(client.get(f"/cases/{case.id}")), "Vaikutusalueen kunnat") == "Kemi, Tornio"


def test_layoff_waves(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    url = f"/cases/{people.case.id}/waves/new"
    zero = client.post(url, data={"occurs_on": "2021-06-30", "headcount": "0"})
    assert zero.status_code == 422 and field_error(page_of(zero), "headcount")
    response = client.post(url, data={"occurs_on": "", "headcount": "120", "note": "Ensimmäinen"})
    assert response.status_code == 422
    page = page_of(response)
    assert field_value(page, "note") == "Ensimmäinen" and field_value(page, "headcount") == "120"
    assert field_error(page, "occurs_on")
    assert client.post(url, data={"occurs_on": "2021-06-30", "headcount": "300"}).status_code == 302
    assert (
        client.post(url, data={"occurs_on": "2021-09-30", "headcount": "250", "employer": "Alihankkija Oy"}).status_code
        == 302
    )
    page = page_of(client.get(f"/cases/{people.case.id}/waves"))
    # 300 + 250; not the case's 550 direct layoffs, which the waves page does not show
    assert page.find("caption").text == "Yhteensä 550 henkilöä"
    assert page.find("tbody").table_rows() and [row[:3] for row in page.find("table").table_rows()] == [
        ["30.6.2021", "Tehdas Oy", "300"],
        ["30.9.2021", "Alihankkija Oy", "250"],
    ]
    wave = db.session.scalar(db.select(LayoffWave).where(LayoffWave.headcount == 300))
    assert wave.employer == "Tehdas Oy"  # defaults to the case's employer
    wave_id = wave.id
    assert client.post(f"/cases/{people.case.id}/waves/{wave_id}/delete").status_code == 302
    assert db.session.get(LayoffWave, wave_id) is None


@pytest.mark.parametrize(("level", "shown"), [("observer", False), ("coordinator", True)])
def test_only_coordinators_see_edit_controls(client, level, shown):
    people = factories.case_with_people()
    sign_in(client, getattr(people, level))
    network = page_of(client.get(f"/cases/{people.case.id}/network"))
    invite = network.find_all("a", href=f"/cases/{people.case.id}/network/invite")
    assert [a.text for a in invite] == (["Kutsu henkilö"] if shown else [])
    dashboard = page_of(client.get(f"/cases/{people.case.id}"))
    edit = dashboard.find_all("a", href=f"/cases/{people.case.id}/edit")
    assert [a.text for a in edit] == (["Muokkaa tietoja"] if shown else [])


def test_invite_new_person_and_see_them_on_the_network_page(client, outbox):
    """Invited, they are listed apart until they accept by setting a password; then they are members."""
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    data = {
        "email": "Uusi.Jasen@Example.fi",
        "name": "Uusi Jäsen",
        "organisation_id": people.organisation.id,
        "access": "MEMBER",
        "roles": ["EXPERT", "INFORMATION_BROKER"],
    }
    response = client.post(f"/cases/{people.case.id}/network/invite", data=data)
    assert response.status_code == 302
    assert outbox[-1].to == "uusi.jasen@example.fi"
    assert "/invitation/" in outbox[-1].text
    page = page_of(client.get(f"/cases/{people.case.id}/network"))
    assert not [row for row in page.find("tbody").table_rows() if "Uusi Jäsen" in row[0]]  # not a member yet
    invited = page.find("section", aria_labelledby="invitations-heading")
    assert row_containing(invited, "Uusi Jäsen") == [
        "Uusi Jäsen uusi.jasen@example.fi",
        "Kemin kaupunki",
        "Jäsen",
        "kutsuttu",
    ]

    again = client.post(f"/cases/{people.case.id}/network/invite", data=data)
    assert again.status_code == 422
    assert "jo tapauksen verkostossa" in field_error(page_of(again), "email")

    accept_by_setting_password(client, outbox[0])
    sign_in(client, people.coordinator)
    page = page_of(client.get(f"/cases/{people.case.id}/network"))
    person, access, roles, contact = row_containing(page.find("tbody"), "Uusi Jäsen")
    assert (person, access, roles, contact) == (
        "Uusi Jäsen",
        "Jäsen",
        "Asiantuntija, Tiedonvälittäjä",
        "uusi.jasen@example.fi",
    )
    by_role = page_of(client.get(f"/cases/{people.case.id}/network?view=role")).find("tbody").table_rows()
    assert sorted(row[0] for row in by_role if row[1] == "Uusi Jäsen") == ["Asiantuntija", "Tiedonvälittäjä"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"email": "not-an-email"}, "Tarkista sähköpostiosoite."),
        ({"name": ""}, "Anna nimi."),
        ({"access": "KING"}, "Valitse jokin"),
        ({"roles": ["PIRATE"]}, "Valitse jokin"),
        ({"organisation_id": "999999"}, "Valitse jokin"),
    ],
)
def test_invite_bad_input(client, overrides, message, outbox):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    data = {
        "email": "x@example.fi",
        "name": "Nimi Säilyy",
        "organisation_id": people.organisation.id,
        "access": "MEMBER",
    }
    data.update(overrides)
    response = client.post(f"/cases/{people.case.id}/network/invite", data=data)
    assert response.status_code == 422
    page = page_of(response)
    (field,) = overrides
    assert message in field_error(page, field)
    assert field_value(page, "name") == data["name"]  # what was typed stays
    assert outbox == []


def test_member_page_roles_access_and_ending(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    membership = db.session.scalar(db.select(Membership).where(Membership.user_id == people.member.id))
    base = f"/cases/{people.case.id}/network/members/{membership.id}"
    assert client.post(f"{base}/roles", data={"role": "INNOVATOR"}).status_code == 302
    early = client.post(f"{base}/roles", data={"role": "EXPERT", "started_on": "2001-05-01"})
    assert early.status_code == 422 and "ennen jäsenyyttä" in field_error(page_of(early), "started_on")
    duplicate = client.post(f"{base}/roles", data={"role": "INNOVATOR"})
    assert duplicate.status_code == 422 and "jo tämä rooli" in field_error(page_of(duplicate), "role")
    assert client.post(f"{base}/access", data={"access": "EDITOR"}).status_code == 302
    assignment = membership.roles[0]
    assert client.post(f"{base}/roles/{assignment.id}/end").status_code == 302
    assert client.post(f"{base}/end").status_code == 302
    page = page_of(client.get(base))
    today = "15.6.2026"  # the frozen today (tests/conftest.py)
    roles = page.find("section", aria_labelledby="roles-heading").table_rows()
    assert roles == [["Innovaattori", today, today]]  # ended, no longer "jatkuu"
    assert dd_after(page, "Käyttöoikeus") == "Muokkaaja"
    assert dd_after(page, "Jäsenyys") == f"{today} – {today}"
    former = page_of(client.get(f"/cases/{people.case.id}/network?status=former"))
    assert row_containing(former.find("tbody"), people.member.name)[0] == f"{people.member.name} {today} – {today}"


def test_last_coordinator_cannot_be_downgraded_or_removed(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    membership = db.session.scalar(db.select(Membership).where(Membership.user_id == people.coordinator.id))
    base = f"/cases/{people.case.id}/network/members/{membership.id}"
    response = client.post(f"{base}/access", data={"access": "MEMBER"})
    assert response.status_code == 422
    assert "ainakin yksi toimiva koordinaattori" in field_error(page_of(response), "access")
    assert client.post(f"{base}/end").status_code == 422
    assert db.session.get(Membership, membership.id).access is Access.COORDINATOR


def test_contact_list_exports(client):
    people = factories.case_with_people()
    sign_in(client, people.observer)
    response = client.get(f"/cases/{people.case.id}/network/contacts.csv")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:2] == ["Nimi", "Organisaatio"]
    assert len(rows) == 1 + 4
    response = client.get(f"/cases/{people.case.id}/network/contacts.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["A1"].value == "Nimi"
    assert sheet.max_row == 5


def test_csv_export_neutralises_formulas(client):
    people = factories.case_with_people()
    evil = factories.UserFactory(name='=HYPERLINK("http://evil")')
    factories.MembershipFactory(case=people.case, user=evil, organisation=people.organisation)
    sign_in(client, people.coordinator)
    text = client.get(f"/cases/{people.case.id}/network/contacts.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert [row[0] for row in rows if "HYPERLINK" in row[0]] == ['\'=HYPERLINK("http://evil")']


def test_checklist_shows_gaps_and_can_be_extended(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    assert (
        client.post(f"/cases/{people.case.id}/network/checklist", data={"organisation_type": "KELA"}).status_code == 302
    )
    page = page_of(client.get(f"/cases/{people.case.id}/network"))
    assert checklist(page)["Kela"].startswith("puuttuu Kela ")
    kela = factories.OrganisationFactory(name="Kela Lappi", type=factories.OrganisationType.KELA)
    client.post(f"/cases/{people.case.id}/network/organisations/add", data={"organisation_id": kela.id})
    page = page_of(client.get(f"/cases/{people.case.id}/network"))
    assert checklist(page)["Kela"].startswith("mukana Kela: Kela Lappi ")


def test_history_filters_by_entity_and_person(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    client.post(f"/cases/{people.case.id}/waves/new", data={"occurs_on": "2021-06-30", "headcount": "300"})
    page = page_of(client.get(f"/cases/{people.case.id}/history?entity=LayoffWave&actor={people.coordinator.id}"))
    rows = page.find("tbody").table_rows()
    # The fields cell ends with the coordinator's disclosure for removing personal data.
    rows = [(at, who, what, fields.split(" Poista henkilötietoja")[0]) for at, who, what, fields in rows]
    assert [(who, what, fields) for _at, who, what, fields in rows] == [
        (
            people.coordinator.name,
            "Lisäys: Irtisanomisaalto 30.6.2021 (300)",
            "Päivämäärä: 30.6.2021 Henkilömäärä: 300 Työnantaja: Tehdas Oy",
        )
    ]
    page = page_of(client.get(f"/cases/{people.case.id}/history?entity=LayoffWave&actor={people.observer.id}"))
    assert page.find("tbody").table_rows() == [["Ei muutoksia."]]
    assert (
        db.session.scalar(
            db.select(db.func.count()).select_from(AuditEvent).where(AuditEvent.actor_id == people.coordinator.id)
        )
        == 1  # the wave; signing in records nothing
    )


def test_history_is_paginated_newest_first(client, app):
    people = factories.case_with_people()
    wave = factories.LayoffWaveFactory(case=people.case, headcount=1)
    for headcount in range(2, app.config["PAGE_SIZE"] + 10):
        wave.headcount = headcount
        db.session.commit()
    sign_in(client, people.coordinator)
    page = client.get(f"/cases/{people.case.id}/history").get_data(as_text=True)
    assert "Seuraava" in page
    newest, older = app.config["PAGE_SIZE"] + 9, app.config["PAGE_SIZE"] + 8
    assert page.index(f"<ins>{newest}</ins>") < page.index(f"<ins>{older}</ins>")
    assert client.get(f"/cases/{people.case.id}/history?page=999").status_code == 200
    assert client.get(f"/cases/{people.case.id}/history?page=abc").status_code == 200


def test_organisation_registry_bad_input(client):
    sign_in(client, factories.UserFactory())
    response = client.post(
        "/organisations/new",
        data={"name": "Kemin Digipolis Oy", "type": "DEVELOPMENT_COMPANY", "business_id": "1234567-8"},
    )
    assert response.status_code == 422
    page = page_of(response)
    assert "Y-tunnus on virheellinen" in field_error(page, "business_id")
    assert field_value(page, "name") == "Kemin Digipolis Oy"
    assert (
        client.post(
            "/organisations/new",
            data={"name": "Kemin Digipolis Oy", "type": "DEVELOPMENT_COMPANY", "business_id": "2617416-4"},
        ).status_code
        == 302
    )
    duplicate = client.post(
        "/organisations/new", data={"name": "Toinen nimi", "type": "COMPANY", "business_id": "2617416-4"}
    )
    assert duplicate.status_code == 422 and "jo rekisterissä" in field_error(page_of(duplicate), "business_id")
    bad_url = client.post("/organisations/new", data={"name": "Kolmas", "type": "COMPANY", "website": "not a url"})
    assert bad_url.status_code == 422
    assert field_error(page_of(bad_url), "website")
    assert db.session.scalar(db.select(db.func.count()).select_from(Organisation)) == 1


@pytest.mark.parametrize(("typed", "stored"), [("737546-2", "0737546-2"), (" 2617 416-4 ", "2617416-4")])
def test_a_business_id_is_stored_in_its_one_form(client, typed, stored):
    sign_in(client, factories.UserFactory())
    response = client.post("/organisations/new", data={"name": "Yritys Oy", "type": "COMPANY", "business_id": typed})
    assert response.status_code == 302
    assert db.session.scalar(db.select(Organisation.business_id)) == stored


@pytest.mark.parametrize("typed", ["26174164", "2617416-5", "FI26174164"])
def test_a_business_id_without_its_dash_or_with_a_wrong_check_digit_is_refused_with_the_input_kept(client, typed):
    sign_in(client, factories.UserFactory())
    response = client.post("/organisations/new", data={"name": "Yritys Oy", "type": "COMPANY", "business_id": typed})
    assert response.status_code == 422
    page = page_of(response)
    assert "Y-tunnus on virheellinen: tarkista muoto 1234567-8 ja tarkistenumero." in field_error(page, "business_id")
    assert field_value(page, "business_id") == typed
    assert db.session.scalar(db.select(db.func.count()).select_from(Organisation)) == 0


def test_only_admins_edit_registry_entries(client):
    organisation = factories.OrganisationFactory()
    sign_in(client, factories.UserFactory())
    assert client.get(f"/organisations/{organisation.id}/edit").status_code == 403


def test_home_lists_my_cases(client):
    people = factories.case_with_people()
    other = factories.CaseFactory(title="Toisen tapaus")
    sign_in(client, people.member)
    page = client.get("/").get_data(as_text=True)
    assert people.case.title in page and other.title not in page
    links = [
        a.text for a in page_of(client.get("/")).find("main").find_all("a") if a.attrs["href"].startswith("/cases/")
    ]
    assert links == ["Avaa uusi tapaus", people.case.title]


def test_phase_handover_to_the_structural_change_plan_sits_between_winding_down_and_closed(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    form = page_of(client.get(f"/cases/{people.case.id}/edit"))
    phases = [option.text for option in form.find("select", name="phase").find_all("option")]
    assert phases[-3:] == ["Päättymässä", "Siirto rakennemuutossuunnitelmaan", "Päättynyt"]
    response = client.post(f"/cases/{people.case.id}/edit", data=_case_form(phase="HANDOVER"))
    assert response.status_code == 302
    case = db.session.get(Case, people.case.id)
    assert case.phase is CasePhase.HANDOVER and not case.is_closed
    history = page_of(client.get(f"/cases/{people.case.id}/history"))
    assert "Vaihe: Käynnissä → Siirto rakennemuutossuunnitelmaan" in [li.text for li in history.find_all("li")]


def test_closing_a_case_keeps_who_did_what(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    client.post(f"/cases/{people.case.id}/waves/new", data={"occurs_on": "2021-06-30", "headcount": "300"})
    response = client.post(f"/cases/{people.case.id}/edit", data=_case_form(phase="CLOSED"))
    assert response.status_code == 302
    assert db.session.get(Case, people.case.id).is_closed
    history = page_of(client.get(f"/cases/{people.case.id}/history"))
    assert "Vaihe: Käynnissä → Päättynyt" in [li.text for li in history.find_all("li")]
    assert [row[2] for row in history.find("tbody").table_rows()].count("Lisäys: Irtisanomisaalto 30.6.2021 (300)") == 1
    network = page_of(client.get(f"/cases/{people.case.id}/network"))
    assert row_containing(network.find("tbody"), people.member.name)[1] == "Jäsen"


@pytest.mark.parametrize(("ui_language", "default"), [("fi", "fi"), ("sv", "sv"), ("en", "fi")])
def test_template_language_defaults_to_the_openers_language_if_a_case_can_run_in_it(client, ui_language, default):
    sign_in(client, factories.UserFactory(locale=ui_language))
    page = page_of(client.get("/cases/new"))
    assert field_value(page, "template_language") == default
    options = page.find("select", name="template_language").find_all("option")
    assert [(o.attrs["value"], o.attrs["lang"], o.text) for o in options] == [
        ("fi", "fi", "suomi"),
        ("sv", "sv", "svenska"),
    ]


def test_case_opened_with_swedish_template_subgroups(client, opener):
    _, organisation = opener
    response = client.post("/cases/new", data=_case_form(organisation_id=organisation.id, template_language="sv"))
    assert response.status_code == 302
    page = page_of(client.get(response.location))  # the opener's UI is Finnish
    subgroups = page.find("section", aria_labelledby="subgroups-heading").find_all("li")
    assert [li.find("span", class_="fw-semibold").text for li in subgroups] == [
        "Verksamhetsmiljö och FUI-verksamhet",
        "Åtgärder riktade till personer",
        "Åtgärder riktade till företag",
        "Krisgrupp",
    ]
    assert "data-crisis-group" in subgroups[3].attrs


def _template_checkboxes(page) -> dict[str, bool]:
    return {box.attrs["value"]: "checked" in box.attrs for box in page.find_all("input", name="template_items")}


def test_open_case_form_offers_the_kemi_models_groups_all_checked(client, opener):
    page = page_of(client.get("/cases/new"))
    assert _template_checkboxes(page) == dict.fromkeys(TEMPLATE_ITEMS, True)
    fieldset = page.by_id("template_items")
    assert fieldset.find("legend").text.strip() == "Mitä mallipohja luo"  # not all of it is the Kemi model
    help_text = page.by_id("template_items-help").text
    assert "eivät TEM:n sääntö" in help_text and "tämän palvelun ehdotuksia" in help_text


def _subgroup_names(client, location) -> list[str]:
    section = page_of(client.get(location)).find("section", aria_labelledby="subgroups-heading")
    return [li.find("span", class_="fw-semibold").text for li in section.find_all("li")]


def test_case_opened_with_only_some_template_groups(client, opener):
    data = _case_form(organisation_id=opener[1].id, template_items=["companies_subgroup", "crisis_group"])
    response = client.post("/cases/new", data=data)
    assert response.status_code == 302
    assert _subgroup_names(client, response.location) == ["Yrityksiin kohdistuvat toimenpiteet", "Kriisityöryhmä"]


def test_case_opened_with_no_template_groups(client, opener):
    data = _case_form(organisation_id=opener[1].id)
    del data["template_items"]  # every box unchecked: the browser sends nothing
    response = client.post("/cases/new", data=data)
    assert response.status_code == 302
    case = db.session.scalar(db.select(Case))
    assert db.session.scalar(db.select(db.func.count()).select_from(Subgroup).where(Subgroup.case_id == case.id)) == 0
    assert client.get(response.location).status_code == 200
    subgroups = page_of(client.get(f"/cases/{case.id}/subgroups"))
    assert "Ei alatyöryhmiä." in subgroups.text and "eivät TEM:n sääntö" in subgroups.text


@pytest.mark.parametrize("items", [["crisis_group", "situation_room"], ["<b>x</b>"], ["Kriisityöryhmä"]])
def test_unknown_template_item_keeps_what_was_typed(client, opener, items):
    response = client.post("/cases/new", data=_case_form(organisation_id=opener[1].id, template_items=items))
    assert response.status_code == 422
    page = page_of(response)
    assert field_error(page, "template_items") == "Tuntematon mallipohjan osa."
    assert field_value(page, "employer") == "Tehdas Oy"
    assert _template_checkboxes(page)["crisis_group"] is ("crisis_group" in items)
    assert db.session.scalar(db.select(db.func.count()).select_from(Case)) == 0


@pytest.mark.parametrize("language", ["en", "", "<b>sv</b>"])
def test_unknown_template_language_keeps_what_was_typed(client, opener, language):
    _, organisation = opener
    data = _case_form(organisation_id=organisation.id, template_language=language)
    response = client.post("/cases/new", data=data)
    assert response.status_code == 422
    page = page_of(response)
    assert field_error(page, "template_language") == "Valitse suomi tai ruotsi."
    assert field_value(page, "employer") == "Tehdas Oy"
    assert db.session.scalar(db.select(db.func.count()).select_from(Case)) == 0
