"""The plan's objectives (tavoitteet) and its approved versions.

Seed 000 (section 3) asks the network to make the plan concrete with "tavoitteet, painotukset ja
aikataulutus"; an objective is a goal statement with an optional measurable target and deadline, served
by actions of the same case. A plan version is the plan as a coordinator approved it at a date: a frozen
copy of its actions and objectives, kept so that later revisions can be compared with it.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.core.audit import Audited
from arm.core.history import Hidden, Number
from arm.core.models import ENUM_LABELS, Amount, LabelledEnum, UTCDateTime, enum_column, utcnow
from arm.extensions import db
from arm.plans.models.actions import Action, NamedByItsAction

if TYPE_CHECKING:
    from arm.auth.models import User
    from arm.cases.models import Case


class ObjectiveKind(LabelledEnum):
    """What an objective measures. A job target is the one the job ledger (issue 13) will attach to."""

    GENERAL = "general"
    JOB_TARGET = "job_target"


class ObjectivePriority(LabelledEnum):
    """The plan's emphases (painotukset): a main objective or a supporting one. Our own design."""

    MAIN = "main"
    SUPPORTING = "supporting"


ENUM_LABELS.update(
    {
        ObjectiveKind.GENERAL: _l("Yleinen tavoite"),
        ObjectiveKind.JOB_TARGET: _l("Työpaikkatavoite"),
        ObjectivePriority.MAIN: _l("Päätavoite"),
        ObjectivePriority.SUPPORTING: _l("Tukeva tavoite"),
    }
)

# The largest target an objective takes: far above any case, small enough to stay exact.
LARGEST_TARGET = Decimal(1_000_000_000)


class Objective(Audited, db.Model):
    """A goal of the plan, with an optional measurable target (a number and its unit) and deadline.

    The job ledger to come (issue 13: JobTarget / JobEntry) attaches to an objective of kind
    `JOB_TARGET`: its entries will point at the objective's id, and the progress towards `target_value`
    will be computed from those entries, never typed here. Other objectives show the progress of the
    actions that serve them.
    """

    __tablename__ = "objective"
    __table_args__ = (CheckConstraint("target_value IS NULL OR target_value >= 0", name="target_not_negative"),)
    audit_name = _l("Tavoite")
    audit_fields = {
        "title": _l("Tavoite"),
        "description": _l("Kuvaus"),
        "kind": _l("Laji"),
        "priority": _l("Painotus"),
        "target_value": _l("Mitattava tavoite"),
        "target_unit": _l("Yksikkö"),
        "deadline": _l("Määräaika"),
        "case_id": _l("Tapaus"),
    }
    audit_reads = {"target_value": Number()}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[ObjectiveKind] = mapped_column(enum_column(ObjectiveKind), default=ObjectiveKind.GENERAL)
    priority: Mapped[ObjectivePriority] = mapped_column(enum_column(ObjectivePriority), default=ObjectivePriority.MAIN)
    target_value: Mapped[Decimal | None] = mapped_column(Amount)
    target_unit: Mapped[str] = mapped_column(String(100), default="")
    deadline: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    case: Mapped["Case"] = relationship("Case")
    action_links: Mapped[list["ObjectiveAction"]] = relationship(
        "ObjectiveAction", back_populates="objective", cascade="all, delete-orphan"
    )

    @property
    def audit_label(self) -> str:
        return self.title


class ObjectiveAction(NamedByItsAction, Audited, db.Model):
    """An action that serves an objective; both are of the same case."""

    __tablename__ = "objective_action"
    __table_args__ = (UniqueConstraint("objective_id", "action_id"),)
    audit_name = _l("Tavoitteen toimenpide")
    audit_fields = {"objective_id": _l("Tavoite"), "action_id": _l("Toimenpide")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    objective_id: Mapped[int] = mapped_column(ForeignKey("objective.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)

    objective: Mapped["Objective"] = relationship("Objective", back_populates="action_links")
    action: Mapped["Action"] = relationship("Action")


class PlanVersion(Audited, db.Model):
    """The plan as approved (hyväksytty) at a date: who approved it and a frozen copy of its content.

    `snapshot` is written once, at approval (see `plans.versions.plan_snapshot`), and never changed:
    {"actions": [...], "objectives": [...]}, each action with the fields of ACTION_FIELDS, its id and the
    names of its subgroup, owner and owner organisation as text, so that it reads the same after they
    are renamed or removed.
    """

    __tablename__ = "plan_version"
    __table_args__ = (UniqueConstraint("case_id", "number"),)
    audit_name = _l("Suunnitelman versio")
    audit_fields = {
        "number": _l("Versio"),
        "approved_on": _l("Hyväksytty"),
        "approved_by_id": _l("Hyväksyjä"),
        "note": _l("Huomio"),
        "case_id": _l("Tapaus"),
    }
    # The frozen copy is the plan itself, shown on the version's pages: the history only names the version.
    audit_ignore = frozenset({"snapshot"})
    audit_reads = {"created_at": Hidden()}
    audit_label_is_translated = True
    audit_name_column = "number"  # the history reads "Versio 2" again in the reader's language

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    approved_on: Mapped[date]
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    approved_by: Mapped["User | None"] = relationship("User")

    @property
    def audit_label(self) -> str:
        return str(_l("Versio %(number)s", number=self.number))

    @classmethod
    def audit_name_text(cls, name, detail) -> str:
        return str(_l("Versio %(number)s", number=name))
