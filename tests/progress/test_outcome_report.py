"""The report sections "outputs" and "cohort" and the dashboard panel, on a case with known figures."""

from datetime import date

import pytest

from arm.core.parts import ReportPeriod, report_sections
from arm.progress.models import CohortBasis, CohortGroup, OutputKind
from arm.progress.outcome_report import build_cohort_section, build_outputs_section, cohort_panel
from tests import factories
from tests.conftest import count_queries, sign_in
from tests.markup import page_of
from tests.progress.outcome_helpers import add_output, add_snapshot, bulk_outputs, bulk_snapshots


def _period(case, starts_on=date(2023, 1, 1), ends_on=date(2023, 12, 31)) -> ReportPeriod:
    return ReportPeriod(case=case, starts_on=starts_on, ends_on=ends_on, today=date(2024, 1, 15))


@pytest.fixture
def known_case(app):
    case = factories.CaseFactory()
    project = factories.ProjectFactory(case=case, name="Meri-Lapin kestävä kasvu")
    add_output(case, dated_on=date(2022, 6, 1), amount=1000)  # before the period: cumulative only
    add_output(case, dated_on=date(2023, 7, 31), amount=2500)
    add_output(case, dated_on=date(2024, 2, 1), amount=999)  # after the period: left out
    add_output(case, kind=OutputKind.COMPANIES_REACHED, dated_on=date(2023, 12, 31), amount=50, project_id=project.id)
    add_output(case, kind=OutputKind.COMPANIES_REACHED, dated_on=date(2022, 12, 31), amount=20, project_id=project.id)
    add_snapshot(case, as_of=date(2023, 5, 31), employed=290, unemployed=120, unknown=0)
    add_snapshot(case, as_of=date(2023, 11, 30))  # the latest at the period's end
    add_snapshot(case, as_of=date(2024, 5, 31), employed=310, unemployed=64)  # after the end
    return case


def test_both_sections_are_registered_at_their_places(app):
    sections = report_sections()
    assert (sections["outputs"].position, str(sections["outputs"].label)) == (40, "Tuotokset")
    assert (sections["cohort"].position, str(sections["cohort"].label)) == (50, "Irtisanottujen tilanne")


def test_the_outputs_section_sums_the_period_and_up_to_its_end(known_case):
    content = build_outputs_section(_period(known_case))
    totals, case_level, per_project = content["tables"]
    assert totals["title"] == "Tuotokset yhteensä"
    assert totals["rows"] == [["Tapahtumien osallistujat", "", 2500, 3500], ["Tavoitetut yritykset", "", 50, 70]]
    assert case_level["rows"] == [["Tapahtumien osallistujat", "", 2500, 3500]]
    assert per_project["rows"] == [["Meri-Lapin kestävä kasvu", "Tavoitetut yritykset", "", 50, 70]]


def test_the_cohort_section_takes_the_latest_snapshot_at_the_period_end(known_case):
    content = build_cohort_section(_period(known_case))
    facts = {fact["label"]: fact["value"] for fact in content["facts"]}
    assert facts["Työnantajan omat irtisanotut: yhteensä"] == 550
    assert facts["Työnantajan omat irtisanotut: työttömänä"] == 74
    assert facts["Työnantajan omat irtisanotut: työllistyneiden osuus"] == "54.5"
    assert facts["Työnantajan omat irtisanotut: tilanteen päivä"] == "2023-11-30"
    table = content["tables"][0]
    rows = {row[0]: row[1:] for row in table["rows"]}
    assert rows["Työttömät"] == [74, 120, -46]
    assert rows["Työllistyneet"] == [300, 290, 10]
    assert rows["Tilanne ei tiedossa"] == [36, 0, 36]
    chart = content["charts"][0]
    assert chart["kind"] == "stacked_bar" and chart["x"] == ["2023-05-31", "2023-11-30"]
    assert [s["values"] for s in chart["series"] if s["label"] == "Työttömät"] == [[120, 74]]


def test_empty_sections_say_so(app):
    case = factories.CaseFactory()
    assert (
        build_outputs_section(_period(case))["notes"][0]["text"] == "Kaudelle tai sitä ennen ei ole kirjattu tuotoksia."
    )
    assert build_cohort_section(_period(case))["facts"] == []


@pytest.mark.parametrize("build", [build_outputs_section, build_cohort_section])
def test_each_section_issues_a_fixed_number_of_statements(app, build):
    counts = []
    for rows in (3, 150):
        case = factories.CaseFactory()
        bulk_outputs(case, rows)
        bulk_snapshots(case, rows)
        assert case.id  # loaded before counting: the report loads the case itself
        with count_queries(app) as statements:
            build(_period(case, date(2021, 1, 1), date(2030, 12, 31)))
        counts.append(len(statements))
    assert counts[0] == counts[1] == 1, counts


def test_the_dashboard_panel_shows_the_latest_per_group(app, client, case_with_network):
    people = case_with_network
    add_snapshot(people.case, as_of=date(2023, 5, 31), unemployed=120, employed=254)
    add_snapshot(people.case)
    add_snapshot(
        people.case,
        cohort_group=CohortGroup.SUBCONTRACTORS,
        cohort=950,
        employed=475,
        in_training=0,
        entrepreneurs=0,
        retired=0,
        unemployed=100,
        moved_away=0,
        unknown=375,
        basis=CohortBasis.ESTIMATE,
    )
    assert people.case.id  # loaded before counting
    with app.test_request_context(), count_queries(app) as statements:
        data = cohort_panel(people.case)
    assert len(statements) == 1
    assert [(s.group, s.latest.unemployed, s.employed_share) for s in data["statuses"]] == [
        (CohortGroup.OWN, 74, pytest.approx(54.5)),
        (CohortGroup.SUBCONTRACTORS, 100, 50),
    ]
    sign_in(client, people.observer)
    panel = page_of(client.get(f"/cases/{people.case.id}")).by_id("cohort-panel")
    assert "työttömänä 74 / 550, työllistyneitä 54,5 %" in panel.text
    assert "työttömänä 100 / 950, työllistyneitä 50 %" in panel.text


def test_the_demo_holds_only_the_seeds_figures(app):
    from sqlalchemy import select

    from arm.demo import load_demo_case
    from arm.extensions import db
    from arm.progress.models import CohortSnapshot, OutputEntry

    case = load_demo_case("demo password 123")
    entries = {
        entry.kind: entry for entry in db.session.scalars(select(OutputEntry).where(OutputEntry.case_id == case.id))
    }
    assert set(entries) == {OutputKind.EVENT_PARTICIPANTS, OutputKind.COMPANIES_REACHED}
    events, companies = entries[OutputKind.EVENT_PARTICIPANTS], entries[OutputKind.COMPANIES_REACHED]
    assert (events.amount, events.dated_on, events.project.name) == (
        3500,
        date(2023, 7, 31),
        "Kemi-Tornion alueen äkillisen rakennemuutoksen hoito",
    )
    assert "lähes 3500 osallistujaa" in events.source
    assert (companies.amount, companies.project.name) == (50, "Meri-Lapin kestävä kasvu")
    assert "noin 50 paikallista yritystä" in companies.source
    (snapshot,) = db.session.scalars(select(CohortSnapshot).where(CohortSnapshot.case_id == case.id))
    assert (snapshot.cohort, snapshot.unemployed, snapshot.unknown, snapshot.basis) == (
        550,
        74,
        476,
        CohortBasis.ESTIMATE,
    )
    assert snapshot.employed == snapshot.in_training == snapshot.retired == snapshot.moved_away == 0
    assert snapshot.note.startswith("Esimerkki:")
    assert "alle 75 henkilöä" in snapshot.source
