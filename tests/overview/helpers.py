"""Rows of the progress, plans and reports areas for the overview's tests, written straight to the database."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from arm.extensions import db
from arm.plans.models import Action, ActionCategory, ActionStatus, Horizon, Objective, ObjectiveKind, TargetGroup
from arm.progress.models import CohortBasis, CohortGroup, CohortSnapshot, JobEntry, JobKind, JobSource
from arm.reports.models import Report, ReportNarrative, ReportStatus


def job_target(case, target: int = 1000, title: str = "1 000 uutta työpaikkaa", **fields) -> Objective:
    objective = Objective(
        case_id=case.id, title=title, kind=ObjectiveKind.JOB_TARGET, target_value=Decimal(target), **fields
    )
    db.session.add(objective)
    db.session.commit()
    return objective


def job_entries(objective, *entries, evidence: str = "", company: str = "") -> None:
    """Each entry (jobs, kind, verified, dated_on)."""
    db.session.add_all(
        JobEntry(
            case_id=objective.case_id,
            objective_id=objective.id,
            jobs=jobs,
            kind=kind,
            verified=verified,
            dated_on=dated_on,
            source=JobSource.COMPANY,
            evidence=evidence,
            company=company,
        )
        for jobs, kind, verified, dated_on in entries
    )
    db.session.commit()


def kemi_ledger(case) -> Objective:
    """The seed's figures: 486 jobs planned by 56 company projects, 226 + 86 realised by 2/2024 (226 verified)."""
    objective = job_target(case)
    job_entries(
        objective,
        (486, JobKind.PLANNED, False, date(2022, 3, 1)),
        (226, JobKind.REALISED, True, date(2023, 6, 30)),
        (86, JobKind.REALISED, False, date(2024, 2, 29)),
    )
    return objective


def cohort_snapshot(case, as_of: date, group=CohortGroup.OWN, *, cohort: int = 550, unemployed: int = 100, **fields):
    snapshot = CohortSnapshot(
        case_id=case.id,
        as_of=as_of,
        cohort_group=group,
        cohort=cohort,
        unemployed=unemployed,
        employed=cohort - unemployed,
        basis=CohortBasis.STATISTICS,
        source=fields.pop("source", "TE-toimiston tilasto"),
        **fields,
    )
    db.session.add(snapshot)
    db.session.commit()
    return snapshot


def report(case, number: int, *, submitted_on: date | None, narratives: dict[str, str] | None = None, snapshot=None):
    """A report: submitted on the day given (None: a draft), with its narratives by section key."""
    submitted_at = (
        datetime.combine(submitted_on, datetime.min.time(), UTC) + timedelta(hours=9) if submitted_on else None
    )
    row = Report(
        case_id=case.id,
        number=number,
        title=f"Seurantaraportti {number}",
        period_start=date(2021, 1, 1),
        period_end=date(2021, 12, 31),
        status=ReportStatus.SUBMITTED if submitted_on else ReportStatus.DRAFT,
        sections=list(narratives or {}),
        snapshot=snapshot
        if snapshot is not None
        else ({"schema_version": 1, "sections": []} if submitted_on else None),
        submitted_at=submitted_at,
    )
    row.narratives = [
        ReportNarrative(case_id=case.id, section_key=key, text=text) for key, text in (narratives or {}).items()
    ]
    db.session.add(row)
    db.session.commit()
    return row


def actions(case, count: int, **fields) -> None:
    """`count` actions over the four kinds of measure and the statuses."""
    categories, statuses = list(ActionCategory), list(ActionStatus)
    db.session.add_all(
        Action(
            case_id=case.id,
            title=fields.get("title", f"Toimenpide {n}"),
            description=fields.get("description", ""),
            category=categories[n % len(categories)],
            status=statuses[(n // len(categories)) % len(statuses)],
            horizon=Horizon.SHORT,
            target_group=TargetGroup.LAID_OFF,
        )
        for n in range(count)
    )
    db.session.commit()
