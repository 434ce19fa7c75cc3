"""Services for people, timed to the layoff waves: the case's service map and change-security milestones.

The five kinds of services are the service needs of seed [000] section 5 (the operating model of the
"Vaikuttavat työllisyyden tukitoimet äkillisessä rakennemuutoksessa" project, not a TEM rule); the
age groups follow the Kemi one-stop points: Ohjaamo for those under 30, Pointti for those over 30.
"""

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.core.audit import Audited
from arm.core.history import Choices
from arm.core.models import ENUM_LABELS, LabelledEnum, UTCDateTime, enum_column, utcnow
from arm.extensions import db

if TYPE_CHECKING:
    from arm.cases.models import Case, LayoffWave, Organisation


class ServiceKind(LabelledEnum):
    """The service needs of a sudden structural change, in the order seed [000] section 5 lists them."""

    EMPLOYMENT = "employment"
    SOCIAL_HEALTH = "social_health"
    BUSINESS = "business"
    EDUCATION = "education"
    SUPPORT_NETWORK = "support_network"  # parishes and voluntary associations: crisis help among others


class AgeGroup(LabelledEnum):
    ALL = "all"
    UNDER_30 = "under_30"
    OVER_30 = "over_30"


class Audience(LabelledEnum):
    LAID_OFF = "laid_off"
    FAMILY = "family"
    SUBCONTRACTOR_STAFF = "subcontractor_staff"


class ServiceLanguage(LabelledEnum):
    FI = "fi"
    SV = "sv"
    EN = "en"
    EASY_FINNISH = "easy_finnish"
    SAMI = "sami"


class MilestoneKind(LabelledEnum):
    """The change-security (muutosturva) steps of a wave, in the order they usually come."""

    CHANGE_NEGOTIATIONS = "change_negotiations"
    INFO_SESSION = "info_session"
    INDIVIDUAL_PLANS = "individual_plans"


ENUM_LABELS.update(
    {
        ServiceKind.EMPLOYMENT: _l("Työllisyyspalvelut"),
        ServiceKind.SOCIAL_HEALTH: _l("Sosiaali- ja terveyspalvelut"),
        ServiceKind.BUSINESS: _l("Yrityspalvelut"),
        ServiceKind.EDUCATION: _l("Koulutuspalvelut"),
        ServiceKind.SUPPORT_NETWORK: _l("Seurakunnan ja järjestöjen tuki (kriisiapu)"),
        AgeGroup.ALL: _l("Kaikki ikäryhmät"),
        AgeGroup.UNDER_30: _l("Alle 30-vuotiaat"),
        AgeGroup.OVER_30: _l("Yli 30-vuotiaat"),
        Audience.LAID_OFF: _l("Irtisanotut"),
        Audience.FAMILY: _l("Irtisanottujen perheet"),
        Audience.SUBCONTRACTOR_STAFF: _l("Alihankkijoiden henkilöstö"),
        ServiceLanguage.FI: _l("suomi"),
        ServiceLanguage.SV: _l("ruotsi"),
        ServiceLanguage.EN: _l("englanti"),
        ServiceLanguage.EASY_FINNISH: _l("selkosuomi"),
        ServiceLanguage.SAMI: _l("saame"),
        MilestoneKind.CHANGE_NEGOTIATIONS: _l("Työnantajan muutosneuvottelut"),
        MilestoneKind.INFO_SESSION: _l("Työvoimaviranomaisen infotilaisuus"),
        MilestoneKind.INDIVIDUAL_PLANS: _l("Henkilökohtaiset suunnitelmat tarjottu"),
    }
)


def _named(enum_class, stored: str) -> list:
    return [enum_class[name] for name in stored.split(",") if name in enum_class.__members__]


def _joined(members) -> str:
    return ",".join(member.name for member in dict.fromkeys(members))


class SupportService(Audited, db.Model):
    """A service for the people the layoffs touch, on the case's service map, with the period it runs."""

    __tablename__ = "support_service"
    __table_args__ = (CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="service_period_in_order"),)

    audit_name = _l("Palvelu")
    audit_fields = {
        "name": _l("Nimi"),
        "kind": _l("Palvelun laji"),
        "provider_id": _l("Järjestäjä"),
        "description": _l("Kuvaus"),
        "reach": _l("Missä ja miten"),
        "languages": _l("Kielet"),
        "age_group": _l("Ikäryhmä"),
        "audiences": _l("Kenelle"),
        "starts_on": _l("Alkaa"),
        "ends_on": _l("Päättyy"),
        "is_illustrative": _l("Suuntaa-antava ajanjakso"),
        "case_id": _l("Tapaus"),
    }
    audit_reads = {"languages": Choices(ServiceLanguage), "audiences": Choices(Audience)}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[ServiceKind] = mapped_column(enum_column(ServiceKind))
    provider_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    reach: Mapped[str] = mapped_column(Text, default="")
    # Comma-separated member names: few values, always read with the service.
    languages: Mapped[str] = mapped_column(String(100), default="")
    age_group: Mapped[AgeGroup] = mapped_column(enum_column(AgeGroup), default=AgeGroup.ALL)
    audiences: Mapped[str] = mapped_column(String(100), default="")
    # Column types named outright: a test's frozen clock may swap `date` before this module is imported.
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    # The period is a guess (the demo's, where the sources give none): the pages say so.
    is_illustrative: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    case: Mapped["Case"] = relationship("Case")
    provider: Mapped["Organisation"] = relationship("Organisation")

    @property
    def audit_label(self) -> str:
        return self.name

    @property
    def language_list(self) -> list[ServiceLanguage]:
        return _named(ServiceLanguage, self.languages)

    @language_list.setter
    def language_list(self, members) -> None:
        self.languages = _joined(members)

    @property
    def audience_list(self) -> list[Audience]:
        return _named(Audience, self.audiences)

    @audience_list.setter
    def audience_list(self, members) -> None:
        self.audiences = _joined(members)

    def runs_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class WaveMilestone(Audited, db.Model):
    """A dated change-security step of one layoff wave, done or still to come."""

    __tablename__ = "wave_milestone"

    audit_name = _l("Muutosturvan vaihe")
    audit_fields = {
        "wave_id": _l("Irtisanomisaalto"),
        "kind": _l("Vaihe"),
        "occurs_on": _l("Päivämäärä"),
        "is_done": _l("Tehty"),
        "note": _l("Lisätieto"),
        "case_id": _l("Tapaus"),
    }

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    wave_id: Mapped[int] = mapped_column(ForeignKey("layoff_wave.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MilestoneKind] = mapped_column(enum_column(MilestoneKind))
    occurs_on: Mapped[date] = mapped_column(Date)
    is_done: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(String(500), default="")

    wave: Mapped["LayoffWave"] = relationship("LayoffWave")

    @property
    def audit_label(self) -> str:
        return f"{self.kind.label} {self.occurs_on.isoformat()}"

    audit_label_is_translated = True  # the step's name, read in the reader's language


__all__ = [
    "AgeGroup",
    "Audience",
    "MilestoneKind",
    "ServiceKind",
    "ServiceLanguage",
    "SupportService",
    "WaveMilestone",
]
