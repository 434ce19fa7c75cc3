"""The risk register's benchmark rows: twenty risks a case, each with three assessments, some reviews overdue."""

from datetime import timedelta

from arm.core.bench import TODAY, Auditable, BenchContext
from arm.risks.models import CHOSEN_STATUSES, Risk, RiskAssessment, RiskCategory

RISKS_PER_CASE = 20
ASSESSMENTS_PER_RISK = 3


def bench_data(context: BenchContext) -> None:
    rng = context.rng
    categories = list(RiskCategory)
    risks, assessments = [], []
    for case in context.cases:
        for number in range(RISKS_PER_CASE):
            created = context.moment(case, 300)
            scores = [(rng.randint(1, 5), rng.randint(1, 5)) for _ in range(ASSESSMENTS_PER_RISK)]
            likelihood, impact = scores[-1]
            risks.append(
                {
                    "case_id": case.id,
                    "title": f"Riski {number + 1}",
                    "description": "Riskin kuvaus.",
                    "category": categories[number % len(categories)],
                    "likelihood": likelihood,
                    "impact": impact,
                    "owner_id": rng.choice(case.membership_ids) if case.membership_ids else None,
                    "mitigation": "Hallintakeinot.",
                    "status": CHOSEN_STATUSES[number % len(CHOSEN_STATUSES)],
                    "next_review_on": (TODAY + timedelta(days=rng.randrange(-60, 120))).date(),
                    "template_key": "",
                    "created_at": created,
                    "updated_at": created,
                    "version": 1,
                }
            )
            for index, (assessed_likelihood, assessed_impact) in enumerate(scores):
                assessments.append(
                    {
                        "case_id": case.id,
                        "likelihood": assessed_likelihood,
                        "impact": assessed_impact,
                        "assessed_by_id": rng.choice(case.member_user_ids) if case.member_user_ids else None,
                        "assessed_at": created + timedelta(days=30 * index),
                        "_risk": len(risks) - 1,
                    }
                )
    context.numbered(Risk.__table__, risks)
    for assessment in assessments:
        assessment["risk_id"] = risks[assessment.pop("_risk")]["id"]
    context.insert(Risk.__table__, risks)
    context.insert(RiskAssessment.__table__, assessments)
    for row in risks:
        context.auditables.append(
            Auditable(row["case_id"], "Risk", row["id"], row["title"], ("likelihood", "impact", "status"))
        )
