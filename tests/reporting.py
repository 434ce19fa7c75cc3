"""Helpers for testing the report sections the areas offer (arm.core.parts.ReportSection)."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from arm.cases.models import Case
from arm.core.parts import ReportPeriod
from arm.extensions import db
from tests.factories import TODAY

# The period the tests report on: the second quarter of the frozen test year, today (15.6.) inside it.
STARTS_ON, ENDS_ON = date(2026, 4, 1), date(2026, 6, 30)


def report_period(case, starts_on: date = STARTS_ON, ends_on: date = ENDS_ON, today: date = TODAY) -> ReportPeriod:
    """The period as the report engine passes it: the case loaded afresh, with its municipalities."""
    db.session.expire_all()
    loaded = db.session.scalar(select(Case).where(Case.id == case.id).options(selectinload(Case.municipalities)))
    return ReportPeriod(case=loaded, starts_on=starts_on, ends_on=ends_on, today=today)


def facts(section: dict) -> dict:
    """The section's facts by label (a message id, or its id with arguments)."""
    return {
        fact["label"] if isinstance(fact["label"], str) else fact["label"]["msgid"]: fact["value"]
        for fact in section["facts"]
    }


def table(section: dict, title: str) -> dict:
    """One of the section's tables by its title."""
    return next(found for found in section["tables"] if found["title"] == title)
