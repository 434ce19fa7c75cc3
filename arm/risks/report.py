"""The risk register's section of the progress report: the largest risks now and how each has moved since the
period began, with the register's figures by category.

A risk's development over the period compares its score now with its last assessment before the period
began (`trend_of`, as the register compares its last two); a risk first assessed in the period has no earlier
score and counts as steady. Four statements whatever the size of the register.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from arm.core.parts import ReportPeriod, ReportSection
from arm.core.reporting import N_, SectionContent, label, series
from arm.extensions import db
from arm.risks import queries
from arm.risks.models import ACTIVE_STATUSES, Risk, RiskAssessment, RiskCategory, RiskStatus, Trend, trend_of

HELSINKI = ZoneInfo("Europe/Helsinki")
TOP = 10  # the largest risks the section lists
HIGH_SCORE = 15  # a score from which a risk counts as high (our design, as the 1–5 scales are)


def _instants(period: ReportPeriod) -> tuple[datetime, datetime]:
    first = datetime.combine(period.starts_on, time(), HELSINKI)
    return first, datetime.combine(period.ends_on + timedelta(days=1), time(), HELSINKI)


def _top_risks(case_id: int) -> list[Risk]:
    return list(
        db.session.scalars(
            select(Risk)
            .where(Risk.case_id == case_id, Risk.status.in_(ACTIVE_STATUSES))
            .order_by(Risk.score.desc(), Risk.next_review_on, Risk.id)
            .limit(TOP)
        )
    )


def _scores_before(risk_ids: list[int], before: datetime) -> dict[int, int]:
    """Each risk's score at its last assessment before `before`: one statement."""
    if not risk_ids:
        return {}
    ranked = queries.ranked_assessments(risk_ids, before)
    return dict(db.session.execute(select(ranked.c.risk_id, ranked.c.score).where(ranked.c.rank == 1)).all())


def _by_category(case_id: int, first: datetime, after: datetime) -> list[tuple]:
    """Per category: active risks, high ones, the highest score, risks added in the period, closed and
    materialised ones: one statement."""
    active = Risk.status.in_(ACTIVE_STATUSES)
    return db.session.execute(
        select(
            Risk.category,
            func.count().filter(active),
            func.count().filter(active, Risk.score >= HIGH_SCORE),
            func.max(Risk.score).filter(active),
            func.count().filter(Risk.created_at >= first, Risk.created_at < after),
            func.count().filter(Risk.status == RiskStatus.CLOSED),
            func.count().filter(Risk.status == RiskStatus.MATERIALISED),
        )
        .where(Risk.case_id == case_id, Risk.status != RiskStatus.PROPOSED)
        .group_by(Risk.category)
    ).all()


def _assessments_in_period(case_id: int, first: datetime, after: datetime) -> int:
    return db.session.scalar(
        select(func.count()).where(
            RiskAssessment.case_id == case_id, RiskAssessment.assessed_at >= first, RiskAssessment.assessed_at < after
        )
    )


def build_risks(period: ReportPeriod) -> dict:
    case_id = period.case.id
    first, after = _instants(period)
    risks = _top_risks(case_id)
    earlier = _scores_before([risk.id for risk in risks], first)
    categories = {row[0]: row[1:] for row in _by_category(case_id, first, after)}
    assessed = _assessments_in_period(case_id, first, after)
    trends = {
        risk.id: trend_of([risk.score, earlier[risk.id]]) if risk.id in earlier else Trend.STEADY for risk in risks
    }

    def total(index: int) -> int:
        return sum(row[index] for row in categories.values())

    content = SectionContent()
    content.fact(N_("Avoimia riskejä"), total(0))
    content.fact(label(N_("Suuria riskejä (pisteet vähintään %(score)s)"), score=HIGH_SCORE), total(1))
    content.fact(N_("Kaudella lisättyjä riskejä"), total(3))
    content.fact(N_("Arviointeja kaudella"), assessed)
    content.fact(N_("Suljettuja riskejä"), total(4))
    content.fact(N_("Toteutuneita riskejä"), total(5))
    for trend in Trend:
        content.fact(trend, sum(1 for found in trends.values() if found is trend))
    content.table(
        label(N_("Suurimmat riskit (enintään %(count)s)"), count=TOP),
        [
            (N_("Riski"), "text"),
            (N_("Luokka"), "label"),
            (N_("Tila"), "label"),
            (N_("Todennäköisyys"), "int"),
            (N_("Vaikutus"), "int"),
            (N_("Pisteet"), "int"),
            (N_("Pisteet kauden alussa"), "int"),
            (N_("Kehitys kaudella"), "label"),
            (N_("Seuraava arviointi"), "date"),
        ],
        [
            [
                risk.title,
                risk.category,
                risk.status,
                risk.likelihood,
                risk.impact,
                risk.score,
                earlier.get(risk.id),
                trends[risk.id],
                risk.next_review_on,
            ]
            for risk in risks
        ],
    )
    content.table(
        N_("Riskit luokittain"),
        [
            (N_("Luokka"), "label"),
            (N_("Avoimia"), "int"),
            (N_("Suuria"), "int"),
            (N_("Suurimmat pisteet"), "int"),
            (N_("Kaudella lisättyjä"), "int"),
        ],
        [[category, *categories[category][:4]] for category in RiskCategory if category in categories],
    )
    if risks:
        content.chart(
            N_("Suurimpien riskien pisteet"),
            N_("Suurimpien riskien pisteet (todennäköisyys × vaikutus, 1–25) nyt ja kauden alussa."),
            [risk.title for risk in risks],
            [
                series(N_("Pisteet kauden alussa"), [earlier.get(risk.id) for risk in risks]),
                series(N_("Pisteet"), [risk.score for risk in risks]),
            ],
            kind="bar",
            x_type="text",
        )
    else:
        content.note(N_("Riskirekisterissä ei ole avoimia riskejä."))
    content.note(N_("Pisteet ovat todennäköisyys × vaikutus asteikoilla 1–5 (alustan oma menetelmä)."))
    return content.as_json()


SECTIONS = (
    ReportSection(
        key="risks",
        label=_l("Suurimmat riskit ja niiden kehitys"),
        position=90,
        build=build_risks,
        description=_l("Suurimmat avoimet riskit pisteineen ja niiden kehitys kauden aikana, riskit luokittain."),
    ),
)
