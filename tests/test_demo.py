from sqlalchemy import func, select

from arm.cases.models import Case, Membership
from arm.core.models import AuditEvent
from arm.extensions import db
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
    assert crisis == ["Veitsiluoto-kriisityöryhmä"]
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
        "Kemin seurakunta",
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
