"""The send ledger: one row per scheduled e-mail (a meeting's paper to one invitee, one person's weekly
digest), written and committed before the mail goes out, so that however many schedulers run, each is sent
exactly once. The design is our own (issue 12, points 5 and 6).

`key` names what is sent and to whom ("paper:meeting:12:2026-06-22T10:00:00+00:00:user:5",
"digest:user:5:2026-W25") and is unique: a second scheduler that tries to record the same send gets an
IntegrityError and leaves it to the first. A sender takes a row by moving `claimed_until` forward in one
conditional UPDATE; a sender that dies leaves the lease to run out, and the row is sent by the next sweep.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.core.models import ENUM_LABELS, LabelledEnum, UTCDateTime, enum_column, utcnow
from arm.extensions import db


class SendKind(LabelledEnum):
    PAPER = "paper"
    DIGEST = "digest"


class SendStatus(LabelledEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


ENUM_LABELS.update(
    {
        SendKind.PAPER: _l("Esityslista"),
        SendKind.DIGEST: _l("Viikkokooste"),
        SendStatus.PENDING: _l("Odottaa lähetystä"),
        SendStatus.SENT: _l("Lähetetty"),
        SendStatus.FAILED: _l("Lähetys epäonnistui"),
    }
)


class ScheduledSend(db.Model):
    __tablename__ = "scheduled_send"
    __table_args__ = (Index("ix_scheduled_send_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[SendKind] = mapped_column(enum_column(SendKind))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    status: Mapped[SendStatus] = mapped_column(enum_column(SendStatus), default=SendStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The SMTP server's last answer, shown to the case's coordinators.
    last_error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    recipient = relationship("User")


__all__ = ["ScheduledSend", "SendKind", "SendStatus"]
