"""Rows of the risk register for tests, written straight to the database."""

from datetime import UTC, datetime, timedelta

from arm.extensions import db
from arm.risks.models import Risk, RiskAssessment, RiskCategory, RiskStatus


def bulk_risks(case, count: int, *, assessments: int = 2) -> None:
    """`count` open risks over the whole grid, each with `assessments` assessments, in two statements."""
    categories = list(RiskCategory)
    start = datetime(2021, 5, 1, tzinfo=UTC)
    first_id = (db.session.scalar(db.select(db.func.max(Risk.id))) or 0) + 1
    rows, assessed = [], []
    for n in range(count):
        likelihood, impact = 1 + n % 5, 1 + (n // 5) % 5
        rows.append(
            {
                "id": first_id + n,
                "case_id": case.id,
                "title": f"Riski {n:05}",
                "description": "",
                "category": categories[n % len(categories)].name,
                "likelihood": likelihood,
                "impact": impact,
                "mitigation": "",
                "status": RiskStatus.OPEN.name if n % 2 else RiskStatus.MITIGATING.name,
                "template_key": "",
                "next_review_on": (start + timedelta(days=n % 400)).date(),
                "created_at": start,
                "updated_at": start,
                "version": 1,
            }
        )
        for index in range(assessments):
            assessed.append(
                {
                    "case_id": case.id,
                    "risk_id": first_id + n,
                    "likelihood": max(1, likelihood - (assessments - 1 - index) * (n % 2)),
                    "impact": impact,
                    "assessed_at": start + timedelta(days=index),
                }
            )
    db.session.execute(Risk.__table__.insert(), rows)
    db.session.execute(RiskAssessment.__table__.insert(), assessed)
    db.session.commit()


def risk_form(**values) -> dict:
    data = {
        "title": "Rahoituspäätökset viivästyvät",
        "description": "Hankkeet odottavat päätöksiä.",
        "category": "FUNDING",
        "likelihood": "3",
        "impact": "4",
        "owner_id": "",
        "mitigation": "Haetaan väliaikaista rahoitusta.",
        "status": "OPEN",
        "next_review_on": "",
    }
    data.update(values)
    return data
