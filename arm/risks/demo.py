"""The risk register's share of the Kemi demo case: the template's starter risks, in illustrative states.

Opening the demo case from the template proposed the five starter risks (arm.risks.starters, quoting the
seeds). Here the demo coordinator accepts four and leaves one proposed, so that the register shows a
proposal to accept or discard. The likelihoods, impacts, owners, dates and statuses are the demo's own
illustration, not facts of the Kemi case, except that phased layoffs mistimed services (seed [002]), which is
why that risk is shown as materialised. No comment claims anything of Kemi.
"""

from datetime import UTC, date, datetime, timedelta

from flask_babel import force_locale
from sqlalchemy import select

from arm.core.comments import add_comment
from arm.core.parts import DemoContext
from arm.extensions import db
from arm.risks import services
from arm.risks.models import Risk, RiskAssessment, RiskStatus

COORDINATOR = "koordinaattori@example.fi"

# key: (owner's e-mail, status, assessments oldest first as (date, likelihood, impact), days to the next review)
DEMO_STATES = {
    "phased_layoffs": (
        COORDINATOR,
        RiskStatus.MATERIALISED,
        ((date(2021, 4, 26), 3, 4), (date(2021, 7, 1), 5, 4)),
        None,
    ),
    "competing_positive_change": (
        "kehitysyhtio@example.fi",
        RiskStatus.MITIGATING,
        ((date(2021, 4, 26), 4, 4), (date(2021, 10, 4), 3, 4)),
        30,
    ),
    "network_trust": (COORDINATOR, RiskStatus.OPEN, ((date(2021, 4, 26), 2, 4),), -7),
    "follow_up_data_breach": (
        "maakunta@example.fi",
        RiskStatus.MITIGATING,
        ((date(2021, 5, 3), 2, 5), (date(2021, 9, 6), 2, 5)),
        60,
    ),
}


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)


def load_demo(context: DemoContext) -> None:
    risks = {
        risk.template_key: risk
        for risk in db.session.scalars(select(Risk).where(Risk.case_id == context.case.id, Risk.template_key != ""))
    }
    coordinator = context.users[COORDINATOR]
    today = date.today()
    for key, (owner_email, status, assessed, review_in_days) in DEMO_STATES.items():
        risk = risks[key]
        owner = context.memberships.get(owner_email)
        risk.owner_id = owner.id if owner is not None else None
        risk.status = status
        risk.likelihood, risk.impact = assessed[-1][1], assessed[-1][2]
        risk.next_review_on = today + timedelta(days=review_in_days) if review_in_days is not None else None
        for day, likelihood, impact in assessed:
            db.session.add(
                RiskAssessment(
                    case_id=risk.case_id,
                    risk_id=risk.id,
                    likelihood=likelihood,
                    impact=impact,
                    assessed_by_id=coordinator.id,
                    assessed_at=_at(day),
                )
            )
    db.session.flush()
    with force_locale("fi"):
        add_comment(
            context.case.id,
            services.COMMENT_ENTITY,
            risks["phased_layoffs"].id,
            coordinator.id,
            "Aallot kirjattu Irtisanomisaallot-sivulle, jotta palvelut voidaan ajoittaa kunkin aallon alkuun.",
        )
