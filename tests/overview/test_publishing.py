"""The public page's switch on the case's edit form: coordinators only, off by default, recorded in the history."""

from sqlalchemy import select

from arm.cases.models import Case
from arm.core.models import AuditEvent
from arm.extensions import db
from tests import factories
from tests.conftest import sign_in
from tests.markup import page_of


def _case_form(case, **overrides):
    data = {
        "title": case.title,
        "kind": case.kind.name,
        "phase": case.phase.name,
        "lead_municipality_code": case.lead_municipality_code,
        "municipality_codes": case.affected_municipality_codes,
        "employer": case.employer,
        "industry_code": "",
        "announced_on": "2021-04-21",
        "direct_layoffs": "550",
        "indirect_job_losses": "950",
        "summary": "",
    }
    data.update(overrides)
    return data


def test_a_new_case_is_not_public(client):
    people = factories.case_with_people()
    assert people.case.is_public is False
    sign_in(client, people.coordinator)
    page = page_of(client.get(f"/cases/{people.case.id}/edit"))
    checkbox = page.by_id("is_public")
    assert checkbox.attrs.get("type") == "checkbox" and "checked" not in checkbox.attrs
    assert "Julkinen sivu näyttää vain" in page.text


def test_the_coordinator_publishes_the_case_and_withdraws_it(client):
    people = factories.case_with_people()
    case_id = people.case.id
    sign_in(client, people.coordinator)

    response = client.post(f"/cases/{case_id}/edit", data=_case_form(people.case, is_public="y"))

    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.get(Case, case_id).is_public is True
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.entity == "Case", AuditEvent.action == "update"))
    client.post("/logout")
    assert client.get(f"/public/cases/{case_id}").status_code == 200

    sign_in(client, people.coordinator)
    assert page_of(client.get(f"/cases/{case_id}/edit")).find_all("a", href=f"/public/cases/{case_id}")
    response = client.post(f"/cases/{case_id}/edit", data=_case_form(db.session.get(Case, case_id)))  # unchecked
    assert response.status_code == 302
    assert db.session.get(Case, case_id).is_public is False
    client.post("/logout")
    assert client.get(f"/public/cases/{case_id}").status_code == 404


def test_only_a_coordinator_may_publish(client):
    people = factories.case_with_people()
    for user, status in [(people.editor, 403), (people.member, 403), (people.observer, 403), (people.outsider, 404)]:
        sign_in(client, user)
        response = client.post(f"/cases/{people.case.id}/edit", data=_case_form(people.case, is_public="y"))
        assert response.status_code == status, user
        client.post("/logout")
    assert db.session.get(Case, people.case.id).is_public is False


def test_bad_input_keeps_the_choice(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    response = client.post(f"/cases/{people.case.id}/edit", data=_case_form(people.case, title="", is_public="y"))
    assert response.status_code == 422
    assert "checked" in page_of(response).by_id("is_public").attrs
    assert db.session.get(Case, people.case.id).is_public is False
