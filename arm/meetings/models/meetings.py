"""Network meetings (viikkopalaveri): series, meetings, invitees and attendance, agenda items, decisions,
minutes approval and amendments, agenda templates and guest links.

Seeds [001] and [002] tell that the Kemi ÄRM working group met every week; how a meeting is kept here
(generated agenda items, outcomes, approval at the next meeting) is our own design. Times are stored in UTC
and shown in Europe/Helsinki.
"""

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.core.audit import Audited
from arm.core.models import ENUM_LABELS, LabelledEnum, UTCDateTime, enum_column, utcnow
from arm.core.permissions import Access, case_access, request_cached
from arm.extensions import db
from arm.plans.models.actions import member_subgroup_ids

if TYPE_CHECKING:
    from arm.cases.models import Case, Membership
    from arm.meetings.models.agenda import AgendaItem
    from arm.plans.models import Subgroup

DEFAULT_PAPER_HOURS = 24  # the agenda goes out this many hours before a meeting unless the case says otherwise
MAX_DURATION_MINUTES = 12 * 60


def member_subgroups(case_id: int, user_id: int) -> set[int]:
    """Ids of the subgroups a person is in or chairs. One query per request."""
    return request_cached(
        ("member_subgroups", case_id, user_id),
        lambda: set(db.session.scalars(member_subgroup_ids(case_id, user_id))),
    )


class Recurrence(LabelledEnum):
    ONCE = "once"
    WEEKLY = "weekly"


class ItemKind(LabelledEnum):
    """STANDING items come from the agenda template (opening, previous minutes, any other business),
    GENERATED ones from what changed in the case since the previous meeting, MANUAL ones are typed."""

    STANDING = "standing"
    GENERATED = "generated"
    MANUAL = "manual"


class Outcome(LabelledEnum):
    NOTED = "noted"
    DECIDED = "decided"
    POSTPONED = "postponed"


class Attendance(LabelledEnum):
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"


class Placement(LabelledEnum):
    """Where a template's item goes: before the generated items or after them."""

    START = "start"
    END = "end"


ENUM_LABELS.update(
    {
        Recurrence.ONCE: _l("Kertaluonteinen"),
        Recurrence.WEEKLY: _l("Viikoittain"),
        ItemKind.STANDING: _l("Vakiokohta"),
        ItemKind.GENERATED: _l("Tapauksesta koottu"),
        ItemKind.MANUAL: _l("Lisätty käsin"),
        Outcome.NOTED: _l("Merkittiin tiedoksi"),
        Outcome.DECIDED: _l("Päätettiin"),
        Outcome.POSTPONED: _l("Siirrettiin"),
        Attendance.PRESENT: _l("Läsnä"),
        Attendance.EXCUSED: _l("Estynyt"),
        Attendance.ABSENT: _l("Poissa"),
        Placement.START: _l("Alkuun"),
        Placement.END: _l("Loppuun"),
    }
)


class MeetingSeries(Audited, db.Model):
    """A weekly meeting of one scope (the whole network or a subgroup): its weekday, hour and defaults.
    Each occurrence is a `Meeting` of its own, created when it is first needed."""

    __tablename__ = "meeting_series"
    __table_args__ = (
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_0_6"),
        CheckConstraint("duration_minutes BETWEEN 5 AND 720", name="duration_5_720"),
    )
    audit_name = _l("Kokoussarja")
    audit_fields = {
        "title": _l("Nimi"),
        "weekday": _l("Viikonpäivä"),
        "start_time": _l("Alkamisaika"),
        "duration_minutes": _l("Kesto"),
        "first_on": _l("Ensimmäinen kokous"),
        "last_on": _l("Viimeinen kokous"),
        "subgroup_id": _l("Alatyöryhmä"),
        "case_id": _l("Tapaus"),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    subgroup_id: Mapped[int | None] = mapped_column(ForeignKey("subgroup.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200))
    weekday: Mapped[int]  # Monday 0 … Sunday 6
    start_time: Mapped[time] = mapped_column(Time)  # Europe/Helsinki wall clock
    duration_minutes: Mapped[int]
    first_on: Mapped[date] = mapped_column(Date)
    last_on: Mapped[date | None] = mapped_column(Date)
    # The agenda template each new occurrence starts from.
    template_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_template.id", ondelete="SET NULL"))
    place: Mapped[str] = mapped_column(String(200), default="")
    video_link: Mapped[str] = mapped_column(String(500), default="")
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    secretary_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    case: Mapped["Case"] = relationship("Case")
    subgroup: Mapped["Subgroup | None"] = relationship("Subgroup")

    @property
    def audit_label(self) -> str:
        return self.title


class Meeting(Audited, db.Model):
    """One meeting: when and where, who chairs and keeps the minutes, who is invited, its agenda."""

    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        UniqueConstraint("series_id", "starts_at"),
        Index("ix_meeting_case_id_starts_at", "case_id", "starts_at"),
    )
    audit_name = _l("Kokous")
    audit_fields = {
        "title": _l("Nimi"),
        "starts_at": _l("Alkaa"),
        "ends_at": _l("Päättyy"),
        "place": _l("Paikka"),
        "video_link": _l("Etäyhteys"),
        "chair_id": _l("Puheenjohtaja"),
        "secretary_id": _l("Sihteeri"),
        "subgroup_id": _l("Alatyöryhmä"),
        "cancelled": _l("Peruttu"),
        "minutes_approved_at": _l("Muistio hyväksytty"),
        "case_id": _l("Tapaus"),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    series_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_series.id", ondelete="SET NULL"), index=True)
    subgroup_id: Mapped[int | None] = mapped_column(ForeignKey("subgroup.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    video_link: Mapped[str] = mapped_column(String(500), default="")
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    secretary_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"))
    cancelled: Mapped[bool] = mapped_column(default=False)
    # When the agenda was last drafted from the case (None: never).
    agenda_built_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Approved minutes are locked; later corrections are amendments.
    minutes_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    minutes_approved_in_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    case: Mapped["Case"] = relationship("Case")
    series: Mapped["MeetingSeries | None"] = relationship("MeetingSeries")
    subgroup: Mapped["Subgroup | None"] = relationship("Subgroup")
    chair: Mapped["Membership | None"] = relationship("Membership", foreign_keys=[chair_id])
    secretary: Mapped["Membership | None"] = relationship("Membership", foreign_keys=[secretary_id])
    invitees: Mapped[list["MeetingInvitee"]] = relationship(
        "MeetingInvitee", back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True
    )
    # Not delete-orphan: an item taken off the agenda may live on in the backlog (no meeting).
    items: Mapped[list["AgendaItem"]] = relationship(
        "AgendaItem",
        back_populates="meeting",
        cascade="all",
        passive_deletes=True,
        order_by="(AgendaItem.position, AgendaItem.id)",
    )

    @property
    def audit_label(self) -> str:
        return self.title

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at) / timedelta(minutes=1))

    def member_may(self, permission: str, user) -> bool:
        """Members read the whole network's meetings and their own subgroups'; observers read every one."""
        if permission != "meeting.view":
            return False
        if self.subgroup_id is None or case_access(self.case_id) is Access.OBSERVER:
            return True
        return self.subgroup_id in member_subgroups(self.case_id, user.id)

    @property
    def minutes_locked(self) -> bool:
        return self.minutes_approved_at is not None


class MeetingInvitee(Audited, db.Model):
    """A member of the network invited to a meeting, and whether they came."""

    __tablename__ = "meeting_invitee"
    __table_args__ = (UniqueConstraint("meeting_id", "membership_id"),)
    audit_name = _l("Kutsuttu")
    audit_fields = {"membership_id": _l("Jäsen"), "attendance": _l("Läsnäolo"), "meeting_id": _l("Kokous")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"), index=True)
    attendance: Mapped[Attendance | None] = mapped_column(enum_column(Attendance))

    meeting: Mapped["Meeting"] = relationship("Meeting", back_populates="invitees")
    membership: Mapped["Membership"] = relationship("Membership")

    @property
    def audit_label(self) -> str:
        return self.membership.user.name if self.membership else f"#{self.membership_id}"


class MeetingGuest(Audited, db.Model):
    """Someone from outside the case: an expiring link shows them this meeting's agenda and approved minutes
    only. The link's secret is kept as a hash."""

    __tablename__ = "meeting_guest"
    audit_name = _l("Vieras")
    audit_fields = {"name": _l("Nimi"), "email": _l("Sähköposti"), "expires_at": _l("Linkki voimassa")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    meeting: Mapped["Meeting"] = relationship("Meeting")

    @property
    def audit_label(self) -> str:
        return self.name

    def is_valid(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


class MeetingSettings(db.Model):
    """A case's meeting settings: how many hours before a meeting its agenda is sent."""

    __tablename__ = "meeting_settings"
    __table_args__ = (CheckConstraint("paper_hours_before BETWEEN 1 AND 168", name="paper_hours_1_168"),)

    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), primary_key=True)
    paper_hours_before: Mapped[int] = mapped_column(default=DEFAULT_PAPER_HOURS)
