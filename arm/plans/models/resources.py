"""What the network's organisations can put in, and the actions that draw on it."""

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.core.audit import Audited, names_by_id
from arm.core.models import Amount, enum_column
from arm.extensions import db
from arm.plans.models.actions import Action, member_organisation_id
from arm.plans.models.enums import ResourceKind

if TYPE_CHECKING:
    from arm.cases.models import Case, Membership, Organisation


class Resource(Audited, db.Model):
    """What an organisation of the network can put in: money, premises, staff time, expertise, equipment, data."""

    __tablename__ = "resource"
    __table_args__ = (CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),)
    audit_name = _l("Resurssi")
    audit_fields = {
        "organisation_id": _l("Organisaatio"),
        "contact_id": _l("Yhteyshenkilö"),
        "kind": _l("Laji"),
        "description": _l("Kuvaus"),
        "capacity": _l("Määrä"),
        "unit": _l("Yksikkö"),
        "starts_on": _l("Alkaa"),
        "ends_on": _l("Päättyy"),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    kind: Mapped[ResourceKind] = mapped_column(enum_column(ResourceKind))
    description: Mapped[str] = mapped_column(String(500))
    # In `unit`: euros, hours, square metres, pieces…
    capacity: Mapped[Decimal | None] = mapped_column(Amount)
    unit: Mapped[str] = mapped_column(String(30), default="")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]

    case: Mapped["Case"] = relationship("Case")
    organisation: Mapped["Organisation"] = relationship("Organisation")
    contact: Mapped["Membership | None"] = relationship("Membership")
    uses: Mapped[list["ActionResource"]] = relationship(
        "ActionResource", back_populates="resource", cascade="all, delete-orphan"
    )

    @property
    def audit_label(self) -> str:
        return self.description

    def member_may(self, permission: str, user) -> bool:
        """Members keep the resources of the organisation they represent (see core.permissions)."""
        return permission == "resource.manage" and self.organisation_id == member_organisation_id(self.case_id, user.id)


class ActionResource(Audited, db.Model):
    """An action drawing on a resource, with the amount it takes (in the resource's unit)."""

    __tablename__ = "action_resource"
    __table_args__ = (
        UniqueConstraint("action_id", "resource_id"),
        CheckConstraint("amount IS NULL OR amount >= 0", name="amount_not_negative"),
    )
    audit_name = _l("Resurssin käyttö")
    audit_fields = {"action_id": _l("Toimenpide"), "resource_id": _l("Resurssi"), "amount": _l("Määrä")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="CASCADE"), index=True)
    amount: Mapped[Decimal | None] = mapped_column(Amount)

    action: Mapped["Action"] = relationship("Action", back_populates="resource_uses")
    resource: Mapped["Resource"] = relationship("Resource", back_populates="uses")

    @property
    def audit_label(self) -> str:
        if self.action is not None and self.resource is not None:
            return f"{self.resource.description} → {self.action.title}"
        return f"#{self.id}"

    @classmethod
    def audit_facts(cls, connection, rows):
        resources = names_by_id(connection, Resource.id, Resource.description, [r.resource_id for r in rows])
        actions = names_by_id(connection, Action.id, Action.title, [r.action_id for r in rows])
        return [(r.case_id, f"{resources.get(r.resource_id, '?')} → {actions.get(r.action_id, '?')}") for r in rows]
