"""Subgroups (alatyöryhmät) and the plan's own settings."""

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.cases.models import member_names
from arm.core.audit import Audited
from arm.core.models import enum_column
from arm.extensions import db
from arm.plans.models.enums import MeetingRhythm, ProgressRollup

if TYPE_CHECKING:
    from arm.cases.models import Case, Membership


class Subgroup(Audited, db.Model):
    """A working group of the network (alatyöryhmä); the crisis group is one with `is_crisis_group`."""

    __tablename__ = "subgroup"
    audit_name = _l("Alatyöryhmä")
    audit_fields = {
        "name": _l("Nimi"),
        "purpose": _l("Tarkoitus"),
        "is_crisis_group": _l("Kriisityöryhmä"),
        "position": _l("Järjestys"),
        "chair_id": _l("Puheenjohtaja"),
        "rhythm": _l("Kokoontumisrytmi"),
        "case_id": _l("Tapaus"),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    is_crisis_group: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    rhythm: Mapped[MeetingRhythm | None] = mapped_column(enum_column(MeetingRhythm))

    case: Mapped["Case"] = relationship("Case")
    chair: Mapped["Membership | None"] = relationship("Membership", foreign_keys=[chair_id])
    members: Mapped[list["SubgroupMember"]] = relationship(
        "SubgroupMember", back_populates="subgroup", cascade="all, delete-orphan"
    )

    @property
    def audit_label(self) -> str:
        return self.name

    def has_member(self, user_id: int) -> bool:
        """Whether the person chairs the subgroup or is one of its current members."""
        return (self.chair is not None and self.chair.user_id == user_id) or any(
            m.membership.user_id == user_id and m.membership.is_current for m in self.members
        )

    @property
    def current_members(self) -> list["SubgroupMember"]:
        return [m for m in self.members if m.membership.is_current]


class SubgroupMember(Audited, db.Model):
    __tablename__ = "subgroup_member"
    __table_args__ = (UniqueConstraint("subgroup_id", "membership_id"),)
    audit_name = _l("Alatyöryhmän jäsen")
    audit_fields = {"subgroup_id": _l("Alatyöryhmä"), "membership_id": _l("Jäsenyys")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    subgroup_id: Mapped[int] = mapped_column(ForeignKey("subgroup.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"), index=True)

    subgroup: Mapped["Subgroup"] = relationship("Subgroup", back_populates="members")
    membership: Mapped["Membership"] = relationship("Membership")

    @property
    def audit_label(self) -> str:
        return self.membership.user.name if self.membership else f"#{self.membership_id}"

    @classmethod
    def audit_facts(cls, connection, rows):
        people = member_names(connection, [r.membership_id for r in rows])
        return [(r.case_id, people.get(r.membership_id, (None, f"#{r.membership_id}"))[1]) for r in rows]


class PlanSettings(Audited, db.Model):
    """How a case reads its plan. A case without a row uses the defaults."""

    __tablename__ = "plan_settings"
    audit_name = _l("Suunnitelman asetukset")
    audit_fields = {"progress_rollup": _l("Edistymisen laskutapa")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), unique=True)
    progress_rollup: Mapped[ProgressRollup] = mapped_column(enum_column(ProgressRollup), default=ProgressRollup.AVERAGE)

    audit_label_is_translated = True

    audit_name_column = "progress_rollup"

    @classmethod
    def audit_name_text(cls, name, detail):
        rollup = ProgressRollup.__members__.get(name)
        return rollup.label if rollup else name

    @property
    def is_budget_weighted(self) -> bool:
        return self.progress_rollup is ProgressRollup.BUDGET_WEIGHTED

    @property
    def audit_label(self) -> str:
        return self.progress_rollup.label
