"""What the risk register reads: a fixed number of statements whatever the number of risks."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Date, Integer, String, cast, func, null, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from arm.cases.models import Membership
from arm.core.queries import get_in_case
from arm.extensions import db
from arm.risks.models import (
    ACTIVE_STATUSES,
    SCALE,
    Risk,
    RiskAction,
    RiskAssessment,
    RiskCategory,
    RiskStatus,
    Trend,
    trend_of,
)

ACTIVE = "active"  # the status filter's "open or mitigating": what the heat map counts


def _scale_arg(args, name: str, label: str, errors: list[str]) -> int | None:
    text = (args.get(name) or "").strip()
    if not text:
        return None
    if text.isdigit() and int(text) in SCALE:
        return int(text)
    errors.append(_("%(name)s: anna luku 1–5. Rajausta ei käytetty.", name=label))
    return None


@dataclass
class RiskFilter:
    """The register's filters, read from and written back to the URL. `errors` name the values it ignored."""

    category: RiskCategory | None = None
    status: RiskStatus | str | None = None  # a status, or ACTIVE
    likelihood: int | None = None
    impact: int | None = None
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args) -> "RiskFilter":
        errors: list[str] = []
        category_name = args.get("category", "")
        category = RiskCategory[category_name] if category_name in RiskCategory.__members__ else None
        if category_name and category is None:
            errors.append(_("Tuntematon luokka. Rajausta ei käytetty."))
        status_name = args.get("status", "")
        if status_name == ACTIVE:
            status = ACTIVE
        else:
            status = RiskStatus[status_name] if status_name in RiskStatus.__members__ else None
            if status_name and status is None:
                errors.append(_("Tuntematon tila. Rajausta ei käytetty."))
        likelihood = _scale_arg(args, "likelihood", _("Todennäköisyys"), errors)
        impact = _scale_arg(args, "impact", _("Vaikutus"), errors)
        return cls(category, status, likelihood, impact, errors)

    def apply(self, statement):
        conditions = []
        if self.category is not None:
            conditions.append(Risk.category == self.category)
        if self.status == ACTIVE:
            conditions.append(Risk.status.in_(ACTIVE_STATUSES))
        elif self.status is not None:
            conditions.append(Risk.status == self.status)
        else:
            conditions.append(Risk.status != RiskStatus.PROPOSED)  # proposals are listed apart
        if self.likelihood is not None:
            conditions.append(Risk.likelihood == self.likelihood)
        if self.impact is not None:
            conditions.append(Risk.impact == self.impact)
        return statement.where(*conditions)

    @property
    def is_active(self) -> bool:
        return any(value is not None for value in (self.category, self.status, self.likelihood, self.impact))

    def args(self) -> dict:
        values = {
            "category": self.category.name if self.category else None,
            "status": self.status if self.status == ACTIVE else (self.status.name if self.status else None),
            "likelihood": self.likelihood,
            "impact": self.impact,
        }
        return {key: value for key, value in values.items() if value is not None}


def _with_owner():
    return joinedload(Risk.owner).joinedload(Membership.user)


def register(case_id: int, risk_filter: RiskFilter):
    """The register's statement, highest score first (for `paginate`)."""
    return risk_filter.apply(select(Risk).where(Risk.case_id == case_id).options(_with_owner())).order_by(
        Risk.score.desc(), Risk.next_review_on, Risk.id
    )


def register_rows(case_id: int, risk_filter: RiskFilter) -> list[Risk]:
    """Every risk the filter selects, with owners and linked actions (for the exports): two statements."""
    statement = register(case_id, risk_filter).options(selectinload(Risk.action_links).joinedload(RiskAction.action))
    return list(db.session.scalars(statement))


def ranked_assessments(risk_ids: list[int], before=None):
    """Each risk's assessments as a subquery (risk_id, score, rank), newest first (rank 1), those before
    `before` only when given."""
    statement = select(
        RiskAssessment.risk_id,
        (RiskAssessment.likelihood * RiskAssessment.impact).label("score"),
        func.row_number()
        .over(
            partition_by=RiskAssessment.risk_id,
            order_by=(RiskAssessment.assessed_at.desc(), RiskAssessment.id.desc()),
        )
        .label("rank"),
    ).where(RiskAssessment.risk_id.in_(risk_ids))
    if before is not None:
        statement = statement.where(RiskAssessment.assessed_at < before)
    return statement.subquery()


def trends(risk_ids: list[int]) -> dict[int, Trend]:
    """Each risk's trend from its last two assessments: one statement for a page of risks."""
    if not risk_ids:
        return {}
    ranked = ranked_assessments(risk_ids)
    scores: dict[int, list[int]] = {risk_id: [] for risk_id in risk_ids}
    rows = db.session.execute(
        select(ranked.c.risk_id, ranked.c.score).where(ranked.c.rank <= 2).order_by(ranked.c.risk_id, ranked.c.rank)
    )
    for risk_id, score in rows:
        scores[risk_id].append(score)
    return {risk_id: trend_of(values) for risk_id, values in scores.items()}


def heat_map_counts(case_id: int) -> dict[tuple[int, int], int]:
    """The open and mitigating risks by (likelihood, impact): one statement."""
    rows = db.session.execute(
        select(Risk.likelihood, Risk.impact, func.count())
        .where(Risk.case_id == case_id, Risk.status.in_(ACTIVE_STATUSES))
        .group_by(Risk.likelihood, Risk.impact)
    )
    return {(likelihood, impact): count for likelihood, impact, count in rows}


def proposed(case_id: int) -> list[Risk]:
    """The template's starter risks still waiting for a coordinator: at most five a case."""
    return list(
        db.session.scalars(
            select(Risk).where(Risk.case_id == case_id, Risk.status == RiskStatus.PROPOSED).order_by(Risk.id)
        )
    )


@dataclass(frozen=True)
class OverdueReview:
    id: int
    title: str
    next_review_on: date


@dataclass(frozen=True)
class DashboardFigures:
    counts: dict[tuple[int, int], int]  # as heat_map_counts
    overdue: list[OverdueReview]  # the earliest few
    overdue_count: int


def dashboard_figures(case_id: int, today: date, limit: int = 5) -> DashboardFigures:
    """The heat map's counts and the overdue reviews together: one statement (a union), as the dashboard has a
    budget of statements for all its panels."""
    active = (Risk.case_id == case_id, Risk.status.in_(ACTIVE_STATUSES))
    no_int, no_text, no_date = cast(null(), Integer), cast(null(), String), cast(null(), Date)
    cells = (
        select(Risk.likelihood, Risk.impact, func.count(), no_int, no_text, no_date)
        .where(*active)
        .group_by(Risk.likelihood, Risk.impact)
    )
    overdue = (
        select(no_int, no_int, func.count().over(), Risk.id, Risk.title, Risk.next_review_on)
        .where(*active, Risk.next_review_on < today)
        .order_by(Risk.next_review_on, Risk.id)
        .limit(limit)
        .subquery()
    )
    counts, reviews, overdue_count = {}, [], 0
    for likelihood, impact, number, risk_id, title, review_on in db.session.execute(union_all(cells, select(overdue))):
        if risk_id is None:
            counts[(likelihood, impact)] = number
        else:
            reviews.append(OverdueReview(risk_id, title, review_on))
            overdue_count = number
    reviews.sort(key=lambda review: (review.next_review_on, review.id))
    return DashboardFigures(counts, reviews, overdue_count)


def overdue_reviews(case_id: int, today: date, limit: int = 5) -> tuple[list[Risk], int]:
    """The active risks whose review date has passed, earliest first, and how many there are: one statement."""
    rows = db.session.execute(
        select(Risk, func.count().over())
        .where(Risk.case_id == case_id, Risk.status.in_(ACTIVE_STATUSES), Risk.next_review_on < today)
        .order_by(Risk.next_review_on, Risk.id)
        .limit(limit)
    ).all()
    return [row[0] for row in rows], (rows[0][1] if rows else 0)


def get_risk(case_id: int, risk_id: int) -> Risk:
    """404 when the risk belongs to another case."""
    return get_in_case(
        Risk, risk_id, case_id, _with_owner(), selectinload(Risk.action_links).joinedload(RiskAction.action)
    )


def assessments(risk_id: int) -> list[RiskAssessment]:
    """A risk's assessments, newest first, with who made them: one statement."""
    return list(
        db.session.scalars(
            select(RiskAssessment)
            .where(RiskAssessment.risk_id == risk_id)
            .options(joinedload(RiskAssessment.assessed_by))
            .order_by(RiskAssessment.assessed_at.desc(), RiskAssessment.id.desc())
        )
    )


def holds_risks(case_id: int) -> bool:
    """Risks of the case's own: the template's proposals alone are no work to lose."""
    statement = select(Risk.id).where(Risk.case_id == case_id, Risk.status != RiskStatus.PROPOSED).limit(1)
    return db.session.scalar(statement) is not None
