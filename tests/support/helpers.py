"""Rows of the service map for tests, written straight to the database."""

from datetime import UTC, date, datetime

from arm.extensions import db
from arm.support.models import AgeGroup, MilestoneKind, ServiceKind, SupportService, WaveMilestone


def add_service(case, provider, *, kind=ServiceKind.EMPLOYMENT, starts_on=date(2021, 6, 1), ends_on=None, **values):
    service = SupportService(
        case_id=case.id,
        provider_id=provider.id,
        name=values.pop("name", f"Palvelu {kind.value}"),
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        age_group=values.pop("age_group", AgeGroup.ALL),
        **values,
    )
    db.session.add(service)
    db.session.commit()
    return service


def add_milestone(wave, *, kind=MilestoneKind.INFO_SESSION, occurs_on=date(2021, 6, 15), is_done=False):
    milestone = WaveMilestone(case_id=wave.case_id, wave_id=wave.id, kind=kind, occurs_on=occurs_on, is_done=is_done)
    db.session.add(milestone)
    db.session.commit()
    return milestone


def bulk_services(case, provider, count: int) -> None:
    """`count` services of every kind in turn, in one statement."""
    kinds = list(ServiceKind)
    db.session.execute(
        SupportService.__table__.insert(),
        [
            {
                "case_id": case.id,
                "provider_id": provider.id,
                "name": f"Palvelu {n:05}",
                "kind": kinds[n % len(kinds)].name,
                "description": "",
                "reach": "",
                "languages": "FI,SV",
                "age_group": "ALL",
                "audiences": "LAID_OFF",
                "starts_on": date(2021, 1 + n % 12, 1),
                "ends_on": None,
                "is_illustrative": False,
                "created_at": datetime(2021, 1, 1, tzinfo=UTC),
                "updated_at": datetime(2021, 1, 1, tzinfo=UTC),
                "version": 1,
            }
            for n in range(count)
        ],
    )
    db.session.commit()
