"""What the service map and the wave timeline read: a fixed number of statements whatever the case's size."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from arm.cases.models import LayoffWave
from arm.core.queries import get_in_case
from arm.extensions import db
from arm.support.models import SupportService, WaveMilestone


def services(case_id: int) -> list[SupportService]:
    """The case's services with their providers, by kind, start and name: one statement."""
    return list(
        db.session.scalars(
            select(SupportService)
            .where(SupportService.case_id == case_id)
            .options(joinedload(SupportService.provider))
            .order_by(SupportService.kind, SupportService.starts_on, SupportService.name, SupportService.id)
        )
    )


def get_service(case_id: int, service_id: int) -> SupportService:
    """404 when the service belongs to another case."""
    return get_in_case(SupportService, service_id, case_id, joinedload(SupportService.provider))


def waves(case_id: int) -> list[LayoffWave]:
    return list(
        db.session.scalars(
            select(LayoffWave).where(LayoffWave.case_id == case_id).order_by(LayoffWave.occurs_on, LayoffWave.id)
        )
    )


def milestones(case_id: int) -> list[WaveMilestone]:
    return list(
        db.session.scalars(
            select(WaveMilestone)
            .where(WaveMilestone.case_id == case_id)
            .order_by(WaveMilestone.occurs_on, WaveMilestone.id)
        )
    )


def get_milestone(case_id: int, milestone_id: int) -> WaveMilestone:
    return get_in_case(WaveMilestone, milestone_id, case_id)


def holds_services(case_id: int) -> bool:
    return db.session.scalar(select(SupportService.id).where(SupportService.case_id == case_id).limit(1)) is not None
