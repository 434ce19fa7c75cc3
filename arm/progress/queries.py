"""What the job ledger reads: job targets with their totals, the monthly series, the ledger, company projects and
development grants. A page issues a fixed number of statements whatever the size of the ledger.

The totals of a job target, all computed from its ledger (never typed):
- planned: jobs announced by company development or investment projects (entries of kind PLANNED);
- realised: jobs that exist (entries of kind REALISED);
- verified: the realised ones whose entry is marked verified.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import extract, func, select
from sqlalchemy.orm import joinedload

from arm.core.charts import Chart, Series
from arm.core.i18n import format_decimal
from arm.core.months import month_span
from arm.core.queries import get_in_case
from arm.extensions import db
from arm.plans.models import Objective, ObjectiveKind, Project
from arm.progress.models import CompanyProject, DevelopmentGrant, JobEntry, JobKind, JobSource

# The most months a chart shows (ten years, the horizon of a structural change plan in seed 002).
CHART_MONTHS = 120


@dataclass
class JobTotals:
    planned: int = 0
    realised: int = 0
    verified: int = 0

    def share_of(self, target) -> float | None:
        """Realised jobs as a percentage of `target` (None without a target)."""
        if not target:
            return None
        return float(self.realised) * 100 / float(target)


@dataclass
class JobTarget:
    """A job target objective with what its ledger sums to."""

    objective: Objective
    totals: JobTotals = field(default_factory=JobTotals)

    @property
    def target(self) -> Decimal | None:
        return self.objective.target_value

    @property
    def share(self) -> float | None:
        return self.totals.share_of(self.target)


def _sums(*criteria):
    realised = JobEntry.kind == JobKind.REALISED
    return (
        func.coalesce(func.sum(JobEntry.jobs).filter(JobEntry.kind == JobKind.PLANNED, *criteria), 0).label("planned"),
        func.coalesce(func.sum(JobEntry.jobs).filter(realised, *criteria), 0).label("realised"),
        func.coalesce(func.sum(JobEntry.jobs).filter(realised, JobEntry.verified.is_(True), *criteria), 0).label(
            "verified"
        ),
    )


def job_targets(case_id: int, until: date | None = None) -> list[JobTarget]:
    """The case's job target objectives (main ones first) with their totals up to `until` (None: all): one
    statement."""
    criteria = (JobEntry.dated_on <= until,) if until is not None else ()
    totals = (
        select(JobEntry.objective_id, *_sums(*criteria))
        .where(JobEntry.case_id == case_id)
        .group_by(JobEntry.objective_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Objective, totals.c.planned, totals.c.realised, totals.c.verified)
        .outerjoin(totals, totals.c.objective_id == Objective.id)
        .where(Objective.case_id == case_id, Objective.kind == ObjectiveKind.JOB_TARGET)
        .order_by(Objective.priority, Objective.id)
    ).all()
    return [JobTarget(row[0], JobTotals(row[1] or 0, row[2] or 0, row[3] or 0)) for row in rows]


@dataclass
class MonthlySeries:
    """Cumulative planned, realised and verified jobs at the end of each month, per job target."""

    months: list[date]
    by_objective: dict[int, dict[str, list[int]]]
    cut: bool = False  # months after the first CHART_MONTHS left out


def _monthly_sums(case_id: int, until: date | None):
    year, month = extract("year", JobEntry.dated_on), extract("month", JobEntry.dated_on)
    criteria = (JobEntry.dated_on <= until,) if until is not None else ()
    return (
        select(JobEntry.objective_id, year.label("year"), month.label("month"), *_sums())
        .where(JobEntry.case_id == case_id, *criteria)
        .group_by(JobEntry.objective_id, year, month)
    )


def monthly(case_id: int, until: date | None = None) -> MonthlySeries:
    """Each job target's cumulative totals by month from its first entry to `until` (or the last entry): one
    statement."""
    sums = _monthly_sums(case_id, until).subquery()
    rows = db.session.execute(select(sums).order_by(sums.c.year, sums.c.month)).all()
    return _series_from(rows, until)


def targets_and_series(case_id: int, until: date | None = None) -> tuple[list[JobTarget], MonthlySeries]:
    """The job targets with their totals and their monthly series, as `job_targets` and `monthly` give them, in
    one statement: for the dashboard's panel and the ledger's page."""
    sums = _monthly_sums(case_id, until).subquery()
    rows = db.session.execute(
        select(
            Objective, sums.c.objective_id, sums.c.year, sums.c.month, sums.c.planned, sums.c.realised, sums.c.verified
        )
        .outerjoin(sums, sums.c.objective_id == Objective.id)
        .where(Objective.case_id == case_id, Objective.kind == ObjectiveKind.JOB_TARGET)
        .order_by(Objective.priority, Objective.id, sums.c.year, sums.c.month)
    ).all()
    targets: dict[int, JobTarget] = {}
    for row in rows:
        target = targets.setdefault(row[0].id, JobTarget(row[0]))
        if row.year is not None:
            target.totals.planned += int(row.planned)
            target.totals.realised += int(row.realised)
            target.totals.verified += int(row.verified)
    months = sorted((row for row in rows if row.year is not None), key=lambda row: (row.year, row.month))
    return list(targets.values()), _series_from(months, until)


def _series_from(rows, until: date | None) -> MonthlySeries:
    """Rows of (objective_id, year, month, planned, realised, verified) in month order, made cumulative."""
    if not rows:
        return MonthlySeries([], {})
    first = date(int(rows[0].year), int(rows[0].month), 1)
    last = date(int(rows[-1].year), int(rows[-1].month), 1)
    if until is not None:
        last = max(last, until.replace(day=1))
    months, cut = month_span(first, last, CHART_MONTHS)
    index = {(m.year, m.month): n for n, m in enumerate(months)}
    by_objective: dict[int, dict[str, list[int]]] = {}
    for row in rows:
        series = by_objective.setdefault(row.objective_id, {name: [0] * len(months) for name in _NAMES})
        at = index.get((int(row.year), int(row.month)))
        if at is None:
            continue
        for name in _NAMES:
            series[name][at] += int(getattr(row, name))
    for series in by_objective.values():
        for name in _NAMES:
            running = 0
            for n, value in enumerate(series[name]):
                running += value
                series[name][n] = running
    return MonthlySeries(months, by_objective, cut)


_NAMES = ("planned", "realised", "verified")


def month_label(month: date) -> str:
    return f"{month.month}/{month.year}"


def job_chart(target: JobTarget, series: MonthlySeries) -> Chart | None:
    """The chart of one job target: cumulative planned, realised and verified jobs by month, with the target."""
    values = series.by_objective.get(target.objective.id)
    if not values:
        return None
    lines = [
        Series(_("Suunnitellut (kertymä)"), values["planned"]),
        Series(_("Toteutuneet (kertymä)"), values["realised"]),
        Series(_("Varmennetut (kertymä)"), values["verified"]),
    ]
    if target.target is not None:
        lines.append(Series(_("Tavoite"), [int(target.target)] * len(series.months), dashed=True))
    return Chart(
        title=_("Työpaikat: %(title)s", title=target.objective.title),
        description=_(
            "Suunnitellut, toteutuneet ja varmennetut työpaikat kertyminä kuukauden lopussa työpaikkakirjanpidon "
            "mukaan, katkoviivalla tavoite."
        ),
        x_labels=[month_label(m) for m in series.months],
        series=lines,
        value_format=format_decimal,
    )


# The ledger


def _flag(args, name: str, errors: list[str]) -> bool | None:
    text = args.get(name, "")
    if text in ("", None):
        return None
    if text in ("yes", "no"):
        return text == "yes"
    errors.append(_("Tuntematon varmennustieto. Rajausta ei käytetty."))
    return None


@dataclass
class LedgerFilter:
    kind: JobKind | None = None
    source: JobSource | None = None
    verified: bool | None = None
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args) -> "LedgerFilter":
        errors: list[str] = []
        kind_name, source_name = args.get("kind", ""), args.get("source", "")
        kind = JobKind[kind_name] if kind_name in JobKind.__members__ else None
        if kind_name and kind is None:
            errors.append(_("Tuntematon laji. Rajausta ei käytetty."))
        source = JobSource[source_name] if source_name in JobSource.__members__ else None
        if source_name and source is None:
            errors.append(_("Tuntematon lähde. Rajausta ei käytetty."))
        return cls(kind, source, _flag(args, "verified", errors), errors)

    def apply(self, statement):
        if self.kind is not None:
            statement = statement.where(JobEntry.kind == self.kind)
        if self.source is not None:
            statement = statement.where(JobEntry.source == self.source)
        if self.verified is not None:
            statement = statement.where(JobEntry.verified.is_(self.verified))
        return statement

    @property
    def is_active(self) -> bool:
        return any(value is not None for value in (self.kind, self.source, self.verified))


def _entry_parts():
    return (joinedload(JobEntry.objective), joinedload(JobEntry.company_project), joinedload(JobEntry.project))


def ledger(case_id: int, ledger_filter: LedgerFilter):
    """The ledger's statement, the latest first (for `paginate`)."""
    statement = select(JobEntry).where(JobEntry.case_id == case_id).options(*_entry_parts())
    return ledger_filter.apply(statement).order_by(JobEntry.dated_on.desc(), JobEntry.id.desc())


def entries_between(case_id: int, first: date, last: date) -> list[JobEntry]:
    """The entries dated from `first` to `last` (both included), in date order: one statement."""
    return list(
        db.session.scalars(
            select(JobEntry)
            .where(JobEntry.case_id == case_id, JobEntry.dated_on >= first, JobEntry.dated_on <= last)
            .options(*_entry_parts())
            .order_by(JobEntry.dated_on, JobEntry.id)
        )
    )


def get_job_entry(case_id: int, entry_id: int) -> JobEntry:
    """404 when the entry belongs to another case."""
    return get_in_case(JobEntry, entry_id, case_id)


def job_target_choices(case_id: int) -> list[tuple[int, str]]:
    return [
        (objective.id, objective.title)
        for objective in db.session.scalars(
            select(Objective)
            .where(Objective.case_id == case_id, Objective.kind == ObjectiveKind.JOB_TARGET)
            .order_by(Objective.priority, Objective.id)
        )
    ]


def company_project_choices(case_id: int) -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(CompanyProject.id, CompanyProject.company, CompanyProject.name)
        .where(CompanyProject.case_id == case_id)
        .order_by(CompanyProject.company, CompanyProject.name, CompanyProject.id)
    ).all()
    return [(row.id, f"{row.company}: {row.name}") for row in rows]


def plan_project_choices(case_id: int) -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(Project.id, Project.name).where(Project.case_id == case_id).order_by(Project.name, Project.id)
    ).all()
    return [(row.id, row.name) for row in rows]


# Company projects


def company_projects(case_id: int):
    """The company projects' statement, by company and name (for `paginate`)."""
    return (
        select(CompanyProject)
        .where(CompanyProject.case_id == case_id)
        .options(joinedload(CompanyProject.project))
        .order_by(CompanyProject.company, CompanyProject.name, CompanyProject.id)
    )


def jobs_created(project_ids: list[int], until: date | None = None) -> dict[int, int]:
    """The realised jobs of the ledger entries naming each company project: one statement for a page of them."""
    if not project_ids:
        return {}
    criteria = (JobEntry.dated_on <= until,) if until is not None else ()
    rows = db.session.execute(
        select(JobEntry.company_project_id, func.sum(JobEntry.jobs))
        .where(JobEntry.company_project_id.in_(project_ids), JobEntry.kind == JobKind.REALISED, *criteria)
        .group_by(JobEntry.company_project_id)
    ).all()
    return {project_id: int(total) for project_id, total in rows}


@dataclass
class CompanyProjectTotals:
    count: int
    promised: int
    created: int


def company_project_totals(case_id: int, until: date | None = None) -> CompanyProjectTotals:
    """How many company projects, the jobs they promised and the realised jobs linked to them: one statement."""
    criteria = (JobEntry.dated_on <= until,) if until is not None else ()
    created = (
        select(func.coalesce(func.sum(JobEntry.jobs), 0))
        .where(
            JobEntry.case_id == case_id,
            JobEntry.company_project_id.is_not(None),
            JobEntry.kind == JobKind.REALISED,
            *criteria,
        )
        .scalar_subquery()
    )
    row = db.session.execute(
        select(func.count(CompanyProject.id), func.coalesce(func.sum(CompanyProject.promised_jobs), 0), created).where(
            CompanyProject.case_id == case_id
        )
    ).one()
    return CompanyProjectTotals(int(row[0]), int(row[1]), int(row[2]))


def get_company_project(case_id: int, project_id: int) -> CompanyProject:
    return get_in_case(CompanyProject, project_id, case_id)


# Development grants


def grants(case_id: int):
    """The grants' statement, the latest first (for `paginate`)."""
    return (
        select(DevelopmentGrant)
        .where(DevelopmentGrant.case_id == case_id)
        .options(joinedload(DevelopmentGrant.company_project))
        .order_by(DevelopmentGrant.granted_on.desc(), DevelopmentGrant.id.desc())
    )


def grants_between(case_id: int, first: date, last: date) -> list[DevelopmentGrant]:
    return list(
        db.session.scalars(
            select(DevelopmentGrant)
            .where(
                DevelopmentGrant.case_id == case_id,
                DevelopmentGrant.granted_on >= first,
                DevelopmentGrant.granted_on <= last,
            )
            .options(joinedload(DevelopmentGrant.company_project))
            .order_by(DevelopmentGrant.granted_on, DevelopmentGrant.id)
        )
    )


@dataclass
class GrantTotals:
    count: int
    amount: Decimal
    companies: int


def grant_totals(case_id: int) -> GrantTotals:
    row = db.session.execute(
        select(
            func.count(DevelopmentGrant.id),
            func.coalesce(func.sum(DevelopmentGrant.amount), 0),
            func.count(func.distinct(DevelopmentGrant.company)),
        ).where(DevelopmentGrant.case_id == case_id)
    ).one()
    return GrantTotals(int(row[0]), Decimal(row[1]), int(row[2]))


def get_grant(case_id: int, grant_id: int) -> DevelopmentGrant:
    return get_in_case(DevelopmentGrant, grant_id, case_id)


def holds_jobs(case_id: int) -> bool:
    return (
        db.session.scalar(select(JobEntry.id).where(JobEntry.case_id == case_id).limit(1)) is not None
        or db.session.scalar(select(CompanyProject.id).where(CompanyProject.case_id == case_id).limit(1)) is not None
        or db.session.scalar(select(DevelopmentGrant.id).where(DevelopmentGrant.case_id == case_id).limit(1))
        is not None
    )
