"""The situation picture (tilannekuva): employment indicators by area and month, and their imports.

Seed 000 makes an up-to-date situation picture central to knowledge-based management; seeds 001, 003 and 004
follow TEM's employment service statistics month by month and by municipality. An indicator is either one of
the catalogue's (`arm.situation.catalogue`, `key` names it, the name comes from the catalogue in the
reader's language) or one a coordinator added with its own name, unit and source. A value is one figure of
one indicator for one area in one month; areas are named by Statistics Finland's codes (`SSS` the whole
country, `KU240` Kemi, `MK19` Lapland …).
"""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.core.audit import Audited
from arm.core.models import ENUM_LABELS, LabelledEnum, Measure, UTCDateTime, enum_column, utcnow
from arm.extensions import db

if TYPE_CHECKING:
    from arm.auth.models import User


class ThresholdDirection(LabelledEnum):
    """When a value raises the early-warning flag: at or above the threshold, or at or below it."""

    ABOVE = "above"
    BELOW = "below"


class ImportFormat(LabelledEnum):
    CSV = "csv"
    PXWEB = "pxweb"  # a JSON-stat 2 response of Statistics Finland's PxWeb API, uploaded or fetched


ENUM_LABELS.update(
    {
        ThresholdDirection.ABOVE: _l("Vähintään"),
        ThresholdDirection.BELOW: _l("Enintään"),
        ImportFormat.CSV: _l("CSV-tiedosto"),
        ImportFormat.PXWEB: _l("Tilastokeskuksen PxWeb (JSON-stat 2)"),
    }
)


class Indicator(Audited, db.Model):
    """An indicator a case follows: one of the catalogue's (`key` set) or its own (`key` "custom-…", name set)."""

    __tablename__ = "indicator"
    __table_args__ = (UniqueConstraint("case_id", "key"),)
    audit_name = _l("Indikaattori")
    audit_fields = {
        "key": _l("Tunnus"),
        "name": _l("Nimi"),
        "unit": _l("Yksikkö"),
        "source": _l("Lähde"),
        "threshold": _l("Hälytysraja"),
        "threshold_direction": _l("Hälytyksen suunta"),
        "threshold_area": _l("Hälytysrajan alue"),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(200), default="")  # a custom indicator's; "" for the catalogue's
    unit: Mapped[str] = mapped_column(String(60), default="")
    source: Mapped[str] = mapped_column(String(300), default="")
    # The early-warning threshold: the flag rises when the latest value of `threshold_area` (or of any of the
    # case's areas, when "") is at or above / at or below it.
    threshold: Mapped[Decimal | None] = mapped_column(Measure)
    threshold_direction: Mapped[ThresholdDirection] = mapped_column(
        enum_column(ThresholdDirection), default=ThresholdDirection.ABOVE
    )
    threshold_area: Mapped[str] = mapped_column(String(10), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def audit_label(self) -> str:
        return self.name or self.key


class IndicatorImport(db.Model):
    """One import into a case's situation picture: what came in, from where, and its validation report."""

    __tablename__ = "indicator_import"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    format: Mapped[ImportFormat] = mapped_column(enum_column(ImportFormat))
    filename: Mapped[str] = mapped_column(String(300), default="")  # or the PxWeb URL fetched
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    unchanged: Mapped[int] = mapped_column(default=0)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    imported_by: Mapped["User | None"] = relationship("User")


class IndicatorValue(db.Model):
    """One figure: an indicator's value for an area in a month (`month` is the month's first day)."""

    __tablename__ = "indicator_value"
    __table_args__ = (
        UniqueConstraint("indicator_id", "area_code", "month"),
        Index("ix_indicator_value_case_month", "case_id", "month"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"))
    indicator_id: Mapped[int] = mapped_column(ForeignKey("indicator.id", ondelete="CASCADE"))
    area_code: Mapped[str] = mapped_column(String(10))
    month: Mapped[date]
    value: Mapped[Decimal | None] = mapped_column(Measure)  # None: suppressed or not published
    source: Mapped[str] = mapped_column(String(300), default="")
    import_id: Mapped[int | None] = mapped_column(ForeignKey("indicator_import.id", ondelete="SET NULL"), index=True)
    note: Mapped[str] = mapped_column(Text, default="")

    indicator: Mapped["Indicator"] = relationship("Indicator")
