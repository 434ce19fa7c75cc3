"""The case summary section of the progress report, built on a case with known figures."""

from datetime import date

from arm.cases.enums import CaseKind, CasePhase, NetworkRole, OrganisationType
from arm.cases.models import Case, CaseMunicipality
from arm.cases.report import SECTIONS, build_summary
from arm.core.parts import report_sections
from arm.extensions import db
from tests import factories
from tests.conftest import count_queries
from tests.reporting import facts, report_period, table


def _network(case, organisations: int, people_each: int) -> None:
    for n in range(organisations):
        organisation = factories.OrganisationFactory(
            type=OrganisationType.MUNICIPALITY if n % 2 == 0 else OrganisationType.ELY_CENTRE
        )
        factories.CaseOrganisationFactory(case=case, organisation=organisation)
        for _ in range(people_each):
            membership = factories.MembershipFactory(case=case, organisation=organisation, started_on=date(2026, 5, 2))
            factories.RoleAssignmentFactory(membership=membership, role=NetworkRole.EXPERT)


def test_the_summary_states_the_case_its_layoffs_and_its_network(app):
    case = factories.CaseFactory(
        kind=CaseKind.NEGATIVE,
        phase=CasePhase.ACTIVE,
        employer="Tehdas Oy",
        industry_code="C",
        municipalities=[CaseMunicipality(code="240"), CaseMunicipality(code="851")],
    )
    factories.LayoffWaveFactory(case=case, occurs_on=date(2021, 6, 30), headcount=200)
    factories.LayoffWaveFactory(case=case, occurs_on=date(2026, 5, 31), headcount=350, employer="Alihankkija Oy")
    _network(case, organisations=3, people_each=2)
    left = factories.CaseOrganisationFactory(case=case, left_on=date(2026, 1, 1))
    factories.MembershipFactory(case=case, organisation=left.organisation, started_on=date(2020, 1, 1))

    section = build_summary(report_period(case))

    found = facts(section)
    assert found["Raportointikausi alkaa"] == "2026-04-01"
    assert found["Raportointikausi päättyy"] == "2026-06-30"
    assert found["Tapauksen tyyppi"] == "Äkillinen rakennemuutos (negatiivinen)"
    assert found["Vaihe"] == "Käynnissä"
    assert found["Vastuukunta"] == "Kemi"
    assert found["Vaikutusalueen kunnat"] == 2
    assert found["Työnantaja"] == "Tehdas Oy"
    assert found["Toimiala"].startswith("C ")
    assert found["Ilmoituspäivä"] == "2021-04-21"
    assert (found["Suorat irtisanomiset"], found["Välilliset työpaikkamenetykset"]) == (550, 950)
    assert found["Työpaikkamenetykset yhteensä"] == 1500
    assert found["Irtisanomisaallot"] == 2
    assert found["Irtisanotut aalloissa yhteensä"] == 550
    assert found["Irtisanotut aalloissa raportointikaudella"] == 350
    assert found["Verkoston organisaatiot"] == 3  # the one that left is not counted
    assert found["Verkoston jäsenet"] == 7
    assert found["Verkostoon liittyneet raportointikaudella"] == 6
    assert table(section, "Vaikutusalueen kunnat")["rows"] == [["Kemi", "240", True], ["Tornio", "851", False]]
    assert table(section, "Irtisanomisaallot")["rows"] == [
        ["2021-06-30", 200, "Tehdas Oy"],
        ["2026-05-31", 350, "Alihankkija Oy"],
    ]
    assert table(section, "Verkoston organisaatiot tyypeittäin")["rows"] == [["Kunta", 2], ["ELY-keskus", 1]]
    roles = dict(table(section, "Verkoston roolit")["rows"])
    assert roles["Asiantuntija"] == 6 and roles["Koordinaattori"] == 0
    assert section["notes"] == []


def test_a_case_with_nothing_recorded_gives_zeros_and_says_what_is_missing(app):
    case = factories.CaseFactory(employer="", direct_layoffs=None, indirect_job_losses=None, announced_on=None)

    section = build_summary(report_period(case))

    found = facts(section)
    assert found["Suorat irtisanomiset"] is None and found["Työpaikkamenetykset yhteensä"] is None
    assert found["Irtisanomisaallot"] == 0 and found["Verkoston organisaatiot"] == 0 and found["Verkoston jäsenet"] == 0
    assert table(section, "Irtisanomisaallot")["rows"] == []
    assert [note["text"] for note in section["notes"]] == [
        "Tapaukselle ei ole kirjattu suorien irtisanomisten määrää.",
        "Tapaukselle ei ole kirjattu irtisanomisaaltoja.",
    ]


def test_the_summary_issues_a_fixed_number_of_statements(app):
    counts = []
    for size in (1, 12):
        case = factories.CaseFactory()
        _network(case, organisations=size, people_each=2)
        for n in range(size):
            factories.LayoffWaveFactory(case=case, occurs_on=date(2026, 4, 1 + n))
        period = report_period(case)
        with count_queries(app) as statements:
            build_summary(period)
        counts.append(len(statements))
    assert counts[0] == counts[1] == 4, counts


def test_the_registry_offers_the_summary(app):
    assert report_sections()["summary"] is SECTIONS[0]


OWN_KEYS = ("summary", "plan", "funding_requests", "funding", "next_steps", "risks", "communications")


def test_the_sections_of_the_existing_areas_build_on_the_demo_case(app, runner):
    """The Kemi demo case, reported on for its first year: every section builds, its values typed."""
    assert runner.invoke(args=["arm", "load-demo", "--password", "demo password 123"]).exit_code == 0
    case = db.session.scalar(db.select(Case))
    period = report_period(case, date(2021, 4, 1), date(2022, 3, 31))
    sections = report_sections()
    built = {key: sections[key].build(period) for key in OWN_KEYS}
    assert facts(built["summary"])["Suorat irtisanomiset"] == 550
    assert facts(built["plan"])["Toimenpiteitä"] > 0
    for section in built.values():
        assert set(section) == {"facts", "tables", "charts", "notes"}
        for found in section["tables"]:
            assert all(len(row) == len(found["columns"]) for row in found["rows"])
