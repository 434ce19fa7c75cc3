"""Plan objectives and approved plan versions: their pages, rules, the diff and a concurrent approval."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from arm.extensions import db
from arm.plans import versions as plan_versions
from arm.plans.models import (
    Action,
    ActionCategory,
    ActionStatus,
    Horizon,
    Objective,
    ObjectiveAction,
    PlanVersion,
    TargetGroup,
)
from tests import factories
from tests.conftest import count_queries, sign_in, sign_in_without_password
from tests.core.test_saving import _at_once, _in_threads
from tests.plans.conftest import build_plan_case

OBJECTIVE = {
    "title": "1 000 uutta työpaikkaa",
    "description": "Toimintasuunnitelman **keskeinen** tavoite.",
    "kind": "JOB_TARGET",
    "priority": "MAIN",
    "target_value": "1 000",
    "target_unit": "uutta työpaikkaa",
    "deadline": "",
}


def _signed_in(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def _field_error(page: str, field: str, text: str) -> bool:
    return re.search(rf'id="{field}-error"[^>]*>.*?{re.escape(text)}', page, re.S) is not None


def test_an_editor_adds_an_objective_with_its_actions_and_sees_their_progress(app):
    people = build_plan_case()
    people.own_action.progress, people.subgroup_action.progress = 20, 60
    db.session.commit()
    client = _signed_in(app, people.editor)
    data = {**OBJECTIVE, "action_ids": [str(people.own_action.id), str(people.subgroup_action.id)]}
    response = client.post(f"/cases/{people.case.id}/objectives/new", data=data)
    assert response.status_code == 302
    objective = db.session.scalar(select(Objective))
    assert objective.target_value == Decimal(1000) and objective.target_unit == "uutta työpaikkaa"
    assert {link.action_id for link in objective.action_links} == {people.own_action.id, people.subgroup_action.id}

    page = client.get(f"/cases/{people.case.id}/objectives").get_data(as_text=True)
    assert "1 000 uutta työpaikkaa" in page and "<strong>keskeinen</strong>" in page
    assert "Oma toimenpide" in page and "Ryhmän toimenpide" in page
    assert 'aria-valuenow="40"' in page  # the mean of 20 % and 60 %
    action_page = client.get(f"/cases/{people.case.id}/actions/{people.own_action.id}").get_data(as_text=True)
    assert f"#objective-{objective.id}" in action_page


def test_the_description_is_sanitised(app):
    people = build_plan_case()
    client = _signed_in(app, people.editor)
    data = {**OBJECTIVE, "description": "<script>alert(1)</script> teksti"}
    assert client.post(f"/cases/{people.case.id}/objectives/new", data=data).status_code == 302
    page = client.get(f"/cases/{people.case.id}/objectives").get_data(as_text=True)
    assert "<script>alert(1)" not in page


BAD_INPUT = [
    ({"deadline": "2021-04-20"}, "deadline", "Määräaika ei voi olla ennen kuin rakennemuutos ilmoitettiin"),
    ({"target_value": "-5"}, "target_value", "Määrä ei voi olla negatiivinen."),
    ({"target_value": "5000000000"}, "target_value", "Anna tavoite väliltä 0–"),
    ({"target_value": "", "target_unit": "uutta työpaikkaa"}, "target_value", "Anna luku, jota yksikkö"),
    ({"title": "x" * 301}, "title", "300"),
    ({"title": "Tavoite\tsarkaimella"}, "title", "Poista tekstistä ohjausmerkit"),
    ({"target_unit": "työ\x00paikkaa"}, "target_unit", "Poista tekstistä ohjausmerkit"),
    ({"title": ""}, "title", "Anna tavoitteelle nimi."),
    ({"description": "x" * 20_001}, "description", "20"),
    ({"target_unit": "y" * 101}, "target_unit", "Enintään 100 merkkiä."),
    ({"kind": "FIFTH_KIND"}, "kind", "Valitse jokin annetuista vaihtoehdoista."),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD_INPUT)
def test_bad_input_is_refused_on_its_field_and_kept(app, change, field, message):
    people = build_plan_case()
    client = _signed_in(app, people.editor)
    response = client.post(f"/cases/{people.case.id}/objectives/new", data={**OBJECTIVE, **change})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert _field_error(page, field, message), page
    if change.get("title", "") and "\x00" not in change.get("title", ""):
        assert change["title"].replace("\t", "&#9;") in page or change["title"][:50] in page
    assert 'value="uutta työpaikkaa"' in page or field == "target_unit"
    assert db.session.scalar(select(func.count()).select_from(Objective)) == 0


def test_an_action_of_another_case_cannot_serve_an_objective(app):
    people = build_plan_case()
    other = factories.ActionFactory()
    client = _signed_in(app, people.editor)
    response = client.post(f"/cases/{people.case.id}/objectives/new", data={**OBJECTIVE, "action_ids": [str(other.id)]})
    assert response.status_code == 422
    assert db.session.scalar(select(func.count()).select_from(ObjectiveAction)) == 0


def test_an_objective_of_another_case_is_not_found(app):
    people = build_plan_case()
    elsewhere = Objective(case_id=factories.CaseFactory().id, title="Muu")
    db.session.add(elsewhere)
    db.session.commit()
    client = _signed_in(app, people.editor)
    assert client.get(f"/cases/{people.case.id}/objectives/{elsewhere.id}/edit").status_code == 404
    assert client.post(f"/cases/{people.case.id}/objectives/{elsewhere.id}/delete").status_code == 404


def test_an_edit_over_someone_elses_save_keeps_both_changes(app):
    people = build_plan_case()
    objective = Objective(case_id=people.case.id, title="Yrityspuisto", target_unit="")
    db.session.add(objective)
    db.session.commit()
    url = f"/cases/{people.case.id}/objectives/{objective.id}/edit"
    editor, coordinator = _signed_in(app, people.editor), _signed_in(app, people.coordinator)
    form = editor.get(url).get_data(as_text=True)
    loaded = re.search(r'name="loaded" type="hidden" value="([^"]*)"', form).group(1).replace("&#34;", '"')
    base = {
        **OBJECTIVE,
        "title": "Yrityspuisto",
        "description": "",
        "kind": "GENERAL",
        "target_value": "",
        "target_unit": "",
    }
    assert (
        coordinator.post(url, data={**base, "deadline": "2027-12-31", "version": "1", "loaded": loaded}).status_code
        == 302
    )
    response = editor.post(url, data={**base, "description": "Uusi kuvaus", "version": "1", "loaded": loaded})
    assert response.status_code == 302
    db.session.refresh(objective)
    assert objective.deadline == date(2027, 12, 31) and objective.description == "Uusi kuvaus"


def test_both_changing_the_title_get_the_merge_page_with_both_values(app):
    people = build_plan_case()
    objective = Objective(case_id=people.case.id, title="Yrityspuisto", target_unit="")
    db.session.add(objective)
    db.session.commit()
    url = f"/cases/{people.case.id}/objectives/{objective.id}/edit"
    editor, coordinator = _signed_in(app, people.editor), _signed_in(app, people.coordinator)
    form = editor.get(url).get_data(as_text=True)
    loaded = re.search(r'name="loaded" type="hidden" value="([^"]*)"', form).group(1).replace("&#34;", '"')
    base = {**OBJECTIVE, "description": "", "kind": "GENERAL", "target_value": "", "target_unit": "", "loaded": loaded}
    assert coordinator.post(url, data={**base, "title": "Koordinaattorin nimi", "version": "1"}).status_code == 302
    response = editor.post(url, data={**base, "title": "Muokkaajan nimi", "version": "1"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Koordinaattorin nimi" in page and "Muokkaajan nimi" in page


def test_the_action_form_chooses_the_objectives_it_serves(app):
    people = build_plan_case()
    mine = Objective(case_id=people.case.id, title="Oma tavoite")
    elsewhere = Objective(case_id=factories.CaseFactory().id, title="Muu tavoite")
    db.session.add_all([mine, elsewhere])
    db.session.commit()
    action = people.other_action
    client = _signed_in(app, people.editor)
    url = f"/cases/{people.case.id}/actions/{action.id}/edit"
    form = client.get(url).get_data(as_text=True)
    assert "Oma tavoite" in form and "Muu tavoite" not in form
    data = {
        "title": action.title,
        "category": action.category.name,
        "horizon": action.horizon.name,
        "target_group": action.target_group.name,
        "status": action.status.name,
        "progress": str(action.progress),
        "version": str(action.version),
    }
    assert client.post(url, data={**data, "objective_ids": [str(elsewhere.id)]}).status_code == 422
    assert client.post(url, data={**data, "objective_ids": [str(mine.id)]}).status_code == 302
    assert [link.action_id for link in db.session.scalars(select(ObjectiveAction))] == [action.id]


# --- versions --------------------------------------------------------------------------------------


def test_the_history_names_an_approved_version_by_its_number(app):
    """On PostgreSQL too: a model without a name column hands the history's name union text, not its id."""
    people = build_plan_case()
    client = _signed_in(app, people.coordinator)
    assert client.post(f"/cases/{people.case.id}/versions", data={"approved_on": "2021-06-08"}).status_code == 302
    page = client.get(f"/cases/{people.case.id}/history").get_data(as_text=True)
    assert "Versio 1" in page


def test_a_coordinator_approves_the_plan_and_the_diff_shows_what_changed(app):
    people = build_plan_case()
    objective = Objective(case_id=people.case.id, title="Yrityspuisto")
    objective.action_links.append(ObjectiveAction(case_id=people.case.id, action_id=people.own_action.id))
    db.session.add(objective)
    people.own_action.budget = Decimal(250_000)
    db.session.commit()
    client = _signed_in(app, people.coordinator)
    response = client.post(
        f"/cases/{people.case.id}/versions", data={"approved_on": "2021-06-08", "note": "Kunnat ja työryhmä"}
    )
    assert response.status_code == 302
    version = db.session.scalar(select(PlanVersion))
    assert version.number == 1 and version.approved_by_id == people.coordinator.id
    frozen = {a["title"]: a for a in version.snapshot["actions"]}
    assert frozen["Oma toimenpide"]["owner"] == people.member.name and frozen["Oma toimenpide"]["budget"] == "250000.00"

    action = db.session.get(Action, people.own_action.id)
    action.status, action.progress, action.budget = ActionStatus.DELAYED, 30, Decimal(300_000)
    action.category = ActionCategory.NEW_JOBS
    db.session.delete(db.session.get(Action, people.other_action.id))
    factories.ActionFactory(case=people.case, title="Uusi messutapahtuma")
    db.session.commit()

    page = client.get(f"/cases/{people.case.id}/versions/{version.id}").get_data(as_text=True)
    assert "Uusi messutapahtuma" in page.split('data-diff="added"')[1].split("</ul>")[0]
    assert "Muiden toimenpide" in page.split('data-diff="removed"')[1].split("</ul>")[0]
    changed = page.split('data-diff="changed"')[1].split("</table>")[0].replace("\xa0", " ")
    assert "Viivästynyt" in changed and "Uudet työpaikat ja vanhojen uudistaminen" in changed
    assert "250 000" in changed and "300 000" in changed
    # the frozen copy did not change
    db.session.refresh(version)
    assert {a["title"]: a for a in version.snapshot["actions"]}["Oma toimenpide"]["progress"] == frozen[
        "Oma toimenpide"
    ]["progress"]
    listing = client.get(f"/cases/{people.case.id}/versions").get_data(as_text=True)
    assert "Kunnat ja työryhmä" in listing and people.coordinator.name in listing
    history = client.get(f"/cases/{people.case.id}/history?entity=PlanVersion&entity_id={version.id}")
    assert history.status_code == 200
    text = history.get_data(as_text=True)
    assert "Lisäys: Suunnitelman versio" in text and "8.6.2021" in text
    assert "250000.00" not in text  # the frozen copy is not in the history


def test_two_versions_are_compared_and_objective_changes_read_by_name(app):
    people = build_plan_case()
    objective = Objective(case_id=people.case.id, title="Yrityspuisto")
    db.session.add(objective)
    db.session.commit()
    first = plan_versions.approve_plan(people.case, people.coordinator, date(2021, 6, 8))
    objective.deadline = date(2027, 12, 31)
    objective.action_links.append(ObjectiveAction(case_id=people.case.id, action_id=people.own_action.id))
    db.session.flush()
    second = plan_versions.approve_plan(people.case, people.coordinator, date(2022, 1, 10))
    db.session.commit()
    assert second.number == 2
    client = _signed_in(app, people.observer)
    page = client.get(f"/cases/{people.case.id}/versions/{first.id}?to={second.id}").get_data(as_text=True)
    section = page.split('id="objectives-diff"')[1]
    assert "31.12.2027" in section and "Oma toimenpide" in section
    assert "Ei muutoksia." in page.split('id="actions-diff"')[1].split("</section>")[0]


def test_an_amount_set_in_the_same_session_reads_the_same_as_one_from_the_database(app):
    """Decimal("250000") as typed and Decimal("250000.00") as read back are one amount, not a change."""
    people = build_plan_case()
    people.own_action.budget = Decimal(250_000)
    db.session.flush()
    version = plan_versions.approve_plan(people.case, people.coordinator, date(2021, 6, 8))
    db.session.commit()
    db.session.expire_all()
    assert plan_versions.diff(version.snapshot, plan_versions.plan_snapshot(people.case.id)).is_empty


def test_a_version_of_another_case_is_not_found(app):
    people = build_plan_case()
    mine = plan_versions.approve_plan(people.case, people.coordinator, date(2021, 6, 8))
    other_people = build_plan_case()
    theirs = plan_versions.approve_plan(other_people.case, other_people.coordinator, date(2021, 6, 8))
    db.session.commit()
    client = _signed_in(app, people.coordinator)
    assert client.get(f"/cases/{people.case.id}/versions/{theirs.id}").status_code == 404
    assert client.get(f"/cases/{people.case.id}/versions/{mine.id}?to={theirs.id}").status_code == 404


def test_an_empty_plan_or_a_future_date_is_not_approved(app):
    people = build_plan_case()
    client = _signed_in(app, people.coordinator)
    future = (date.today() + timedelta(days=1)).isoformat()
    response = client.post(f"/cases/{people.case.id}/versions", data={"approved_on": future, "note": "Huomenna"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert _field_error(page, "approved_on", "Hyväksymispäivä ei voi olla tulevaisuudessa.")
    assert "Huomenna" in page
    assert client.post(f"/cases/{people.case.id}/versions", data={"approved_on": ""}).status_code == 422

    for action in db.session.scalars(select(Action).where(Action.case_id == people.case.id)):
        db.session.delete(action)
    db.session.commit()
    response = client.post(f"/cases/{people.case.id}/versions", data={"approved_on": "2021-06-08", "note": "Tyhjä"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Suunnitelmassa ei ole toimenpiteitä." in page and "Tyhjä" in page
    assert db.session.scalar(select(func.count()).select_from(PlanVersion)) == 0


def test_an_editor_may_not_approve(app):
    people = build_plan_case()
    client = _signed_in(app, people.editor)
    assert client.post(f"/cases/{people.case.id}/versions", data={"approved_on": "2021-06-08"}).status_code == 403
    assert "Hyväksy suunnitelma" not in client.get(f"/cases/{people.case.id}/versions").get_data(as_text=True)


def test_two_approvals_at_the_same_moment_never_share_a_number(app, monkeypatch):
    """Both pick number 1; the unique key refuses the second, which says so on the form."""
    people = build_plan_case()
    coordinator_two = people.coordinator
    clients = [_signed_in(app, coordinator_two), _signed_in(app, coordinator_two)]
    _at_once(monkeypatch, plan_versions, "_next_number")
    url = f"/cases/{people.case.id}/versions"
    responses = _in_threads(app, *[lambda c=c: c.post(url, data={"approved_on": "2021-06-08"}) for c in clients])
    statuses = sorted(r.status_code for r in responses)
    assert statuses in ([302, 302], [302, 422]), statuses
    numbers = list(db.session.scalars(select(PlanVersion.number).where(PlanVersion.case_id == people.case.id)))
    assert len(numbers) == len(set(numbers)) == statuses.count(302)
    if 422 in statuses:
        refused = next(r for r in responses if r.status_code == 422).get_data(as_text=True)
        assert _field_error(refused, "approved_on", "Toinen hyväksyntä tallentui juuri")


# --- a fixed number of statements ------------------------------------------------------------------


def _bulk(people, size: int) -> None:
    actions = [
        Action(
            case_id=people.case.id,
            title=f"Toimenpide {n:04}",
            category=list(ActionCategory)[n % len(ActionCategory)],
            horizon=Horizon.SHORT,
            target_group=TargetGroup.LAID_OFF,
            owner_id=people.membership["member"].id,
            subgroup_id=people.subgroup.id,
            budget=Decimal(n),
        )
        for n in range(size)
    ]
    db.session.add_all(actions)
    db.session.flush()
    objective = Objective(case_id=people.case.id, title="Kaikki")
    db.session.add(objective)
    db.session.flush()
    db.session.add_all(
        [ObjectiveAction(case_id=people.case.id, objective_id=objective.id, action_id=a.id) for a in actions]
    )
    db.session.commit()
    plan_versions.approve_plan(people.case, people.coordinator, date(2021, 6, 8))
    for action in actions[::2]:
        action.progress = 50
    db.session.commit()
    plan_versions.approve_plan(people.case, people.coordinator, date(2021, 9, 1))
    db.session.commit()


@pytest.mark.parametrize("page", ["/cases/{id}/objectives", "/cases/{id}/versions", "diff", "diff-current"])
def test_query_count_does_not_grow_with_the_plan(app, client, page):
    counts = []
    for size in (10, 1000):
        people = build_plan_case()
        _bulk(people, size)
        first, second = db.session.scalars(
            select(PlanVersion.id).where(PlanVersion.case_id == people.case.id).order_by(PlanVersion.number)
        ).all()
        url = {
            "diff": f"/cases/{people.case.id}/versions/{first}?to={second}",
            "diff-current": f"/cases/{people.case.id}/versions/{first}",
        }.get(page, page.format(id=people.case.id))
        sign_in_without_password(client, people.coordinator)
        with count_queries(app) as statements:
            response = client.get(url)
        assert response.status_code == 200
        if page.startswith("diff"):
            assert response.get_data(as_text=True).count("Edistyminen (%)") == size // 2
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20, counts
