"""The action plan's vocabularies, each with its name in the UI."""

from flask_babel import lazy_gettext as _l

from arm.core.models import ENUM_LABELS, LabelledEnum


class ActionCategory(LabelledEnum):
    """TEM's four kinds of measures; every action has exactly one. The proposal for state funding is not a
    kind of measure but a section of the plan (`FundingRequest`)."""

    RE_EMPLOYMENT = "re_employment"
    NEW_JOBS = "new_jobs"
    BUSINESS_GROWTH = "business_growth"
    OTHER_CORRECTIVE = "other_corrective"


class Horizon(LabelledEnum):
    """The TEM plan holds short- and medium-term measures (seed 000); LONG only marks an action that belongs
    to the region's later 5–10-year structural change plan (seed 001), not a third horizon of this plan."""

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
        Horizon.SHORT: _l("Lyhyt aikaväli"),
        Horizon.MEDIUM: _l("Keskipitkä aikaväli"),
        Horizon.LONG: _l("Pitkän aikavälin rakennemuutossuunnitelmaan (5–10 v.)"),
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


class ProgressRollup(LabelledEnum):
    """How the action plan's progress rolls up from its actions."""

    AVERAGE = "average"
    BUDGET_WEIGHTED = "budget_weighted"


ENUM_LABELS.update(
    {
        ProgressRollup.AVERAGE: _l("Toimenpiteiden keskiarvo"),
        ProgressRollup.BUDGET_WEIGHTED: _l("Budjetilla painotettu keskiarvo"),
    }
)
