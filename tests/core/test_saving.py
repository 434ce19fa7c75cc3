"""The one save path: refusals come back onto the form, concurrent saves never turn into a 500."""

import re
import threading

import pytest
from sqlalchemy import func, select

from arm.cases import services as case_services
from arm.cases.models import Case, Organisation
from arm.extensions import db
from arm.plans import services as plan_services
from arm.plans.models import Action, SubgroupMember
from tests import factories
from tests.conftest import count_queries, sign_in
from tests.plans.conftest import build_plan_case


def _action_form(version: str, **overrides) -> dict:
    data = {
        "title": "Rekrytointimessut",
        "description": "",
        "category": "RE_EMPLOYMENT",
        "horizon": "SHORT",
        "target_group": "LAID_OFF",
        "subgroup_id": "",
        "owner_organisation_id": "",
        "owner_id": "",
        "starts_on": "",
        "due_on": "",
        "status": "PLANNED",
        "progress": "0",
        "expected_jobs": "",
        "budget": "",
        "version": version,
    }
    data.update(overrides)
    return data


def _at_once(monkeypatch, module, name: str, calls: int = 2):
    """Make `calls` requests wait for each other inside `module.name`, so that neither commits first."""
    barrier = threading.Barrier(calls, timeout=10)
    original = getattr(module, name)

    def waiting(*args, **kwargs):
        result = original(*args, **kwargs)
        barrier.wait()
        return result

    monkeypatch.setattr(module, name, waiting)


def _in_threads(app, *jobs):
    results = [None] * len(jobs)
    errors = []

    def run(index, job):
        try:
            with app.app_context():
                results[index] = job()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    # Each thread is a request of its own, as two browsers are: its own app context and session.
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    return results


def test_two_people_save_the_same_action_at_the_same_moment(app, monkeypatch):
    """Both pass the version check before either writes: one saves, the other gets the conflict page."""
    people = build_plan_case()
    action = people.other_action
    url = f"/cases/{people.case.id}/actions/{action.id}/edit"
    clients = []
    for person in (people.editor, people.coordinator):
        client = app.test_client()
        sign_in(client, person)
        clients.append(client)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', clients[0].get(url).get_data(as_text=True))[1]
    _at_once(monkeypatch, plan_services, "check_action")

    responses = _in_threads(
        app,
        lambda: clients[0].post(url, data=_action_form(version, title="Muokkaajan otsikko")),
        lambda: clients[1].post(url, data=_action_form(version, title="Koordinaattorin otsikko")),
    )

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [302, 409]
    saved = db.session.get(Action, action.id)
    winner, loser = (0, 1) if responses[0].status_code == 302 else (1, 0)
    titles = ["Muokkaajan otsikko", "Koordinaattorin otsikko"]
    assert saved.title == titles[winner]
    assert saved.version == int(version) + 1
    conflict_page = responses[loser].get_data(as_text=True)
    assert titles[loser] in conflict_page  # the loser's text is kept on the merge page
    assert titles[winner] in conflict_page  # beside what is saved now


def test_two_cases_opened_with_the_same_title_at_the_same_moment(app, monkeypatch):
    """Both pick the same free slug; the second insert is refused and says so on the title field."""
    organisation = factories.OrganisationFactory()
    clients = []
    for _ in range(2):
        client = app.test_client()
        sign_in(client, factories.UserFactory())
        clients.append(client)
    data = {
        "title": "Tehtaan sulkeminen 2026",
        "kind": "NEGATIVE",
        "phase": "PREPARING",
        "lead_municipality_code": "240",
        "organisation_id": str(organisation.id),
    }
    _at_once(monkeypatch, case_services, "_unique_slug")

    responses = _in_threads(app, *[lambda c=c: c.post("/cases/new", data=data) for c in clients])

    assert sorted(r.status_code for r in responses) == [302, 422]
    refused = next(r for r in responses if r.status_code == 422).get_data(as_text=True)
    # The message sits in the title field's error, after the "Virhe:" that only screen readers hear.
    error = r'id="title-error"[^>]*>\s*<span class="visually-hidden">[^<]*</span>\s*<span>Samanniminen'
    assert re.search(error, refused)
    assert 'value="Tehtaan sulkeminen 2026"' in refused  # the title as typed
    assert db.session.scalar(select(func.count()).select_from(Case)) == 1
    # Saving again now opens the second case under the next free slug.
    monkeypatch.undo()
    confirmed = {**data, "confirm_duplicate": "y"}  # now a likely duplicate: the person confirms it is another case
    again = next(c for c, r in zip(clients, responses) if r.status_code == 422).post("/cases/new", data=confirmed)
    assert again.status_code == 302
    assert sorted(db.session.scalars(select(Case.slug))) == ["tehtaan-sulkeminen-2026", "tehtaan-sulkeminen-2026-2"]


def test_a_business_id_taken_meanwhile_is_a_field_error(client, monkeypatch):
    """The check passes, then a concurrent request stores the same Business ID first: 422, input kept."""
    sign_in(client, factories.UserFactory())
    monkeypatch.setattr(case_services, "_check_organisation", lambda *args: "0201256-6")
    factories.OrganisationFactory(name="Ensimmäinen", business_id="0201256-6")

    response = client.post(
        "/organisations/new", data={"name": "Toinen Oy", "type": "COMPANY", "business_id": "0201256-6"}
    )

    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "lisättiin juuri rekisteriin" in page and 'value="Toinen Oy"' in page
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1


def test_a_constraint_broken_meanwhile_is_a_message_not_a_500(app):
    """A constraint no field names (a row this save points at was deleted under it) asks to save again."""
    from flask_wtf import FlaskForm
    from sqlalchemy.exc import IntegrityError
    from wtforms import StringField

    from arm.core.saving import CHANGED_MEANWHILE, save_form

    class TitleForm(FlaskForm):
        title = StringField()

    def save():
        raise IntegrityError("INSERT …", {}, Exception("FOREIGN KEY constraint failed"))

    with app.test_request_context("/", method="POST", data={"title": "Kirjoitettu otsikko"}):
        form = TitleForm()
        body, status = save_form(form, save, done="/", message="", render=lambda: f"page {form.title.data}")
    assert status == 422
    assert body == "page Kirjoitettu otsikko"
    assert form.form_errors == [CHANGED_MEANWHILE]


@pytest.mark.parametrize("members", [3, 30])
def test_saving_a_subgroup_takes_the_same_reads_whatever_its_size(app, members):
    """The audit trail names every new member in one statement, not one lazy load per member."""
    people = factories.case_with_people()
    member_ids = [factories.MembershipFactory(case=people.case).id for _ in range(members)]
    subgroup = factories.SubgroupFactory(case=people.case)
    case, subgroup = db.session.get(Case, people.case.id), db.session.get(type(subgroup), subgroup.id)
    with count_queries(app) as statements:
        plan_services.save_subgroup(
            case, subgroup, name="Yritysryhmä", purpose="", chair_id=member_ids[0], rhythm=None, member_ids=member_ids
        )
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(SubgroupMember)) == members
    row_inserts = [s for s in statements if s.startswith("INSERT INTO subgroup_member")]
    # SQLite inserts the rows one by one; PostgreSQL in one batch. Everything else is fixed.
    assert 1 <= len(row_inserts) <= members
    assert len(statements) - len(row_inserts) == 6, statements
