"""The plan's proposal for state funding: a list of funding requests, not a kind of action.

TEM's model of the regional plan ends with a proposal for state funding beside the four kinds of
measures (seed 000, section 3); each request says what it is for, which measures it serves, how much
is asked from which ministry or programme, and what was decided.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.core.audit import Audited
from arm.core.history import Choice, Money
from arm.core.models import ENUM_LABELS, Amount, LabelledEnum, UTCDateTime, enum_column, utcnow
from arm.extensions import db
from arm.plans.models.actions import Action, NamedByItsAction
from arm.plans.models.enums import ActionStatus, Funder
from arm.plans.models.projects import Grant

if TYPE_CHECKING:
    from arm.cases.models import Case


class FundingRequestStatus(LabelledEnum):
    DRAFTED = "drafted"
    SUBMITTED = "submitted"
    GRANTED_IN_PART = "granted_in_part"
    GRANTED = "granted"
    REFUSED = "refused"


ENUM_LABELS.update(
    {
        FundingRequestStatus.DRAFTED: _l("Luonnos"),
        FundingRequestStatus.SUBMITTED: _l("Jätetty"),
        FundingRequestStatus.GRANTED_IN_PART: _l("Myönnetty osittain"),
        FundingRequestStatus.GRANTED: _l("Myönnetty"),
        FundingRequestStatus.REFUSED: _l("Hylätty"),
    }
)

# Statuses that say the funder has decided.
DECIDED_STATUSES = (FundingRequestStatus.GRANTED_IN_PART, FundingRequestStatus.GRANTED, FundingRequestStatus.REFUSED)

# The fields a funding request's form sets.
REQUEST_FIELDS = (
    "title",
    "description",
    "funder",
    "programme",
    "amount_asked",
    "status",
    "amount_granted",
    "decided_on",
    "notes",
)


class _StatusReading(Choice):
    """A request's status; the events moved from a STATE_FUNDING action (migration 0007) record the action's."""

    def member(self, value):
        return super().member(value) or Choice(ActionStatus).member(value)


_REQUEST_AUDIT_FIELDS = {
    "title": _l("Mihin"),
    "description": _l("Kuvaus"),
    "funder": _l("Rahoittaja"),
    "programme": _l("Ohjelma"),
    "amount_asked": _l("Haettu (€)"),
    "status": _l("Tila"),
    "amount_granted": _l("Myönnetty (€)"),
    "decided_on": _l("Päätöspäivä"),
    "notes": _l("Huomiot"),
    "case_id": _l("Tapaus"),
}


class FundingRequest(Audited, db.Model):
    """One request of the plan's state-funding proposal (valtion rahoitusehdotus)."""

    __tablename__ = "funding_request"
    __table_args__ = (
        CheckConstraint("amount_asked IS NULL OR amount_asked >= 0", name="asked_not_negative"),
        CheckConstraint("amount_granted IS NULL OR amount_granted >= 0", name="granted_not_negative"),
    )
    audit_name = _l("Rahoituspyyntö")
    # A request moved from a STATE_FUNDING action (migration 0007) carries that action's history, whose
    # events name the action's fields: they keep the action's names.
    audit_fields = {
        **{k: v for k, v in Action.audit_fields.items() if k not in _REQUEST_AUDIT_FIELDS},
        **_REQUEST_AUDIT_FIELDS,
    }
    audit_reads = {
        **Action.audit_reads,
        "amount_asked": Money(),
        "amount_granted": Money(),
        "status": _StatusReading(FundingRequestStatus),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    funder: Mapped[Funder | None] = mapped_column(enum_column(Funder))  # None: not chosen yet
    programme: Mapped[str] = mapped_column(String(200), default="")  # the ministry's programme, if named
    amount_asked: Mapped[Decimal | None] = mapped_column(Amount)
    status: Mapped[FundingRequestStatus] = mapped_column(
        enum_column(FundingRequestStatus), default=FundingRequestStatus.DRAFTED
    )
    amount_granted: Mapped[Decimal | None] = mapped_column(Amount)
    decided_on: Mapped[date | None]
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    case: Mapped["Case"] = relationship("Case")
    action_links: Mapped[list["FundingRequestAction"]] = relationship(
        "FundingRequestAction", back_populates="request", cascade="all, delete-orphan"
    )
    grant_links: Mapped[list["FundingRequestGrant"]] = relationship(
        "FundingRequestGrant", back_populates="request", cascade="all, delete-orphan"
    )

    @property
    def audit_label(self) -> str:
        return self.title

    @property
    def granted_more_than_asked(self) -> bool:
        """Allowed (a funder may give more), but worth a second look."""
        if self.amount_granted is None or self.amount_asked is None:
            return False
        return self.amount_granted > self.amount_asked


class FundingRequestAction(NamedByItsAction, Audited, db.Model):
    __tablename__ = "funding_request_action"
    __table_args__ = (UniqueConstraint("request_id", "action_id"),)
    audit_name = _l("Rahoituspyynnön toimenpide")
    audit_fields = {"request_id": _l("Rahoituspyyntö"), "action_id": _l("Toimenpide")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("funding_request.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)

    request: Mapped["FundingRequest"] = relationship("FundingRequest", back_populates="action_links")
    action: Mapped["Action"] = relationship("Action")


class FundingRequestGrant(Audited, db.Model):
    """A grant that realised the request (a project's funding from the funder asked)."""

    __tablename__ = "funding_request_grant"
    __table_args__ = (UniqueConstraint("request_id", "grant_id"),)
    audit_name = _l("Rahoituspyynnön rahoitus")
    audit_fields = {"request_id": _l("Rahoituspyyntö"), "grant_id": _l("Rahoitus")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("funding_request.id", ondelete="CASCADE"), index=True)
    grant_id: Mapped[int] = mapped_column(ForeignKey("project_grant.id", ondelete="CASCADE"), index=True)

    request: Mapped["FundingRequest"] = relationship("FundingRequest", back_populates="grant_links")
    grant: Mapped["Grant"] = relationship("Grant")

    @property
    def audit_label(self) -> str:
        return f"#{self.grant_id}"
