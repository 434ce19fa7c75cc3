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
