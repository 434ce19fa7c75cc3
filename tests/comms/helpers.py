"""Items of the communications plan for tests, written straight to the database."""

from datetime import UTC, date, datetime, timedelta

from arm.comms.models import CommsAudience, CommsChannel, CommsItem, CommsStatus, Recurrence
from arm.extensions import db


def bulk_items(case, count: int, *, first: date, owner_id: int | None = None, wave_id: int | None = None) -> None:
    """`count` items over the 28 days from `first`, one in five recurring weekly, in one statement."""
    audiences, channels = list(CommsAudience), list(CommsChannel)
    db.session.execute(
        CommsItem.__table__.insert(),
        [
            {
                "case_id": case.id,
                "title": f"Viesti {n:05}",
                "audience": audiences[n % len(audiences)].name,
                "channel": channels[n % len(channels)].name,
                "message": "Viestin sisältö.",
                "owner_id": owner_id,
                "planned_on": first + timedelta(days=n % 28),
                "recurrence": (Recurrence.WEEKLY if n % 5 == 0 else Recurrence.NONE).name,
                "repeats_until": None,
                "languages": "FI,SV",
                "status": CommsStatus.PLANNED.name,
                "is_crisis": n % 7 == 0,
                "wave_id": wave_id,
                "service_id": None,
                "published_on": None,
                "reach": None,
                "feedback": "",
                "template_key": None,
                "created_at": datetime(2021, 1, 1, tzinfo=UTC),
                "updated_at": datetime(2021, 1, 1, tzinfo=UTC),
                "version": 1,
            }
            for n in range(count)
        ],
    )
    db.session.commit()
