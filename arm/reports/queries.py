"""What the reports pages read: a fixed number of statements whatever the number of reports or narratives."""

from sqlalchemy import select
from sqlalchemy.orm import defer, joinedload, selectinload

from arm.auth.models import User
from arm.core.queries import get_in_case
from arm.extensions import db
from arm.reports.models import Report


def reports_list(case_id: int):
    """The case's reports, newest number first, each with who submitted it (for arm.core.pagination); without
    their frozen figures, which a submitted report carries whole and a list never shows."""
    return (
        select(Report)
        .where(Report.case_id == case_id)
        .options(joinedload(Report.submitted_by), defer(Report.snapshot, raiseload=True))
        .order_by(Report.number.desc())
    )


def get_report(case_id: int, report_id: int) -> Report:
    """A report of the case with its narratives and the report it is a version of; 404 for another case's."""
    return get_in_case(
        Report,
        report_id,
        case_id,
        selectinload(Report.narratives),
        joinedload(Report.based_on),
        joinedload(Report.submitted_by),
    )


def latest_report(case_id: int) -> Report | None:
    """The dashboard's latest report, draft or submitted: one statement."""
    return db.session.scalar(
        select(Report)
        .where(Report.case_id == case_id)
        .options(joinedload(Report.submitted_by), defer(Report.snapshot, raiseload=True))
        .order_by(Report.number.desc())
        .limit(1)
    )


def user_name(user_id: int | None) -> str | None:
    return db.session.scalar(select(User.name).where(User.id == user_id)) if user_id else None


def holds_reports(case_id: int) -> bool:
    return db.session.scalar(select(Report.id).where(Report.case_id == case_id).limit(1)) is not None
