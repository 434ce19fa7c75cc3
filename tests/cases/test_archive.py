"""A mistaken or duplicated case: warned about, archived (read-only, restorable) or deleted while empty."""

from sqlalchemy import func, select

from arm.cases.models import Case
from arm.core.models import AuditEvent
from arm.extensions import db
from tests import factories
from tests.conftest import sign_in
from tests.markup import field_error, field_value, page_of


def _open(client, organisation, **overrides):
    data = {
        "title": "Tehtaan sulkeminen",
        "kind": "NEGATIVE",
        "phase": "ACTIVE",
        "lead_municipality_code": "240",
        "organisation_id": str(organisation.id),
    }
    data.update(overrides)
    return client.post("/cases/new", data=data)


def test_a_likely_duplicate_is_warned_about_and_can_be_confirmed(client):
    organisation = factories.OrganisationFactory()
    sign_in(client, factories.UserFactory())
    assert _open(client, organisation).status_code == 302

    again = _open(client, organisation, title="TEHTAAN SULKEMINEN")

    assert again.status_code == 422
    page = page_of(again)
    assert "Samanniminen tapaus on jo avattu samalle vastuukunnalle" in field_error(page, "title")
    assert field_value(page, "title") == "TEHTAAN SULKEMINEN"
    assert _open(client, organisation, lead_municipality_code="241").status_code == 302  # another municipality
    assert _open(client, organisation, title="TEHTAAN SULKEMINEN", confirm_duplicate="y").status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Case)) == 3


def test_an_archived_case_is_read_only_out_of_the_list_and_restorable(client):
    people = factories.case_with_people()
    case_id = people.case.id
    sign_in(client, people.coordinator)
    assert client.post(f"/cases/{case_id}/archive").status_code == 302

    assert people.case.title not in client.get("/").get_data(as_text=True)
    assert people.case.title in client.get("/?archived=1").get_data(as_text=True)
    dashboard = client.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Tapaus on arkistoitu" in dashboard and "Muokkaa tietoja" not in dashboard
    assert client.get(f"/cases/{case_id}/edit").status_code == 403  # even for its coordinator
    assert (
        client.post(f"/cases/{case_id}/waves/new", data={"occurs_on": "2021-06-30", "headcount": "5"}).status_code
        == 403
    )

    assert client.post(f"/cases/{case_id}/restore").status_code == 302
    assert client.get(f"/cases/{case_id}/edit").status_code == 200
    changes = [e.changes for e in db.session.scalars(select(AuditEvent).where(AuditEvent.entity == "Case"))]
    assert sum("archived_at" in c for c in changes) == 2  # archived and restored, both in the history


def test_a_case_opened_by_mistake_can_be_deleted(client):
    organisation = factories.OrganisationFactory()
    user = factories.UserFactory()
    sign_in(client, user)
    case_id = int(_open(client, organisation).location.rsplit("/", 1)[1])
    assert "Poista tapaus" in client.get(f"/cases/{case_id}").get_data(as_text=True)

    response = client.post(f"/cases/{case_id}/delete")

    assert response.status_code == 302 and response.location.endswith("/")
    assert db.session.get(Case, case_id) is None
    deletion = db.session.scalar(select(AuditEvent).where(AuditEvent.entity == "Case", AuditEvent.action == "delete"))
    assert deletion.case_id is None and deletion.actor_id == user.id  # the deletion itself stays on record


def test_a_case_in_use_cannot_be_deleted(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    assert "Poista tapaus" not in client.get(f"/cases/{people.case.id}").get_data(as_text=True)
    response = client.post(f"/cases/{people.case.id}/delete")
    assert response.status_code == 422
    assert "Tapausta ei voi poistaa" in response.get_data(as_text=True)
    assert db.session.get(Case, people.case.id) is not None


def test_only_a_coordinator_archives(client):
    people = factories.case_with_people()
    sign_in(client, people.editor)
    assert client.post(f"/cases/{people.case.id}/archive").status_code == 403


def test_the_dashboard_renders_subgroup_purposes_as_sanitised_markdown(client):
    """Purposes are rendered as sanitised Markdown, as elsewhere, not shown as raw asterisks."""
    from arm.plans.models import Subgroup

    people = factories.case_with_people()
    factories.SubgroupFactory(case=people.case, name="Kriisityöryhmä", is_crisis_group=True, purpose="Nopeat päätökset")
    factories.SubgroupFactory(
        case=people.case, name="Tuki", is_crisis_group=True, purpose="**investoinnit** <script>x()</script>"
    )
    sign_in(client, people.coordinator)
    page = client.get(f"/cases/{people.case.id}").get_data(as_text=True)
    assert "<strong>investoinnit</strong>" in page and "**investoinnit**" not in page and "<script>x()" not in page
    assert db.session.scalar(select(func.count()).select_from(Subgroup)) == 2
