"""Reads of the national view and the public page: each a fixed number of statements whatever the number of
cases, job entries, snapshots, grants, actions or reports.

The figures of many cases come from one grouped statement per kind of figure over the cases' ids, never one
statement per case.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from arm.cases.models import Case, Membership
from arm.extensions import db
from arm.plans.models import Action, ActionCategory, ActionStatus, Grant, Objective, ObjectiveKind
from arm.progress.models import CohortGroup, CohortSnapshot, JobEntry, JobKind
from arm.reports.models import Report, ReportNarrative, ReportStatus

ZERO = Decimal(0)
SUMMARY_SECTION = "summary"


@dataclass
class JobProgress:
    """A case's job target (the sum of its job-target objectives; None when it has none) and its ledger."""

    target: Decimal | None = None
    planned: int = 0
    realised: int = 0
    verified: int = 0  # of the realised

    def share(self, jobs: int) -> Decimal | None:
        """`jobs` as a percentage of the target; None without a target above zero."""
        if not self.target:
            return None
        return Decimal(jobs) * 100 / self.target

    @property
    def realised_share(self) -> Decimal | None:
        return self.share(self.realised)

    @property
    def verified_share(self) -> Decimal | None:
        return self.share(self.verified)


@dataclass(frozen=True)
class CohortStatus:
    """The latest snapshot of one group of the laid-off."""

    group: CohortGroup
    as_of: date
    cohort: int
    unemployed: int


@dataclass
class Funding:
    granted: Decimal = ZERO
    used: Decimal = ZERO
    grants: int = 0


@dataclass
class CaseFigures:
    jobs: JobProgress = field(default_factory=JobProgress)
    cohorts: list[CohortStatus] = field(default_factory=list)
    funding: Funding = field(default_factory=Funding)
    last_report_at: datetime | None = None


# --- the national view ------------------------------------------------------------------------------


def national_cases(user_id: int):
    """The cases the person is a current member of at any level (observers too), archived ones left out, by
    title: a statement to paginate."""
    return (
        select(Case)
        .join(Membership, Membership.case_id == Case.id)
        .where(Membership.user_id == user_id, Membership.is_current, Case.archived_at.is_(None))
        .order_by(Case.title, Case.id)
    )


def job_progress(case_ids: list[int]) -> dict[int, JobProgress]:
    """Two statements: the targets, and the ledger summed by kind and verification."""
    progress = {case_id: JobProgress() for case_id in case_ids}
    targets = db.session.execute(
        select(Objective.case_id, func.sum(Objective.target_value))
        .where(
            Objective.case_id.in_(case_ids),
            Objective.kind == ObjectiveKind.JOB_TARGET,
            Objective.target_value.is_not(None),
        )
        .group_by(Objective.case_id)
    )
    for case_id, target in targets:
        progress[case_id].target = Decimal(target)
    entries = db.session.execute(
        select(JobEntry.case_id, JobEntry.kind, JobEntry.verified, func.sum(JobEntry.jobs))
        .where(JobEntry.case_id.in_(case_ids))
        .group_by(JobEntry.case_id, JobEntry.kind, JobEntry.verified)
    )
    for case_id, kind, verified, jobs in entries:
        figures = progress[case_id]
        if kind == JobKind.PLANNED:
            figures.planned += jobs
        else:
            figures.realised += jobs
            if verified:
                figures.verified += jobs
    return progress


def latest_cohorts(case_ids: list[int]) -> dict[int, list[CohortStatus]]:
    """One statement: the latest snapshot of each group of each case (the later one of a day's two)."""
    ranked = (
        select(
            CohortSnapshot.case_id,
            CohortSnapshot.cohort_group,
            CohortSnapshot.as_of,
            CohortSnapshot.cohort,
            CohortSnapshot.unemployed,
            func.row_number()
            .over(
                partition_by=(CohortSnapshot.case_id, CohortSnapshot.cohort_group),
                order_by=(CohortSnapshot.as_of.desc(), CohortSnapshot.id.desc()),
            )
            .label("rank"),
        )
        .where(CohortSnapshot.case_id.in_(case_ids))
        .subquery()
    )
    rows = db.session.execute(
        select(ranked.c.case_id, ranked.c.cohort_group, ranked.c.as_of, ranked.c.cohort, ranked.c.unemployed).where(
            ranked.c.rank == 1
        )
    )
    order = list(CohortGroup)
    cohorts: dict[int, list[CohortStatus]] = defaultdict(list)
    for case_id, group, as_of, cohort, unemployed in rows:
        cohorts[case_id].append(CohortStatus(CohortGroup(group), as_of, cohort, unemployed))
    for statuses in cohorts.values():
        statuses.sort(key=lambda status: order.index(status.group))
    return cohorts


def funding(case_ids: list[int]) -> dict[int, Funding]:
    """One statement: the projects' grants, granted and used, per case."""
    rows = db.session.execute(
        select(
            Grant.case_id,
            func.coalesce(func.sum(Grant.amount_granted), 0),
            func.coalesce(func.sum(Grant.amount_used), 0),
            func.count(),
        )
        .where(Grant.case_id.in_(case_ids))
        .group_by(Grant.case_id)
    )
    return {case_id: Funding(Decimal(granted), Decimal(used), count) for case_id, granted, used, count in rows}


def last_submitted(case_ids: list[int]) -> dict[int, datetime]:
    """One statement: when each case last submitted a report."""
    rows = db.session.execute(
        select(Report.case_id, func.max(Report.submitted_at))
        .where(Report.case_id.in_(case_ids), Report.status == ReportStatus.SUBMITTED)
        .group_by(Report.case_id)
    )
    return dict(rows.all())


def case_figures(case_ids: list[int]) -> dict[int, CaseFigures]:
    """The national view's figures of the cases: five statements whatever their number (none for no case)."""
    if not case_ids:
        return {}
    jobs, cohorts, money, reports = (
        job_progress(case_ids),
        latest_cohorts(case_ids),
        funding(case_ids),
        last_submitted(case_ids),
    )
    return {
        case_id: CaseFigures(
            jobs=jobs[case_id],
            cohorts=cohorts.get(case_id, []),
            funding=money.get(case_id, Funding()),
            last_report_at=reports.get(case_id),
        )
        for case_id in case_ids
    }


# --- the public page ---------------------------------------------------------------------------------


def public_case(case_id: int) -> Case:
    """404 unless the case exists, is published and is not archived: a case not published is answered as one
    that does not exist. One statement, and one for its municipalities."""
    return db.one_or_404(
        select(Case)
        .where(Case.id == case_id, Case.is_public.is_(True), Case.archived_at.is_(None))
        .options(selectinload(Case.municipalities))
    )


@dataclass(frozen=True)
class JobPoint:
    """The ledger up to the end of a year: cumulative jobs."""

    year: int
    planned: int
    realised: int
    verified: int


def job_timeline(case_id: int) -> list[JobPoint]:
    """One statement: the ledger summed per year and kind in the database (a handful of rows however long the
    ledger), accumulated here (the last year is to date)."""
    year = func.extract("year", JobEntry.dated_on)
    rows = db.session.execute(
        select(year, JobEntry.kind, JobEntry.verified, func.sum(JobEntry.jobs))
        .where(JobEntry.case_id == case_id)
        .group_by(year, JobEntry.kind, JobEntry.verified)
    ).all()
    if not rows:
        return []
    per_year: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for year_of_entry, kind, verified, jobs in rows:
        sums = per_year[int(year_of_entry)]
        if kind == JobKind.PLANNED:
            sums[0] += jobs
        else:
            sums[1] += jobs
            sums[2] += jobs if verified else 0
    points, planned, realised, verified = [], 0, 0, 0
    for year in range(min(per_year), max(per_year) + 1):
        sums = per_year.get(year, [0, 0, 0])
        planned, realised, verified = planned + sums[0], realised + sums[1], verified + sums[2]
        points.append(JobPoint(year, planned, realised, verified))
    return points


@dataclass(frozen=True)
class KindStatus:
    """How many of the plan's actions of one kind of measure are in each status (counts only)."""

    category: ActionCategory
    counts: dict[ActionStatus, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def plan_status(case_id: int) -> list[KindStatus]:
    """One statement: the actions counted per kind of measure and status, every kind shown (zeros too)."""
    rows = db.session.execute(
        select(Action.category, Action.status, func.count())
        .where(Action.case_id == case_id)
        .group_by(Action.category, Action.status)
    )
    counts = {category: dict.fromkeys(ActionStatus, 0) for category in ActionCategory}
    for category, status, count in rows:
        counts[ActionCategory(category)][ActionStatus(status)] = count
    return [KindStatus(category, by_status) for category, by_status in counts.items()]


@dataclass(frozen=True)
class PublishedSummary:
    """The case-summary narrative of the latest submitted report, and when that report was submitted."""

    text: str
    submitted_at: datetime
    period_start: date
    period_end: date


def _narrative_in_snapshot(snapshot) -> str | None:
    """The summary section's narrative as frozen in a submitted report's snapshot, if the snapshot holds it."""
    if not isinstance(snapshot, dict) or not isinstance(snapshot.get("sections"), list):
        return None
    for section in snapshot["sections"]:
        if isinstance(section, dict) and section.get("key") == SUMMARY_SECTION:
            narrative = section.get("narrative")
            return narrative if isinstance(narrative, str) else None
    return None


def published_summary(case_id: int) -> PublishedSummary | None:
    """One statement: the latest submitted report with its summary narrative (from its frozen snapshot when
    that holds the text, else its stored narrative); None without a submitted report or without the text."""
    row = db.session.execute(
        select(Report.snapshot, Report.submitted_at, Report.period_start, Report.period_end, ReportNarrative.text)
        .outerjoin(
            ReportNarrative,
            (ReportNarrative.report_id == Report.id) & (ReportNarrative.section_key == SUMMARY_SECTION),
        )
        .where(Report.case_id == case_id, Report.status == ReportStatus.SUBMITTED)
        .order_by(Report.submitted_at.desc(), Report.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    snapshot, submitted_at, period_start, period_end, stored = row
    text = _narrative_in_snapshot(snapshot)
    text = (text if text is not None else stored or "").strip()
    if not text:
        return None
    return PublishedSummary(text, submitted_at, period_start, period_end)
