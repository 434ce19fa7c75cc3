"""Progress reports (seurantaraportti) for the ministry and the funders, and a case's report template.

The seeds fix no format: a report is a chosen, ordered set of sections (each area provides its own through
`CasePart.report_sections`), each with the figures its area builds and the coordinator's narrative. A draft's
figures are built afresh whenever it is read; on submission every section's figures are frozen into
`snapshot` (the documented JSON schema `docs/report-schema.md`, version `schema_version`), and from then on
the report is read from the snapshot alone, so that it never changes when the data does.
"""

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.core.audit import Audited
from arm.core.models import ENUM_LABELS, LabelledEnum, UTCDateTime, enum_column, utcnow
from arm.extensions import db

if TYPE_CHECKING:
    from arm.auth.models import User


class ReportStatus(LabelledEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


ENUM_LABELS.update({ReportStatus.DRAFT: _l("Luonnos"), ReportStatus.SUBMITTED: _l("Lähetetty")})


class Report(Audited, db.Model):
    __tablename__ = "report"
    __table_args__ = (
        UniqueConstraint("case_id", "number"),
        CheckConstraint("period_start <= period_end", name="period_in_order"),
    )
    audit_name = _l("Seurantaraportti")
    audit_fields = {
        "title": _l("Otsikko"),
        "period_start": _l("Kausi alkaa"),
        "period_end": _l("Kausi päättyy"),
        "status": _l("Tila"),
        "sections": _l("Osiot"),
        "submitted_at": _l("Lähetetty"),
    }
    audit_ignore = frozenset({"snapshot"})

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    period_start: Mapped[date]
    period_end: Mapped[date]
    status: Mapped[ReportStatus] = mapped_column(enum_column(ReportStatus), default=ReportStatus.DRAFT)
    # The chosen sections' keys, in order.
    sections: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Written once, on submission: {"schema_version": N, "sections": [...], ...}; None while a draft.
    snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # The submitted report this one was opened from as a new version, if any.
    based_on_id: Mapped[int | None] = mapped_column(ForeignKey("report.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    submitted_by: Mapped["User | None"] = relationship("User", foreign_keys=[submitted_by_id])
    based_on: Mapped["Report | None"] = relationship("Report", remote_side=[id])
    narratives: Mapped[list["ReportNarrative"]] = relationship(
        "ReportNarrative", back_populates="report", cascade="all, delete-orphan"
    )

    @property
    def audit_label(self) -> str:
        return self.title

    @property
    def is_submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED


class ReportNarrative(Audited, db.Model):
    """The coordinator's text (Markdown) for one section of a report, beside the section's figures."""

    __tablename__ = "report_narrative"
    __table_args__ = (UniqueConstraint("report_id", "section_key"),)
    audit_name = _l("Raportin osion teksti")
    audit_fields = {"section_key": _l("Osio"), "text": _l("Teksti")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    section_key: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    report: Mapped["Report"] = relationship("Report", back_populates="narratives")

    @property
    def audit_label(self) -> str:
        return self.section_key


class ReportTemplate(Audited, db.Model):
    """A case's saved choice and order of report sections, which its new reports start from."""

    __tablename__ = "report_template"
    audit_name = _l("Raporttipohja")
    audit_fields = {"sections": _l("Osiot")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), unique=True)
    sections: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    @property
    def audit_label(self) -> str:
        return str(_l("Raporttipohja"))
