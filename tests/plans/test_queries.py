"""Plan pages issue a fixed number of SQL statements whatever the number of actions."""

from datetime import date, timedelta

import pytest
from sqlalchemy import insert

from arm.core.models import utcnow
from arm.extensions import db
from arm.plans.models import (
    Action,
    ActionCategory,
    ActionFollower,
    ActionStatus,
    ActionUpdate,
    Horizon,
    TargetGroup,
)
from tests.conftest import count_queries, sign_in


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
            "category": list(ActionCategory)[n % 5].name,
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
]


@pytest.mark.parametrize("url", PAGES)
def test_query_count_does_not_grow_with_the_plan(app, client, url, request):
    counts = []
    for size in (10, 2000):
        people = request.getfixturevalue("plan_case") if not counts else _second_case()
        _bulk_actions(people, size)
        sign_in(client, people.member)
        with count_queries(app) as statements:
            response = client.get(url.format(id=people.case.id))
        assert response.status_code == 200
        counts.append(len(statements))
        client.post("/logout")
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20, counts


def _second_case():
    from tests.plans.conftest import build_plan_case

    return build_plan_case()
