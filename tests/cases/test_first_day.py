"""A real case from its first day: nothing chosen for the user, the network recorded as it was."""

import re
from datetime import date, timedelta

from sqlalchemy import func, select

from arm.cases.models import Case, CaseOrganisation, Membership, Organisation, RoleAssignment
from arm.extensions import db
from tests import factories
from tests.conftest import accept_by_setting_password, sign_in
from tests.markup import field_error, field_value, page_of


def _selected(page: str, name: str) -> list[str]:
    select_html = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)[1]
    return [re.search(r'value="([^"]*)"', o)[1] for o in re.findall(r"<option[^>]*>", select_html) if " selected" in o]


def _case_form(**overrides) -> dict:
    data = {
        "title": "Tehtaan sulkeminen",
        "kind": "NEGATIVE",
        "phase": "ACTIVE",
        "lead_municipality_code": "240",
        "announced_on": "2025-11-20",
        "direct_layoffs": "300",
    }
    data.update(overrides)
    return data


def test_the_open_case_form_chooses_nothing_for_the_user(client):
    factories.OrganisationFactory(name="Aaltoyhtiö Oy")  # the registry's first row
    sign_in(client, factories.UserFactory())
    page = client.get("/cases/new").get_data(as_text=True)
    assert _selected(page, "organisation_id") in ([], [""])
    assert _selected(page, "lead_municipality_code") in ([], [""])

    response = client.post("/cases/new", data=_case_form(lead_municipality_code=""))

    assert response.status_code == 422
    refused = page_of(response)
    assert "Valitse vastuukunta" in field_error(refused, "lead_municipality_code")
    assert "Valitse organisaatio, jota edustat" in field_error(refused, "organisation_id")
    assert field_value(refused, "title") == "Tehtaan sulkeminen"


def test_a_new_organisation_is_added_with_the_case_and_nothing_typed_is_lost(client):
    sign_in(client, factories.UserFactory())
    bad = client.post(
        "/cases/new",
        data=_case_form(
            new_organisation_name="Uusi Kunta", new_organisation_type="MUNICIPALITY", new_organisation_business_id="123"
        ),
    )
    assert bad.status_code == 422
    page = page_of(bad)
    assert "Y-tunnus on virheellinen" in field_error(page, "new_organisation_business_id")
    assert field_value(page, "title") == "Tehtaan sulkeminen" and field_value(page, "direct_layoffs") == "300"
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0

    good = client.post(
        "/cases/new", data=_case_form(new_organisation_name="Uusi Kunta", new_organisation_type="MUNICIPALITY")
    )

    assert good.status_code == 302
    case = db.session.scalar(select(Case))
    organisation = db.session.scalar(select(Organisation))
    assert organisation.name == "Uusi Kunta"
    assert db.session.scalar(select(Membership.organisation_id).where(Membership.case_id == case.id)) == organisation.id


def test_a_new_organisation_needs_its_type(client):
    sign_in(client, factories.UserFactory())
    response = client.post("/cases/new", data=_case_form(new_organisation_name="Uusi Kunta"))
    assert response.status_code == 422
    assert "Valitse uuden organisaation tyyppi" in field_error(page_of(response), "new_organisation_type")


def _invite(client, case, organisation, **overrides):
    data = {
        "email": "uusi@example.fi",
        "name": "Uusi Henkilö",
        "organisation_id": str(organisation.id),
        "access": "MEMBER",
        "roles": ["EXPERT"],
        "started_on": date.today().isoformat(),
    }
    data.update(overrides)
    return client.post(f"/cases/{case.id}/network/invite", data=data)


def test_the_invite_form_lists_the_network_first_and_chooses_nothing(client):
    people = factories.case_with_people()
    factories.OrganisationFactory(name="Aaaa Rekisterin Ensimmäinen")
    sign_in(client, people.coordinator)
    page = client.get(f"/cases/{people.case.id}/network/invite").get_data(as_text=True)
    assert _selected(page, "organisation_id") in ([], [""])
    labels = re.findall(
        r"<option[^>]*>([^<]*)</option>", re.search(r'name="organisation_id"[^>]*>(.*?)</select>', page, re.S)[1]
    )
    assert labels[1] == people.organisation.name  # the network's own organisation before the registry's others
    assert labels[-1] == "Aaaa Rekisterin Ensimmäinen (ei vielä verkostossa)"


def test_an_invite_that_brings_a_new_organisation_says_so(client):
    people = factories.case_with_people()
    newcomer = factories.OrganisationFactory(name="Lapin liitto")
    sign_in(client, people.coordinator)
    response = _invite(client, people.case, newcomer)
    assert response.status_code == 302
    assert "Samalla Lapin liitto lisättiin verkostoon." in client.get(response.location).get_data(as_text=True)


def test_the_network_can_be_recorded_as_it_was(client, outbox):
    """A case opened a year after the announcement records when people really joined, roles with them."""
    people = factories.case_with_people()  # announced 2021-04-21
    newcomer = factories.OrganisationFactory(name="Lapin liitto")
    sign_in(client, people.coordinator)

    response = _invite(client, people.case, newcomer, started_on="2021-03-01")

    assert response.status_code == 302
    notice = client.get(response.location).get_data(as_text=True)
    assert "on ennen tapauksen ilmoituspäivää" in notice  # allowed, and flagged
    membership = db.session.scalar(select(Membership).where(Membership.organisation_id == newcomer.id))
    assert membership.started_on == date(2021, 3, 1)
    assert [
        r.started_on
        for r in db.session.scalars(select(RoleAssignment).where(RoleAssignment.membership_id == membership.id))
    ] == [date(2021, 3, 1)]
    link = db.session.scalar(select(CaseOrganisation).where(CaseOrganisation.organisation_id == newcomer.id))
    assert link.joined_on == date(2021, 3, 1)
    accept_by_setting_password(client, outbox[-1])
    sign_in(client, people.coordinator)
    contacts = client.get(f"/cases/{people.case.id}/network/contacts.csv").get_data(as_text=True)
    assert "1.3.2021" in next(line for line in contacts.splitlines() if "Uusi Henkilö" in line)


def test_a_start_in_the_future_is_refused(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = _invite(client, people.case, people.organisation, started_on=tomorrow)
    assert response.status_code == 422
    page = page_of(response)
    assert "ei voi olla tulevaisuudessa" in field_error(page, "started_on")
    assert field_value(page, "name") == "Uusi Henkilö"
    added = client.post(
        f"/cases/{people.case.id}/network/organisations/add",
        data={"organisation_id": str(factories.OrganisationFactory().id), "joined_on": tomorrow},
    )
    assert added.status_code == 422


def test_an_organisation_joins_from_a_back_dated_day(client):
    people = factories.case_with_people()
    newcomer = factories.OrganisationFactory(name="Kela")
    sign_in(client, people.coordinator)
    response = client.post(
        f"/cases/{people.case.id}/network/organisations/add",
        data={"organisation_id": str(newcomer.id), "joined_on": "2021-05-02"},
    )
    assert response.status_code == 302
    link = db.session.scalar(select(CaseOrganisation).where(CaseOrganisation.organisation_id == newcomer.id))
    assert link.joined_on == date(2021, 5, 2)


def test_a_coordinator_keeps_a_members_details_right(client):
    people = factories.case_with_people()
    other = factories.CaseOrganisationFactory(case=people.case).organisation
    membership = db.session.scalar(select(Membership).where(Membership.user_id == people.member.id))
    sign_in(client, people.coordinator)
    url = f"/cases/{people.case.id}/network/members/{membership.id}/details"

    bad = client.post(
        url, data={"job_title": "Asiantuntija", "phone": "soita minulle", "organisation_id": str(other.id)}
    )
    assert bad.status_code == 422
    assert "Anna puhelinnumero numeroina" in field_error(page_of(bad), "phone")
    assert field_value(page_of(bad), "job_title") == "Asiantuntija"

    good = client.post(
        url, data={"job_title": "Asiantuntija", "phone": "+358 40 123 4567", "organisation_id": str(other.id)}
    )
    assert good.status_code == 302
    saved = db.session.get(Membership, membership.id)
    assert (saved.user.job_title, saved.user.phone, saved.organisation_id) == (
        "Asiantuntija",
        "+358 40 123 4567",
        other.id,
    )
    outsider_org = factories.OrganisationFactory()
    refused = client.post(url, data={"organisation_id": str(outsider_org.id)})
    assert refused.status_code == 422  # not a choice: only the network's organisations are offered


def test_a_coordinator_corrects_an_organisation_of_the_network(client):
    people = factories.case_with_people()
    link = db.session.scalar(select(CaseOrganisation).where(CaseOrganisation.case_id == people.case.id))
    sign_in(client, people.coordinator)
    url = f"/cases/{people.case.id}/network/organisations/{link.id}/edit"
    response = client.post(
        url,
        data={"name": "Kemin kaupunki", "type": "MUNICIPALITY", "business_id": "0209602-6", "municipality_code": "240"},
    )
    assert response.status_code == 302
    assert db.session.get(Organisation, link.organisation_id).name == "Kemin kaupunki"
    bad = client.post(
        url, data={"name": "Kemin kaupunki", "type": "MUNICIPALITY", "business_id": "123", "municipality_code": ""}
    )
    assert bad.status_code == 422 and "Y-tunnus on virheellinen" in field_error(page_of(bad), "business_id")
    client.post("/logout")
    sign_in(client, people.editor)
    assert client.get(url).status_code == 403
