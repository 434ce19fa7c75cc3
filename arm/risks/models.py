"""The risk register (riskirekisteri): a case's risks, their assessments over time and the actions that mitigate them.

Seed [000] asks every action plan to hold "riskien arviointiin ja hallintaan liittyviä toimenpiteitä" but gives
no scoring method: likelihood × impact on two 1–5 scales is our own design (as in dedicated risk tools), and
the pages say so. The score is derived, never stored: `Risk.score` in Python and in SQL.
"""

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.core.audit import Audited
from arm.core.models import ENUM_LABELS, LabelledEnum, UTCDateTime, enum_column, utcnow
from arm.extensions import db
from arm.plans.models.actions import NamedByItsAction

if TYPE_CHECKING:
    from arm.auth.models import User
    from arm.cases.models import Case, Membership
    from arm.plans.models import Action

SCALE = range(1, 6)  # likelihood and impact, each 1–5 (our design)


class RiskCategory(LabelledEnum):
    FUNDING = "funding"
    SERVICE_TIMING = "service_timing"
    NETWORK_TRUST = "network_trust"
    LABOUR_MATCHING = "labour_matching"
    DATA_PROTECTION = "data_protection"
    COMMUNICATIONS = "communications"
    ECONOMY = "economy"
    OTHER = "other"


class RiskStatus(LabelledEnum):
    """PROPOSED: a starter risk of the case template, waiting for a coordinator to accept or discard it."""

    PROPOSED = "proposed"
    OPEN = "open"
    MITIGATING = "mitigating"
    CLOSED = "closed"
    MATERIALISED = "materialised"


# The statuses a person chooses on the risk's form; PROPOSED is only ever set by the template.
CHOSEN_STATUSES = (RiskStatus.OPEN, RiskStatus.MITIGATING, RiskStatus.CLOSED, RiskStatus.MATERIALISED)
# A risk still to be managed: on the heat map, and its review date is watched.
ACTIVE_STATUSES = (RiskStatus.OPEN, RiskStatus.MITIGATING)


class Trend(LabelledEnum):
    RISING = "rising"
    FALLING = "falling"
    STEADY = "steady"


ENUM_LABELS.update(
    {
        RiskCategory.FUNDING: _l("Rahoitus"),
        RiskCategory.SERVICE_TIMING: _l("Palveluiden ajoitus"),
        RiskCategory.NETWORK_TRUST: _l("Verkosto ja luottamus"),
        RiskCategory.LABOUR_MATCHING: _l("Työvoiman kohtaanto"),
        RiskCategory.DATA_PROTECTION: _l("Tietosuoja"),
        RiskCategory.COMMUNICATIONS: _l("Viestintä ja maine"),
        RiskCategory.ECONOMY: _l("Talous ja investoinnit"),
        RiskCategory.OTHER: _l("Muu"),
        RiskStatus.PROPOSED: _l("Ehdotettu"),
        RiskStatus.OPEN: _l("Avoin"),
        RiskStatus.MITIGATING: _l("Hallintatoimet käynnissä"),
        RiskStatus.CLOSED: _l("Suljettu"),
        RiskStatus.MATERIALISED: _l("Toteutunut"),
        Trend.RISING: _l("Nouseva"),
        Trend.FALLING: _l("Laskeva"),
        Trend.STEADY: _l("Ennallaan"),
    }
)


class Risk(Audited, db.Model):
    """A risk of the case: what may happen, how likely and how bad (1–5 each), who watches it and what is done."""

    __tablename__ = "risk"
    __table_args__ = (
        CheckConstraint("likelihood IS NULL OR likelihood BETWEEN 1 AND 5", name="likelihood_1_5"),
        CheckConstraint("impact IS NULL OR impact BETWEEN 1 AND 5", name="impact_1_5"),
        # Only a proposed starter risk is still unassessed.
        CheckConstraint("status = 'PROPOSED' OR (likelihood IS NOT NULL AND impact IS NOT NULL)", name="assessed"),
        Index("ix_risk_case_id_status", "case_id", "status"),
    )

    audit_name = _l("Riski")
    audit_fields = {
        "title": _l("Riski"),
        "description": _l("Kuvaus"),
        "category": _l("Luokka"),
        "likelihood": _l("Todennäköisyys"),
        "impact": _l("Vaikutus"),
        "owner_id": _l("Vastuuhenkilö"),
        "mitigation": _l("Hallintakeinot"),
        "status": _l("Tila"),
        "next_review_on": _l("Seuraava arviointi"),
        "template_key": _l("Mallipohjan riski"),
        "case_id": _l("Tapaus"),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[RiskCategory] = mapped_column(enum_column(RiskCategory))
    likelihood: Mapped[int | None]
    impact: Mapped[int | None]
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"), index=True)
    mitigation: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[RiskStatus] = mapped_column(enum_column(RiskStatus), default=RiskStatus.OPEN)
    # Column type named outright: a test's frozen clock may swap `date` before this module is imported.
    next_review_on: Mapped[date | None] = mapped_column(Date)
    # The starter risk of the case template this one came from ("" for the case's own): one of each per case.
    template_key: Mapped[str] = mapped_column(String(40), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    case: Mapped["Case"] = relationship("Case")
    owner: Mapped["Membership | None"] = relationship("Membership")
    action_links: Mapped[list["RiskAction"]] = relationship(
        "RiskAction", back_populates="risk", cascade="all, delete-orphan"
    )
    assessments: Mapped[list["RiskAssessment"]] = relationship(
        "RiskAssessment",
        back_populates="risk",
        cascade="all, delete-orphan",
        passive_deletes=True,  # the database deletes them with the risk
        order_by="RiskAssessment.assessed_at.desc()",
        lazy="raise",  # read through queries.assessments (one statement), never one risk at a time
    )

    @hybrid_property
    def score(self) -> int | None:
        """Likelihood × impact, 1–25 (our design); None while a proposed risk is unassessed."""
        if self.likelihood is None or self.impact is None:
            return None
        return self.likelihood * self.impact

    @score.inplace.expression
    @classmethod
    def _score_expression(cls):
        return cls.likelihood * cls.impact

    @property
    def audit_label(self) -> str:
        return self.title

    @property
    def is_proposed(self) -> bool:
        return self.status is RiskStatus.PROPOSED

    def is_review_overdue(self, today: date) -> bool:
        return self.status in ACTIVE_STATUSES and self.next_review_on is not None and self.next_review_on < today


class RiskAction(NamedByItsAction, Audited, db.Model):
    """An action of the same case that mitigates the risk."""

    __tablename__ = "risk_action"
    __table_args__ = (UniqueConstraint("risk_id", "action_id"),)
    audit_name = _l("Riskin toimenpide")
    audit_fields = {"risk_id": _l("Riski"), "action_id": _l("Toimenpide")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risk.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)

    risk: Mapped["Risk"] = relationship("Risk", back_populates="action_links")
    action: Mapped["Action"] = relationship("Action")


class RiskAssessment(db.Model):
    """One assessment of a risk's likelihood and impact, kept whenever either changes: the risk's trend and
    history. Written only by the risks service, never edited."""

    __tablename__ = "risk_assessment"
    __table_args__ = (
        CheckConstraint("likelihood BETWEEN 1 AND 5", name="likelihood_1_5"),
        CheckConstraint("impact BETWEEN 1 AND 5", name="impact_1_5"),
        Index("ix_risk_assessment_risk_id_assessed_at", "risk_id", "assessed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    risk_id: Mapped[int] = mapped_column(ForeignKey("risk.id", ondelete="CASCADE"))
    likelihood: Mapped[int]
    impact: Mapped[int]
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    assessed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    risk: Mapped["Risk"] = relationship("Risk", back_populates="assessments")
    assessed_by: Mapped["User | None"] = relationship("User")

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


def trend_of(scores: list[int]) -> Trend:
    """The trend from a risk's assessments, newest first: the last two compared; one or none is steady."""
    if len(scores) < 2 or scores[0] == scores[1]:
        return Trend.STEADY
    return Trend.RISING if scores[0] > scores[1] else Trend.FALLING


__all__ = [
    "ACTIVE_STATUSES",
    "CHOSEN_STATUSES",
    "SCALE",
    "Risk",
    "RiskAction",
    "RiskAssessment",
    "RiskCategory",
    "RiskStatus",
    "Trend",
    "trend_of",
]
