"""What the scheduler has sent: a meeting's papers, for its coordinators (two statements)."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from arm.extensions import db
from arm.notify.models import ScheduledSend, SendKind, SendStatus


@dataclass
class MeetingSends:
    sent: int = 0
    last_sent_at: datetime | None = None
    # Tried and refused, waiting for the next attempt (next_attempt_at, last_error).
    retrying: list[ScheduledSend] = field(default_factory=list)
    failed: list[ScheduledSend] = field(default_factory=list)
    waiting: int = 0  # recorded, not yet tried

    @property
    def recorded(self) -> int:
        return self.sent + len(self.retrying) + len(self.failed) + self.waiting


def sends_for_meeting(meeting_id: int) -> MeetingSends:
    rows = db.session.scalars(
        select(ScheduledSend)
        .where(ScheduledSend.meeting_id == meeting_id, ScheduledSend.kind == SendKind.PAPER)
        .options(selectinload(ScheduledSend.recipient))
        .order_by(ScheduledSend.id)
    )
    sends = MeetingSends()
    for row in rows:
        if row.status is SendStatus.SENT:
            sends.sent += 1
            if sends.last_sent_at is None or row.sent_at > sends.last_sent_at:
                sends.last_sent_at = row.sent_at
        elif row.status is SendStatus.FAILED:
            sends.failed.append(row)
        elif row.attempts and row.last_error:
            sends.retrying.append(row)
        else:
            sends.waiting += 1
    return sends
