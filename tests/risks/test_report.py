"""The risk register's section of the progress report, built on a case with known figures."""

from datetime import UTC, datetime

from arm.core.parts import report_sections
from arm.extensions import db
from arm.risks.models import RiskAssessment, RiskCategory, RiskStatus
from arm.risks.report import build_risks
from tests import factories
from tests.conftest import count_queries
from tests.reporting import facts, report_period, table
from tests.risks.helpers import bulk_risks


def _risk(case, title, likelihood, impact, history, **values):
    """A risk whose assessments are `history`: (likelihood, impact, when), oldest first."""
    risk = factories.RiskFactory(case=case, title=title, likelihood=likelihood, impact=impact, assessments=[], **values)
    db.session.add_all(
        RiskAssessment(case_id=case.id, risk_id=risk.id, likelihood=likelihood_then, impact=impact_then, assessed_at=at)
        for likelihood_then, impact_then, at in history
    )
    db.session.commit()
    return risk


def test_the_largest_risks_come_with_their_development_over_the_period(app):
    case = factories.CaseFactory()
    march, may = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC)
    _risk(case, "Rahoitus viivästyy", 4, 5, [(3, 4, march), (4, 5, may)], created_at=march)
    _risk(
        case,
        "Osaajia ei löydy",
        3,
        3,
        [(4, 4, march), (3, 3, may)],
        category=RiskCategory.LABOUR_MATCHING,
        created_at=march,
    )
    _risk(case, "Uusi riski", 2, 2, [(2, 2, may)], status=RiskStatus.MITIGATING, created_at=may)
    _risk(case, "Ennallaan", 1, 2, [(1, 2, march)], created_at=march)
    _risk(case, "Suljettu", 5, 5, [(5, 5, march)], status=RiskStatus.CLOSED, created_at=march)
    factories.RiskFactory(case=case, status=RiskStatus.PROPOSED, likelihood=None, impact=None, assessments=[])

    section = build_risks(report_period(case))

    found = facts(section)
    assert found["Avoimia riskejä"] == 4
    assert found["Suuria riskejä (pisteet vähintään %(score)s)"] == 1
    assert found["Kaudella lisättyjä riskejä"] == 1
    assert found["Arviointeja kaudella"] == 3
    assert (found["Suljettuja riskejä"], found["Toteutuneita riskejä"]) == (1, 0)
    assert (found["Nouseva"], found["Laskeva"], found["Ennallaan"]) == (1, 1, 2)
    top = section["tables"][0]
    assert top["title"] == {"msgid": "Suurimmat riskit (enintään %(count)s)", "args": {"count": 10}}
    assert [row[0] for row in top["rows"]] == ["Rahoitus viivästyy", "Osaajia ei löydy", "Uusi riski", "Ennallaan"]
    assert top["rows"][0][1:8] == ["Rahoitus", "Avoin", 4, 5, 20, 12, "Nouseva"]
    assert top["rows"][1][5:8] == [9, 16, "Laskeva"]
    assert top["rows"][2][5:8] == [4, None, "Ennallaan"]
    assert table(section, "Riskit luokittain")["rows"] == [
        ["Rahoitus", 3, 1, 20, 1],
        ["Työvoiman kohtaanto", 1, 0, 9, 0],
    ]
    chart = section["charts"][0]
    assert chart["x"][:2] == ["Rahoitus viivästyy", "Osaajia ei löydy"] and chart["x_type"] == "text"
    assert chart["series"][1]["values"] == [20, 9, 4, 2]


def test_an_empty_register_gives_zeros(app):
    section = build_risks(report_period(factories.CaseFactory()))
    found = facts(section)
    assert found["Avoimia riskejä"] == 0 and found["Arviointeja kaudella"] == 0 and found["Nouseva"] == 0
    assert section["tables"][0]["rows"] == [] and section["charts"] == []
    assert section["notes"][0]["text"] == "Riskirekisterissä ei ole avoimia riskejä."


def test_the_section_issues_a_fixed_number_of_statements(app):
    counts = []
    for size in (3, 300):
        case = factories.CaseFactory()
        bulk_risks(case, size, assessments=3)
        period = report_period(case)
        with count_queries(app) as statements:
            section = build_risks(period)
        counts.append(len(statements))
        assert len(section["tables"][0]["rows"]) == min(size, 10)
    assert counts == [4, 4]


def test_the_registry_offers_the_risks_section(app):
    assert report_sections()["risks"].position == 90
