"""A case, the organisations of its network, its municipalities, layoff waves and checklist."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, cast, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.cases.enums import CaseKind, CasePhase, OrganisationType
from arm.cases.reference import industry_name, municipality_name
from arm.core.audit import Audited, facts_named_by
from arm.core.history import Reading
from arm.core.i18n import format_date
from arm.core.models import UTCDateTime, enum_column, today, utcnow
from arm.extensions import db


class MunicipalityCode(Reading):
    def text(self, value, names):
        return municipality_name(str(value))


class IndustryCode(Reading):
    def text(self, value, names):
        return industry_name(str(value)) or str(value)


class Organisation(Audited, db.Model):
    """An organisation in the platform-wide registry; cases bring organisations into their networks."""

    __tablename__ = "organisation"

    audit_name = _l("Organisaatio")
    audit_fields = {
        "name": _l("Nimi"),
        "type": _l("Tyyppi"),
        "business_id": _l("Y-tunnus"),
        "municipality_code": _l("Kotikunta"),
        "website": _l("Verkkosivu"),
    }
    audit_reads = {"municipality_code": MunicipalityCode()}

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    type: Mapped[OrganisationType] = mapped_column(enum_column(OrganisationType))
    business_id: Mapped[str | None] = mapped_column(String(9), unique=True)
    municipality_code: Mapped[str | None] = mapped_column(String(3))
    website: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"

    @property
    def audit_label(self) -> str:
        return self.name


class Case(Audited, db.Model):
    __tablename__ = "arm_case"

    audit_name = _l("Tapaus")
    audit_fields = {
        "title": _l("Otsikko"),
        "slug": _l("Lyhytnimi"),
        "kind": _l("Tapauksen tyyppi"),
        "phase": _l("Vaihe"),
        "lead_municipality_code": _l("Vastuukunta"),
        "employer": _l("Työnantaja"),
        "industry_code": _l("Toimiala"),
        "announced_on": _l("Ilmoituspäivä"),
        "direct_layoffs": _l("Suorat irtisanomiset"),
        "indirect_job_losses": _l("Välilliset työpaikkamenetykset"),
        "summary": _l("Tiivistelmä"),
        "is_public": _l("Julkinen sivu"),
        "created_by_id": _l("Avaaja"),
        "archived_at": _l("Arkistoitu"),
    }
    audit_reads = {"lead_municipality_code": MunicipalityCode(), "industry_code": IndustryCode()}
    audit_is_case = True  # deleting this row deletes the case and its history with it

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[CaseKind] = mapped_column(enum_column(CaseKind))
    phase: Mapped[CasePhase] = mapped_column(enum_column(CasePhase))
    lead_municipality_code: Mapped[str] = mapped_column(String(3))
    employer: Mapped[str] = mapped_column(String(200), default="")
    industry_code: Mapped[str | None] = mapped_column(String(1))
    announced_on: Mapped[date | None]
    direct_layoffs: Mapped[int | None]
    indirect_job_losses: Mapped[int | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    is_public: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    # Archived: read-only for everyone and out of the default list, until a coordinator restores it.
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    municipalities: Mapped[list["CaseMunicipality"]] = relationship(
        "CaseMunicipality", back_populates="case", cascade="all, delete-orphan", order_by="CaseMunicipality.code"
    )
    layoff_waves: Mapped[list["LayoffWave"]] = relationship(
        "LayoffWave", back_populates="case", cascade="all, delete-orphan", order_by="LayoffWave.occurs_on"
    )
    checklist: Mapped[list["ChecklistItem"]] = relationship(
        "ChecklistItem", back_populates="case", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Case {self.title}>"

    @property
    def audit_case_id(self) -> int:
        return self.id

    @property
    def audit_label(self) -> str:
        return self.title

    @property
    def affected_municipality_codes(self) -> list[str]:
        return [m.code for m in self.municipalities]

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    @property
    def is_closed(self) -> bool:
        return self.phase is CasePhase.CLOSED

    @property
    def total_job_losses(self) -> int | None:
        if self.direct_layoffs is None and self.indirect_job_losses is None:
            return None
        return (self.direct_layoffs or 0) + (self.indirect_job_losses or 0)


class CaseMunicipality(Audited, db.Model):
    """A municipality affected by the case, by its official code."""

    __tablename__ = "case_municipality"
    __table_args__ = (UniqueConstraint("case_id", "code"),)

    audit_name = _l("Vaikutusalueen kunta")
    audit_fields = {
        "code": _l("Kunta"),
        "case_id": _l("Tapaus"),
    }
    audit_reads = {"code": MunicipalityCode()}
    audit_label_is_translated = True  # the code, read as the municipality's name in the reader's language
    audit_name_column = "code"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(3))

    case: Mapped["Case"] = relationship("Case", back_populates="municipalities")

    @property
    def audit_label(self) -> str:
        return self.code

    @classmethod
    def audit_name_text(cls, name, detail):
        return municipality_name(name)


class CaseOrganisation(Audited, db.Model):
    """An organisation's participation in a case's network, with the dates it joined and left."""

    __tablename__ = "case_organisation"
    __table_args__ = (UniqueConstraint("case_id", "organisation_id"),)

    audit_name = _l("Verkoston organisaatio")
    audit_fields = {
        "organisation_id": _l("Organisaatio"),
        "joined_on": _l("Liittyi"),
        "left_on": _l("Poistui"),
        "case_id": _l("Tapaus"),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    joined_on: Mapped[date] = mapped_column(default=today)
    left_on: Mapped[date | None]

    case: Mapped["Case"] = relationship("Case")
    organisation: Mapped["Organisation"] = relationship("Organisation", lazy="joined", innerjoin=True)

    @property
    def is_current(self) -> bool:
        return self.left_on is None

    @property
    def audit_label(self) -> str:
        return self.organisation.name if self.organisation else f"#{self.organisation_id}"

    @classmethod
    def audit_facts(cls, connection, rows):
        return facts_named_by(connection, rows, "organisation_id", Organisation.id, Organisation.name)


class LayoffWave(Audited, db.Model):
    """One phase of layoffs: services must be timed to each wave."""

    __tablename__ = "layoff_wave"

    audit_name = _l("Irtisanomisaalto")
    audit_fields = {
        "occurs_on": _l("Päivämäärä"),
        "headcount": _l("Henkilömäärä"),
        "employer": _l("Työnantaja"),
        "note": _l("Lisätieto"),
        "case_id": _l("Tapaus"),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    occurs_on: Mapped[date]
    headcount: Mapped[int]
    employer: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(String(500), default="")

    case: Mapped["Case"] = relationship("Case", back_populates="layoff_waves")

    @property
    def audit_label(self) -> str:
        return f"{self.occurs_on.isoformat()} ({self.headcount})"

    audit_label_is_translated = True  # its date, read in the reader's format

    @classmethod
    def audit_name_select(cls, ids):
        return select(cls.id, cast(cls.occurs_on, String), cast(cls.headcount, String)).where(cls.id.in_(ids))

    @classmethod
    def audit_name_text(cls, name, detail):
        return f"{format_date(date.fromisoformat(name))} ({detail})"


class ChecklistItem(Audited, db.Model):
    """An actor type the case's network should include; the network page shows which are still missing."""

    __tablename__ = "checklist_item"
    __table_args__ = (UniqueConstraint("case_id", "organisation_type"),)

    audit_name = _l("Tarkistuslistan toimijatyyppi")
    audit_fields = {
        "organisation_type": _l("Toimijatyyppi"),
        "case_id": _l("Tapaus"),
    }
    audit_label_is_translated = True

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    organisation_type: Mapped[OrganisationType] = mapped_column(enum_column(OrganisationType))

    case: Mapped["Case"] = relationship("Case", back_populates="checklist")

    @property
    def audit_label(self) -> str:
        return self.organisation_type.label

    audit_name_column = "organisation_type"

    @classmethod
    def audit_name_text(cls, name, detail):
        kind = OrganisationType.__members__.get(name)
        return kind.label if kind else name
