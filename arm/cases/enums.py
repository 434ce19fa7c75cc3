"""The cases area's vocabularies: kinds and phases of a case, types of organisation, network roles."""

from flask_babel import lazy_gettext as _l

from arm.core.models import ENUM_LABELS, LabelledEnum


class CaseKind(LabelledEnum):
    NEGATIVE = "negative"
    POSITIVE = "positive"
    PREPAREDNESS = "preparedness"


class CasePhase(LabelledEnum):
    """HANDOVER: the sudden-change work is handed over to the region's 5–10-year structural change plan
    (seed 001: "Äkillisestä rakennemuutoksesta ollaan siirtymässä kohti rakennemuutosta")."""

    PREPARING = "preparing"
    ACTIVE = "active"
    WINDING_DOWN = "winding_down"
    HANDOVER = "handover"
    CLOSED = "closed"


class OrganisationType(LabelledEnum):
    MUNICIPALITY = "municipality"
    REGIONAL_COUNCIL = "regional_council"
    DEVELOPMENT_COMPANY = "development_company"
    EDUCATION_PROVIDER = "education_provider"
    EMPLOYMENT_AUTHORITY = "employment_authority"
    ELY_CENTRE = "ely_centre"
    WELLBEING_SERVICES_COUNTY = "wellbeing_services_county"
    KELA = "kela"
    PARISH = "parish"
    NGO = "ngo"
    COMPANY = "company"
    UNIVERSITY = "university"
    MINISTRY = "ministry"
    OTHER = "other"


class NetworkRole(LabelledEnum):
    """How a person serves the network (TEM's operating model). Reported, never used for permissions."""

    COORDINATOR = "coordinator"
    EXPERT = "expert"
    RESOURCE_HOLDER = "resource_holder"
    INFLUENCER = "influencer"
    INFORMATION_BROKER = "information_broker"
    INNOVATOR = "innovator"


ENUM_LABELS.update(
    {
        CaseKind.NEGATIVE: _l("Äkillinen rakennemuutos (negatiivinen)"),
        CaseKind.POSITIVE: _l("Positiivinen rakennemuutos"),
        CaseKind.PREPAREDNESS: _l("Ennakointi ja varautuminen"),
        CasePhase.PREPARING: _l("Valmistelu"),
        CasePhase.ACTIVE: _l("Käynnissä"),
        CasePhase.WINDING_DOWN: _l("Päättymässä"),
        CasePhase.HANDOVER: _l("Siirto rakennemuutossuunnitelmaan"),
        CasePhase.CLOSED: _l("Päättynyt"),
        OrganisationType.MUNICIPALITY: _l("Kunta"),
        OrganisationType.REGIONAL_COUNCIL: _l("Maakunnan liitto"),
        OrganisationType.DEVELOPMENT_COMPANY: _l("Kehitysyhtiö"),
        OrganisationType.EDUCATION_PROVIDER: _l("Oppilaitos tai koulutuksen järjestäjä"),
        OrganisationType.EMPLOYMENT_AUTHORITY: _l("Työllisyysviranomainen / työllisyysalue"),
        OrganisationType.ELY_CENTRE: _l("ELY-keskus"),
        OrganisationType.WELLBEING_SERVICES_COUNTY: _l("Hyvinvointialue"),
        OrganisationType.KELA: _l("Kela"),
        OrganisationType.PARISH: _l("Seurakunta"),
        OrganisationType.NGO: _l("Järjestö"),
        OrganisationType.COMPANY: _l("Yritys"),
        OrganisationType.UNIVERSITY: _l("Korkeakoulu tai tutkimuslaitos"),
        OrganisationType.MINISTRY: _l("Ministeriö"),
        OrganisationType.OTHER: _l("Muu"),
        NetworkRole.COORDINATOR: _l("Koordinaattori"),
        NetworkRole.EXPERT: _l("Asiantuntija"),
        NetworkRole.RESOURCE_HOLDER: _l("Resurssien haltija"),
        NetworkRole.INFLUENCER: _l("Vaikuttaja / päätöksentekijä"),
        NetworkRole.INFORMATION_BROKER: _l("Tiedonvälittäjä"),
        NetworkRole.INNOVATOR: _l("Innovaattori"),
    }
)

# The actor types TEM recommends for every ÄRM network; opening a case puts them on its checklist.
RECOMMENDED_ACTOR_TYPES = (
    OrganisationType.MUNICIPALITY,
    OrganisationType.REGIONAL_COUNCIL,
    OrganisationType.DEVELOPMENT_COMPANY,
    OrganisationType.EDUCATION_PROVIDER,
    OrganisationType.EMPLOYMENT_AUTHORITY,
    OrganisationType.ELY_CENTRE,
)
