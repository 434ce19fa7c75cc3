"""Actions of the plan, their progress updates and followers, and who among the members may update them."""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, or_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.cases.models import Membership
from arm.core.audit import Audited, facts_named_by
from arm.core.history import Choices, Hidden, Money
from arm.core.models import Amount, UTCDateTime, enum_column, utcnow
from arm.core.permissions import request_cached
from arm.extensions import db
from arm.plans.models.enums import (
    FINISHED_STATUSES,
    ActionCategory,
    ActionStatus,
    Funder,
    Horizon,
    TargetGroup,
)
from arm.plans.models.subgroups import Subgroup, SubgroupMember

if TYPE_CHECKING:
    from arm.auth.models import User
    from arm.cases.models import Case, Organisation
    from arm.plans.models.resources import ActionResource

# The fields of an action that its form and the spreadsheet import set; one list for both.
ACTION_FIELDS = (
    "title",
    "description",
    "category",
    "horizon",
    "subgroup_id",
    "owner_organisation_id",
    "owner_id",
    "starts_on",
    "due_on",
    "status",
    "progress",
    "target_group",
    "expected_jobs",
    "budget",
)


def _current_membership_ids(case_id: int, user_id: int):
    return Membership.current_of(case_id, user_id).with_only_columns(Membership.id)


def member_subgroup_ids(case_id: int, user_id: int):
    """The subgroups a person belongs to or chairs, as a subquery."""
    mine = _current_membership_ids(case_id, user_id)
    return (
        select(SubgroupMember.subgroup_id)
        .where(SubgroupMember.membership_id.in_(mine))
        .union(select(Subgroup.id).where(Subgroup.chair_id.in_(mine)))
    )


def actions_member_may_update(case_id: int, user_id: int) -> set[int]:
    """Ids of the actions a member may update: their own and their subgroups'. One query per request."""

    def compute() -> set[int]:
        mine = _current_membership_ids(case_id, user_id)
        return set(
            db.session.scalars(
                select(Action.id).where(
                    Action.case_id == case_id,
                    or_(Action.owner_id.in_(mine), Action.subgroup_id.in_(member_subgroup_ids(case_id, user_id))),
                )
            )
        )

    return request_cached(("member_actions", case_id, user_id), compute)


def member_organisation_id(case_id: int, user_id: int) -> int | None:
    """The organisation a person represents in the case. One query per request."""
    return request_cached(
        ("member_organisation", case_id, user_id),
        lambda: db.session.scalar(
            select(Membership.organisation_id).where(Membership.id.in_(_current_membership_ids(case_id, user_id)))
        ),
    )


def funders_named(funding_sources: str) -> list[Funder]:
    """The funders in an action's stored `funding_sources`; names no longer in `Funder` are skipped."""
    return [Funder[name] for name in funding_sources.split(",") if name in Funder.__members__]


class Action(Audited, db.Model):
    """A measure of the action plan (toimenpide)."""

    __tablename__ = "action"
    __table_args__ = (
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_range"),
        CheckConstraint("budget IS NULL OR budget >= 0", name="budget_not_negative"),
    )
    audit_name = _l("Toimenpide")
    audit_fields = {
        "title": _l("Otsikko"),
        "description": _l("Kuvaus"),
        "category": _l("Luokka"),
        "horizon": _l("Aikajänne"),
        "subgroup_id": _l("Alatyöryhmä"),
        "owner_organisation_id": _l("Vastuuorganisaatio"),
        "owner_id": _l("Vastuuhenkilö"),
        "starts_on": _l("Alkaa"),
        "due_on": _l("Valmis viimeistään"),
        "status": _l("Tila"),
        "progress": _l("Edistyminen (%)"),
        "target_group": _l("Kohderyhmä"),
        "expected_jobs": _l("Odotetut uudet työpaikat"),
        "budget": _l("Budjetti (€)"),
        "funding_sources": _l("Rahoituslähteet"),
        "case_id": _l("Tapaus"),
    }
    audit_reads = {"budget": Money(), "funding_sources": Choices(Funder)}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[ActionCategory] = mapped_column(enum_column(ActionCategory))
    horizon: Mapped[Horizon] = mapped_column(enum_column(Horizon))
    subgroup_id: Mapped[int | None] = mapped_column(ForeignKey("subgroup.id", ondelete="SET NULL"), index=True)
    owner_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"), index=True)
    starts_on: Mapped[date | None]
    due_on: Mapped[date | None]
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus), default=ActionStatus.PLANNED)
    progress: Mapped[int] = mapped_column(default=0)
    target_group: Mapped[TargetGroup] = mapped_column(enum_column(TargetGroup))
    expected_jobs: Mapped[int | None]
    budget: Mapped[Decimal | None] = mapped_column(Amount)
    # Funders as a comma-separated list of Funder names: few values, always read with the action.
    funding_sources: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    case: Mapped["Case"] = relationship("Case")
    subgroup: Mapped["Subgroup | None"] = relationship("Subgroup")
    owner_organisation: Mapped["Organisation | None"] = relationship("Organisation")
    owner: Mapped["Membership | None"] = relationship("Membership", foreign_keys=[owner_id])
    updates: Mapped[list["ActionUpdate"]] = relationship(
        "ActionUpdate", back_populates="action", cascade="all, delete-orphan", order_by="ActionUpdate.at.desc()"
    )
    resource_uses: Mapped[list["ActionResource"]] = relationship(
        "ActionResource", back_populates="action", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Action {self.title}>"

    @property
    def audit_label(self) -> str:
        return self.title

    def member_may(self, permission: str, user) -> bool:
        """Members update the actions they own and those of their subgroups (see core.permissions)."""
        return permission == "action.update" and self.id in actions_member_may_update(self.case_id, user.id)

    @property
    def is_overdue(self) -> bool:
        return self.due_on is not None and self.due_on < date.today() and self.status not in FINISHED_STATUSES

    @property
    def funders(self) -> list[Funder]:
        return funders_named(self.funding_sources)

    @funders.setter
    def funders(self, funders: list[Funder]) -> None:
        self.funding_sources = ",".join(f.name for f in dict.fromkeys(funders))


class ActionUpdate(Audited, db.Model):
    """One change of an action's status or progress, with its author and note: the action's timeline."""

    __tablename__ = "action_update"
    # The latest updates of a case (the dashboard, the feed), newest first, without sorting all of them.
    __table_args__ = (Index("ix_action_update_case_id_at_id", "case_id", "at", "id"),)
    audit_name = _l("Edistymispäivitys")
    audit_fields = {
        "old_status": _l("Tila ennen"),
        "new_status": _l("Tila"),
        "old_progress": _l("Edistyminen ennen"),
        "new_progress": _l("Edistyminen (%)"),
        "note": _l("Huomio"),
        "action_id": _l("Toimenpide"),
    }
    # The event already says who made the update and when.
    audit_reads = {"author_id": Hidden(), "at": Hidden()}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    old_status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus))
    new_status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus))
    old_progress: Mapped[int]
    new_progress: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")

    action: Mapped["Action"] = relationship("Action", back_populates="updates")
    author: Mapped["User | None"] = relationship("User")

    @property
    def audit_label(self) -> str:
        return f"{self.old_progress} % → {self.new_progress} %"

    def member_may(self, permission: str, user) -> bool:
        """The author of a progress note may correct or redact it; beyond them only coordinators."""
        return permission == "update.correct" and self.author_id == user.id


class ActionFollower(db.Model):
    """Someone who wants to see an action's changes in their feed. A personal setting, not audited."""

    __tablename__ = "action_follower"
    __table_args__ = (UniqueConstraint("action_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)


class NamedByItsAction:
    """A row that links something to an action (a project, an objective, a funding request): the history
    names it by the action's title."""

    @property
    def audit_label(self) -> str:
        return self.action.title if self.action else f"#{self.action_id}"

    @classmethod
    def audit_facts(cls, connection, rows):
        return facts_named_by(connection, rows, "action_id", Action.id, Action.title)
