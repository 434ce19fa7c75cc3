"""A meeting's agenda items (and the backlog), their decisions, amendments to approved minutes, and a case's
agenda templates."""

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.core.audit import Audited
from arm.core.models import UTCDateTime, enum_column, utcnow
from arm.extensions import db
from arm.meetings.models.meetings import ItemKind, Meeting, Outcome, Placement

if TYPE_CHECKING:
    from arm.auth.models import User
    from arm.cases.models import Membership
    from arm.plans.models import Action


class AgendaItem(Audited, db.Model):
    """An item of a meeting's agenda, or of the case's backlog (no meeting yet).

    A generated item names what it is about (`source_key`, e.g. "action:12:status", unique within the
    meeting, so that redrafting the agenda never adds it twice) and links to it (`entity`, `entity_id`).
    """

    __tablename__ = "agenda_item"
    __table_args__ = (
        CheckConstraint("duration_minutes IS NULL OR duration_minutes BETWEEN 0 AND 720", name="duration_0_720"),
        UniqueConstraint("meeting_id", "source_key"),
        Index("ix_agenda_item_case_id_meeting_id", "case_id", "meeting_id"),
    )
    audit_name = _l("Esityslistan kohta")
    audit_fields = {
        "title": _l("Otsikko"),
        "description": _l("Kuvaus"),
        "presenter_id": _l("Esittelijä"),
        "duration_minutes": _l("Kesto"),
        "minutes": _l("Muistiinpanot"),
        "outcome": _l("Käsittelyn tulos"),
        "position": _l("Järjestys"),
        "meeting_id": _l("Kokous"),
        "case_id": _l("Tapaus"),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    kind: Mapped[ItemKind] = mapped_column(enum_column(ItemKind), default=ItemKind.MANUAL)
    # A standing item of the meeting's closing ("any other business"): new items go before these.
    closing: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    section: Mapped[str] = mapped_column(String(40), default="")  # the area that generated it
    source_key: Mapped[str | None] = mapped_column(String(80))
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[int | None]
    url: Mapped[str] = mapped_column(String(300), default="")
    presenter_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    duration_minutes: Mapped[int | None]
    minutes: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome))
    # The item of an earlier meeting this one was carried over from.
    carried_from_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    meeting: Mapped["Meeting | None"] = relationship("Meeting", back_populates="items")
    presenter: Mapped["Membership | None"] = relationship("Membership")
    decisions: Mapped[list["Decision"]] = relationship(
        "Decision", back_populates="item", cascade="all, delete-orphan", passive_deletes=True, order_by="Decision.id"
    )

    @property
    def audit_label(self) -> str:
        return self.title

    @property
    def handled(self) -> bool:
        return self.outcome in (Outcome.NOTED, Outcome.DECIDED)


class Decision(Audited, db.Model):
    """A decision recorded under an agenda item; it may have created an action, which links back to it."""

    __tablename__ = "decision"
    audit_name = _l("Päätös")
    audit_fields = {"text": _l("Päätös"), "action_id": _l("Toimenpide"), "agenda_item_id": _l("Kohta")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    action_id: Mapped[int | None] = mapped_column(ForeignKey("action.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    item: Mapped["AgendaItem"] = relationship("AgendaItem", back_populates="decisions")
    meeting: Mapped["Meeting"] = relationship("Meeting")
    action: Mapped["Action | None"] = relationship("Action")

    @property
    def audit_label(self) -> str:
        return self.text[:80]


class MinutesAmendment(Audited, db.Model):
    """A correction to approved minutes: recorded beside them, never written into them."""

    __tablename__ = "minutes_amendment"
    audit_name = _l("Muistion korjaus")
    audit_fields = {"text": _l("Korjaus"), "agenda_item_id": _l("Kohta")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped["User | None"] = relationship("User")
    item: Mapped["AgendaItem | None"] = relationship("AgendaItem")

    @property
    def audit_label(self) -> str:
        return self.text[:80]


class AgendaTemplate(Audited, db.Model):
    """A case's reusable agenda (e.g. the weekly ÄRM meeting, the subgroup meeting, the steering group)."""

    __tablename__ = "agenda_template"
    __table_args__ = (UniqueConstraint("case_id", "name"),)
    audit_name = _l("Esityslistan pohja")
    audit_fields = {"name": _l("Nimi")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    items: Mapped[list["AgendaTemplateItem"]] = relationship(
        "AgendaTemplateItem",
        back_populates="template",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(AgendaTemplateItem.position, AgendaTemplateItem.id)",
    )

    @property
    def audit_label(self) -> str:
        return self.name


class AgendaTemplateItem(db.Model):
    __tablename__ = "agenda_template_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(ForeignKey("agenda_template.id", ondelete="CASCADE"), index=True)
    placement: Mapped[Placement] = mapped_column(enum_column(Placement), default=Placement.START)
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(300))
    duration_minutes: Mapped[int | None]

    template: Mapped["AgendaTemplate"] = relationship("AgendaTemplate", back_populates="items")
