"""The plan's figures: actions by status, the overdue ones and progress per TEM category, by the case's rollup."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import BigInteger, func, select, type_coerce

from arm.cases.models import Case
from arm.extensions import db
from arm.plans.models import Action, ActionCategory, ActionStatus, PlanSettings, ProgressRollup
from arm.plans.queries import overdue_clause


@dataclass
class PlanHealth:
    by_status: dict[ActionStatus, int]
    overdue: int
    total: int


@dataclass
class CategoryProgress:
    category: ActionCategory
    count: int  # actions that count: every status but cancelled
    cancelled: int
    done: int
    overdue: int
    budget: Decimal | None  # None when no counted action has a budget (shown as "–", not as 0,00)
    progress: float | None  # percent, by the case's rollup; None when nothing counts


def _figure_columns(today: date | None = None):
    return (
        Action.category,
        Action.status,
        func.count(Action.id),
        func.count(Action.id).filter(overdue_clause(today)),
        func.sum(Action.budget),
        func.sum(Action.progress),
        # progress × budget in cents: Amount stores hundredths, so the product stays an exact integer
        func.sum(Action.progress * type_coerce(Action.budget, BigInteger)).filter(Action.budget > 0),
    )


def plan_figures(case_id: int, budget_weighted: bool) -> tuple[PlanHealth, list[CategoryProgress]]:
    """The plan's health (actions by status, overdue ones) and its progress per TEM category, from one
    statement grouped by category and status. Cancelled actions never count towards progress; weighting by
    budget skips actions with none."""
    rows = db.session.execute(
        select(*_figure_columns()).where(Action.case_id == case_id).group_by(Action.category, Action.status)
    ).all()
    return _figures(rows, budget_weighted)


def plan_figures_and_rollup(
    case_id: int, today: date | None = None
) -> tuple[ProgressRollup, PlanHealth, list[CategoryProgress]]:
    """The same figures with the case's progress rollup, in one statement for the dashboard: from the case,
    its actions joined (a plan with none still gives a row, for the rollup). Overdue counts from `today`
    (a report's day of reading; the real today by default)."""
    chosen, health, categories, _ = plan_figures_by_status(case_id, today)
    return chosen, health, categories


def plan_figures_by_status(
    case_id: int, today: date | None = None
) -> tuple[ProgressRollup, PlanHealth, list[CategoryProgress], dict[tuple[ActionCategory, ActionStatus], int]]:
    """`plan_figures_and_rollup` with the number of actions per category and status as well (for the progress
    report): the same one statement."""
    rollup = select(PlanSettings.progress_rollup).where(PlanSettings.case_id == Case.id).scalar_subquery()
    rows = db.session.execute(
        select(rollup, *_figure_columns(today))
        .select_from(Case)
        .outerjoin(Action, Action.case_id == Case.id)
        .where(Case.id == case_id)
        .group_by(Case.id, Action.category, Action.status)
    ).all()
    stored = rows[0][0] if rows else None
    chosen = ProgressRollup[stored] if isinstance(stored, str) else (stored or ProgressRollup.AVERAGE)
    found = [row[1:] for row in rows if row[1] is not None]
    health, categories = _figures(found, chosen is ProgressRollup.BUDGET_WEIGHTED)
    return chosen, health, categories, {(row[0], row[1]): row[2] for row in found}


def _figures(rows, budget_weighted: bool) -> tuple[PlanHealth, list[CategoryProgress]]:
    by_status = dict.fromkeys(ActionStatus, 0)
    totals = {category: _CategoryTotals() for category in ActionCategory}
    for category, status, count, overdue, budget, progress, weighted in rows:
        by_status[status] += count
        totals[category].add(status, count, overdue=overdue, budget=budget, progress=progress, weighted=weighted)
    health = PlanHealth(
        by_status=by_status, overdue=sum(t.overdue for t in totals.values()), total=sum(by_status.values())
    )
    return health, [totals[category].progress(category, budget_weighted) for category in ActionCategory]


def category_progress(case_id: int, budget_weighted: bool) -> list[CategoryProgress]:
    return plan_figures(case_id, budget_weighted)[1]


@dataclass
class _CategoryTotals:
    count: int = 0
    cancelled: int = 0
    done: int = 0
    overdue: int = 0
    budget: Decimal | None = None
    progress_sum: int = 0
    weighted_sum: int | None = None

    def add(self, status, count, *, overdue, budget, progress, weighted) -> None:
        self.overdue += overdue
        if status is ActionStatus.CANCELLED:
            self.cancelled += count
            return
        self.count += count
        self.done += count if status is ActionStatus.DONE else 0
        self.progress_sum += progress or 0
        if budget is not None:
            self.budget = (self.budget or Decimal(0)) + Decimal(budget)
        if weighted is not None:
            self.weighted_sum = (self.weighted_sum or 0) + int(weighted)

    def progress(self, category: ActionCategory, budget_weighted: bool) -> CategoryProgress:
        if budget_weighted:
            budget, weighted = self.budget, self.weighted_sum
            progress = float(Decimal(weighted) / (budget * 100)) if weighted is not None and budget else None
        else:
            progress = self.progress_sum / self.count if self.count else None
        return CategoryProgress(category, self.count, self.cancelled, self.done, self.overdue, self.budget, progress)


def overall_progress(categories: list[CategoryProgress], budget_weighted: bool) -> float | None:
    """The whole plan's progress by the same formula as the categories'."""
    if budget_weighted:
        weights = [(c.progress, c.budget) for c in categories if c.progress is not None and c.budget]
        total = sum(w for _, w in weights)
        return float(sum(Decimal(p) * w for p, w in weights) / total) if total else None
    counted = [(c.progress, c.count) for c in categories if c.progress is not None and c.count]
    total = sum(n for _, n in counted)
    return sum(p * n for p, n in counted) / total if total else None
