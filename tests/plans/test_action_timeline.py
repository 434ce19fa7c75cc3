"""An action's page: the projects and grants that carry it, and one timeline of its edits and quick updates."""

import re
from datetime import timedelta
from decimal import Decimal

from arm.core.models import AuditEvent
from arm.extensions import db
from arm.plans.models import ActionStatus, ActionUpdate, Funder, ProjectAction
from arm.plans.queries import TIMELINE_LENGTH
from tests import factories
from tests.conftest import count_queries, sign_in, sign_in_without_password
from tests.markup import parse
from tests.plans.conftest import build_plan_case


def _edit(client, people, action, **overrides):
    base = f"/cases/{people.case.id}/actions/{action.id}"
    version = re.search(
        r'name="version" type="hidden" value="(\d+)"', client.get(f"{base}/edit").get_data(as_text=True)
    )
    data = {
        "title": action.title,
        "description": "",
        "category": "RE_EMPLOYMENT",
        "horizon": "SHORT",
        "target_group": "LAID_OFF",
        "subgroup_id": "",
        "owner_organisation_id": "",
        "owner_id": "",
        "starts_on": "2021-05-01",
        "due_on": "2030-12-31",
        "status": "ONGOING",
        "progress": "20",
        "expected_jobs": "",
        "budget": "",
        "funders": [],
        "version": version.group(1),
    } | overrides
    response = client.post(f"{base}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


def _timeline(page) -> list[str]:
    return [
        li.text for li in page.by_id("timeline-heading").parent.find("ol").children if getattr(li, "tag", "") == "li"
    ]


def test_timeline_shows_edits_beside_quick_updates(client, plan_case):
    action = plan_case.other_action
    sign_in(client, plan_case.coordinator)
    _edit(client, plan_case, action, budget="400000")
    _edit(client, plan_case, action, budget="450000", owner_id=str(plan_case.membership["member"].id))
    _edit(client, plan_case, action, budget="450000", owner_id=str(plan_case.membership["member"].id), progress="30")
    base = f"/cases/{plan_case.case.id}/actions/{action.id}"
    assert (
        client.post(f"{base}/progress", data={"status": "ONGOING", "progress": "45", "note": "Hyvä alku"}).status_code
        == 302
    )
    page = parse(client.get(base).get_data(as_text=True))
    entries = _timeline(page)
    who = plan_case.coordinator.name
    assert len(entries) == 5, entries
    assert entries[0].startswith(f"15.6.2026 15.00 · {who} Käynnissä, 30 % → 45 % Hyvä alku"), entries[0]
    # The edit that changed only the progress shows as its quick update, not twice.
    assert "20 % → 30 %" in entries[1] and "Edistyminen" not in entries[1]
    assert entries[2].endswith(
        f"· {who} Vastuuhenkilö: – → {plan_case.member.name} Budjetti (€): 400 000,00 € → 450 000,00 €"
    ), entries[2]
    assert entries[3].endswith(f"· {who} Valmis viimeistään: 15.6.2027 → 31.12.2030 Budjetti (€): – → 400 000,00 €")
    assert entries[4].endswith("Toimenpide lisätty.")
    assert "Ei vielä päivityksiä." not in page.text
    assert "Näytä koko aikajana" not in page.text
    link = page.find("a", text="Toimenpiteen muutoshistoria")
    assert link.attrs["href"] == f"/cases/{plan_case.case.id}/history?entity=Action&entity_id={action.id}"


def test_action_page_lists_the_projects_and_grants_that_carry_it(client, plan_case):
    action = plan_case.other_action
    project = factories.ProjectFactory(case=plan_case.case, name="Työtä Kemissä")
    factories.ProjectFactory(case=plan_case.case, name="Muu hanke")  # does not carry the action
    db.session.add(ProjectAction(case_id=plan_case.case.id, project=project, action_id=action.id))
    factories.GrantFactory(project=project, funder=Funder.ESR, amount_granted=Decimal("1500.50"))
    factories.GrantFactory(project=project, funder=Funder.MUNICIPALITY, amount_granted=None)
    db.session.commit()
    sign_in(client, plan_case.observer)
    page = parse(client.get(f"/cases/{plan_case.case.id}/actions/{action.id}").get_data(as_text=True))
    projects = page.by_id("projects")
    assert projects.find("a").text == "Työtä Kemissä"
    assert projects.find("a").attrs["href"] == f"/cases/{plan_case.case.id}/projects/{project.id}"
    assert "Muu hanke" not in projects.text
    assert projects.find("table").table_rows() == [
        ["Euroopan sosiaalirahasto (ESR)", "1 500,50", "25 000,00"],
        ["Kunta", "–", "25 000,00"],
    ]
    other = parse(client.get(f"/cases/{plan_case.case.id}/actions/{plan_case.own_action.id}").get_data(as_text=True))
    assert "Mikään hanke ei toteuta tätä toimenpidettä." in other.by_id("projects").text


def _timeline_of_size(people, size: int):
    action = people.other_action
    subgroups = [factories.SubgroupFactory(case=people.case, name=f"Ryhmä {n}") for n in range(2)]
    db.session.execute(
        db.insert(AuditEvent),
        [
            {
                "case_id": people.case.id,
                "actor_id": people.coordinator.id,
                "at": factories.NOW + timedelta(minutes=2 * n),
                "entity": "Action",
                "entity_id": action.id,
                "label": action.title,
                "action": "update",
                "changes": {
                    "subgroup_id": [subgroups[n % 2].id, subgroups[(n + 1) % 2].id],
                    "owner_id": [None, people.membership["member"].id],
                    "owner_organisation_id": [None, people.organisation.id],
                    "budget": [str(n), str(n + 1)],
                },
            }
            for n in range(size)
        ],
    )
    db.session.execute(
        db.insert(ActionUpdate),
        [
            {
                "case_id": people.case.id,
                "action_id": action.id,
                "author_id": people.member.id,
                "at": factories.NOW + timedelta(minutes=2 * n + 1),
                "old_status": ActionStatus.ONGOING,
                "new_status": ActionStatus.ONGOING,
                "old_progress": n % 100,
                "new_progress": (n + 1) % 100,
                "note": f"Huomio {n}",
            }
            for n in range(size)
        ],
    )
    db.session.commit()
    return action


def test_action_page_statement_count_does_not_grow_with_its_timeline(app, client):
    counts = []
    for size in (2, 50):
        people = build_plan_case()
        action = _timeline_of_size(people, size)
        sign_in_without_password(client, people.coordinator)
        url = f"/cases/{people.case.id}/actions/{action.id}"
        with count_queries(app) as statements:
            response = client.get(url)
        assert response.status_code == 200
        page = parse(response.get_data(as_text=True))
        entries = _timeline(page)
        every = 2 * size + 1  # with the action's creation
        assert len(entries) == min(every, TIMELINE_LENGTH)
        assert f"Huomio {size - 1}" in entries[0]
        assert "Alatyöryhmä: Ryhmä" in entries[1] and people.member.name in entries[1]
        assert ("Näytä koko aikajana" in page.text) == (every > TIMELINE_LENGTH)
        counts.append(len(statements))
        with count_queries(app) as statements:
            whole = parse(client.get(f"{url}?timeline=all").get_data(as_text=True))
        assert len(_timeline(whole)) == every
        assert len(statements) == counts[-1]
    assert counts[0] == counts[1], counts
    assert counts[0] <= 25, counts
