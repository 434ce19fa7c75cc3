"""The plan's proposal for state funding as the pages read it: the requests, their totals, asked vs granted.

Every function is a fixed number of statements, whatever the number of requests.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, subqueryload

from arm.core.queries import get_in_case
from arm.extensions import db
from arm.plans.models import (
    Funder,
    FundingRequest,
    FundingRequestAction,
    FundingRequestGrant,
    FundingRequestStatus,
    Grant,
    Project,
)

ZERO = Decimal(0)


def _request_parts():
    # subqueryload, not selectinload: one statement per collection however many requests (selectinload
    # sends its ids in batches of 500).
    return (
        subqueryload(FundingRequest.action_links).joinedload(FundingRequestAction.action),
        subqueryload(FundingRequest.grant_links).joinedload(FundingRequestGrant.grant).joinedload(Grant.project),
    )


def funding_requests(case_id: int) -> list[FundingRequest]:
    """The case's requests with the actions they serve and the grants that realised them: three statements."""
    return list(
        db.session.scalars(
            select(FundingRequest)
            .where(FundingRequest.case_id == case_id)
            .options(*_request_parts())
            .order_by(FundingRequest.id)
        )
    )


def get_funding_request(case_id: int, request_id: int) -> FundingRequest:
    """404 when the request belongs to another case."""
    return get_in_case(FundingRequest, request_id, case_id, *_request_parts())


@dataclass
class StatusTotal:
    status: FundingRequestStatus | None  # None: every request
    count: int = 0
    asked: Decimal = ZERO
    granted: Decimal = ZERO
    asked_unknown: int = 0  # requests with no amount asked recorded


@dataclass
class RequestTotals:
    by_status: list[StatusTotal] = field(default_factory=list)  # only the statuses some request has
    overall: StatusTotal = field(default_factory=lambda: StatusTotal(None))


def request_totals(requests: list[FundingRequest]) -> RequestTotals:
    """Asked and granted per status and in all, from requests already loaded."""
    rows = {status: StatusTotal(status) for status in FundingRequestStatus}
    totals = RequestTotals()
    for request in requests:
        for row in (rows[request.status], totals.overall):
            row.count += 1
            row.asked += request.amount_asked or ZERO
            row.granted += request.amount_granted or ZERO
            row.asked_unknown += request.amount_asked is None
    totals.by_status = [row for row in rows.values() if row.count]
    return totals


@dataclass
class FunderRequests:
    funder: Funder | None
    programme: str
    count: int
    asked: Decimal
    granted: Decimal


def requests_by_funder(case_id: int) -> list[FunderRequests]:
    """Asked and granted per ministry or programme, in the order of `Funder`: one statement."""
    rows = db.session.execute(
        select(
            FundingRequest.funder,
            FundingRequest.programme,
            func.count(),
            func.sum(FundingRequest.amount_asked),
            func.sum(FundingRequest.amount_granted),
        )
        .where(FundingRequest.case_id == case_id)
        .group_by(FundingRequest.funder, FundingRequest.programme)
    ).all()
    order = list(Funder)
    found = [FunderRequests(f, p, n, asked or ZERO, granted or ZERO) for f, p, n, asked, granted in rows]
    return sorted(found, key=lambda r: (order.index(r.funder) if r.funder else len(order), r.programme))


def grants_for_choices(case_id: int) -> list[Grant]:
    """The case's grants with their projects, for the request form: one statement."""
    return list(
        db.session.scalars(
            select(Grant)
            .join(Grant.project)
            .where(Grant.case_id == case_id)
            .options(contains_eager(Grant.project))
            .order_by(Project.name, Grant.id)
        )
    )


def grant_choice_label(grant: Grant) -> str:
    return f"{grant.project.name}: {grant.funder.label}"
