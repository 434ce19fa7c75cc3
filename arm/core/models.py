"""Column types and the audit event model shared by every area."""

import enum
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from flask_babel import get_locale
from sqlalchemy import JSON, BigInteger, DateTime, Enum, ForeignKey, Index, String, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today, looked up at each call (a column or form default that must follow a test's frozen clock)."""
    return date.today()


# Every LabelledEnum member's name in the UI (lazy translations), filled in by the areas' models.
ENUM_LABELS: dict[enum.Enum, Any] = {}


class LabelledEnum(enum.Enum):
    """An enum whose members carry a translatable label for the UI."""

    @property
    def label(self) -> str:
        return _label_in(self, get_locale())


# A label looked up again for every row of a list cost as much as the rest of the row; the catalogues are fixed
# while the process runs, so each member's label is translated once per language.
@cache
def _label_in(member: enum.Enum, language) -> str:
    return str(ENUM_LABELS.get(member, member.name))


def enum_column(enum_class: type[enum.Enum]) -> Enum:
    """Enums are stored by member name in a plain string column, the same on SQLite and PostgreSQL."""
    return Enum(enum_class, native_enum=False, length=30)


class Amount(TypeDecorator):
    """Exact amounts with two decimals (euros, hours, m²), stored as hundredths: exact and summable in SQL."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        cents = Decimal(value) * 100
        if cents != cents.to_integral_value():
            raise ValueError("an amount has at most two decimals")
        return int(cents)

    def process_result_value(self, value, dialect):
        return None if value is None else (Decimal(value) / 100).quantize(Decimal("0.01"))


class Measure(TypeDecorator):
    """Exact statistics with at most four decimals (rates, shares, counts), stored as ten-thousandths."""

    impl = BigInteger
    cache_ok = True
    SCALE = 10_000

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        scaled = Decimal(value) * self.SCALE
        if scaled != scaled.to_integral_value():
            raise ValueError("a measure has at most four decimals")
        return int(scaled)

    def process_result_value(self, value, dialect):
        return None if value is None else (Decimal(value) / self.SCALE).normalize() + 0


class UTCDateTime(TypeDecorator):
    """Stores UTC and always hands back timezone-aware datetimes, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class AuditEvent(db.Model):
    """One create, update or delete of an audited row. Written by the flush hook, never by a form."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_event_case_id_at_id", "case_id", "at", "id"),  # the history, newest first
        # The history's filters (what kinds of row and which people a case's events hold: distinct_values),
        # and one row's history, newest first.
        Index("ix_audit_event_case_id_entity", "case_id", "entity", "entity_id", "at", "id"),
        Index("ix_audit_event_case_id_actor_id", "case_id", "actor_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    entity: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int | None]
    label: Mapped[str] = mapped_column(String(300), default="")
    action: Mapped[str] = mapped_column(String(10))  # create, update, delete
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped["User | None"] = relationship("User", lazy="raise")  # noqa: F821 - core names no area

    def __repr__(self) -> str:
        return f"<AuditEvent {self.action} {self.entity}#{self.entity_id}>"
