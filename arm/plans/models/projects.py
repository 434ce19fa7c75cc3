"""Projects (hankkeet) that carry out actions, their implementers and their grants."""

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, or_
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.cases.models import Organisation
from arm.core.audit import Audited, facts_named_by
from arm.core.history import Money
from arm.core.models import Amount, enum_column
from arm.extensions import db
from arm.plans.models.actions import Action, NamedByItsAction
from arm.plans.models.enums import Funder

if TYPE_CHECKING:
    from arm.cases.models import Case


class Project(Audited, db.Model):
    """A funded project (hanke) that carries out actions of the plan."""

    __tablename__ = "project"
    audit_name = _l("Hanke")
    audit_fields = {
        "name": _l("Nimi"),
        "description": _l("Kuvaus"),
        "results": _l("Tulokset"),
        "starts_on": _l("Alkaa"),
        "ends_on": _l("Päättyy"),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    results: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]

    case: Mapped["Case"] = relationship("Case")
    implementers: Mapped[list["ProjectImplementer"]] = relationship(
        "ProjectImplementer", back_populates="project", cascade="all, delete-orphan"
    )
    action_links: Mapped[list["ProjectAction"]] = relationship(
        "ProjectAction", back_populates="project", cascade="all, delete-orphan"
    )
    grants: Mapped[list["Grant"]] = relationship(
        "Grant", back_populates="project", cascade="all, delete-orphan", order_by="Grant.id"
    )

    @property
    def audit_label(self) -> str:
        return self.name


class ProjectImplementer(Audited, db.Model):
    __tablename__ = "project_implementer"
    __table_args__ = (UniqueConstraint("project_id", "organisation_id"),)
    audit_name = _l("Hankkeen toteuttaja")
    audit_fields = {"project_id": _l("Hanke"), "organisation_id": _l("Organisaatio")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)

    project: Mapped["Project"] = relationship("Project", back_populates="implementers")
    organisation: Mapped["Organisation"] = relationship("Organisation")

    @property
    def audit_label(self) -> str:
        return self.organisation.name if self.organisation else f"#{self.organisation_id}"

    @classmethod
    def audit_facts(cls, connection, rows):
        return facts_named_by(connection, rows, "organisation_id", Organisation.id, Organisation.name)


class ProjectAction(NamedByItsAction, Audited, db.Model):
    __tablename__ = "project_action"
    __table_args__ = (UniqueConstraint("project_id", "action_id"),)
    audit_name = _l("Hankkeen toimenpide")
    audit_fields = {"project_id": _l("Hanke"), "action_id": _l("Toimenpide")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)

    project: Mapped["Project"] = relationship("Project", back_populates="action_links")
    action: Mapped["Action"] = relationship("Action")


class Grant(Audited, db.Model):
    """Funding granted to a project by one funder."""

    __tablename__ = "project_grant"
    __table_args__ = (
        CheckConstraint("amount_granted IS NULL OR amount_granted >= 0", name="granted_not_negative"),
        CheckConstraint("amount_used >= 0", name="used_not_negative"),
    )
    audit_name = _l("Rahoitus")
    audit_fields = {
        "funder": _l("Rahoittaja"),
        "amount_granted": _l("Myönnetty (€)"),
        "amount_used": _l("Käytetty (€)"),
        "decided_on": _l("Päätöspäivä"),
        "project_id": _l("Hanke"),
        "decision_number": _l("Päätöksen numero"),
    }
    audit_reads = {"amount_granted": Money(), "amount_used": Money()}
    audit_label_is_translated = True

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    funder: Mapped[Funder] = mapped_column(enum_column(Funder))
    amount_granted: Mapped[Decimal | None] = mapped_column(Amount)  # None: the amount is not known yet
    amount_used: Mapped[Decimal] = mapped_column(Amount, default=Decimal(0))
    decided_on: Mapped[date | None]
    # The funder's own reference to its decision (päätöksen numero, diaarinumero); "" when not known.
    decision_number: Mapped[str] = mapped_column(String(100), default="")

    project: Mapped["Project"] = relationship("Project", back_populates="grants")

    @hybrid_property
    def has_decision(self) -> bool:
        """Whether the funder has decided: a granted amount, a decision date or a decision number is recorded.

        A grant with none of them is funding applied for or hoped for, not a decision (the demo's grants,
        for one, name only their funder).
        """
        return self.amount_granted is not None or self.decided_on is not None or bool(self.decision_number)

    @has_decision.inplace.expression
    @classmethod
    def _has_decision_expression(cls):
        return or_(cls.amount_granted.is_not(None), cls.decided_on.is_not(None), cls.decision_number != "")

    @property
    def audit_label(self) -> str:
        return self.funder.label

    audit_name_column = "funder"

    @classmethod
    def audit_name_text(cls, name, detail):
        funder = Funder.__members__.get(name)
        return funder.label if funder else name
