"""The action plan's benchmark rows: subgroups, actions and their updates, projects with grants, resources.

At scale 1: 20 000 actions (2 000 of them in the big case), 100 000 updates (one action of the big case has
500 at every scale), 1 000 projects with 3 000 grants, 2 000 resources. The big case's second person
(arm.cases.bench.BENCH_MEMBER) owns one action in ten of the big case: their "My actions" is a long list.
"""

from datetime import timedelta
from decimal import Decimal

from arm.core.bench import Auditable, BenchCase, BenchContext
from arm.plans.models import (
    Action,
    ActionCategory,
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
    Subgroup,
    SubgroupMember,
    TargetGroup,
)

SUBGROUPS = (
    "Toimintaympäristö ja TKI-toiminta",
    "Henkilöihin kohdistuvat toimenpiteet",
    "Yrityksiin kohdistuvat toimenpiteet",
    "Kriisityöryhmä",
)
VERBS = (
    "Rekrytointitapahtuma",
    "Muuntokoulutus",
    "Yrityskartoitus",
    "Investointiselvitys",
    "Työnhakuvalmennus",
    "Infotilaisuus",
)
UPDATES_ON_THE_LONG_ACTION = 500


def bench_data(context: BenchContext) -> None:
    subgroups = _subgroups(context)
    actions = _actions(context, subgroups)
    _updates(context, actions)
    _projects(context, actions)
    _resources(context, actions)


def _subgroups(context: BenchContext) -> dict[int, list[int]]:
    rows, members = [], []
    for case in context.cases:
        ids = context.ids(Subgroup.__table__, len(SUBGROUPS))
        for position, (subgroup_id, name) in enumerate(zip(ids, SUBGROUPS, strict=True)):
            rows.append(
                {
                    "id": subgroup_id,
                    "case_id": case.id,
                    "name": name,
                    "purpose": "Alaryhmän tehtävä.",
                    "is_crisis_group": position == 3,
                    "position": position,
                    "chair_id": case.membership_ids[position % len(case.membership_ids)],
                }
            )
            for membership_id in case.membership_ids[position::4]:
                members.append({"case_id": case.id, "subgroup_id": subgroup_id, "membership_id": membership_id})
    context.insert(Subgroup.__table__, rows)
    context.insert(SubgroupMember.__table__, members)
    by_case: dict[int, list[int]] = {}
    for row in rows:
        by_case.setdefault(row["case_id"], []).append(row["id"])
        context.auditables.append(Auditable(row["case_id"], "Subgroup", row["id"], row["name"], ("purpose",)))
    return by_case


def _action_counts(context: BenchContext) -> dict[int, int]:
    total = context.count(20_000)
    big = min(total, context.count(2_000))
    others = [case for case in context.cases if not case.is_big]
    counts = {case.id: (big if case.is_big else 0) for case in context.cases}
    for index, case in enumerate(others):
        counts[case.id] = (total - big) // len(others) + (index < (total - big) % len(others))
    return counts


def _actions(context: BenchContext, subgroups: dict[int, list[int]]) -> list[dict]:
    counts = _action_counts(context)
    rows = [
        _action(context, case, subgroups[case.id], number)
        for case in context.cases
        for number in range(counts[case.id])
    ]
    context.insert(Action.__table__, context.numbered(Action.__table__, rows), len(rows), "actions")
    for row in rows:
        context.auditables.append(
            Auditable(row["case_id"], "Action", row["id"], row["title"], ("status", "progress", "due_on", "title"))
        )
    return rows


def _action(context: BenchContext, case: BenchCase, subgroups: list[int], number: int) -> dict:
    rng = context.rng
    starts = (case.started + timedelta(days=rng.randrange(0, 600))).date()
    status = rng.choice(list(ActionStatus))
    # In the big case the member account owns one action in ten; elsewhere owners are drawn at random.
    owner_index = 1 if case.is_big and number % 10 == 0 else rng.randrange(len(case.membership_ids))
    return {
        "case_id": case.id,
        "title": f"{rng.choice(VERBS)} {number + 1}",
        "description": "Toimenpiteen kuvaus: *vertailuaineisto*.",
        "category": rng.choice(list(ActionCategory)),
        "horizon": rng.choice(list(Horizon)),
        "subgroup_id": rng.choice(subgroups),
        "owner_organisation_id": rng.choice(case.organisation_ids),
        "owner_id": case.membership_ids[owner_index],
        "starts_on": starts,
        "due_on": starts + timedelta(days=rng.randrange(30, 720)),
        "status": status,
        "progress": 100 if status is ActionStatus.DONE else rng.randrange(0, 100, 5),
        "target_group": rng.choice(list(TargetGroup)),
        "expected_jobs": rng.choice((None, rng.randrange(1, 50))),
        "budget": Decimal(rng.randrange(0, 500_000, 500)),
        "created_at": case.started,
        "updated_at": case.started,
    }


def _updates(context: BenchContext, actions: list[dict]) -> None:
    """Progress updates: one action of the big case has UPDATES_ON_THE_LONG_ACTION, the rest are spread."""
    rng = context.rng
    total = context.count(100_000)
    by_case = {case.id: case for case in context.cases}
    long_action = next(row for row in actions if by_case[row["case_id"]].is_big)
    chosen = [long_action] * min(total, UPDATES_ON_THE_LONG_ACTION)
    chosen += [rng.choice(actions) for _ in range(total - len(chosen))]
    ids = iter(context.ids(ActionUpdate.__table__, len(chosen)))
    statuses = list(ActionStatus)

    def rows():
        for number, action in enumerate(chosen):
            case = by_case[action["case_id"]]
            yield {
                "id": next(ids),
                "case_id": case.id,
                "action_id": action["id"],
                "author_id": rng.choice(case.member_user_ids),
                "at": context.moment(case),
                "old_status": rng.choice(statuses),
                "new_status": rng.choice(statuses),
                "old_progress": rng.randrange(0, 100, 5),
                "new_progress": rng.randrange(0, 100, 5),
                "note": f"Tilannepäivitys {number + 1}: edetty suunnitelman mukaan.",
            }

    context.insert(ActionUpdate.__table__, rows(), len(chosen), "action updates")


def _projects(context: BenchContext, actions: list[dict]) -> None:
    """Ten projects a case at scale 1, three grants each, one or two implementers, a few linked actions."""
    rng = context.rng
    cases = context.cases
    total = context.count(1_000)
    project_ids = context.ids(Project.__table__, total)
    actions_by_case: dict[int, list[int]] = {}
    for row in actions:
        actions_by_case.setdefault(row["case_id"], []).append(row["id"])
    projects, grants, implementers, links = [], [], [], []
    funders = list(Funder)
    for index, project_id in enumerate(project_ids):
        case = cases[index % len(cases)]
        starts = (case.started + timedelta(days=rng.randrange(0, 400))).date()
        projects.append(
            {
                "id": project_id,
                "case_id": case.id,
                "name": f"Kehittämishanke {project_id}",
                "description": "Hankkeen kuvaus.",
                "starts_on": starts,
                "ends_on": starts + timedelta(days=rng.randrange(180, 900)),
            }
        )
        for _ in range(3):
            granted = Decimal(rng.randrange(20_000, 2_000_000, 1_000))
            grants.append(
                {
                    "case_id": case.id,
                    "project_id": project_id,
                    "funder": rng.choice(funders),
                    "amount_granted": granted,
                    "amount_used": (granted * Decimal(rng.randrange(0, 101)) / 100).quantize(Decimal("0.01")),
                    "decided_on": starts,
                    "decision_number": f"VN/{rng.randrange(1000, 99999)}/2024",
                }
            )
        for organisation_id in rng.sample(case.organisation_ids, 2):
            implementers.append({"case_id": case.id, "project_id": project_id, "organisation_id": organisation_id})
        for action_id in rng.sample(actions_by_case[case.id], min(3, len(actions_by_case[case.id]))):
            links.append({"case_id": case.id, "project_id": project_id, "action_id": action_id})
    context.insert(Project.__table__, projects, total, "projects")
    context.insert(Grant.__table__, context.numbered(Grant.__table__, grants))
    context.insert(ProjectImplementer.__table__, implementers)
    context.insert(ProjectAction.__table__, links)
    for row in projects:
        context.auditables.append(Auditable(row["case_id"], "Project", row["id"], row["name"], ("description",)))
    for row in grants:
        context.auditables.append(Auditable(row["case_id"], "Grant", row["id"], "", ("amount_used",)))


def _resources(context: BenchContext, actions: list[dict]) -> None:
    """Twenty resources a case at scale 1, each used by a couple of the case's actions."""
    rng = context.rng
    cases = context.cases
    total = context.count(2_000)
    actions_by_case: dict[int, list[int]] = {}
    for row in actions:
        actions_by_case.setdefault(row["case_id"], []).append(row["id"])
    resources, uses = [], []
    kinds = list(ResourceKind)
    for index, resource_id in enumerate(context.ids(Resource.__table__, total)):
        case = cases[index % len(cases)]
        resources.append(
            {
                "id": resource_id,
                "case_id": case.id,
                "organisation_id": rng.choice(case.organisation_ids),
                "contact_id": rng.choice(case.membership_ids),
                "kind": rng.choice(kinds),
                "description": f"Resurssi {resource_id}",
                "capacity": Decimal(rng.randrange(1, 500)),
                "unit": "h",
            }
        )
        for action_id in rng.sample(actions_by_case[case.id], min(2, len(actions_by_case[case.id]))):
            uses.append(
                {
                    "case_id": case.id,
                    "action_id": action_id,
                    "resource_id": resource_id,
                    "amount": Decimal(rng.randrange(1, 50)),
                }
            )
    context.insert(Resource.__table__, resources, total, "resources")
    context.insert(ActionResource.__table__, uses)
    for row in resources:
        context.auditables.append(Auditable(row["case_id"], "Resource", row["id"], row["description"], ("capacity",)))
