"""The communications plan (viestintäsuunnitelma): what is told to whom, through which channel and when.

Seed [000] §3 names the audiences: external communication reaches "henkilöasiakkaat, alueen työnantajat ja
muu laaja yleisö", media publicity should look to the future, and internal communication reaches
"verkostotoimijat ja muut yhteistyökumppanit". Seed [004] §8 adds a schedule ("jotta tiedottaminen tapahtuu
oikeaan aikaan"), crisis communication, feedback, and many and plain languages ("Moni- ja selkokielisyys").
"""

from datetime import date, datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.core.audit import Audited, facts_named_by
from arm.core.history import Choices
from arm.core.models import ENUM_LABELS, LabelledEnum, UTCDateTime, enum_column, utcnow
from arm.extensions import db
from arm.plans.models import Action

if TYPE_CHECKING:
    from arm.cases.models import Case, LayoffWave, Membership
    from arm.support.models import SupportService

# The most people one item can be said to have reached: more than the population of Finland is a typo.
LARGEST_REACH = 10_000_000


class CommsAudience(LabelledEnum):
    """Internal audiences first, then external, in the order seed [000] names them."""

    NETWORK_ACTORS = "network_actors"
    PARTNERS = "partners"
    DECISION_MAKERS = "decision_makers"
    LAID_OFF = "laid_off"  # and their families
    JOB_SEEKERS = "job_seekers"
    EMPLOYERS = "employers"
    GENERAL_PUBLIC = "general_public"
    MEDIA = "media"

    @property
    def is_internal(self) -> bool:
        return self in INTERNAL_AUDIENCES


INTERNAL_AUDIENCES = frozenset({CommsAudience.NETWORK_ACTORS, CommsAudience.PARTNERS, CommsAudience.DECISION_MAKERS})


class CommsChannel(LabelledEnum):
    EMAIL = "email"
    WEB_PAGE = "web_page"
    PRESS_RELEASE = "press_release"
    INFO_SESSION = "info_session"
    SOCIAL_MEDIA = "social_media"
    LETTER = "letter"
    SERVICE_POINT = "service_point"
    OTHER = "other"


class CommsLanguage(LabelledEnum):
    FI = "fi"
    SV = "sv"
    EN = "en"
    PLAIN_FI = "plain_fi"


class CommsStatus(LabelledEnum):
    PLANNED = "planned"
    READY = "ready"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


OPEN_STATUSES = (CommsStatus.PLANNED, CommsStatus.READY)


class Recurrence(LabelledEnum):
    NONE = "none"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


ENUM_LABELS.update(
    {
        CommsAudience.NETWORK_ACTORS: _l("Verkostotoimijat"),
        CommsAudience.PARTNERS: _l("Muut yhteistyökumppanit"),
        CommsAudience.DECISION_MAKERS: _l("Päätöksentekijät"),
        CommsAudience.LAID_OFF: _l("Irtisanotut ja heidän perheensä"),
        CommsAudience.JOB_SEEKERS: _l("Muut työnhakijat"),
        CommsAudience.EMPLOYERS: _l("Alueen työnantajat"),
        CommsAudience.GENERAL_PUBLIC: _l("Laaja yleisö"),
        CommsAudience.MEDIA: _l("Media"),
        CommsChannel.EMAIL: _l("Sähköposti"),
        CommsChannel.WEB_PAGE: _l("Verkkosivu"),
        CommsChannel.PRESS_RELEASE: _l("Lehdistötiedote"),
        CommsChannel.INFO_SESSION: _l("Infotilaisuus"),
        CommsChannel.SOCIAL_MEDIA: _l("Sosiaalinen media"),
        CommsChannel.LETTER: _l("Kirje"),
        CommsChannel.SERVICE_POINT: _l("Yhteispalvelupiste"),
        CommsChannel.OTHER: _l("Muu kanava"),
        CommsLanguage.FI: _l("suomi"),
        CommsLanguage.SV: _l("ruotsi"),
        CommsLanguage.EN: _l("englanti"),
        CommsLanguage.PLAIN_FI: _l("selkosuomi"),
        CommsStatus.PLANNED: _l("Suunniteltu"),
        CommsStatus.READY: _l("Valmis julkaistavaksi"),
        CommsStatus.PUBLISHED: _l("Julkaistu"),
        CommsStatus.CANCELLED: _l("Peruttu"),
        Recurrence.NONE: _l("Ei toistu"),
        Recurrence.WEEKLY: _l("Viikoittain"),
        Recurrence.MONTHLY: _l("Kuukausittain"),
    }
)


class CommsItem(Audited, db.Model):
    """One message of the communications plan: an audience, a channel, a date (or a recurrence) and an owner."""

    __tablename__ = "comms_item"
    __table_args__ = (
        CheckConstraint("reach IS NULL OR reach >= 0", name="reach_not_negative"),
        CheckConstraint("repeats_until IS NULL OR repeats_until >= planned_on", name="repeats_in_order"),
    )

    audit_name = _l("Viestintäsuunnitelman viesti")
    audit_fields = {
        "title": _l("Otsikko"),
        "audience": _l("Kohderyhmä"),
        "channel": _l("Kanava"),
        "message": _l("Viesti"),
        "owner_id": _l("Vastuuhenkilö"),
        "planned_on": _l("Suunniteltu päivä"),
        "recurrence": _l("Toistuu"),
        "repeats_until": _l("Toistuu asti"),
        "languages": _l("Kielet"),
        "status": _l("Tila"),
        "is_crisis": _l("Kriisiviestintä"),
        "wave_id": _l("Irtisanomisaalto"),
        "service_id": _l("Palvelu"),
        "published_on": _l("Julkaistu"),
        "reach": _l("Tavoitettuja"),
        "feedback": _l("Palaute"),
        "template_key": _l("Mallipohjan osa"),
        "case_id": _l("Tapaus"),
    }
    audit_reads = {"languages": Choices(CommsLanguage)}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    audience: Mapped[CommsAudience] = mapped_column(enum_column(CommsAudience))
    channel: Mapped[CommsChannel] = mapped_column(enum_column(CommsChannel))
    message: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("membership.id", ondelete="SET NULL"), index=True)
    # Column types named outright: a test's frozen clock may swap `date` before this module is imported.
    # A recurring item starts on `planned_on`.
    planned_on: Mapped[date] = mapped_column(Date)
    recurrence: Mapped[Recurrence] = mapped_column(enum_column(Recurrence), default=Recurrence.NONE)
    repeats_until: Mapped[date | None] = mapped_column(Date)
    # Comma-separated member names: few values, always read with the item.
    languages: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[CommsStatus] = mapped_column(enum_column(CommsStatus), default=CommsStatus.PLANNED)
    is_crisis: Mapped[bool] = mapped_column(default=False)
    wave_id: Mapped[int | None] = mapped_column(ForeignKey("layoff_wave.id", ondelete="SET NULL"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("support_service.id", ondelete="SET NULL"), index=True)
    published_on: Mapped[date | None] = mapped_column(Date)
    reach: Mapped[int | None]
    feedback: Mapped[str] = mapped_column(Text, default="")
    # Which item of the case template this is (None: added by someone): the template's alone are no work to lose.
    template_key: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    case: Mapped["Case"] = relationship("Case")
    owner: Mapped["Membership | None"] = relationship("Membership")
    wave: Mapped["LayoffWave | None"] = relationship("LayoffWave")
    service: Mapped["SupportService | None"] = relationship("SupportService")
    action_links: Mapped[list["CommsItemAction"]] = relationship(
        "CommsItemAction", back_populates="item", cascade="all, delete-orphan"
    )

    @property
    def audit_label(self) -> str:
        return self.title

    @property
    def language_list(self) -> list[CommsLanguage]:
        return [CommsLanguage[name] for name in self.languages.split(",") if name in CommsLanguage.__members__]

    @language_list.setter
    def language_list(self, members) -> None:
        self.languages = ",".join(member.name for member in dict.fromkeys(members))

    @property
    def is_recurring(self) -> bool:
        return self.recurrence is not Recurrence.NONE

    @property
    def is_late_for_wave(self) -> bool:
        """The first info should reach a wave before it leaves: an item planned after its wave's date is late."""
        return (
            self.wave is not None and self.status is not CommsStatus.CANCELLED and self.planned_on > self.wave.occurs_on
        )


class CommsItemAction(Audited, db.Model):
    """An action of the plan that an item tells about."""

    __tablename__ = "comms_item_action"
    __table_args__ = (UniqueConstraint("item_id", "action_id"),)
    audit_name = _l("Viestin toimenpide")
    audit_fields = {"item_id": _l("Viesti"), "action_id": _l("Toimenpide")}

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("comms_item.id", ondelete="CASCADE"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)

    item: Mapped["CommsItem"] = relationship("CommsItem", back_populates="action_links")
    action: Mapped["Action"] = relationship("Action")

    @property
    def audit_label(self) -> str:
        return self.action.title if self.action else f"#{self.action_id}"

    @classmethod
    def audit_facts(cls, connection, rows):
        return facts_named_by(connection, rows, "action_id", Action.id, Action.title)


__all__ = [
    "CommsAudience",
    "CommsChannel",
    "CommsItem",
    "CommsItemAction",
    "CommsLanguage",
    "CommsStatus",
    "Recurrence",
]
