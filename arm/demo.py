"""The Kemi 2021 demo case: facts from the public info package (seed 002), fictional people.

Stora Enso announced on 21 April 2021 that it would close its Veitsiluoto mill in Kemi: 550 people
lost their jobs directly and about 1 500 jobs were lost with the subcontractors. The network was
gathered the same day, and by 8 June 2021 the action plan with a target of 1 000 new jobs had been
approved. The info package says the layoffs came in phases but gives no dates, so the demo's layoff
waves are illustrative and say so.
"""

from datetime import date

from sqlalchemy import func, select

from arm.auth import services as auth_services
from arm.auth.models import User
from arm.cases import services as case_services
from arm.cases.models import CaseKind, CasePhase, Membership, NetworkRole, OrganisationType, RoleAssignment
from arm.core.permissions import Access
from arm.extensions import db
from arm.plans.models import Subgroup

DEMO_COORDINATOR_EMAIL = "koordinaattori@example.fi"
DEMO_ADMIN_EMAIL = "admin@example.fi"
DEMO_MEMBER_EMAIL = "jasen@example.fi"
NETWORK_GATHERED_ON = date(2021, 4, 21)

ORGANISATIONS = [
    ("Kemin kaupunki", OrganisationType.MUNICIPALITY, "240", "https://www.kemi.fi"),
    ("Keminmaan kunta", OrganisationType.MUNICIPALITY, "241", "https://www.keminmaa.fi"),
    ("Simon kunta", OrganisationType.MUNICIPALITY, "751", "https://www.simo.fi"),
    ("Lapin liitto", OrganisationType.REGIONAL_COUNCIL, "698", "https://www.lapinliitto.fi"),
    ("Digipolis Oy", OrganisationType.DEVELOPMENT_COMPANY, "240", "https://www.digipolis.fi"),
    ("Koulutuskuntayhtymä Lappia", OrganisationType.EDUCATION_PROVIDER, "851", "https://www.lappia.fi"),
    ("Lapin ammattikorkeakoulu", OrganisationType.UNIVERSITY, "698", "https://www.lapinamk.fi"),
    ("Lapin yliopisto", OrganisationType.UNIVERSITY, "698", "https://www.ulapland.fi"),
    ("Lapin TE-toimisto", OrganisationType.EMPLOYMENT_AUTHORITY, "698", ""),
    ("Lapin ELY-keskus", OrganisationType.ELY_CENTRE, "698", ""),
    ("Kemin seurakunta", OrganisationType.PARISH, "240", ""),
    ("MIELI Meri-Lapin mielenterveys ry", OrganisationType.NGO, "240", ""),
    ("Stora Enso Oyj", OrganisationType.COMPANY, None, ""),
    ("Työ- ja elinkeinoministeriö", OrganisationType.MINISTRY, "091", "https://tem.fi"),
]

# name, e-mail, organisation, access, roles, job title; every person here is fictional.
PEOPLE = [
    (
        "Aino Esimerkki",
        DEMO_COORDINATOR_EMAIL,
        "Kemin kaupunki",
        Access.COORDINATOR,
        [NetworkRole.COORDINATOR, NetworkRole.INFORMATION_BROKER],
        "ÄRM-koordinaattori",
    ),
    (
        "Matti Malli",
        "kehitysyhtio@example.fi",
        "Digipolis Oy",
        Access.EDITOR,
        [NetworkRole.EXPERT, NetworkRole.RESOURCE_HOLDER],
        "Yrityspalvelupäällikkö",
    ),
    (
        "Liisa Testinen",
        "maakunta@example.fi",
        "Lapin liitto",
        Access.EDITOR,
        [NetworkRole.RESOURCE_HOLDER, NetworkRole.INFLUENCER],
        "Aluekehitysjohtaja",
    ),
    (
        "Pekka Kuvitelma",
        "ely@example.fi",
        "Lapin ELY-keskus",
        Access.MEMBER,
        [NetworkRole.RESOURCE_HOLDER],
        "Rakennemuutosasiantuntija",
    ),
    (
        "Sanna Sepitelmä",
        DEMO_MEMBER_EMAIL,
        "Lapin TE-toimisto",
        Access.MEMBER,
        [NetworkRole.EXPERT, NetworkRole.INFORMATION_BROKER],
        "Muutosturva-asiantuntija",
    ),
    (
        "Juha Mallikas",
        "oppilaitos@example.fi",
        "Koulutuskuntayhtymä Lappia",
        Access.MEMBER,
        [NetworkRole.EXPERT, NetworkRole.INNOVATOR],
        "Koulutuspäällikkö",
    ),
    (
        "Helena Harjoitus",
        "yliopisto@example.fi",
        "Lapin yliopisto",
        Access.MEMBER,
        [NetworkRole.INNOVATOR],
        "Projektipäällikkö",
    ),
    (
        "Kalle Keksitty",
        "keminmaa@example.fi",
        "Keminmaan kunta",
        Access.MEMBER,
        [NetworkRole.INFLUENCER],
        "Kunnanjohtaja",
    ),
    (
        "Tuula Tarkka",
        "ministerio@example.fi",
        "Työ- ja elinkeinoministeriö",
        Access.OBSERVER,
        [NetworkRole.INFLUENCER],
        "Neuvotteleva virkamies",
    ),
]

SUMMARY = """\
Stora Enso ilmoitti 21.4.2021 lakkauttavansa Veitsiluodon tehtaan Kemissä. Yt-neuvottelujen
tuloksena **550 henkilöä** menetti työnsä, ja alihankintaverkosto mukaan lukien menetettiin arviolta
**1 500 työpaikkaa**. Vaikutukset ulottuivat Kemin lisäksi muun muassa Keminmaalle ja Simoon.

Kuusi viikkoa aiemmin Metsä Fibre oli ilmoittanut runsaan kahden miljardin euron
biotuotetehtaan investoinnista Kemiin: positiivinen ja negatiivinen muutos osuivat samaan aikaan.

- Verkosto koottiin samana päivänä, kun irtisanomisuhasta uutisoitiin.
- Meri-Lapin kunnat ja työryhmä hyväksyivät toimintasuunnitelman 8.6.2021.
- Tavoite: **1 000 uutta työpaikkaa** ja Veitsiluodon kehittäminen monipuoliseksi yrityspuistoksi.
"""

# The info package says the layoffs came in phases but gives no dates; these waves are illustrative.
ILLUSTRATIVE_WAVES = [(date(2021, 6, 30), 180), (date(2021, 9, 30), 220), (date(2021, 12, 31), 150)]


def database_is_empty() -> bool:
    return db.session.scalar(select(func.count()).select_from(User)) == 0


def load_demo_case(password: str):
    auth_services.create_user(DEMO_ADMIN_EMAIL, "Demo Ylläpitäjä", password=password, is_admin=True)
    organisations = {
        name: case_services.create_organisation(name=name, type=type_, municipality_code=code, website=website)
        for name, type_, code, website in ORGANISATIONS
    }
    users = {
        email: auth_services.create_user(email, name, password=password, job_title=title, phone="+358 40 000 0000")
        for name, email, _, _, _, title in PEOPLE
    }
    coordinator = users[DEMO_COORDINATOR_EMAIL]
    case = case_services.open_case(
        coordinator,
        organisations["Kemin kaupunki"],
        title="Kemin äkillinen rakennemuutos 2021",
        kind=CaseKind.NEGATIVE,
        phase=CasePhase.WINDING_DOWN,
        lead_municipality_code="240",
        municipality_codes=["240", "241", "751"],
        employer="Stora Enso Oyj",
        industry_code="C",
        announced_on=date(2021, 4, 21),
        direct_layoffs=550,
        indirect_job_losses=950,
        summary=SUMMARY,
    )
    for subgroup in db.session.scalars(select(Subgroup).where(Subgroup.case_id == case.id, Subgroup.is_crisis_group)):
        subgroup.name = "Veitsiluoto-kriisityöryhmä"
        subgroup.purpose = (
            "Irtisanottujen ja heidän perheidensä henkilökohtainen tuki kesällä 2021: sosiaalityö, "
            "työllisyyspalvelut, seurakunta, psykiatria, työterveyshuolto ja järjestöt."
        )

    for name, _, _, _ in ORGANISATIONS:
        case_services.add_organisation(case, organisations[name]).joined_on = NETWORK_GATHERED_ON
    for membership in db.session.scalars(select(Membership).where(Membership.case_id == case.id)):
        membership.started_on = NETWORK_GATHERED_ON
        for assignment in membership.roles:
            assignment.started_on = NETWORK_GATHERED_ON
    for _name, email, organisation, access, roles, _title in PEOPLE:
        if email == DEMO_COORDINATOR_EMAIL:
            case_services.assign_role(
                _membership(case, users[email]), NetworkRole.INFORMATION_BROKER, NETWORK_GATHERED_ON
            )
            continue
        membership = Membership(
            case_id=case.id,
            user=users[email],
            organisation=organisations[organisation],
            access=access,
            started_on=NETWORK_GATHERED_ON,
        )
        membership.roles = [RoleAssignment(role=role, started_on=NETWORK_GATHERED_ON) for role in roles]
        db.session.add(membership)

    # Someone who left the network, so that the history of roles shows.
    former = auth_services.create_user(
        "entinen@example.fi", "Outi Entinen", password=password, job_title="Elinvoimajohtaja"
    )
    membership = Membership(
        case_id=case.id,
        user=former,
        organisation=organisations["Simon kunta"],
        access=Access.MEMBER,
        started_on=NETWORK_GATHERED_ON,
        ended_on=date(2022, 12, 31),
    )
    membership.roles = [
        RoleAssignment(role=NetworkRole.EXPERT, started_on=NETWORK_GATHERED_ON, ended_on=date(2022, 12, 31)),
        RoleAssignment(role=NetworkRole.INFLUENCER, started_on=date(2021, 6, 8), ended_on=date(2022, 6, 30)),
    ]
    db.session.add(membership)

    for occurs_on, headcount in ILLUSTRATIVE_WAVES:
        case_services.record_layoff_wave(
            case,
            occurs_on=occurs_on,
            headcount=headcount,
            note="Suuntaa-antava: tietopaketin mukaan irtisanomiset tapahtuivat vaiheittain.",
        )
    db.session.flush()
    return case


def _membership(case, user) -> Membership:
    return db.session.scalar(select(Membership).where(Membership.case_id == case.id, Membership.user_id == user.id))
