from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from arm.cases.enums import CasePhase
from arm.cases.models import Case, CaseOrganisation, Membership, Organisation
from arm.core.models import AuditEvent
from arm.extensions import db
from arm.plans.models import Action, ActionResource, Project, Resource, Subgroup
from tests.conftest import sign_in
from tests.markup import page_of, row_containing


def test_load_demo_once_and_sign_in(app, runner, client, tmp_path):
    app.instance_path = str(tmp_path)
    result = runner.invoke(args=["arm", "load-demo", "--password", "demo password 123"])
    assert result.exit_code == 0, result.output
    assert "koordinaattori@example.fi" in result.output and "demo password 123" in result.output
    case = db.session.scalar(select(Case))
    assert case.direct_layoffs == 550 and case.affected_municipality_codes == ["240", "241", "751"]
    assert db.session.scalar(select(func.count()).select_from(Membership).where(Membership.ended_on.is_not(None))) == 1
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.case_id == case.id)) > 10

    again = runner.invoke(args=["arm", "load-demo"])
    assert "not loaded again" in again.output and "demo password 123" in again.output
    assert db.session.scalar(select(func.count()).select_from(Case)) == 1

    from arm.auth.models import User

    coordinator = db.session.scalar(select(User).where(User.email == "koordinaattori@example.fi"))
    sign_in(client, coordinator, "demo password 123")
    page = client.get(f"/cases/{case.id}/network").get_data(as_text=True)
    assert "Aino Esimerkki" in page and "Lapin liitto" in page
    network = page_of(client.get(f"/cases/{case.id}/network"))
    assert row_containing(network.find("tbody"), "Aino Esimerkki")[1] == "Koordinaattori"
    groups = [th.text for th in network.find("tbody").find_all("th", scope="colgroup")]
    assert "Lapin liitto (Maakunnan liitto)" in groups
    dashboard = page_of(client.get(f"/cases/{case.id}"))
    subgroups = dashboard.find("section", aria_labelledby="subgroups-heading").find_all("li")
    crisis = [li.find("span", class_="fw-semibold").text for li in subgroups if "data-crisis-group" in li.attrs]
    assert crisis == ["Veitsiluoto kriisityöryhmä"]
    assert client.get(f"/cases/{case.id}/network?status=former").status_code == 200


def test_the_demo_plan_has_the_two_objectives_and_its_approved_version(app, runner, client, tmp_path):
    """Seed 002: "tavoitteeksi asetettiin 1 000 uutta työpaikkaa ja Veitsiluodon kehittäminen monipuoliseksi
    yrityspuistoksi"; the plan was approved "8.6.2021 mennessä"."""
    from datetime import date
    from decimal import Decimal

    from arm.auth.models import User
    from arm.plans.models import Objective, ObjectiveKind, PlanVersion

    app.instance_path = str(tmp_path)
    assert runner.invoke(args=["arm", "load-demo", "--password", "demo password 123"]).exit_code == 0
    case = db.session.scalar(select(Case))
    objectives = {o.title: o for o in db.session.scalars(select(Objective).where(Objective.case_id == case.id))}
    assert set(objectives) == {"1 000 uutta työpaikkaa", "Veitsiluodon kehittäminen monipuoliseksi yrityspuistoksi"}
    jobs = objectives["1 000 uutta työpaikkaa"]
    assert jobs.kind is ObjectiveKind.JOB_TARGET and jobs.target_value == Decimal(1000)
    assert jobs.target_unit == "uutta työpaikkaa" and jobs.deadline is None
    assert all(o.deadline is None and o.action_links for o in objectives.values())
    (version,) = db.session.scalars(select(PlanVersion).where(PlanVersion.case_id == case.id))
    assert version.number == 1 and version.approved_on == date(2021, 6, 8)
    assert version.approved_by.email == "koordinaattori@example.fi"
    assert len(version.snapshot["objectives"]) == 2 and version.snapshot["actions"]

    coordinator = db.session.scalar(select(User).where(User.email == "koordinaattori@example.fi"))
    sign_in(client, coordinator, "demo password 123")
    page = client.get(f"/cases/{case.id}/objectives").get_data(as_text=True)
    assert "1\xa0000 uutta työpaikkaa" in page and "Invest in Veitsiluoto" in page
    assert "Ei muutoksia." in client.get(f"/cases/{case.id}/versions/{version.id}").get_data(as_text=True)


def test_demo_service_map_states_only_what_the_seeds_say(app, client):
    """Pointti, Ohjaamo and the crisis group's services, from organisations of the demo network; every period
    is illustrative (the sources date none), and the timeline flags the kinds the waves start without."""
    from arm.demo import DEMO_COORDINATOR_EMAIL, load_demo_case
    from arm.support.models import AgeGroup, ServiceKind, SupportService
    from tests.factories import PASSWORD

    case = load_demo_case(PASSWORD)
    db.session.commit()
    services = {s.name: s for s in db.session.scalars(select(SupportService).where(SupportService.case_id == case.id))}
    pointti = services["Työllisyyden yhteispalvelu Pointti"]
    assert pointti.provider.name == "Kemin kaupunki" and pointti.age_group is AgeGroup.OVER_30
    assert "yli 30-vuotiaita kemiläisiä työnhakijoita, joiden työttömyys on pitkittynyt" in pointti.description
    assert pointti.ends_on is None  # "Pointti jatkaa toimintaansa"
    assert services["Ohjaamo"].age_group is AgeGroup.UNDER_30
    crisis = [s for name, s in services.items() if name.startswith("Kriisityöryhmä")]
    assert {s.provider.name for s in crisis} == {
        "Kemin kaupunki",
        "Kemin ev.lut. seurakunta",
        "MIELI Meri-Lapin mielenterveys ry",
    }
    assert all(s.is_illustrative for s in services.values())
    assert not any(s.kind is ServiceKind.EDUCATION for s in services.values())  # the seeds name no dated one

    from arm.auth.models import User

    sign_in(client, db.session.scalar(select(User).where(User.email == DEMO_COORDINATOR_EMAIL)), PASSWORD)
    page = page_of(client.get(f"/cases/{case.id}/services/timeline"))
    first_wave = page.by_id(f"wave-{case.layoff_waves[0].id}")
    flags = [li.text for li in first_wave.find_all("li", class_="text-danger")]
    assert flags == ["⚠ Ei koulutuspalvelua kahden viikon sisällä aallosta 180 henkilöä 30.6.2021."]
    assert "suuntaa-antava" in page_of(client.get(f"/cases/{case.id}/services")).text


def test_demo_state_funding_decisions_are_the_info_packages(app, runner, tmp_path):
    """Seed 002 (docs/seed-facts.md F.3): TEM "12,75 miljoonaa euroa", OKM "2,50 miljoonaa euroa", Lapin
    ELY-keskus "2,30 miljoonan euron siirtomäärärahan"; the package gives no amounts asked or dates."""
    from decimal import Decimal

    from arm.plans.models import Funder, FundingRequest, FundingRequestStatus

    app.instance_path = str(tmp_path)
    assert runner.invoke(args=["arm", "load-demo", "--password", "demo password 123"]).exit_code == 0
    requests = db.session.scalars(select(FundingRequest).order_by(FundingRequest.id)).all()
    assert [(r.funder, r.amount_granted) for r in requests] == [
        (Funder.TEM_ARM, Decimal("12750000")),
        (Funder.OKM, Decimal("2500000")),
        (Funder.ELY, Decimal("2300000")),
    ]
    assert {r.status for r in requests} == {FundingRequestStatus.GRANTED}
    assert all(r.amount_asked is None and r.decided_on is None for r in requests)
    assert "12,75 miljoonaa euroa" in requests[0].description


# The info package's projects (seed 002, docs/seed-facts.md §D): name, period and funders as listed.
PACKAGE_PROJECTS = {
    "ÄRM-koordinaatiohanke – Case Veitsiluoto": ("2021-11-01", "2024-06-30", {"AKKE", "MUNICIPALITY"}),
    "Työtä Kemissä": ("2020-02-01", "2023-08-31", {"ESR", "OTHER", "MUNICIPALITY"}),
    "Irtisanomisesta selviytymiseen – Veitsiluodon tehtaan lopettamisen hyvinvointikriisin lieventäminen": (
        "2021-11-01",
        "2023-10-31",
        {"ESR", "ELY", "MUNICIPALITY", "OTHER"},
    ),
    "Kemi-Tornion alueen äkillisen rakennemuutoksen hoito": ("2021-08-02", "2023-07-31", {"OKM"}),
    "Uusi aika": ("2021-10-14", "2022-12-31", {"OKM"}),
    "Kemin äkillisen rakennemuutoksen toimenpiteet – Case ÄRM-agentti": (
        "2021-06-01",
        "2023-06-30",
        {"AKKE", "MUNICIPALITY"},
    ),
    "Invest in Veitsiluoto": ("2021-10-29", "2024-11-30", {"ELY", "COMPANY"}),
    "Koronasta kasvuun": ("2021-08-01", "2023-07-31", {"ESR", "MUNICIPALITY"}),
    "Matkailun ja palveluiden elpymissuunnitelma – Master Plan Kemi 2030": (
        "2021-10-01",
        "2023-06-30",
        {"EAKR", "OTHER", "MUNICIPALITY"},
    ),
    "Pk-kasvu-esiselvityshanke": ("2021-10-11", "2022-04-30", {"EAKR", "ELY"}),
    "Meri-Lapin kestävä kasvu": ("2023-02-01", "2023-12-31", {"ESR", "ELY"}),
    "Vedyn mahdollisuudet Kemille": ("2021-12-01", "2023-08-31", {"EAKR", "ELY"}),
    "XPAN 2022 Keminmaa – Simo": ("2022-01-01", "2022-12-31", {"AKKE", "MUNICIPALITY"}),
    "Vaikuttavat työllisyyden tukitoimet äkillisessä rakennemuutoksessa": (
        "2022-10-01",
        "2023-12-31",
        {"ESR", "ELY", "OTHER"},
    ),
    "Koordinoiden rakennemuutokseen ja kohtaantoon": ("2021-08-01", "2023-12-31", {"ESR"}),
    "Äkillisestä rakennemuutoksesta rakennemuutokseen – Case Veitsiluoto": (
        "2023-10-01",
        "2024-05-31",
        {"AKKE", "MUNICIPALITY"},
    ),
}

# The working group's members (seed 001) and the crisis group's outside the City of Kemi (seed 002).
NETWORK_ORGANISATIONS = {
    "Kemin kaupunki",
    "Keminmaan kunta",
    "Simon kunta",
    "Lapin liitto",
    "Lapin TE-toimisto",
    "Lapin ELY-keskus",
    "Pohjois-Pohjanmaan ELY-keskus",
    "Lapin yliopisto",
    "Lapin ammattikorkeakoulu",
    "Kemi-Tornionlaakson koulutuskuntayhtymä Lappia",
    "Rovaniemen koulutuskuntayhtymä REDU",
    "Kemin Digipolis Oy",
    "Meri-Lapin kehittämiskeskus ry",
    "Kemin ja Keminmaan yrittäjät ry",
    "Työ- ja elinkeinoministeriö",
    "Stora Enso",
    "Kemin ev.lut. seurakunta",
    "Länsi-Pohjan sairaanhoitopiiri",
    "Pihlajalinna",
    "Kriisikeskus Turvapoiju ry",
    "MIELI Meri-Lapin mielenterveys ry",
}


@pytest.fixture
def demo_case(app):
    from arm.demo import load_demo_case

    return load_demo_case("demo password 123")


def test_demo_projects_are_the_packages_with_their_periods_and_funders(demo_case):
    projects = db.session.scalars(select(Project).where(Project.case_id == demo_case.id)).all()
    assert {project.name for project in projects} == set(PACKAGE_PROJECTS)
    for project in projects:
        starts_on, ends_on, funders = PACKAGE_PROJECTS[project.name]
        assert (project.starts_on.isoformat(), project.ends_on.isoformat()) == (starts_on, ends_on), project.name
        assert {grant.funder.name for grant in project.grants} == funders, project.name
        # The package gives no amounts: none is made up.
        assert all(grant.amount_granted is None for grant in project.grants), project.name
    hydrogen = next(project for project in projects if project.name == "Vedyn mahdollisuudet Kemille")
    assert [link.organisation.name for link in hydrogen.implementers] == ["Kemin Digipolis Oy"]


def test_demo_organisations_are_named_as_in_the_package(demo_case):
    registry = set(db.session.scalars(select(Organisation.name)))
    assert NETWORK_ORGANISATIONS | {"Opetus- ja kulttuuriministeriö", "Metsä Fibre", "Tornion kaupunki"} <= registry
    assert not registry & {"Digipolis Oy", "Koulutuskuntayhtymä Lappia", "Kemin seurakunta"}
    in_network = set(
        db.session.scalars(
            select(Organisation.name).join(CaseOrganisation).where(CaseOrganisation.case_id == demo_case.id)
        )
    )
    assert in_network == NETWORK_ORGANISATIONS
    assert "Vastuukuntana toimii Tornio." in " ".join(demo_case.summary.split())


def test_demo_actions_claim_no_invented_budget_jobs_or_funding(demo_case):
    actions = db.session.scalars(select(Action).where(Action.case_id == demo_case.id)).all()
    assert actions
    assert all(action.budget is None for action in actions)
    assert all(action.expected_jobs is None for action in actions)  # the 486 are the companies' projects' target
    assert all(action.funding_sources == "" for action in actions)
    by_title = {action.title: action for action in actions}
    pointti = by_title["Työllisyyden yhteispalvelu Pointin avaaminen irtisanotuille"]
    assert pointti.owner_organisation.name == "Kemin kaupunki"
    master_plan = by_title["Master Plan Kemi 2030: matkailun ja palveluiden elpymissuunnitelma"]
    assert master_plan.owner_organisation.name == "Kemin kaupunki"
    # Values the package does not give are said to be the demo's own where the action is shown.
    business_park = by_title["Veitsiluodon kehittäminen monipuoliseksi yrityspuistoksi"]
    assert "demon omia arvioita" in business_park.description and "486" in business_park.description
    hydrogen = by_title["Vedyn mahdollisuudet Kemille"]
    assert hydrogen.owner_organisation.name == "Kemin Digipolis Oy"
    assert (hydrogen.starts_on.isoformat(), hydrogen.due_on.isoformat()) == ("2021-12-01", "2023-08-31")
    # The ELY centre's transfer appropriation is the package's figure, and no action draws an invented share.
    resources = db.session.scalars(select(Resource).where(Resource.case_id == demo_case.id)).all()
    assert [resource.capacity for resource in resources if resource.capacity is not None] == [Decimal(2_300_000)]
    assert (
        db.session.scalars(select(ActionResource.amount).where(ActionResource.case_id == demo_case.id)).all()
        == [None] * 3
    )


def test_demo_crisis_group_is_the_packages_psychosocial_support(demo_case):
    crisis = db.session.scalar(select(Subgroup).where(Subgroup.case_id == demo_case.id, Subgroup.is_crisis_group))
    assert crisis.name == "Veitsiluoto kriisityöryhmä"
    assert "tukivat irtisanottuja ja heidän perheitään henkilökohtaisesti" in crisis.purpose
    for member in ("sosiaalityö", "seurakunta", "psykiatrian osasto", "työterveyshuolto", "Turvapoiju", "MIELI"):
        assert member in crisis.purpose
    assert demo_case.phase is CasePhase.HANDOVER


def test_demo_risks_are_the_starter_risks_in_illustrative_states(demo_case):
    from arm.core.comments import Comment
    from arm.risks import queries as risk_queries
    from arm.risks.models import Risk, RiskStatus, Trend

    risks = {r.template_key: r for r in db.session.scalars(select(Risk).where(Risk.case_id == demo_case.id))}
    assert set(risks) == {
        "phased_layoffs",
        "late_funding",
        "network_trust",
        "competing_positive_change",
        "follow_up_data_breach",
    }
    # Seed [002]: services were not timed to the needs because the layoffs came in phases.
    assert risks["phased_layoffs"].status is RiskStatus.MATERIALISED
    assert risks["late_funding"].status is RiskStatus.PROPOSED  # one left for the coordinator to decide
    trends = risk_queries.trends([risk.id for risk in risks.values()])
    assert trends[risks["phased_layoffs"].id] is Trend.RISING
    assert trends[risks["competing_positive_change"].id] is Trend.FALLING
    figures = risk_queries.dashboard_figures(demo_case.id, date.today())
    assert figures.overdue_count == 1 and figures.overdue[0].id == risks["network_trust"].id
    assert db.session.scalar(select(func.count(Comment.id)).where(Comment.case_id == demo_case.id)) == 1
