from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint, or_, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.cases.models import Membership
from arm.core.audit import Audited
from arm.core.models import ENUM_LABELS, Amount, LabelledEnum, UTCDateTime, enum_column, utcnow
from arm.core.permissions import request_cached
from arm.extensions import db


class ActionCategory(LabelledEnum):
    """TEM's five categories of measures; every action has exactly one."""

    RE_EMPLOYMENT = "re_employment"
    NEW_JOBS = "new_jobs"
    BUSINESS_GROWTH = "business_growth"
    OTHER_CORRECTIVE = "other_corrective"
    STATE_FUNDING = "state_funding"


class Horizon(LabelledEnum):
    SHORT = "short"
    MEDIUM = "medium"
    LONG = "long"


class ActionStatus(LabelledEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    DONE = "done"
    DELAYED = "delayed"
    CANCELLED = "cancelled"


class TargetGroup(LabelledEnum):
    LAID_OFF = "laid_off"
    OTHER_JOB_SEEKERS = "other_job_seekers"
    COMPANIES = "companies"
    EDUCATION = "education"
    INFRASTRUCTURE = "infrastructure"
    WELLBEING = "wellbeing"
    WHOLE_REGION = "whole_region"


class Funder(LabelledEnum):
    TEM_ARM = "tem_arm"
    OKM = "okm"
    ELY = "ely"
    ESR = "esr"
    EAKR = "eakr"
    AKKE = "akke"
    MUNICIPALITY = "municipality"
    COMPANY = "company"
    OTHER = "other"


class MeetingRhythm(LabelledEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    AS_NEEDED = "as_needed"


class ResourceKind(LabelledEnum):
    FUNDING = "funding"
    PREMISES = "premises"
    STAFF_TIME = "staff_time"
    EXPERTISE = "expertise"
    EQUIPMENT = "equipment"
    DATA = "data"


ENUM_LABELS.update(
    {
        ActionCategory.RE_EMPLOYMENT: _l("Uudelleentyöllistymisen tukeminen"),
        ActionCategory.NEW_JOBS: _l("Uudet työpaikat ja vanhojen uudistaminen"),
        ActionCategory.BUSINESS_GROWTH: _l("Yritysten liiketoimintamahdollisuudet ja kasvu"),
        ActionCategory.OTHER_CORRECTIVE: _l("Muut korjaavat toimet (infrastruktuuri, hyvinvointi, koulutus)"),
        ActionCategory.STATE_FUNDING: _l("Valtion rahoitusehdotukset"),
        Horizon.SHORT: _l("Lyhyt aikaväli"),
        Horizon.MEDIUM: _l("Keskipitkä aikaväli"),
        Horizon.LONG: _l("Pitkä aikaväli"),
        ActionStatus.PLANNED: _l("Suunniteltu"),
        ActionStatus.ONGOING: _l("Käynnissä"),
        ActionStatus.DONE: _l("Valmis"),
        ActionStatus.DELAYED: _l("Viivästynyt"),
        ActionStatus.CANCELLED: _l("Peruttu"),
        TargetGroup.LAID_OFF: _l("Irtisanotut"),
        TargetGroup.OTHER_JOB_SEEKERS: _l("Muut työnhakijat"),
        TargetGroup.COMPANIES: _l("Yritykset"),
        TargetGroup.EDUCATION: _l("Koulutus"),
        TargetGroup.INFRASTRUCTURE: _l("Infrastruktuuri"),
        TargetGroup.WELLBEING: _l("Hyvinvointi"),
        TargetGroup.WHOLE_REGION: _l("Koko alue"),
        Funder.TEM_ARM: _l("TEM:n ÄRM-rahoitus"),
        Funder.OKM: _l("Opetus- ja kulttuuriministeriö (OKM)"),
        Funder.ELY: _l("ELY-keskus"),
        Funder.ESR: _l("Euroopan sosiaalirahasto (ESR)"),
        Funder.EAKR: _l("Euroopan aluekehitysrahasto (EAKR)"),
        Funder.AKKE: _l("AKKE (maakunnan liiton kautta)"),
        Funder.MUNICIPALITY: _l("Kunta"),
        Funder.COMPANY: _l("Yritys"),
        Funder.OTHER: _l("Muu"),
        MeetingRhythm.WEEKLY: _l("Viikoittain"),
        MeetingRhythm.BIWEEKLY: _l("Joka toinen viikko"),
        MeetingRhythm.MONTHLY: _l("Kuukausittain"),
        MeetingRhythm.AS_NEEDED: _l("Tarvittaessa"),
        ResourceKind.FUNDING: _l("Rahoitus"),
        ResourceKind.PREMISES: _l("Tilat"),
        ResourceKind.STAFF_TIME: _l("Henkilöstön työaika"),
        ResourceKind.EXPERTISE: _l("Asiantuntemus"),
        ResourceKind.EQUIPMENT: _l("Laitteet"),
        ResourceKind.DATA: _l("Tieto ja aineistot"),
    }
)

FINISHED_STATUSES = (ActionStatus.DONE, ActionStatus.CANCELLED)


def _current_membership_ids(case_id: int, user_id: int):
    return select(Membership.id).where(
        Membership.case_id == case_id, Membership.user_id == user_id, Membership.ended_on.is_(None)
    )


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

    case = relationship("Case")
    chair = relationship("Membership", foreign_keys=[chair_id])
    members = relationship("SubgroupMember", back_populates="subgroup", cascade="all, delete-orphan")

    @property
    def audit_label(self) -> str:
        return self.name


class SubgroupMember(Audited, db.Model):
    __tablename__ = "subgroup_member"
    __table_args__ = (UniqueConstraint("subgroup_id", "membership_id"),)
    audit_name = _l("Alatyöryhmän jäsen")
    audit_fields = {"subgroup_id": _l("Alatyöryhmä"), "membership_id": _l("Jäsenyys")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    subgroup_id: Mapped[int] = mapped_column(ForeignKey("subgroup.id", ondelete="CASCADE"), index=True)
    membership_id: Mapped[int] = mapped_column(ForeignKey("membership.id", ondelete="CASCADE"), index=True)

    subgroup = relationship("Subgroup", back_populates="members")
    membership = relationship("Membership")

    @property
    def audit_label(self) -> str:
        return self.membership.user.name if self.membership else f"#{self.membership_id}"


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

    case = relationship("Case")
    subgroup = relationship("Subgroup")
    owner_organisation = relationship("Organisation")
    owner = relationship("Membership", foreign_keys=[owner_id])
    updates = relationship(
        "ActionUpdate", back_populates="action", cascade="all, delete-orphan", order_by="ActionUpdate.at.desc()"
    )
    resource_uses = relationship("ActionResource", back_populates="action", cascade="all, delete-orphan")

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
        return [Funder[name] for name in self.funding_sources.split(",") if name in Funder.__members__]

    @funders.setter
    def funders(self, funders: list[Funder]) -> None:
        self.funding_sources = ",".join(f.name for f in dict.fromkeys(funders))


class ActionUpdate(Audited, db.Model):
    """One change of an action's status or progress, with its author and note: the action's timeline."""

    __tablename__ = "action_update"
    audit_name = _l("Edistymispäivitys")
    audit_fields = {
        "old_status": _l("Tila ennen"),
        "new_status": _l("Tila"),
        "old_progress": _l("Edistyminen ennen"),
        "new_progress": _l("Edistyminen (%)"),
        "note": _l("Huomio"),
    }

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

    action = relationship("Action", back_populates="updates")
    author = relationship("User")

    @property
    def audit_label(self) -> str:
        return f"{self.old_progress} % → {self.new_progress} %"


class ActionFollower(db.Model):
    """Someone who wants to see an action's changes in their feed. A personal setting, not audited."""

    __tablename__ = "action_follower"
    __table_args__ = (UniqueConstraint("action_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)


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

    case = relationship("Case")
    implementers = relationship("ProjectImplementer", back_populates="project", cascade="all, delete-orphan")
    action_links = relationship("ProjectAction", back_populates="project", cascade="all, delete-orphan")
    grants = relationship("Grant", back_populates="project", cascade="all, delete-orphan", order_by="Grant.id")

    @property
    def audit_label(self) -> str:
        return self.name


class ProjectImplementer(Audited, db.Model):
    __tablename__ = "project_implementer"
    __table_args__ = (UniqueConstraint("project_id", "organisation_id"),)
    audit_name = _l("Hankkeen toteuttaja")

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)

    project = relationship("Project", back_populates="implementers")
    organisation = relationship("Organisation")

    @property
    def audit_label(self) -> str:
        return self.organisation.name if self.organisation else f"#{self.organisation_id}"


class ProjectAction(Audited, db.Model):
    __tablename__ = "project_action"
    __table_args__ = (UniqueConstraint("project_id", "action_id"),)
    audit_name = _l("Hankkeen toimenpide")

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)

    project = relationship("Project", back_populates="action_links")
    action = relationship("Action")

    @property
    def audit_label(self) -> str:
        return self.action.title if self.action else f"#{self.action_id}"


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
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), index=True)
    funder: Mapped[Funder] = mapped_column(enum_column(Funder))
    amount_granted: Mapped[Decimal | None] = mapped_column(Amount)  # None: the amount is not known yet
    amount_used: Mapped[Decimal] = mapped_column(Amount, default=Decimal(0))
    decided_on: Mapped[date | None]

    project = relationship("Project", back_populates="grants")

    @property
    def audit_label(self) -> str:
        return self.funder.label


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

    case = relationship("Case")
    organisation = relationship("Organisation")
    contact = relationship("Membership")
    uses = relationship("ActionResource", back_populates="resource", cascade="all, delete-orphan")

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

    action = relationship("Action", back_populates="resource_uses")
    resource = relationship("Resource", back_populates="uses")

    @property
    def audit_label(self) -> str:
        if self.action is not None and self.resource is not None:
            return f"{self.resource.description} → {self.action.title}"
        return f"#{self.id}"
