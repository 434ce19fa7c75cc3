"""The service map, the wave timeline and the milestones through their pages: saves, refusals, merge, exports."""

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from arm.core.models import AuditEvent
from arm.extensions import db
from arm.support.models import Audience, ServiceKind, ServiceLanguage, SupportService, WaveMilestone
from tests import factories
from tests.conftest import sign_in
from tests.markup import field_error, field_value, page_of
from tests.support.helpers import add_milestone, add_service


def _service_form(provider, **values) -> dict:
    data = {
        "name": "Koulutusneuvonta",
        "kind": "EDUCATION",
        "provider_id": str(provider),
        "description": "",
        "reach": "Valtakatu 11–13, Kemi",
        "language_list": ["FI", "SV"],
        "age_group": "ALL",
        "audience_list": ["LAID_OFF", "FAMILY"],
        "starts_on": "2021-06-01",
        "ends_on": "",
    }
    data.update(values)
    return data


@pytest.fixture
def people(case_with_network):
    return case_with_network


def test_editor_adds_a_service_and_it_is_audited(client, people):
    sign_in(client, people.editor)
    response = client.post(f"/cases/{people.case.id}/services/new", data=_service_form(people.organisation.id))
    assert response.status_code == 302
    service = db.session.scalar(select(SupportService))
    assert response.location.endswith(f"/services#service-{service.id}")
    assert service.kind is ServiceKind.EDUCATION and service.provider_id == people.organisation.id
    assert service.language_list == [ServiceLanguage.FI, ServiceLanguage.SV]
    assert service.audience_list == [Audience.LAID_OFF, Audience.FAMILY]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity == "SupportService"))
    assert event.action == "create" and event.case_id == people.case.id
    page = page_of(client.get(f"/cases/{people.case.id}/services"))
    row = page.by_id(f"service-{service.id}")
    assert "Koulutusneuvonta" in row.text and "Koulutuspalvelut" in row.text and "Irtisanottujen perheet" in row.text
    history = client.get(f"/cases/{people.case.id}/history").get_data(as_text=True)
    assert "Koulutusneuvonta" in history


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"ends_on": "2021-05-31"}, "ends_on", "Päättymispäivä ei voi olla ennen alkamispäivää."),
        ({"provider_id": ""}, "provider_id", "Valitse palvelun järjestäjä"),
        ({"name": "x" * 201}, "name", "200"),
        ({"name": "Koulutus\tneuvonta"}, "name", "ohjausmerkit"),
        ({"reach": "Valtakatu\x0b11"}, "reach", "ohjausmerkit"),
        ({"name": ""}, "name", "Anna palvelulle nimi."),
        ({"starts_on": ""}, "starts_on", "Anna päivä, jona palvelu alkaa."),
        ({"kind": "BOGUS"}, "kind", "Valitse jokin annetuista vaihtoehdoista."),
        ({"language_list": ["XX"]}, "language_list", "Valitse jokin annetuista vaihtoehdoista."),
    ],
)
def test_bad_service_input_is_refused_on_its_field_and_kept(client, people, values, field, message):
    sign_in(client, people.editor)
    response = client.post(
        f"/cases/{people.case.id}/services/new", data=_service_form(people.organisation.id, **values)
    )
    assert response.status_code == 422
    page = page_of(response)
    assert message in field_error(page, field)
    if field != "name":
        assert field_value(page, "name") == "Koulutusneuvonta"  # the rest of the input is kept
    assert db.session.scalar(select(func.count()).select_from(SupportService)) == 0


def test_a_provider_outside_the_network_is_refused(client, people):
    outside = factories.OrganisationFactory(name="Verkoston ulkopuolinen")
    sign_in(client, people.editor)
    response = client.post(f"/cases/{people.case.id}/services/new", data=_service_form(outside.id))
    assert response.status_code == 422
    assert "Valitse jokin annetuista vaihtoehdoista." in field_error(page_of(response), "provider_id")


def test_a_provider_that_left_the_network_is_refused_by_the_service(app, people):
    from arm.support import services

    left = factories.OrganisationFactory(name="Lähtenyt")
    factories.CaseOrganisationFactory(case=people.case, organisation=left, left_on=date(2021, 5, 1))
    data = {
        "name": "Palvelu",
        "kind": ServiceKind.EMPLOYMENT,
        "provider_id": left.id,
        "description": "",
        "reach": "",
        "language_list": [],
        "age_group": None,
        "audience_list": [],
        "starts_on": date(2021, 6, 1),
        "ends_on": None,
        "is_illustrative": False,
    }
    with app.test_request_context(), pytest.raises(services.ValidationError) as refused:
        services.create_service(people.case, data)
    assert refused.value.errors == [("provider_id", "Järjestäjän on oltava tapauksen verkostossa.")]


def test_a_service_of_another_case_is_not_found(client, people):
    other = factories.case_with_people()
    foreign = add_service(other.case, other.organisation)
    sign_in(client, people.editor)
    base = f"/cases/{people.case.id}/services/{foreign.id}"
    assert client.get(f"{base}/edit").status_code == 404
    assert client.post(f"{base}/edit", data=_service_form(people.organisation.id)).status_code == 404
    assert client.post(f"{base}/delete").status_code == 404
    assert db.session.get(SupportService, foreign.id).name == foreign.name


def test_two_people_edit_the_same_service(client, people, app):
    service = add_service(people.case, people.organisation, name="Alkuperäinen")
    url = f"/cases/{people.case.id}/services/{service.id}/edit"
    sign_in(client, people.editor)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', client.get(url).get_data(as_text=True)).group(1)
    other = app.test_client()
    sign_in(other, people.coordinator)
    assert (
        other.post(url, data=_service_form(people.organisation.id, name="Koordinaattorin", version=version)).status_code
        == 302
    )
    response = client.post(url, data=_service_form(people.organisation.id, name="Muokkaajan", version=version))
    assert response.status_code == 409
    assert field_value(page_of(response), "name") == "Muokkaajan"
    new_version = re.search(r'name="version" type="hidden" value="(\d+)"', response.get_data(as_text=True)).group(1)
    assert (
        client.post(url, data=_service_form(people.organisation.id, name="Yhdistetty", version=new_version)).status_code
        == 302
    )
    assert db.session.get(SupportService, service.id).name == "Yhdistetty"


def test_delete_a_service(client, people):
    service_id = add_service(people.case, people.organisation).id
    sign_in(client, people.coordinator)
    assert client.post(f"/cases/{people.case.id}/services/{service_id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(SupportService, service_id) is None


def test_the_timeline_flags_a_missing_kind_until_a_service_covers_it(client, people):
    wave = factories.LayoffWaveFactory(case=people.case, occurs_on=date(2021, 3, 1), headcount=200)
    for kind in (ServiceKind.EMPLOYMENT, ServiceKind.SOCIAL_HEALTH, ServiceKind.BUSINESS, ServiceKind.SUPPORT_NETWORK):
        add_service(people.case, people.organisation, kind=kind, starts_on=date(2021, 1, 1))
    add_milestone(wave, occurs_on=date(2021, 2, 15), is_done=True)
    sign_in(client, people.observer)
    url = f"/cases/{people.case.id}/services/timeline"
    page = page_of(client.get(url))
    section = page.by_id(f"wave-{wave.id}")
    flags = [li.text for li in section.find_all("li", class_="text-danger")]
    assert flags == ["⚠ Ei koulutuspalvelua kahden viikon sisällä aallosta 200 henkilöä 1.3.2021."]
    assert "Työvoimaviranomaisen infotilaisuus" in section.text and "tehty" in section.text
    assert "ÄRM-palvelun oma, ei TEM:n ohje" in page.text
    add_service(people.case, people.organisation, kind=ServiceKind.EDUCATION, starts_on=date(2021, 3, 15))
    section = page_of(client.get(url)).by_id(f"wave-{wave.id}")
    assert section.find_all("li", class_="text-danger") == []
    assert "Kaikkia viittä palvelun lajia" in section.text


def test_milestones_are_added_edited_and_refused_for_another_cases_wave(client, people):
    wave = factories.LayoffWaveFactory(case=people.case)
    foreign_wave = factories.LayoffWaveFactory()
    sign_in(client, people.editor)
    url = f"/cases/{people.case.id}/milestones/new"
    data = {"wave_id": str(wave.id), "kind": "CHANGE_NEGOTIATIONS", "occurs_on": "2021-05-03", "note": "Neuvottelut"}
    response = client.post(url, data=data)
    assert response.status_code == 302 and response.location.endswith(f"#wave-{wave.id}")
    milestone = db.session.scalar(select(WaveMilestone))
    assert milestone.is_done is False and milestone.note == "Neuvottelut"
    refused = client.post(url, data=data | {"wave_id": str(foreign_wave.id)})
    assert refused.status_code == 422
    assert field_error(page_of(refused), "wave_id") == "Valitse jokin annetuista vaihtoehdoista."
    bad = client.post(url, data=data | {"occurs_on": "", "note": "a\tb"})
    assert bad.status_code == 422 and field_value(page_of(bad), "note") == "a\tb"
    edit = f"/cases/{people.case.id}/milestones/{milestone.id}/edit"
    assert client.post(edit, data=data | {"is_done": "y"}).status_code == 302
    assert db.session.get(WaveMilestone, milestone.id).is_done is True
    other = factories.case_with_people()
    foreign = add_milestone(factories.LayoffWaveFactory(case=other.case))
    assert client.get(f"/cases/{people.case.id}/milestones/{foreign.id}/edit").status_code == 404
    assert client.post(f"/cases/{people.case.id}/milestones/{milestone.id}/delete").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(WaveMilestone)) == 1


@pytest.mark.parametrize(
    ("locale", "header"), [("fi", "Palvelun laji"), ("sv", "Typ av tjänst"), ("en", "Kind of service")]
)
def test_csv_export_in_the_users_language(client, people, locale, header):
    add_service(people.case, people.organisation, name="Pointti", languages="FI", audiences="LAID_OFF")
    people.observer.locale = locale
    db.session.commit()
    sign_in(client, people.observer)
    response = client.get(f"/cases/{people.case.id}/services/export.csv")
    assert response.status_code == 200
    delimiter = "," if locale == "en" else ";"  # English regional settings separate lists with commas
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=delimiter))
    header_row = next(row for row in rows if header in row)
    assert "Pointti" in rows[rows.index(header_row) + 1]


def test_xlsx_export_and_print_page(client, people):
    add_service(people.case, people.organisation, name="Ohjaamo", is_illustrative=True)
    sign_in(client, people.observer)
    xlsx = client.get(f"/cases/{people.case.id}/services/export.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.data)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert row["Palvelu"] == "Ohjaamo" and row["Alkaa"].date() == date(2021, 6, 1)
    assert row["Suuntaa-antava ajanjakso"] == "kyllä"
    page = page_of(client.get(f"/cases/{people.case.id}/services/print"))
    assert "Ohjaamo" in page.text and "suuntaa-antava" in page.text
    assert page.find("h2").text == "Työllisyyspalvelut"


def test_the_dashboard_lists_the_waves_that_start_with_gaps(client, people):
    factories.LayoffWaveFactory(case=people.case, occurs_on=date(2021, 3, 1))
    add_service(people.case, people.organisation, kind=ServiceKind.EMPLOYMENT, starts_on=date(2021, 1, 1))
    sign_in(client, people.observer)
    panel = page_of(client.get(f"/cases/{people.case.id}")).find("section", aria_labelledby="service-gaps-heading")
    assert panel.find("li").text == "Aallosta 1.3.2021 puuttuu 4 palvelun lajia."
