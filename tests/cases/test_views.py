import csv
import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from arm.cases.models import Case, LayoffWave, Membership, Organisation
from arm.core.models import AuditEvent
from arm.core.permissions import Access
from arm.extensions import db
from tests import factories
from tests.conftest import sign_in


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
    }
    data.update(overrides)
    return data


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
    page = client.get(response.location).get_data(as_text=True)
    assert "Kemin äkillinen rakennemuutos 2021" in page
    assert "Kriisityöryhmä" in page
    assert "Maakunnan liitto" in page and "puuttuu" in page
    assert "Keminmaa" in page and "Teollisuus" in page
    assert case.direct_layoffs == 550


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Anna tapaukselle otsikko."),
        ({"title": "x" * 10_000}, "200"),
        ({"direct_layoffs": "-5"}, "Anna luku väliltä"),
        ({"direct_layoffs": "paljon"}, "kelvollinen kokonaisluku"),
        ({"announced_on": (date.today() + timedelta(days=500)).isoformat()}, "enintään vuoden"),
        ({"announced_on": "21.4.2021"}, "kelvollinen päivämäärä"),
        ({"lead_municipality_code": "999"}, "Valitse jokin"),
        ({"municipality_codes": ["240", "998"]}, "998"),
        ({"kind": "BOGUS"}, "Valitse jokin"),
    ],
)
def test_open_case_bad_input_keeps_what_was_typed(client, opener, overrides, message):
    _, organisation = opener
    data = _case_form(organisation_id=organisation.id, summary="Oma **tiivistelmä** säilyy", **overrides)
    response = client.post("/cases/new", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message.lower() in page.lower() or message in page
    assert "Oma **tiivistelmä** säilyy" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Case)) == 0


def test_long_title_is_kept_in_the_form(client, opener):
    _, organisation = opener
    title = "pitkä " * 2000
    page = client.post("/cases/new", data=_case_form(organisation_id=organisation.id, title=title)).get_data(
        as_text=True
    )
    assert title.strip() in page


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
    response = client.post(
        f"/cases/{people.case.id}/edit", data=_case_form(title="Uusi otsikko", municipality_codes=["851"])
    )
    assert response.status_code == 302
    case = db.session.get(Case, people.case.id)
    assert case.title == "Uusi otsikko"
    assert case.affected_municipality_codes == ["240", "851"]
    page = client.get(f"/cases/{case.id}/history").get_data(as_text=True)
    assert "Uusi otsikko" in page and "Otsikko" in page


def test_layoff_waves(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    url = f"/cases/{people.case.id}/waves/new"
    assert client.post(url, data={"occurs_on": "2021-06-30", "headcount": "0"}).status_code == 422
    response = client.post(url, data={"occurs_on": "", "headcount": "120", "note": "Ensimmäinen"})
    assert response.status_code == 422
    assert "Ensimmäinen" in response.get_data(as_text=True)
    assert client.post(url, data={"occurs_on": "2021-06-30", "headcount": "300"}).status_code == 302
    assert (
        client.post(url, data={"occurs_on": "2021-09-30", "headcount": "250", "employer": "Alihankkija Oy"}).status_code
        == 302
    )
    page = client.get(f"/cases/{people.case.id}/waves").get_data(as_text=True)
    assert "550" in page and "Alihankkija Oy" in page
    wave = db.session.scalar(db.select(LayoffWave).where(LayoffWave.headcount == 300))
    assert wave.employer == "Tehdas Oy"  # defaults to the case's employer
    wave_id = wave.id
    assert client.post(f"/cases/{people.case.id}/waves/{wave_id}/delete").status_code == 302
    assert db.session.get(LayoffWave, wave_id) is None


def test_observer_sees_no_edit_controls(client):
    people = factories.case_with_people()
    sign_in(client, people.observer)
    page = client.get(f"/cases/{people.case.id}/network").get_data(as_text=True)
    assert "Kutsu henkilö" not in page
    assert "Muokkaa tietoja" not in client.get(f"/cases/{people.case.id}").get_data(as_text=True)


def test_invite_new_person_and_see_them_on_the_network_page(client, outbox):
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
    page = client.get(f"/cases/{people.case.id}/network").get_data(as_text=True)
    assert "Uusi Jäsen" in page and "kutsuttu" in page
    by_role = client.get(f"/cases/{people.case.id}/network?view=role").get_data(as_text=True)
    assert "Tiedonvälittäjä" in by_role and "Uusi Jäsen" in by_role

    again = client.post(f"/cases/{people.case.id}/network/invite", data=data)
    assert again.status_code == 422
    assert "jo tapauksen verkostossa" in again.get_data(as_text=True)


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
def test_invite_bad_input(client, overrides, message):
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
    assert message in response.get_data(as_text=True)


def test_member_page_roles_access_and_ending(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    membership = db.session.scalar(db.select(Membership).where(Membership.user_id == people.member.id))
    base = f"/cases/{people.case.id}/network/members/{membership.id}"
    assert client.post(f"{base}/roles", data={"role": "INNOVATOR"}).status_code == 302
    early = client.post(f"{base}/roles", data={"role": "EXPERT", "started_on": "2001-05-01"})
    assert early.status_code == 422 and "ennen jäsenyyttä" in early.get_data(as_text=True)
    duplicate = client.post(f"{base}/roles", data={"role": "INNOVATOR"})
    assert duplicate.status_code == 422 and "jo tämä rooli" in duplicate.get_data(as_text=True)
    assert client.post(f"{base}/access", data={"access": "EDITOR"}).status_code == 302
    assignment = membership.roles[0]
    assert client.post(f"{base}/roles/{assignment.id}/end").status_code == 302
    assert client.post(f"{base}/end").status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "Innovaattori" in page and "jatkuu" not in page.split("Roolit ja niiden historia")[1].split("</table>")[0]
    former = client.get(f"/cases/{people.case.id}/network?status=former").get_data(as_text=True)
    assert people.member.name in former


def test_last_coordinator_cannot_be_downgraded_or_removed(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    membership = db.session.scalar(db.select(Membership).where(Membership.user_id == people.coordinator.id))
    base = f"/cases/{people.case.id}/network/members/{membership.id}"
    response = client.post(f"{base}/access", data={"access": "MEMBER"})
    assert response.status_code == 422
    assert "ainakin yksi koordinaattori" in response.get_data(as_text=True)
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


def test_checklist_shows_gaps_and_can_be_extended(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    assert (
        client.post(f"/cases/{people.case.id}/network/checklist", data={"organisation_type": "KELA"}).status_code == 302
    )
    page = client.get(f"/cases/{people.case.id}/network").get_data(as_text=True)
    assert "Kela" in page and "puuttuu" in page
    kela = factories.OrganisationFactory(name="Kela Lappi", type=factories.OrganisationType.KELA)
    client.post(f"/cases/{people.case.id}/network/organisations/add", data={"organisation_id": kela.id})
    page = client.get(f"/cases/{people.case.id}/network").get_data(as_text=True)
    assert "Kela Lappi" in page


def test_history_filters_by_entity_and_person(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    client.post(f"/cases/{people.case.id}/waves/new", data={"occurs_on": "2021-06-30", "headcount": "300"})
    page = client.get(f"/cases/{people.case.id}/history?entity=LayoffWave&actor={people.coordinator.id}").get_data(
        as_text=True
    )
    assert "Irtisanomisaalto" in page and people.coordinator.name in page
    page = client.get(f"/cases/{people.case.id}/history?entity=LayoffWave&actor={people.observer.id}").get_data(
        as_text=True
    )
    assert "Ei muutoksia." in page
    assert (
        db.session.scalar(
            db.select(db.func.count()).select_from(AuditEvent).where(AuditEvent.actor_id == people.coordinator.id)
        )
        >= 1
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
    page = response.get_data(as_text=True)
    assert "Y-tunnus on virheellinen" in page and "Kemin Digipolis Oy" in page
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
    assert duplicate.status_code == 422 and "jo rekisterissä" in duplicate.get_data(as_text=True)
    bad_url = client.post("/organisations/new", data={"name": "Kolmas", "type": "COMPANY", "website": "not a url"})
    assert bad_url.status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(Organisation)) == 1


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


def test_closing_a_case_keeps_who_did_what(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    client.post(f"/cases/{people.case.id}/waves/new", data={"occurs_on": "2021-06-30", "headcount": "300"})
    response = client.post(f"/cases/{people.case.id}/edit", data=_case_form(phase="CLOSED"))
    assert response.status_code == 302
    assert db.session.get(Case, people.case.id).is_closed
    history = client.get(f"/cases/{people.case.id}/history").get_data(as_text=True)
    assert "Päättynyt" in history and "Irtisanomisaalto" in history
    network = client.get(f"/cases/{people.case.id}/network").get_data(as_text=True)
    assert people.member.name in network
