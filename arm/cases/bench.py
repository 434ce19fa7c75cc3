"""The cases area's benchmark rows: people, the organisation registry, cases, their networks and layoff waves.

The first case is the big one, and its first two people are the benchmark's accounts: BENCH_COORDINATOR
coordinates it and BENCH_MEMBER owns many of its actions (see arm.plans.bench).
"""

from datetime import timedelta

from arm.auth.models import User
from arm.cases.enums import CaseKind, CasePhase, NetworkRole, OrganisationType
from arm.cases.models import (
    Case,
    CaseMunicipality,
    CaseOrganisation,
    LayoffWave,
    Membership,
    Organisation,
    RoleAssignment,
)
from arm.cases.reference import municipalities
from arm.core.bench import Auditable, BenchCase, BenchContext, started_at
from arm.core.permissions import Access

BENCH_PASSWORD = "bench password 2026"  # nosec B105 # the benchmark data's published password, never a real one
BENCH_COORDINATOR = "coordinator@bench.example"
BENCH_MEMBER = "member@bench.example"

FIRST_NAMES = ("Aino", "Eero", "Helmi", "Juha", "Kaisa", "Lauri", "Minna", "Olli", "Pirjo", "Sami", "Tuula", "Ville")
LAST_NAMES = ("Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Hämäläinen", "Laine", "Heikkinen", "Koskinen")
EMPLOYERS = ("Sellutehdas", "Telakka", "Konepaja", "Puunjalostamo", "Akkutehdas", "Terästehdas", "Kaivos")
# About thirty people a case: a couple of coordinators, some editors, most members, a few observers.
# The first two places go to the big case's benchmark accounts.
ACCESS_MIX = (
    (Access.COORDINATOR, Access.MEMBER, Access.COORDINATOR)
    + (Access.EDITOR,) * 6
    + (Access.MEMBER,) * 17
    + (Access.OBSERVER,) * 4
)


def bench_data(context: BenchContext) -> None:
    _people(context)
    organisation_ids = _organisations(context)
    _cases(context, organisation_ids)


def _people(context: BenchContext) -> None:
    how_many = context.count(3_000)
    ids = context.ids(User.__table__, how_many)
    probe = User(email="", name="")
    probe.set_password(BENCH_PASSWORD)
    password_hash = probe.password_hash
    rng = context.rng

    def email(index: int) -> str:
        return {0: BENCH_COORDINATOR, 1: BENCH_MEMBER}.get(index, f"user{index}@bench.example")

    context.user_ids = list(ids)
    context.insert(
        User.__table__,
        (
            {
                "id": user_id,
                "email": email(index),
                "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "job_title": "Asiantuntija",
                "password_hash": password_hash,
                "locale": "fi",
            }
            for index, user_id in enumerate(ids)
        ),
        how_many,
        "people",
    )


def _organisations(context: BenchContext) -> list[int]:
    how_many = context.count(600)
    ids = context.ids(Organisation.__table__, how_many)
    codes = sorted(municipalities())
    types = list(OrganisationType)
    context.insert(
        Organisation.__table__,
        (
            {
                "id": organisation_id,
                "name": f"Organisaatio {organisation_id}",
                "type": types[organisation_id % len(types)],
                "municipality_code": codes[organisation_id % len(codes)],
            }
            for organisation_id in ids
        ),
        how_many,
        "organisations",
    )
    return list(ids)


def _cases(context: BenchContext, organisation_ids: list[int]) -> None:
    rng = context.rng
    how_many = context.count(100)
    codes = sorted(municipalities())
    case_ids = context.ids(Case.__table__, how_many)
    people = context.user_ids
    cases, links, municipality_rows, waves, memberships, roles = [], [], [], [], [], []
    for index, case_id in enumerate(case_ids):
        started = started_at(rng)
        case = BenchCase(id=case_id, is_big=index == 0, started=started)
        context.cases.append(case)
        cases.append(
            {
                "id": case_id,
                "title": f"{rng.choice(EMPLOYERS)} {case_id}: äkillinen rakennemuutos",
                "slug": f"bench-{case_id}",
                "kind": CaseKind.NEGATIVE,
                "phase": rng.choice((CasePhase.ACTIVE, CasePhase.ACTIVE, CasePhase.WINDING_DOWN, CasePhase.PREPARING)),
                "lead_municipality_code": rng.choice(codes),
                "employer": rng.choice(EMPLOYERS),
                "announced_on": started.date(),
                "direct_layoffs": rng.randrange(50, 1_500),
                "indirect_job_losses": rng.randrange(0, 1_500),
                "summary": "Vertailuaineiston tapaus: **kuvitteellinen**.",
                "created_at": started,
            }
        )
        case.organisation_ids = rng.sample(organisation_ids, min(len(organisation_ids), 12))
        for organisation_id in case.organisation_ids:
            links.append({"case_id": case_id, "organisation_id": organisation_id, "joined_on": started.date()})
        for code in rng.sample(codes, 3):
            municipality_rows.append({"case_id": case_id, "code": code})
        for wave in range(rng.randrange(1, 4)):
            waves.append(
                {
                    "case_id": case_id,
                    "occurs_on": (started + timedelta(days=60 + 90 * wave)).date(),
                    "headcount": rng.randrange(20, 400),
                    "employer": cases[-1]["employer"],
                }
            )
        # Thirty people a case, drawn at random: most people sit in one network, some in two, some in none.
        others = range(2, len(people))
        chosen = ([0, 1] if case.is_big else []) + rng.sample(others, min(len(others), len(ACCESS_MIX) - 2))
        for position, person in enumerate(chosen):
            memberships.append(
                {
                    "case_id": case_id,
                    "user_id": people[person],
                    "organisation_id": case.organisation_ids[position % len(case.organisation_ids)],
                    "access": ACCESS_MIX[position % len(ACCESS_MIX)],
                    "started_on": started.date(),
                    "created_at": started,
                    "accepted_at": started,
                }
            )
            case.member_user_ids.append(people[person])
    context.insert(Case.__table__, cases, how_many, "cases")
    context.insert(CaseOrganisation.__table__, links)
    context.insert(CaseMunicipality.__table__, municipality_rows)
    context.insert(LayoffWave.__table__, waves)
    memberships = context.numbered(Membership.__table__, memberships)
    by_case = {case.id: case for case in context.cases}
    for membership in memberships:
        by_case[membership["case_id"]].membership_ids.append(membership["id"])
        if membership["access"] is Access.COORDINATOR:
            roles.append(
                {
                    "membership_id": membership["id"],
                    "role": NetworkRole.COORDINATOR,
                    "started_on": membership["started_on"],
                }
            )
        elif rng.random() < 0.3:
            roles.append(
                {
                    "membership_id": membership["id"],
                    "role": rng.choice(list(NetworkRole)[1:]),
                    "started_on": membership["started_on"],
                }
            )
    context.insert(Membership.__table__, memberships, len(memberships), "memberships")
    context.insert(RoleAssignment.__table__, roles)
    for row in cases:
        context.auditables.append(Auditable(row["id"], "Case", row["id"], row["title"], ("phase", "summary")))
    for row in memberships:
        context.auditables.append(Auditable(row["case_id"], "Membership", row["id"], "", ("access",)))
