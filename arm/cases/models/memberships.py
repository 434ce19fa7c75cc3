"""The people of a case's network: memberships (invitations until accepted) and their network roles."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, and_, cast, null, or_, select, type_coerce
from sqlalchemy import case as sql_case
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.auth.models import User
from arm.cases.enums import NetworkRole
from arm.cases.models.case import Case, Organisation
from arm.core.audit import Audited, facts_named_by
from arm.core.history import Hidden
from arm.core.models import UTCDateTime, enum_column, today, utcnow
from arm.core.permissions import Access
from arm.extensions import db


class Membership(Audited, db.Model):
    """A person in a case's network, on behalf of an organisation, with an access level and network roles.

    Ending a membership keeps the row, so that the network's history (who held which role when) stays.
    An invitation is a membership not yet accepted: it gives no access and counts nowhere as a member, and
    until it is accepted the network shows the name the inviter typed, never the account's own (the
    inviter must not learn whether, or whose, account the address has). A declined one stays, marked.
    """

    __tablename__ = "membership"

    audit_name = _l("Jäsenyys")
    audit_fields = {
        "user_id": _l("Henkilö"),
        "organisation_id": _l("Organisaatio"),
        "access": _l("Käyttöoikeus"),
        "started_on": _l("Alkoi"),
        "ended_on": _l("Päättyi"),
        "case_id": _l("Tapaus"),
        "invited_name": _l("Kutsuttu nimellä"),
        "accepted_at": _l("Kutsu hyväksytty"),
        "declined_at": _l("Kutsusta kieltäydytty"),
    }
    # The person's account is named by the event's label (the typed name until accepted), never read anew.
    audit_reads = {"user_id": Hidden(), "invited_by_id": Hidden()}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    access: Mapped[Access] = mapped_column(enum_column(Access))
    started_on: Mapped[date] = mapped_column(default=today)
    ended_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # None: an invitation not yet accepted. Opening a case or a rescue creates the membership accepted.
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    invited_name: Mapped[str] = mapped_column(String(200), default="")
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    case: Mapped["Case"] = relationship("Case")
    user: Mapped["User"] = relationship("User", back_populates="memberships", foreign_keys=[user_id])
    invited_by: Mapped["User | None"] = relationship("User", foreign_keys=[invited_by_id])
    organisation: Mapped["Organisation"] = relationship("Organisation")
    roles: Mapped[list["RoleAssignment"]] = relationship(
        "RoleAssignment",
        back_populates="membership",
        cascade="all, delete-orphan",
        order_by="RoleAssignment.started_on",
    )

    @hybrid_property
    def is_current(self) -> bool:
        """In the network: accepted, and not ended or ending on a day still to come."""
        return self.accepted_at is not None and (self.ended_on is None or self.ended_on > date.today())

    @is_current.inplace.expression
    @classmethod
    def _is_current_expression(cls):
        return and_(cls.accepted_at.is_not(None), or_(cls.ended_on.is_(None), cls.ended_on > date.today()))

    @hybrid_property
    def is_former(self) -> bool:
        """Was in the network and has left (an invitation never accepted is not a former member)."""
        return self.accepted_at is not None and self.ended_on is not None and self.ended_on <= date.today()

    @is_former.inplace.expression
    @classmethod
    def _is_former_expression(cls):
        return and_(cls.accepted_at.is_not(None), cls.ended_on.is_not(None), cls.ended_on <= date.today())

    @hybrid_property
    def is_pending(self) -> bool:
        """Invited, and neither accepted nor declined yet."""
        return self.accepted_at is None and self.declined_at is None

    @is_pending.inplace.expression
    @classmethod
    def _is_pending_expression(cls):
        return and_(cls.accepted_at.is_(None), cls.declined_at.is_(None))

    @property
    def is_declined(self) -> bool:
        return self.accepted_at is None and self.declined_at is not None

    @classmethod
    def current_of(cls, case_id: int, user_id: int):
        """The statement for a person's current membership in a case; the network keeps at most one."""
        return select(cls).where(cls.case_id == case_id, cls.user_id == user_id, cls.is_current)

    @classmethod
    def open_of(cls, case_id: int, user_id: int):
        """A person's current membership or pending invitation in a case."""
        return select(cls).where(cls.case_id == case_id, cls.user_id == user_id, cls.is_current | cls.is_pending)

    @classmethod
    def shown_name_of(cls):
        """The SQL of `shown_name` (with the membership's User joined)."""
        return sql_case((cls.accepted_at.is_(None), cls.invited_name), else_=User.name)

    @property
    def shown_name(self) -> str:
        """The typed name until the invitation is accepted; the account's own name after."""
        return self.user.name if self.accepted_at is not None else (self.invited_name or self.user.email)

    @property
    def current_roles(self) -> list["RoleAssignment"]:
        return [r for r in self.roles if r.is_current]

    @property
    def awaits_password(self) -> bool:
        """The person has not yet set a password (a new account's invitation link is still to be used)."""
        return not self.user.has_password

    @property
    def audit_label(self) -> str:
        return self.shown_name if self.user else f"#{self.user_id}"

    @classmethod
    def audit_facts(cls, connection, rows):
        """Labelled by the account's name once accepted, by the typed name before."""
        accepted = [r for r in rows if r.accepted_at is not None]
        named = facts_named_by(connection, accepted, "user_id", User.id, User.name)
        by_row = {id(row): facts for row, facts in zip(accepted, named)}
        return [by_row.get(id(r), (r.case_id, r.invited_name or "#")) for r in rows]

    @classmethod
    def audit_name_select(cls, ids):
        return (
            select(cls.id, cls.shown_name_of(), cast(null(), String))
            .join(User, User.id == cls.user_id)
            .where(cls.id.in_(ids))
        )


class RoleAssignment(Audited, db.Model):
    __tablename__ = "role_assignment"

    audit_name = _l("Rooli")
    audit_fields = {
        "membership_id": _l("Jäsenyys"),
        "role": _l("Rooli"),
        "started_on": _l("Alkoi"),
        "ended_on": _l("Päättyi"),
    }
    audit_label_is_translated = True

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"), index=True)
    role: Mapped[NetworkRole] = mapped_column(enum_column(NetworkRole))
    started_on: Mapped[date] = mapped_column(default=today)
    ended_on: Mapped[date | None]

    membership: Mapped["Membership"] = relationship("Membership", back_populates="roles")

    @hybrid_property
    def is_current(self) -> bool:
        return self.ended_on is None or self.ended_on > date.today()

    @is_current.inplace.expression
    @classmethod
    def _is_current_expression(cls):
        return or_(cls.ended_on.is_(None), cls.ended_on > date.today())

    @classmethod
    def audit_facts(cls, connection, rows):
        people = member_names(connection, [r.membership_id for r in rows])
        facts = []
        for row in rows:
            # A membership deleted in the same flush is gone from the table but still in memory.
            loaded = row.__dict__.get("membership")
            case_id, name = people.get(row.membership_id, (loaded.case_id if loaded else None, None))
            facts.append((case_id, f"{name}: {row.role.label}" if name else row.role.label))
        return facts

    @classmethod
    def audit_name_select(cls, ids):
        return (
            select(cls.id, Membership.shown_name_of(), type_coerce(cls.role, String))
            .join(Membership, Membership.id == cls.membership_id)
            .join(User, User.id == Membership.user_id)
            .where(cls.id.in_(ids))
        )

    @classmethod
    def audit_name_text(cls, name, detail):
        role = NetworkRole.__members__.get(detail)
        return f"{name}: {role.label}" if role else name


def member_names(connection, membership_ids) -> dict[int, tuple[int, str]]:
    """`{membership id: (case id, person's name)}` in one statement, for audit labels of rows that name a member."""
    ids = {i for i in membership_ids if i is not None}
    if not ids:
        return {}
    statement = (
        select(Membership.id, Membership.case_id, Membership.shown_name_of())
        .join(User, User.id == Membership.user_id)
        .where(Membership.id.in_(ids))
    )
    return {membership_id: (case_id, name) for membership_id, case_id, name in connection.execute(statement)}
