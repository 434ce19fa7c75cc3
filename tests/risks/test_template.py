"""The case template proposes the starter risks of the Kemi lessons, quoting the seeds, in Finnish or Swedish."""

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from arm.cases import services as case_services
from arm.cases.enums import CaseKind, CasePhase
from arm.extensions import db
from arm.risks.models import Risk, RiskCategory, RiskStatus
from arm.risks.starters import STARTER_KEYS
from tests import factories

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"  # shared/ lies beside the repository


def _open(**kwargs):
    user, organisation = factories.UserFactory(), factories.OrganisationFactory()
    return case_services.open_case(
        user,
        organisation,
        title="Testin rakennemuutos",
        kind=CaseKind.NEGATIVE,
        phase=CasePhase.ACTIVE,
        lead_municipality_code="240",
        municipality_codes=["240"],
        employer="Tehdas Oy",
        industry_code="C",
        announced_on=date(2021, 4, 21),
        direct_layoffs=550,
        indirect_job_losses=950,
        summary="",
        **kwargs,
    )


def _risks(case) -> list[Risk]:
    return list(db.session.scalars(select(Risk).where(Risk.case_id == case.id).order_by(Risk.id)))


def test_the_template_proposes_the_five_starter_risks_unassessed(app):
    case = _open()
    risks = _risks(case)
    assert [risk.template_key for risk in risks] == list(STARTER_KEYS)
    assert all(risk.status is RiskStatus.PROPOSED and risk.score is None for risk in risks)
    assert {risk.category for risk in risks} == {
        RiskCategory.SERVICE_TIMING,
        RiskCategory.FUNDING,
        RiskCategory.NETWORK_TRUST,
        RiskCategory.LABOUR_MATCHING,
        RiskCategory.DATA_PROTECTION,
    }
    assert case_services.is_deletable(case)  # proposals are no work of the case's own


def _seed_text() -> str:
    return " ".join(" ".join(path.read_text().split()) for path in sorted(SEEDS.glob("*.txt")))


@pytest.mark.skipif(not SEEDS.exists(), reason="the seeds are not beside the repository")
def test_every_quote_stands_in_the_seeds_word_for_word(app):
    seeds = _seed_text()
    for risk in _risks(_open()):
        quotes = [line.removeprefix("> ") for line in risk.description.split("\n") if line.startswith("> ")]
        assert quotes, risk.template_key
        for quote in quotes:
            assert quote in seeds, (risk.template_key, quote)


def test_a_swedish_template_proposes_them_in_swedish(app):
    risks = _risks(_open(template_language="sv"))
    assert risks[0].title == "Uppsägningarna sker i etapper och tjänsterna tajmas fel"
    assert "i etapper" in risks[0].description


def test_the_opener_may_leave_them_out(app):
    assert _risks(_open(template_items=["crisis_group"])) == []
