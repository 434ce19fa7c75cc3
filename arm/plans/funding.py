"""What the plan's actions plan to spend per funder, beside what the projects' grants give and have used.

An action names its funders but not how its budget divides between them, and we do not guess a split:
an action with several funders counts in full in each of its funders' rows (`shared` says how much of a
row comes from such actions), and the total counts every action once. Cancelled actions plan nothing.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select

from arm.extensions import db
from arm.plans import queries
from arm.plans.models import Action, ActionStatus, Funder, funders_named

ZERO = Decimal(0)


@dataclass
class FunderFunding:
    """One funder's row; `funder` None gathers the budgets of actions that name no funder."""

    funder: Funder | None
    planned: Decimal = ZERO
    shared: Decimal = ZERO  # the part of `planned` from actions with several funders
    granted: Decimal | None = None  # None: no grant from this funder has a known amount
    used: Decimal | None = None
    decisions: int = 0
    unknown: int = 0  # grants whose amount is not known yet

    @property
    def gap(self) -> Decimal:
        """Planned − granted: what the plan counts on beyond the known grants (negative: granted more)."""
        return self.planned - (self.granted or ZERO)

    @property
    def unused(self) -> Decimal | None:
        return None if self.granted is None else self.granted - (self.used or ZERO)


@dataclass
class FundingComparison:
    rows: list[FunderFunding] = field(default_factory=list)
    planned: Decimal = ZERO  # every action once
    granted: Decimal = ZERO
    used: Decimal = ZERO
    decisions: int = 0
    unknown: int = 0
    without_budget: int = 0  # actions (not cancelled) with no budget, left out of `planned`
    has_shared: bool = False  # some action with a budget names several funders

    @property
    def gap(self) -> Decimal:
        return self.planned - self.granted

    @property
    def unused(self) -> Decimal:
        return self.granted - self.used


def _planned_by_funders(case_id: int) -> list[tuple[str, Decimal | None, int, int]]:
    """Budgets summed per set of funders as stored on the actions: one row per combination, not per action."""
    return db.session.execute(
        select(Action.funding_sources, func.sum(Action.budget), func.count(Action.budget), func.count())
        .where(Action.case_id == case_id, Action.status != ActionStatus.CANCELLED)
        .group_by(Action.funding_sources)
    ).all()


def funding_comparison(case_id: int) -> FundingComparison:
    """Planned, granted and used funding per funder (in the order of `Funder`) and in total: two statements."""
    rows: dict[Funder | None, FunderFunding] = {}
    comparison = FundingComparison()
    for sources, planned, budgeted, count in _planned_by_funders(case_id):
        comparison.without_budget += count - budgeted
        if not budgeted:
            continue
        comparison.planned += planned
        funders = funders_named(sources) or [None]
        for funder in funders:
            row = rows.setdefault(funder, FunderFunding(funder))
            row.planned += planned
            if len(funders) > 1:
                row.shared += planned
                comparison.has_shared = True
    by_funder = queries.funding_by_funder(case_id)
    for funder, granted, used, decisions, unknown in by_funder:
        row = rows.setdefault(funder, FunderFunding(funder))
        row.granted, row.used, row.decisions, row.unknown = granted, used, decisions, unknown
    totals = queries.funding_totals(by_funder)
    comparison.granted, comparison.used = totals.granted, totals.used
    comparison.decisions, comparison.unknown = totals.decisions, totals.unknown
    order = list(Funder)
    comparison.rows = sorted(rows.values(), key=lambda row: order.index(row.funder) if row.funder else len(order))
    return comparison
