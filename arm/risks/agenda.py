"""What the risk register proposes for a meeting's agenda (`CasePart.agenda_items`): the risks new since the
previous meeting, those whose score rose and the active ones whose review falls due before the next meeting.

A risk is new when its first assessment falls in the window (it was added, or a starter proposal was accepted;
proposals waiting for a coordinator are not on the agenda). A risk's score rose when its latest assessment
before this meeting scores higher than its latest one before the previous meeting: the net change, so a
score that went up and back down again in the week is no news. Each kind lists at most `CAP` risks, the
highest score first (reviews: the earliest first), and one item more counts the rest: two statements.
Risks belong to the whole network, so a subgroup's meeting sees the same ones.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import case, func, literal, or_, select

from arm.core.i18n import format_date
from arm.core.parts import AgendaSection, AgendaSuggestion, AgendaWindow
from arm.core.urls import app_path
from arm.extensions import db
from arm.meetings.times import local_date
from arm.risks.models import ACTIVE_STATUSES, Risk, RiskAssessment, RiskStatus
from arm.risks.queries import ACTIVE

CAP = 10
SECTION = AgendaSection("risks", _l("Riskit"), 20, "Risk")

NEW, ROSE = 0, 1


def agenda_items(window: AgendaWindow) -> list[AgendaSuggestion]:
    return new_and_risen(window) + reviews_due(window)


def _suggestion(key: str, title: str, detail: str, window: AgendaWindow, risk_id: int | None = None, **url_args):
    if risk_id is not None:
        url = app_path("risks.risk", case_id=window.case_id, risk_id=risk_id)
    else:
        url = app_path("risks.register", case_id=window.case_id, **url_args)
    return SECTION.suggestion(key, title, detail, url, risk_id)


def _assessed(likelihood: int, impact: int) -> str:
    return _(
        "todennäköisyys %(likelihood)s, vaikutus %(impact)s, pisteet %(score)s",
        likelihood=likelihood,
        impact=impact,
        score=likelihood * impact,
    )


def new_and_risen(window: AgendaWindow) -> list[AgendaSuggestion]:
    """One statement: each risk's latest assessment before the previous meeting and its latest one in the window."""
    # 1 for an assessment made before the previous meeting, 0 for one made since.
    before_window = (
        case((RiskAssessment.assessed_at < window.since, 1), else_=0) if window.since is not None else literal(0)
    )
    latest = (
        select(
            RiskAssessment.risk_id,
            RiskAssessment.likelihood,
            RiskAssessment.impact,
            before_window.label("before"),
            func.row_number()
            .over(
                partition_by=(RiskAssessment.risk_id, before_window),
                order_by=(RiskAssessment.assessed_at.desc(), RiskAssessment.id.desc()),
            )
            .label("rank"),
        )
        .where(RiskAssessment.case_id == window.case_id, RiskAssessment.assessed_at < window.until)
        .subquery()
    )
    now = select(latest).where(latest.c.rank == 1, latest.c.before == 0).subquery("in_window")
    then = select(latest).where(latest.c.rank == 1, latest.c.before == 1).subquery("before_window")
    score_now = now.c.likelihood * now.c.impact
    score_then = then.c.likelihood * then.c.impact
    kind = case((then.c.risk_id.is_(None), NEW), else_=ROSE)
    ranked = (
        select(
            Risk.id,
            Risk.title,
            Risk.status,
            now.c.likelihood,
            now.c.impact,
            then.c.likelihood.label("old_likelihood"),
            then.c.impact.label("old_impact"),
            kind.label("kind"),
            func.row_number()
            .over(
                partition_by=kind,
                order_by=(score_now.desc(), (score_now - func.coalesce(score_then, 0)).desc(), Risk.id),
            )
            .label("rank"),
            func.count().over(partition_by=kind).label("total"),
        )
        .join(now, now.c.risk_id == Risk.id)
        .outerjoin(then, then.c.risk_id == Risk.id)
        .where(
            Risk.case_id == window.case_id,
            Risk.status != RiskStatus.PROPOSED,
            or_(then.c.risk_id.is_(None), score_now > score_then),
        )
        .subquery()
    )
    rows = db.session.execute(select(ranked).where(ranked.c.rank <= CAP).order_by(ranked.c.kind, ranked.c.rank)).all()
    new = [row for row in rows if row.kind == NEW]
    risen = [row for row in rows if row.kind == ROSE]
    suggestions = [
        _suggestion(
            f"risk:{row.id}:new",
            _("Uusi riski: %(title)s", title=row.title),
            _(
                "Todennäköisyys %(likelihood)s, vaikutus %(impact)s, pisteet %(score)s; tila %(status)s.",
                likelihood=row.likelihood,
                impact=row.impact,
                score=row.likelihood * row.impact,
                status=row.status.label.lower(),
            ),
            window,
            row.id,
        )
        for row in new
    ]
    if new and (more := new[0].total - len(new)) > 0:
        suggestions.append(
            _suggestion(
                "risk:new:more",
                ngettext("… ja %(num)s muu uusi riski", "… ja %(num)s muuta uutta riskiä", more),
                _("Kaikki riskit näkyvät riskirekisterissä."),
                window,
            )
        )
    for row in risen:
        old_score, score = row.old_likelihood * row.old_impact, row.likelihood * row.impact
        suggestions.append(
            _suggestion(
                f"risk:{row.id}:rose",
                _("Riskin pisteet nousivat %(old)s → %(new)s: %(title)s", old=old_score, new=score, title=row.title),
                _(
                    "Todennäköisyys %(old_likelihood)s → %(likelihood)s, vaikutus %(old_impact)s → %(impact)s.",
                    old_likelihood=row.old_likelihood,
                    likelihood=row.likelihood,
                    old_impact=row.old_impact,
                    impact=row.impact,
                ),
                window,
                row.id,
            )
        )
    if risen and (more := risen[0].total - len(risen)) > 0:
        suggestions.append(
            _suggestion(
                "risk:rose:more",
                ngettext(
                    "… ja %(num)s muu riski, jonka pisteet nousivat",
                    "… ja %(num)s muuta riskiä, joiden pisteet nousivat",
                    more,
                ),
                _("Riskirekisteri on järjestetty pisteiden mukaan, suurimmat ensin."),
                window,
                status=ACTIVE,
            )
        )
    return suggestions


def reviews_due(window: AgendaWindow) -> list[AgendaSuggestion]:
    """Open and mitigating risks whose review date is before the next meeting's (overdue ones too): one statement."""
    rows = db.session.execute(
        select(
            Risk.id, Risk.title, Risk.next_review_on, Risk.likelihood, Risk.impact, func.count().over().label("total")
        )
        .where(
            Risk.case_id == window.case_id,
            Risk.status.in_(ACTIVE_STATUSES),
            Risk.next_review_on < local_date(window.next_until),
        )
        .order_by(Risk.next_review_on, Risk.id)
        .limit(CAP)
    ).all()
    suggestions = []
    for row in rows:
        day = format_date(row.next_review_on, "short")
        if row.next_review_on < window.today:
            detail = _(
                "Arviointi oli määrä tehdä %(date)s; %(assessed)s.",
                date=day,
                assessed=_assessed(row.likelihood, row.impact),
            )
        else:
            detail = _(
                "Arviointi viimeistään %(date)s; %(assessed)s.",
                date=day,
                assessed=_assessed(row.likelihood, row.impact),
            )
        suggestions.append(
            _suggestion(
                f"risk:{row.id}:review", _("Riskin arviointi: %(title)s", title=row.title), detail, window, row.id
            )
        )
    if rows and (more := rows[0].total - len(rows)) > 0:
        suggestions.append(
            _suggestion(
                "risk:review:more",
                ngettext(
                    "… ja %(num)s muu riski, jonka arviointi on ennen seuraavaa kokousta",
                    "… ja %(num)s muuta riskiä, joiden arviointi on ennen seuraavaa kokousta",
                    more,
                ),
                _("Riskirekisterin avoimet ja hallinnassa olevat riskit."),
                window,
                status=ACTIVE,
            )
        )
    return suggestions
