"""The Kemi 2021 demo case: facts from the public info package (seed 002), fictional people.

Stora Enso announced on 21 April 2021 that it would close its Veitsiluoto mill in Kemi: 550 people
lost their jobs directly and about 1 500 jobs were lost with the subcontractors. The network was
gathered the same day, and by 8 June 2021 the action plan with a target of 1 000 new jobs had been
approved. The info package says the layoffs came in phases but gives no dates, so the demo's layoff
waves are illustrative and say so.
"""

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from arm.auth import services as auth_services
from arm.auth.models import User
from arm.cases import services as case_services
from arm.cases.models import CaseKind, CasePhase, Membership, NetworkRole, OrganisationType, RoleAssignment
from arm.core.permissions import Access
from arm.extensions import db
from arm.plans import services as plan_services
from arm.plans.models import (
    ActionCategory,
    ActionStatus,
    Funder,
    Horizon,
    MeetingRhythm,
    ResourceKind,
    Subgroup,
    TargetGroup,
)

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
    ("Rovaniemen koulutuskuntayhtymä REDU", OrganisationType.EDUCATION_PROVIDER, "698", "https://www.redu.fi"),
    ("Lapin TE-toimisto", OrganisationType.EMPLOYMENT_AUTHORITY, "698", ""),
    ("Lapin ELY-keskus", OrganisationType.ELY_CENTRE, "698", ""),
    ("Pohjois-Pohjanmaan ELY-keskus", OrganisationType.ELY_CENTRE, "564", ""),
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

Rahoitus: TEM myönsi ÄRM-rahoitusta yhteensä 12,75 milj. €, OKM 2,50 milj. € ja Lapin ELY-keskus
sai 2,30 milj. € siirtomäärärahan julkisiin työvoima- ja yrityspalveluihin. Hankekohtaisia
rahoitusosuuksia tietopaketti ei erittele, joten demon hankkeiden rahoitussummat ovat tyhjiä.
"""

# Projects of the info package: name, implementers, period, funders as written there (no amounts given).
PROJECTS = [
    (
        "ÄRM-koordinaatiohanke – Case Veitsiluoto",
        ["Kemin kaupunki"],
        date(2021, 11, 1),
        date(2024, 6, 30),
        [Funder.AKKE, Funder.MUNICIPALITY],
        "Varmistettiin, että ÄRM-toimintasuunnitelma toteutuu ja yhteistyö sujuu; viestintä tuki verkostoa.",
        "Kansallisesti hyödynnettävä tietopaketti ÄRM-käytännöistä; aurinkovoimala- ja sijoittumisselvitykset.",
    ),
    (
        "Työtä Kemissä",
        ["Kemin kaupunki", "Lapin ELY-keskus"],
        date(2020, 2, 1),
        date(2023, 8, 31),
        [Funder.ESR, Funder.OTHER, Funder.MUNICIPALITY],
        "Luotiin työllisyyden yhteispalvelu Pointti, joka kokoaa työnhakijoiden, yritysten ja oppilaitosten "
        "palvelut yhteen. Rahoitus: ESR, valtion ja kuntien rahoitus (ei ÄRM-rahoitusta).",
        "Yhteispalvelupiste, jossa TE-toimisto, kaupungin työllisyyspalvelut, oppilaitokset, järjestöt ja Digipolis.",
    ),
    (
        "Irtisanomisesta selviytymiseen – Veitsiluodon tehtaan lopettamisen hyvinvointikriisin lieventäminen",
        ["Kemin kaupunki", "Lapin yliopisto", "Keminmaan kunta", "Simon kunta"],
        date(2021, 11, 1),
        date(2023, 10, 31),
        [Funder.ESR, Funder.ELY, Funder.MUNICIPALITY, Funder.OTHER],
        "Tuettiin Veitsiluodon tehtaalta ja alihankintaverkostosta irtisanottuja Kemin, Keminmaan ja Simon alueella.",
        "Sosiaalinen verkosto irtisanottujen tueksi, asiointiapu ja palvelumalli vastaavia muutostilanteita varten.",
    ),
    (
        "Kemi-Tornion alueen äkillisen rakennemuutoksen hoito",
        ["Koulutuskuntayhtymä Lappia", "Rovaniemen koulutuskuntayhtymä REDU"],
        date(2021, 8, 2),
        date(2023, 7, 31),
        [Funder.OKM],
        "Kartoitettiin irtisanottujen osaamista ja työkykyä ja ohjattiin heitä sopivaan työhön tai koulutukseen.",
        "Oppilaitosten tapahtumissa lähes 3 500 osallistujaa.",
    ),
    (
        "Uusi aika",
        ["Lapin ammattikorkeakoulu"],
        date(2021, 10, 14),
        date(2022, 12, 31),
        [Funder.OKM],
        "Kehitettiin työelämäyhteistyötä; työelämälähtöiset palvelupilotit kohdennettiin Meri-Lapin toimialoihin.",
        "",
    ),
    (
        "Kemin äkillisen rakennemuutoksen toimenpiteet – Case ÄRM-agentti",
        ["Kemin kaupunki"],
        date(2021, 6, 1),
        date(2023, 6, 30),
        [Funder.AKKE, Funder.MUNICIPALITY],
        "Autettiin yrityksiä kasvamaan, houkuteltiin alueelle uusia yrityksiä ja tuettiin uusia yrittäjiä.",
        "",
    ),
    (
        "Invest in Veitsiluoto",
        ["Digipolis Oy", "Stora Enso Oyj", "Kemin kaupunki"],
        date(2021, 10, 29),
        date(2024, 11, 30),
        [Funder.ELY, Funder.COMPANY],
        "Tuettiin yritysten sijoittumista Veitsiluodon yritysalueelle ja Kemin seudulle. Rahoittajat: "
        "Pohjois-Pohjanmaan ELY-keskus ja Stora Enso.",
        "",
    ),
]

# Actions of the plan, from the measures the info package describes; statuses and percentages are illustrative.
# title, category, horizon, target group, subgroup (by template position), owner e-mail, start, due, status,
# progress, expected jobs, budget, projects
ACTIONS = [
    (
        "Työllisyyden yhteispalvelu Pointin avaaminen irtisanotuille",
        ActionCategory.RE_EMPLOYMENT,
        Horizon.SHORT,
        TargetGroup.LAID_OFF,
        1,
        DEMO_MEMBER_EMAIL,
        date(2021, 5, 1),
        date(2021, 12, 31),
        ActionStatus.DONE,
        100,
        0,
        None,
        ["Työtä Kemissä"],
    ),
    (
        "Irtisanottujen osaamis- ja työkykykartoitukset",
        ActionCategory.RE_EMPLOYMENT,
        Horizon.SHORT,
        TargetGroup.LAID_OFF,
        1,
        "oppilaitos@example.fi",
        date(2021, 8, 2),
        date(2023, 7, 31),
        ActionStatus.DONE,
        100,
        0,
        None,
        ["Kemi-Tornion alueen äkillisen rakennemuutoksen hoito"],
    ),
    (
        "Palvelujen ajoittaminen irtisanomisaaltojen mukaan",
        ActionCategory.RE_EMPLOYMENT,
        Horizon.SHORT,
        TargetGroup.LAID_OFF,
        1,
        DEMO_MEMBER_EMAIL,
        date(2021, 6, 1),
        date(2021, 10, 31),
        ActionStatus.DELAYED,
        60,
        0,
        None,
        [],
    ),
    (
        "Muuntokoulutukset ja lisäaloituspaikat Meri-Lapin toimialoille",
        ActionCategory.OTHER_CORRECTIVE,
        Horizon.MEDIUM,
        TargetGroup.EDUCATION,
        1,
        "oppilaitos@example.fi",
        date(2021, 10, 14),
        date(2027, 6, 30),
        ActionStatus.ONGOING,
        70,
        0,
        None,
        ["Uusi aika"],
    ),
    (
        "Hyvinvointikriisin lieventäminen: vertaistuki ja asiointiapu",
        ActionCategory.OTHER_CORRECTIVE,
        Horizon.SHORT,
        TargetGroup.WELLBEING,
        1,
        "yliopisto@example.fi",
        date(2021, 11, 1),
        date(2023, 10, 31),
        ActionStatus.DONE,
        100,
        0,
        Decimal("150000"),
        ["Irtisanomisesta selviytymiseen – Veitsiluodon tehtaan lopettamisen hyvinvointikriisin lieventäminen"],
    ),
    (
        "Veitsiluodon kehittäminen monipuoliseksi yrityspuistoksi",
        ActionCategory.NEW_JOBS,
        Horizon.LONG,
        TargetGroup.COMPANIES,
        2,
        "kehitysyhtio@example.fi",
        date(2021, 6, 8),
        date(2031, 12, 31),
        ActionStatus.ONGOING,
        40,
        486,
        Decimal("2500000"),
        ["Invest in Veitsiluoto"],
    ),
    (
        "Invest in Veitsiluoto -sijoittumismarkkinointi",
        ActionCategory.BUSINESS_GROWTH,
        Horizon.MEDIUM,
        TargetGroup.COMPANIES,
        2,
        "kehitysyhtio@example.fi",
        date(2021, 10, 29),
        date(2024, 11, 30),
        ActionStatus.DONE,
        100,
        0,
        Decimal("600000"),
        ["Invest in Veitsiluoto"],
    ),
    (
        "ÄRM-agentti: kasvun tuki yrityksille ja uusien yrittäjien neuvonta",
        ActionCategory.BUSINESS_GROWTH,
        Horizon.SHORT,
        TargetGroup.COMPANIES,
        2,
        DEMO_COORDINATOR_EMAIL,
        date(2021, 6, 1),
        date(2023, 6, 30),
        ActionStatus.DONE,
        100,
        0,
        Decimal("320000"),
        ["Kemin äkillisen rakennemuutoksen toimenpiteet – Case ÄRM-agentti"],
    ),
    (
        "Aurinkovoimalaselvitys Ajoksen ja Holstinharjun alueille",
        ActionCategory.NEW_JOBS,
        Horizon.MEDIUM,
        TargetGroup.INFRASTRUCTURE,
        0,
        DEMO_COORDINATOR_EMAIL,
        date(2022, 1, 10),
        date(2022, 12, 31),
        ActionStatus.DONE,
        100,
        0,
        Decimal("40000"),
        ["ÄRM-koordinaatiohanke – Case Veitsiluoto"],
    ),
    (
        "Vedyn mahdollisuudet Kemille",
        ActionCategory.NEW_JOBS,
        Horizon.LONG,
        TargetGroup.WHOLE_REGION,
        0,
        "yliopisto@example.fi",
        date(2022, 1, 1),
        date(2027, 12, 31),
        ActionStatus.ONGOING,
        30,
        0,
        Decimal("200000"),
        [],
    ),
    (
        "Ehdotus valtion rahoituksesta Veitsiluodon teollisuusalueen infrastruktuuriin",
        ActionCategory.STATE_FUNDING,
        Horizon.LONG,
        TargetGroup.INFRASTRUCTURE,
        0,
        "maakunta@example.fi",
        date(2026, 9, 1),
        date(2027, 3, 31),
        ActionStatus.PLANNED,
        0,
        0,
        None,
        [],
    ),
    (
        "Master Plan Kemi 2030: matkailun ja palveluiden elpymissuunnitelma",
        ActionCategory.BUSINESS_GROWTH,
        Horizon.MEDIUM,
        TargetGroup.COMPANIES,
        2,
        "keminmaa@example.fi",
        date(2021, 10, 1),
        date(2023, 6, 30),
        ActionStatus.DONE,
        100,
        0,
        Decimal("180000"),
        [],
    ),
    (
        "Kriisiviestintä ja tukipuhelin irtisanotuille ja perheille",
        ActionCategory.OTHER_CORRECTIVE,
        Horizon.SHORT,
        TargetGroup.WELLBEING,
        3,
        DEMO_COORDINATOR_EMAIL,
        date(2021, 4, 21),
        date(2021, 9, 30),
        ActionStatus.DONE,
        100,
        0,
        None,
        [],
    ),
]

# subgroup by template position: chair e-mail, member e-mails, rhythm
SUBGROUP_PEOPLE = {
    0: ("maakunta@example.fi", ["kehitysyhtio@example.fi", "yliopisto@example.fi"], MeetingRhythm.BIWEEKLY),
    1: (DEMO_MEMBER_EMAIL, ["oppilaitos@example.fi", "yliopisto@example.fi", "ely@example.fi"], MeetingRhythm.WEEKLY),
    2: ("kehitysyhtio@example.fi", ["ely@example.fi", "keminmaa@example.fi"], MeetingRhythm.BIWEEKLY),
    3: (DEMO_COORDINATOR_EMAIL, [DEMO_MEMBER_EMAIL], MeetingRhythm.WEEKLY),
}

# organisation, contact e-mail, kind, description, capacity, unit, used by (action title, amount)
RESOURCES = [
    (
        "Lapin ELY-keskus",
        "ely@example.fi",
        ResourceKind.FUNDING,
        "Siirtomääräraha julkisiin työvoima- ja yrityspalveluihin",
        Decimal("2300000"),
        "€",
        [("Muuntokoulutukset ja lisäaloituspaikat Meri-Lapin toimialoille", Decimal("900000"))],
    ),
    (
        "Kemin kaupunki",
        DEMO_COORDINATOR_EMAIL,
        ResourceKind.PREMISES,
        "Työllisyyden yhteispalvelu Pointin tilat",
        Decimal("1500"),
        "h",
        [("Työllisyyden yhteispalvelu Pointin avaaminen irtisanotuille", Decimal("1200"))],
    ),
    (
        "Koulutuskuntayhtymä Lappia",
        "oppilaitos@example.fi",
        ResourceKind.EXPERTISE,
        "Osaamis- ja työkykykartoittajat",
        Decimal("800"),
        "h",
        [("Irtisanottujen osaamis- ja työkykykartoitukset", Decimal("640"))],
    ),
    (
        "Digipolis Oy",
        "kehitysyhtio@example.fi",
        ResourceKind.STAFF_TIME,
        "Sijoittumispalvelun asiantuntijat",
        Decimal("1200"),
        "h",
        [("Invest in Veitsiluoto -sijoittumismarkkinointi", Decimal("900"))],
    ),
    (
        "Lapin yliopisto",
        "yliopisto@example.fi",
        ResourceKind.DATA,
        "Irtisanottujen hyvinvointikyselyn aineisto",
        None,
        "",
        [],
    ),
]

# a few timeline entries: action title, author e-mail, status, progress, note
UPDATES = [
    (
        "Palvelujen ajoittaminen irtisanomisaaltojen mukaan",
        DEMO_MEMBER_EMAIL,
        ActionStatus.ONGOING,
        40,
        "Ensimmäisen aallon infot pidetty Pointissa.",
    ),
    (
        "Palvelujen ajoittaminen irtisanomisaaltojen mukaan",
        DEMO_MEMBER_EMAIL,
        ActionStatus.DELAYED,
        60,
        "Irtisanomiset tulevat vaiheittain, joten palvelut eivät osu kaikille oikeaan aikaan.",
    ),
    (
        "Veitsiluodon kehittäminen monipuoliseksi yrityspuistoksi",
        "kehitysyhtio@example.fi",
        ActionStatus.ONGOING,
        40,
        "Ensimmäiset sijoittumiset uutisoitiin vuonna 2022; osa investoinneista tulee 5–10 vuoden päästä.",
    ),
    (
        "Muuntokoulutukset ja lisäaloituspaikat Meri-Lapin toimialoille",
        "oppilaitos@example.fi",
        ActionStatus.ONGOING,
        70,
        "Kartoitusten tuloksia hyödynnetty uusien koulutusten suunnittelussa.",
    ),
]

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

    db.session.flush()
    _load_plan(case, organisations, users)

    for occurs_on, headcount in ILLUSTRATIVE_WAVES:
        case_services.save_layoff_wave(
            case,
            None,
            occurs_on=occurs_on,
            headcount=headcount,
            note="Suuntaa-antava: tietopaketin mukaan irtisanomiset tapahtuivat vaiheittain.",
        )
    db.session.flush()
    return case


def _load_plan(case, organisations: dict, users: dict) -> None:
    memberships = {email: _membership(case, user) for email, user in users.items()}
    subgroups = db.session.scalars(
        select(Subgroup).where(Subgroup.case_id == case.id).order_by(Subgroup.position)
    ).all()
    for position, (chair, members, rhythm) in SUBGROUP_PEOPLE.items():
        subgroup = subgroups[position]
        plan_services.save_subgroup(
            case,
            subgroup,
            name=subgroup.name,
            purpose=subgroup.purpose,
            chair_id=memberships[chair].id,
            rhythm=rhythm,
            member_ids=[memberships[e].id for e in members],
            is_crisis_group=subgroup.is_crisis_group,
        )
    actions = {}
    for (
        title,
        category,
        horizon,
        target,
        subgroup,
        owner,
        starts_on,
        due_on,
        status,
        progress,
        jobs,
        budget,
        _projects,
    ) in ACTIONS:
        owner_membership = memberships[owner]
        # An action with updates below starts as planned; the updates bring it to where it is now.
        has_updates = any(update[0] == title for update in UPDATES)
        actions[title] = plan_services.create_action(
            case,
            users[owner],
            {
                "title": title,
                "description": "",
                "category": category,
                "horizon": horizon,
                "target_group": target,
                "subgroup_id": subgroups[subgroup].id,
                "owner_id": owner_membership.id,
                "owner_organisation_id": owner_membership.organisation_id,
                "starts_on": starts_on,
                "due_on": due_on,
                "status": ActionStatus.PLANNED if has_updates else status,
                "progress": 0 if has_updates else progress,
                "expected_jobs": jobs or None,
                "budget": budget,
            },
            [Funder.TEM_ARM] if budget else [],
        )
    for title, author, status, progress, note in UPDATES:
        plan_services.record_progress(actions[title], users[author], status=status, progress=progress, note=note)
    for name, implementers, starts_on, ends_on, funders, description, results in PROJECTS:
        project = plan_services.save_project(
            case,
            None,
            name=name,
            description=description,
            results=results,
            starts_on=starts_on,
            ends_on=ends_on,
            implementer_ids=[organisations[i].id for i in implementers],
            action_ids=[actions[a[0]].id for a in ACTIONS if name in a[12]],
        )
        for funder in funders:
            plan_services.save_grant(
                project, None, funder=funder, amount_granted=None, amount_used=None, decided_on=None
            )
    for organisation, contact, kind, description, capacity, unit, uses in RESOURCES:
        resource = plan_services.save_resource(
            case,
            None,
            organisation_id=organisations[organisation].id,
            contact_id=memberships[contact].id,
            kind=kind,
            description=description,
            capacity=capacity,
            unit=unit,
            starts_on=date(2021, 6, 1),
            ends_on=None,
        )
        for title, amount in uses:
            plan_services.use_resource(actions[title], resource, amount)


def _membership(case, user) -> Membership:
    return db.session.scalar(select(Membership).where(Membership.case_id == case.id, Membership.user_id == user.id))
