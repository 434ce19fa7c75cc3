"""Rows of the job ledger for tests: a job target, entries written straight to the database, the entry form."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from arm.extensions import db
from arm.plans.models import Objective, ObjectiveKind
from arm.progress.models import CompanyProject, CompanyProjectKind, JobEntry, JobKind, JobSource


def job_target(case, target: int = 1000, title: str = "1 000 uutta työpaikkaa") -> Objective:
    objective = Objective(
        case_id=case.id,
        title=title,
        kind=ObjectiveKind.JOB_TARGET,
        target_value=Decimal(target),
        target_unit="uutta työpaikkaa",
    )
    db.session.add(objective)
    db.session.commit()
    return objective


def entry(objective, jobs: int, kind=JobKind.REALISED, dated_on=date(2024, 2, 29), **values) -> JobEntry:
    row = JobEntry(
        case_id=objective.case_id,
        objective_id=objective.id,
        dated_on=dated_on,
        jobs=jobs,
        kind=kind,
        source=values.pop("source", JobSource.COMPANY),
        company=values.pop("company", "Yritys Oy"),
        **values,
    )
    db.session.add(row)
    db.session.commit()
    return row


def company_project(case, promised: int = 40, **values) -> CompanyProject:
    row = CompanyProject(
        case_id=case.id,
        company=values.pop("company", "Biotehdas Oy"),
        name=values.pop("name", "Laajennus"),
        kind=values.pop("kind", CompanyProjectKind.INVESTMENT),
        promised_jobs=promised,
        **values,
    )
    db.session.add(row)
    db.session.commit()
    return row


def bulk_entries(objective, count: int) -> None:
    """`count` entries over the months since 2021, in one statement."""
    start = datetime(2021, 6, 1, tzinfo=UTC)
    rows = [
        {
            "case_id": objective.case_id,
            "objective_id": objective.id,
            "dated_on": (start + timedelta(days=n % 900)).date(),
            "jobs": 1 + n % 7,
            "kind": (JobKind.REALISED if n % 3 else JobKind.PLANNED).name,
            "source": list(JobSource)[n % 4].name,
            "company": f"Yritys {n % 20} Oy",
            "verified": n % 2 == 0,
            "evidence": "",
            "created_at": start,
            "version": 1,
        }
        for n in range(count)
    ]
    db.session.execute(JobEntry.__table__.insert(), rows)
    db.session.commit()


def bulk_company_projects(case, count: int) -> None:
    """`count` company projects in one statement (no history, as the ledger's bulk rows)."""
    rows = [
        {
            "case_id": case.id,
            "company": f"Yritys {n} Oy",
            "name": f"Hanke {n}",
            "kind": CompanyProjectKind.INVESTMENT.name,
            "promised_jobs": n,
            "note": "",
            "created_at": datetime(2021, 6, 1, tzinfo=UTC),
            "version": 1,
        }
        for n in range(count)
    ]
    db.session.execute(CompanyProject.__table__.insert(), rows)
    db.session.commit()


def entry_form(objective, **values) -> dict:
    data = {
        "objective_id": str(objective.id),
        "dated_on": "2024-02-29",
        "jobs": "226",
        "kind": "REALISED",
        "source": "COMPANY",
        "company": "Biotehdas Oy",
        "company_project_id": "",
        "project_id": "",
        "verified": "y",
        "evidence": "Yrityksen tiedote 29.2.2024.",
    }
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}
