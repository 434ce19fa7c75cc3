"""Plan pages issue a fixed number of SQL statements whatever the number of actions, grants or resources."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import insert

from arm.cases.enums import OrganisationType
from arm.cases.models import CaseOrganisation, Organisation
from arm.core.models import utcnow
from arm.extensions import db
from arm.plans.models import (
    Action,
    ActionCategory,
    ActionFollower,
    ActionResource,
    ActionStatus,
    ActionUpdate,
    Funder,
    Grant,
    Horizon,
    Project,
    ProjectAction,
    ProjectImplementer,
    Resource,
    ResourceKind,
    TargetGroup,
)
from arm.plans.queries import TIMELINE_LENGTH
from tests.conftest import count_queries, sign_in, sign_in_without_password
from tests.markup import parse
from tests.plans.conftest import build_plan_case


def _bulk_actions(people, count: int) -> None:
    """`count` actions owned by the member, half in their subgroup, each followed and updated once."""
    owner_id = people.membership["member"].id
    statuses = list(ActionStatus)
    rows = [
        {
            "case_id": people.case.id,
            "title": f"Toimenpide {n:05}",
            "description": "",
            "version": 1,
            "category": list(ActionCategory)[n % len(ActionCategory)].name,
            "horizon": list(Horizon)[n % 3].name,
            "target_group": list(TargetGroup)[n % 7].name,
            "status": statuses[n % 5].name,
            "progress": 100 if statuses[n % 5] is ActionStatus.DONE else n % 100,
            "owner_id": owner_id,
            "subgroup_id": people.subgroup.id if n % 2 else None,
            "starts_on": date(2021, 1, 1) + timedelta(days=n % 300),
            "due_on": date(2022, 1, 1) + timedelta(days=n % 900),
            "budget": (n % 50) * 100_000,
            "funding_sources": "TEM_ARM",
            "created_at": utcnow(),
            "updated_at": utcnow(),
            "owner_organisation_id": people.organisation.id,
        }
        for n in range(count)
    ]
    db.session.execute(insert(Action.__table__), rows)
    ids = db.session.scalars(db.select(Action.id).where(Action.case_id == people.case.id)).all()
    db.session.execute(insert(ActionFollower.__table__), [{"action_id": i, "user_id": people.member.id} for i in ids])
    db.session.execute(
        insert(ActionUpdate.__table__),
        [
            {
                "case_id": people.case.id,
                "action_id": i,
                "author_id": people.member.id,
                "at": utcnow(),
                "old_status": "PLANNED",
                "new_status": "ONGOING",
                "old_progress": 0,
                "new_progress": 10,
                "note": "x",
            }
            for i in ids
        ],
    )
    db.session.commit()


PAGES = [
    "/cases/{id}/my-actions",
    "/cases/{id}/plan",
    "/cases/{id}/plan?overdue=1&sort=title&dir=desc",
    "/cases/{id}/plan/categories",
    "/cases/{id}/plan/timeline",
    "/cases/{id}/feed",
    "/cases/{id}/subgroups",
    "/cases/{id}",
    "/cases/{id}/plan/export.csv",
    "/cases/{id}/plan/export.xlsx",
]


@pytest.mark.parametrize("url", PAGES)
def test_query_count_does_not_grow_with_the_plan(app, client, url, request):
    counts = []
    for size in (10, 2000):
        people = request.getfixturevalue("plan_case") if not counts else build_plan_case()
        _bulk_actions(people, size)
        sign_in(client, people.member)
        with count_queries(app) as statements:
            response = client.get(url.format(id=people.case.id))
        assert response.status_code == 200
        counts.append(len(statements))
        client.post("/logout")
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20, counts


# --- pages of one project, the funding, the resources and one action --------------------------------


def _action(people, n: int, **values) -> Action:
    defaults = {
        "case_id": people.case.id,
        "title": f"Hankkeen toimenpide {n:03}",
        "category": list(ActionCategory)[n % len(ActionCategory)],
        "horizon": list(Horizon)[n % 3],
        "target_group": list(TargetGroup)[n % 7],
        "status": ActionStatus.ONGOING,
        "progress": n % 100,
        "owner_id": people.membership["member"].id,
        "owner_organisation_id": people.organisation.id,
        "due_on": date(2021, 12, 31) if n % 2 else None,
        "budget": Decimal(n * 1000),
    }
    return Action(**{**defaults, **values})


def _organisations(people, size: int) -> list[Organisation]:
    """`size` organisations in the case's network."""
    organisations = [
        Organisation(name=f"Toteuttaja {people.case.id}-{n:03}", type=list(OrganisationType)[n % 14])
        for n in range(size)
    ]
    db.session.add_all(organisations)
    db.session.flush()
    db.session.add_all(CaseOrganisation(case_id=people.case.id, organisation_id=o.id) for o in organisations)
    return organisations


def _project(people, n: int, grants: int, organisations: list[Organisation], actions: list[Action]) -> Project:
    project = Project(case_id=people.case.id, name=f"Hanke {n:03}", description="Kuvaus", starts_on=date(2021, 8, 1))
    project.grants = [
        Grant(
            case_id=people.case.id,
            funder=list(Funder)[g % len(Funder)],
            amount_granted=None if g % 4 == 3 else Decimal(10_000 * (g + 1)),
            amount_used=Decimal(1000 * g),
            decided_on=date(2021, 9, 1) if g % 2 else None,
        )
        for g in range(grants)
    ]
    project.implementers = [ProjectImplementer(case_id=people.case.id, organisation_id=o.id) for o in organisations]
    project.action_links = [ProjectAction(case_id=people.case.id, action=a) for a in actions]
    return project


def _project_page(people, size: int) -> str:
    """One project with `size` grants, implementers and linked actions."""
    organisations = _organisations(people, size)
    actions = [_action(people, n) for n in range(size)]
    project = _project(people, 0, size, organisations, actions)
    db.session.add_all([*actions, project])
    db.session.commit()
    return f"/cases/{people.case.id}/projects/{project.id}"


def _funding_page(people, size: int) -> str:
    """`size` projects, each with four grants (one amount not known yet), an implementer and an action
    whose funders vary (every third has two)."""
    organisations = _organisations(people, size)
    for n in range(size):
        funders = [list(Funder)[n % len(Funder)], *([Funder.ESR] if n % 3 == 0 else [])]
        action = _action(people, n)
        action.funders = funders
        db.session.add_all([action, _project(people, n, 4, [organisations[n]], [action])])
    db.session.commit()
    return f"/cases/{people.case.id}/funding"


def _resources(people, size: int) -> list[Resource]:
    """`size` resources, every third of the member's organisation, each with a contact person."""
    others = _organisations(people, 3)
    contacts = list(people.membership.values())
    resources = [
        Resource(
            case_id=people.case.id,
            organisation_id=people.organisation.id if n % 3 == 0 else others[n % 3].id,
            contact_id=contacts[n % len(contacts)].id,
            kind=list(ResourceKind)[n % 6],
            description=f"Resurssi {n:03}",
            capacity=Decimal(1000),
            unit="h",
        )
        for n in range(size)
    ]
    db.session.add_all(resources)
    return resources


def _resources_page(people, size: int) -> str:
    """`size` resources, each used by two actions."""
    resources = _resources(people, size)
    actions = [_action(people, n) for n in range(size)]
    db.session.add_all(actions)
    db.session.flush()
    db.session.add_all(
        ActionResource(case_id=people.case.id, action_id=action.id, resource_id=resource.id, amount=Decimal(10))
        for n, resource in enumerate(resources)
        for action in (actions[n], actions[(n + 1) % size])
        if size > 1 or action is actions[0]
    )
    db.session.commit()
    return f"/cases/{people.case.id}/resources"


def _action_page(people, size: int) -> str:
    """The member's own action, followed, with `size` progress updates by several people and `size` resource uses."""
    action = people.own_action
    authors = [people.member, people.editor, people.coordinator]
    resources = _resources(people, size)
    db.session.flush()
    db.session.add_all(
        ActionUpdate(
            case_id=people.case.id,
            action_id=action.id,
            author_id=authors[n % 3].id,
            old_status=ActionStatus.PLANNED,
            new_status=ActionStatus.ONGOING,
            old_progress=n,
            new_progress=n + 1,
            note=f"Päivitys {n}",
        )
        for n in range(size)
    )
    db.session.add_all(
        ActionResource(case_id=people.case.id, action_id=action.id, resource_id=r.id, amount=Decimal(5))
        for r in resources
    )
    db.session.add(ActionFollower(action_id=action.id, user_id=people.member.id))
    db.session.commit()
    return f"/cases/{people.case.id}/actions/{action.id}"


def _shows_project(page, size: int, url: str) -> None:
    assert len(page.by_id("grants").table_rows()) == size
    facts = page.find("dl", class_="facts")
    assert len(facts.find("dt", text="Toimenpiteet").next_sibling().find_all("a")) == size
    assert facts.find("dt", text="Toteuttajat").next_sibling().text.count("Toteuttaja ") == size


def _shows_funding(page, size: int, url: str) -> None:
    by_project = page.find("section", aria_labelledby="by-project")
    assert len(by_project.table_rows()) == size
    assert len(page.find("section", aria_labelledby="decisions").table_rows()) == 4 * size
    planned = f"{sum(n * 1000 for n in range(size)):,}".replace(",", " ") + ",00"  # each action counts once
    assert page.find("section", aria_labelledby="by-funder").table_rows("tfoot")[0][:2] == ["Yhteensä", planned]


def _shows_resources(page, size: int, url: str) -> None:
    rows = [row for row in page.find("tbody").find_all("tr") if row.attrs.get("id", "").startswith("resource-")]
    assert len(rows) == size
    assert all(len(row.find_all("td")[-1].find_all("a")) == (2 if size > 1 else 1) for row in rows)
    # The member may edit the resources of their own organisation: every third.
    assert sum(bool(row.find_all("a", href=f"{url}/{row.attrs['id'].split('-')[1]}/edit")) for row in rows) == len(
        range(0, size, 3)
    )


def _shows_action(page, size: int, url: str) -> None:
    timeline = page.find("section", aria_labelledby="timeline-heading").find("ol")
    updates = [li for li in timeline.find_all("li") if li.attrs.get("id", "").startswith("update-")]
    assert len(updates) == min(size, TIMELINE_LENGTH)  # the newest, beside the action's creation when it fits
    assert len(page.by_id("resources").find("ul").find_all("li", class_="mb-2")) == size


DETAIL_PAGES = {
    "project": (_project_page, (2, 40), "editor", _shows_project),
    "funding": (_funding_page, (2, 40), "editor", _shows_funding),
    "resources": (_resources_page, (3, 60), "member", _shows_resources),
    "action": (_action_page, (2, 60), "member", _shows_action),
}


@pytest.mark.parametrize("page", DETAIL_PAGES)
def test_query_count_does_not_grow_with_the_page(app, client, page):
    build, sizes, level, shows = DETAIL_PAGES[page]
    counts = []
    for size in sizes:
        people = build_plan_case()
        url = build(people, size)
        sign_in_without_password(client, getattr(people, level))
        with count_queries(app) as statements:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        shows(parse(response.get_data(as_text=True)), size, url)  # the page holds what was built
        counts.append(len(statements))
    assert counts[0] == counts[1], (page, counts)
    assert counts[0] <= 20, (page, counts)
