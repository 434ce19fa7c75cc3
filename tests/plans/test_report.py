"""The action plan's sections of the progress report, built on a case with known figures."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from arm.core.parts import report_sections
from arm.extensions import db
from arm.plans.funding_report import build_funding, build_funding_requests
from arm.plans.models import (
    ActionCategory,
    ActionStatus,
    ActionUpdate,
    Funder,
    FundingRequestAction,
    FundingRequestStatus,
)
from arm.plans.report import add_months, build_next_steps, build_plan
from tests import factories
from tests.conftest import count_queries
from tests.reporting import facts, report_period, table


def _update(action, at, change, progress, note=""):
    old, new = change
    db.session.add(
        ActionUpdate(
            case_id=action.case_id,
            action_id=action.id,
            at=at,
            old_status=old,
            new_status=new,
            old_progress=max(0, progress - 10),
            new_progress=progress,
            note=note,
        )
    )


@pytest.fixture
def plan_case(app):
    case = factories.CaseFactory()
    organisation = factories.OrganisationFactory(name="Kemin kaupunki")
    ongoing = factories.ActionFactory(case=case, title="Rekrytointimessut", progress=40)
    done = factories.ActionFactory(case=case, title="Muutosturvainfo", status=ActionStatus.DONE, progress=100)
    delayed = factories.ActionFactory(
        case=case,
        title="Koulutuskokeilu",
        status=ActionStatus.DELAYED,
        progress=10,
        due_on=date(2026, 5, 1),
        owner_organisation=organisation,
    )
    factories.ActionFactory(
        case=case,
        title="Yrityspalvelupiste",
        category=ActionCategory.NEW_JOBS,
        status=ActionStatus.PLANNED,
        progress=0,
        starts_on=date(2026, 8, 1),
        due_on=date(2026, 9, 15),
    )
    factories.ActionFactory(
        case=case, category=ActionCategory.BUSINESS_GROWTH, status=ActionStatus.CANCELLED, progress=0
    )
    factories.ActionFactory(case=case, title="Myöhemmin", category=ActionCategory.NEW_JOBS, due_on=date(2026, 12, 1))
    _update(done, datetime(2026, 5, 10, 10, tzinfo=UTC), (ActionStatus.ONGOING, ActionStatus.DONE), 100, "Valmistui")
    _update(
        delayed,
        datetime(2026, 6, 1, 9, tzinfo=UTC),
        (ActionStatus.ONGOING, ActionStatus.DELAYED),
        10,
        "Kouluttaja puuttuu",
    )
    _update(delayed, datetime(2026, 6, 10, 9, tzinfo=UTC), (ActionStatus.DELAYED, ActionStatus.DELAYED), 10)
    # 1.4. at 0.30 in Helsinki: in the period; 31.3. at 23.00 in Helsinki: not.
    _update(ongoing, datetime(2026, 3, 31, 21, 30, tzinfo=UTC), (ActionStatus.ONGOING, ActionStatus.ONGOING), 40)
    _update(ongoing, datetime(2026, 3, 31, 20, 0, tzinfo=UTC), (ActionStatus.PLANNED, ActionStatus.ONGOING), 30)
    db.session.commit()
    return case


def test_the_plan_counts_actions_by_kind_and_status_and_what_changed_in_the_period(plan_case):
    section = build_plan(report_period(plan_case))

    found = facts(section)
    assert found["Toimenpiteitä"] == 6
    assert (found["Suunniteltu"], found["Käynnissä"], found["Valmis"], found["Viivästynyt"], found["Peruttu"]) == (
        1,
        2,
        1,
        1,
        1,
    )
    assert found["Myöhässä olevia toimenpiteitä"] == 1
    # (40 + 100 + 10) / 3 = 50 and (0 + 20) / 2 = 10, weighted by counts: (150 + 20) / 5 = 34
    assert found["Koko suunnitelman edistyminen"] == "34"
    assert found["Edistymisen laskutapa"] == "Toimenpiteiden keskiarvo"
    assert found["Päivitettyjä toimenpiteitä kaudella"] == 3
    assert found["Valmistuneita kaudella"] == 1
    assert found["Viivästyneiksi merkittyjä kaudella"] == 1

    statuses = table(section, "Toimenpiteet toimenpidetyypeittäin ja tiloittain")
    assert [column["label"] for column in statuses["columns"]][1:6] == [
        "Suunniteltu",
        "Käynnissä",
        "Valmis",
        "Viivästynyt",
        "Peruttu",
    ]
    assert statuses["rows"][0] == ["Uudelleentyöllistymisen tukeminen", 0, 1, 1, 1, 0, 3]
    assert statuses["rows"][1] == ["Uudet työpaikat ja vanhojen uudistaminen", 1, 1, 0, 0, 0, 2]
    assert statuses["rows"][2][-2:] == [1, 1]
    assert statuses["rows"][3][-1] == 0
    progress = table(section, "Edistyminen ja muutokset kaudella toimenpidetyypeittäin")
    assert progress["rows"][0] == ["Uudelleentyöllistymisen tukeminen", "50", 1, 3, 1, 1]
    assert progress["rows"][2] == ["Yritysten liiketoimintamahdollisuudet ja kasvu", None, 0, 0, 0, 0]

    chart = section["charts"][0]
    assert chart["kind"] == "stacked_bar" and chart["x_type"] == "label"
    assert chart["x"][0] == "Uudelleentyöllistymisen tukeminen"
    assert [s["label"] for s in chart["series"]][:2] == ["Suunniteltu", "Käynnissä"]
    assert chart["series"][1]["values"] == [1, 1, 0, 0]

    assert table(section, "Kaudella valmistuneet toimenpiteet")["rows"] == [
        ["Uudelleentyöllistymisen tukeminen", "Muutosturvainfo", "2026-05-10", "Valmistui"]
    ]
    assert table(section, "Kaudella viivästyneet toimenpiteet ja syyt")["rows"] == [
        ["Uudelleentyöllistymisen tukeminen", "Koulutuskokeilu", "2026-06-01", "10", "Kouluttaja puuttuu"]
    ]
    assert section["notes"] == []


def test_an_empty_plan_gives_zeros(app):
    section = build_plan(report_period(factories.CaseFactory()))
    found = facts(section)
    assert found["Toimenpiteitä"] == 0 and found["Valmistuneita kaudella"] == 0
    assert found["Koko suunnitelman edistyminen"] is None
    assert table(section, "Toimenpiteet toimenpidetyypeittäin ja tiloittain")["rows"][0][1:] == [0] * 6
    assert table(section, "Kaudella viivästyneet toimenpiteet ja syyt")["rows"] == []
    assert [note["text"] for note in section["notes"]] == [
        "Toimenpidesuunnitelmaan ei ole vielä kirjattu toimenpiteitä."
    ]


def test_a_long_list_is_cut_with_a_note(plan_case, monkeypatch):
    monkeypatch.setattr("arm.plans.report.LIST_LIMIT", 0)  # the query's
    monkeypatch.setattr("arm.core.reporting.LIST_LIMIT", 0)  # the cut and its note
    section = build_plan(report_period(plan_case))
    assert table(section, "Kaudella valmistuneet toimenpiteet")["rows"] == []
    assert section["notes"][0]["text"] == {
        "msgid": "Kaudella valmistuneista toimenpiteistä näytetään ensimmäiset %(count)s.",
        "args": {"count": 0},
    }


def test_a_delay_without_a_reason_is_noted(app):
    action = factories.ActionFactory(status=ActionStatus.DELAYED)
    _update(action, datetime(2026, 5, 5, tzinfo=UTC), (ActionStatus.ONGOING, ActionStatus.DELAYED), 20)
    db.session.commit()
    section = build_plan(report_period(action.case))
    assert {"text": "Kaikille viivästymisille ei ole kirjattu syytä.", "literal": False} in section["notes"]


def test_the_funding_requests_show_what_was_asked_and_decided(app):
    case = factories.CaseFactory()
    action = factories.ActionFactory(case=case)
    granted = factories.FundingRequestFactory(
        case=case,
        title="Koulutusohjelma",
        programme="ÄRM-erillisrahoitus",
        status=FundingRequestStatus.GRANTED_IN_PART,
        amount_asked=Decimal("500000"),
        amount_granted=Decimal("300000"),
        decided_on=date(2026, 5, 20),
    )
    db.session.add(FundingRequestAction(case_id=case.id, request_id=granted.id, action_id=action.id))
    factories.FundingRequestFactory(case=case, title="Yrityspalvelut", funder=Funder.OKM, amount_asked=None)
    factories.FundingRequestFactory(
        case=case,
        title="Vanha",
        status=FundingRequestStatus.REFUSED,
        amount_asked=Decimal("100000"),
        decided_on=date(2025, 12, 1),
    )
    db.session.commit()

    section = build_funding_requests(report_period(case))

    found = facts(section)
    assert found["Rahoituspyyntöjä"] == 3
    assert found["Haettu yhteensä"] == "600000.00"
    assert found["Myönnetty yhteensä"] == "300000.00"
    assert found["Odottaa päätöstä"] == 1
    assert found["Päätöksiä kaudella"] == 1
    assert found["Myönnetty kaudella"] == "300000.00"
    rows = table(section, "Rahoituspyynnöt")["rows"]
    assert rows[0] == [
        "Koulutusohjelma",
        "TEM:n ÄRM-rahoitus",
        "ÄRM-erillisrahoitus",
        1,
        "500000.00",
        "Myönnetty osittain",
        "300000.00",
        "2026-05-20",
    ]
    assert rows[1][3:5] == [0, None]
    by_status = table(section, "Rahoituspyynnöt tiloittain")["rows"]
    assert ["Hylätty", 1, "100000.00", "0.00"] in by_status
    chart = section["charts"][0]
    assert chart["x"] == ["TEM:n ÄRM-rahoitus", "Opetus- ja kulttuuriministeriö (OKM)"]
    assert chart["series"][0]["values"] == ["600000.00", "0.00"]
    assert {"text": {"msgid": "Haettu summa puuttuu %(count)s pyynnöstä.", "args": {"count": 1}}, "literal": False} in (
        section["notes"]
    )


def test_no_funding_requests_gives_zeros(app):
    section = build_funding_requests(report_period(factories.CaseFactory()))
    found = facts(section)
    assert found["Rahoituspyyntöjä"] == 0 and found["Haettu yhteensä"] == "0.00"
    assert section["charts"] == [] and table(section, "Rahoituspyynnöt")["rows"] == []
    assert section["notes"][0]["text"] == "Suunnitelmaan ei ole kirjattu valtion rahoitusesitystä."


def test_the_funding_shows_granted_and_used_per_funder_and_project(app):
    case = factories.CaseFactory()
    first = factories.ProjectFactory(case=case, name="Osaamishanke")
    second = factories.ProjectFactory(case=case, name="Yrityshanke")
    factories.GrantFactory(project=first, amount_granted=Decimal("100000"), amount_used=Decimal("25000"))
    factories.GrantFactory(
        project=first,
        funder=Funder.ESR,
        amount_granted=Decimal("50000"),
        amount_used=Decimal("50000"),
        decided_on=date(2026, 4, 1),
    )
    factories.GrantFactory(
        project=second, amount_granted=Decimal("60000"), amount_used=Decimal("0"), decided_on=date(2026, 7, 1)
    )
    factories.GrantFactory(project=second, funder=Funder.MUNICIPALITY, amount_granted=None, amount_used=Decimal("0"))

    section = build_funding(report_period(case))

    found = facts(section)
    assert found["Myönnetty yhteensä"] == "210000.00"
    assert found["Käytetty yhteensä"] == "75000.00"
    assert found["Käyttämättä"] == "135000.00"
    assert found["Käyttöaste"] == "35.7"
    assert found["Rahoituspäätöksiä"] == 3
    assert found["Rahoituspäätöksiä kaudella"] == 1
    assert found["Myönnetty kaudella"] == "50000.00"
    by_funder = table(section, "Rahoitus rahoittajittain")["rows"]
    assert by_funder == [
        ["TEM:n ÄRM-rahoitus", "160000.00", "25000.00", "15.6", 2, 0],
        ["Euroopan sosiaalirahasto (ESR)", "50000.00", "50000.00", "100", 1, 0],
        ["Kunta", "0.00", "0.00", None, 0, 1],
    ]
    assert table(section, "Rahoitus hankkeittain")["rows"] == [
        ["Osaamishanke", "150000.00", "75000.00", "50", 2],
        ["Yrityshanke", "60000.00", "0.00", "0", 2],
    ]
    assert section["charts"][0]["series"][1]["values"] == ["25000.00", "50000.00", "0.00"]
    assert section["notes"][0]["text"]["args"] == {"count": 1}


def test_no_funding_gives_zeros(app):
    section = build_funding(report_period(factories.CaseFactory()))
    assert facts(section)["Myönnetty yhteensä"] == "0.00" and facts(section)["Käyttöaste"] is None
    assert table(section, "Rahoitus hankkeittain")["rows"] == [] and section["charts"] == []
    assert section["notes"][0]["text"] == "Hankkeille ei ole kirjattu rahoitusta."


def test_the_next_steps_list_what_falls_due_and_what_is_left_open(plan_case):
    section = build_next_steps(report_period(plan_case))

    found = facts(section)
    assert found["Seuraava kausi päättyy"] == "2026-09-30"
    assert found["Erääntyy seuraavien kolmen kuukauden aikana"] == 1
    assert found["Alkaa seuraavien kolmen kuukauden aikana"] == 1
    assert found["Keskeneräisiä, määräaika kauden lopussa umpeutunut"] == 1
    assert table(section, "Seuraavien kolmen kuukauden aikana erääntyvät toimenpiteet")["rows"] == [
        ["2026-09-15", "Yrityspalvelupiste", "Uudet työpaikat ja vanhojen uudistaminen", "Suunniteltu", "0", ""]
    ]
    assert table(section, "Avoimet toimenpiteet, joiden määräaika on umpeutunut")["rows"] == [
        ["2026-05-01", "Koulutuskokeilu", "Uudelleentyöllistymisen tukeminen", "Viivästynyt", "10", "Kemin kaupunki"]
    ]


def test_no_next_steps_gives_zeros(app):
    section = build_next_steps(report_period(factories.CaseFactory()))
    found = facts(section)
    assert found["Erääntyy seuraavien kolmen kuukauden aikana"] == 0 and found["Rahoituspyyntöjä odottaa päätöstä"] == 0
    assert section["notes"][0]["text"] == "Seuraavalle kaudelle ei ole erääntyviä tai avoimia toimenpiteitä."


def test_three_months_on_keeps_to_the_month_end():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 6, 30), 3) == date(2026, 9, 30)


def _many(case, size: int) -> None:
    for n in range(size):
        action = factories.ActionFactory(
            case=case,
            category=list(ActionCategory)[n % 4],
            status=ActionStatus.DELAYED if n % 2 else ActionStatus.ONGOING,
            due_on=date(2026, 7, 1 + n % 28),
        )
        _update(
            action, datetime(2026, 5, 1 + n % 28, tzinfo=UTC), (ActionStatus.ONGOING, ActionStatus.DELAYED), 20, "Syy"
        )
        _update(action, datetime(2026, 6, 1 + n % 28, tzinfo=UTC), (ActionStatus.DELAYED, ActionStatus.DONE), 100)
        project = factories.ProjectFactory(case=case)
        factories.GrantFactory(project=project, decided_on=date(2026, 5, 1))
        request = factories.FundingRequestFactory(case=case)
        db.session.add(FundingRequestAction(case_id=case.id, request_id=request.id, action_id=action.id))
    db.session.commit()


@pytest.mark.parametrize(
    ("build", "expected"),
    [(build_plan, 4), (build_funding_requests, 1), (build_funding, 4), (build_next_steps, 3)],
)
def test_each_section_issues_a_fixed_number_of_statements(app, build, expected):
    counts = []
    for size in (1, 15):
        case = factories.CaseFactory()
        _many(case, size)
        period = report_period(case)
        with count_queries(app) as statements:
            build(period)
        counts.append(len(statements))
    assert counts == [expected, expected]


def test_the_registry_offers_the_plan_sections_in_their_places(app):
    sections = report_sections()
    keys = ("plan", "funding_requests", "funding", "next_steps")
    assert [sections[key].position for key in keys] == [60, 70, 80, 110]
