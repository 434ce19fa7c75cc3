"""The job ledger's benchmark rows: a job target for every case, a ledger of entries over the case's life (many
more in the big case), company projects and development grants, all inserted in bulk."""

from datetime import timedelta
from decimal import Decimal

from arm.core.bench import Auditable, BenchContext
from arm.plans.models import Objective, ObjectiveKind, ObjectivePriority
from arm.plans.models.enums import Funder
from arm.progress.models import CompanyProject, CompanyProjectKind, DevelopmentGrant, JobEntry, JobKind, JobSource

ENTRIES_PER_CASE = 24
BIG_CASE_ENTRIES = 5_000  # at scale 1
COMPANY_PROJECTS_PER_CASE = 5
BIG_CASE_COMPANY_PROJECTS = 200
GRANTS_PER_CASE = 5
BIG_CASE_GRANTS = 200


def bench_data(context: BenchContext) -> None:
    rng = context.rng
    sources, kinds = list(JobSource), list(CompanyProjectKind)
    funders = list(Funder)
    objectives, projects, entries, grants = [], [], [], []
    for case in context.cases:
        objectives.append(
            {
                "case_id": case.id,
                "title": "1 000 uutta työpaikkaa",
                "description": "Toimenpidesuunnitelman työpaikkatavoite.",
                "kind": ObjectiveKind.JOB_TARGET,
                "priority": ObjectivePriority.MAIN,
                "target_value": Decimal(1000),
                "target_unit": "uutta työpaikkaa",
                "created_at": case.started,
                "version": 1,
            }
        )
        objective_index = len(objectives) - 1
        first_project = len(projects)
        how_many = context.count(BIG_CASE_COMPANY_PROJECTS) if case.is_big else COMPANY_PROJECTS_PER_CASE
        for number in range(how_many):
            projects.append(
                {
                    "case_id": case.id,
                    "company": f"Yritys {number + 1} Oy",
                    "name": f"Investointihanke {number + 1}",
                    "kind": kinds[number % len(kinds)],
                    "promised_jobs": rng.randint(5, 120),
                    "announced_on": context.moment(case, 600).date(),
                    "note": "",
                    "created_at": context.moment(case, 600),
                    "version": 1,
                }
            )
        case_projects = range(first_project, len(projects))
        how_many = context.count(BIG_CASE_ENTRIES) if case.is_big else ENTRIES_PER_CASE
        for number in range(how_many):
            at = context.moment(case)
            project = rng.choice(case_projects) if number % 3 == 0 else None
            entries.append(
                {
                    "case_id": case.id,
                    "_objective": objective_index,
                    "_project": project,
                    "dated_on": at.date(),
                    "jobs": rng.randint(1, 40),
                    "kind": JobKind.REALISED if number % 4 else JobKind.PLANNED,
                    "source": sources[number % len(sources)],
                    "company": f"Yritys {number % 50 + 1} Oy",
                    "verified": number % 2 == 0,
                    "evidence": "Yrityksen tiedote.",
                    "created_at": at,
                    "version": 1,
                }
            )
        how_many = context.count(BIG_CASE_GRANTS) if case.is_big else GRANTS_PER_CASE
        for number in range(how_many):
            at = context.moment(case)
            grants.append(
                {
                    "case_id": case.id,
                    "company": f"Yritys {number % 50 + 1} Oy",
                    "amount": Decimal(rng.randrange(5_000, 200_000)),
                    "granted_on": (at + timedelta(days=1)).date(),
                    "funder": funders[number % len(funders)],
                    "_project": rng.choice(case_projects) if number % 2 == 0 else None,
                    "note": "",
                    "created_at": at,
                    "version": 1,
                }
            )
    context.numbered(Objective.__table__, objectives)
    context.numbered(CompanyProject.__table__, projects)
    context.numbered(JobEntry.__table__, entries)
    for row in entries:
        row["objective_id"] = objectives[row.pop("_objective")]["id"]
    for row in entries + grants:
        project = row.pop("_project")
        row["company_project_id"] = projects[project]["id"] if project is not None else None
        row.setdefault("project_id", None)
    for row in grants:
        row.pop("project_id")
    context.insert(Objective.__table__, objectives)
    context.insert(CompanyProject.__table__, projects)
    context.insert(JobEntry.__table__, entries, len(entries), "job entries")
    context.insert(DevelopmentGrant.__table__, grants)
    for row in entries[:: max(1, len(entries) // 2_000)]:
        context.auditables.append(
            Auditable(
                row["case_id"],
                "JobEntry",
                row["id"],
                f"{row['dated_on'].isoformat()} {row['jobs']}",
                ("jobs", "verified"),
            )
        )
