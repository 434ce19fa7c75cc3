"""Fake report sections with known figures: the engine must render whatever the registry offers."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from arm.core.parts import ReportSection
from arm.core.reporting import N_, SectionContent, label, series
from arm.extensions import db
from arm.risks.models import Risk
from tests import factories


def build_counts(period) -> dict:
    """The case's risks (a real table, so that data can change after a submission) and fixed figures."""
    risks = db.session.scalars(select(Risk).where(Risk.case_id == period.case.id).order_by(Risk.id)).all()
    content = SectionContent()
    content.fact(N_("Riskit"), len(risks) * 1000)
    content.fact(N_("Todennäköisyys"), Decimal("3.5"), "percent")
    content.fact(N_("Päivämäärä"), date(2024, 2, 1), "date")
    content.fact(label(N_("%(num)s ennallaan"), num=1234), 1234)
    content.table(
        N_("Riskit"),
        [(N_("Riski"), "text"), (N_("Todennäköisyys"), "int"), (N_("Päivämäärä"), "date"), (N_("Tila"), "money")],
        [(risk.title, risk.likelihood, date(2024, 2, 1), Decimal("1234.5")) for risk in risks],
    )
    content.chart(
        N_("Riskit"),
        N_("Todennäköisyys"),
        [date(2024, 1, 1), date(2024, 2, 1)],
        [series(N_("Riskit"), [2500, 3500]), series("Oma sarja", [1, 2], literal=True, dashed=True)],
    )
    content.note(N_("Riskit"))
    return content.as_json()


def build_plain(period) -> dict:
    return SectionContent().fact(N_("Tila"), 7).as_json()


FAKE_SECTIONS = {
    "counts": ReportSection("counts", "Riskit", 10, build_counts, default=True, description="Riskit"),
    "plain": ReportSection("plain", "Tila", 20, build_plain, default=True),
    "extra": ReportSection("extra", "Toimenpiteet", 30, build_plain, default=False),
}


@pytest.fixture(autouse=True)
def fake_sections(monkeypatch):
    """Only the fake sections are offered, whatever other areas register."""
    import arm.reports.forms
    import arm.reports.services

    for module in (arm.reports.services, arm.reports.forms):
        monkeypatch.setattr(module, "report_sections", lambda: dict(FAKE_SECTIONS))
    return FAKE_SECTIONS


@pytest.fixture
def people(case_with_network):
    return case_with_network


@pytest.fixture
def risks(people):
    made = [factories.RiskFactory(case=people.case, title=f"Riski {n}", likelihood=n) for n in (1, 2)]
    db.session.commit()
    return made


def add_risk(case, title="Myöhempi riski"):
    factories.RiskFactory(case=case, title=title, likelihood=5)
    db.session.commit()


def risk_count(case_id) -> int:
    return db.session.scalar(select(func.count(Risk.id)).where(Risk.case_id == case_id))
