"""The action plan's funding sections of the progress report: the state-funding proposal with its decisions, and
the funding granted and used per funder and per project. A fixed number of statements each, as in
`arm.plans.report`, whose period helpers they share."""

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from arm.core.parts import ReportPeriod, ReportSection
from arm.core.reporting import N_, SectionContent, label, series
from arm.extensions import db
from arm.plans.funding import funding_comparison
from arm.plans.models import (
    Funder,
    FundingRequest,
    FundingRequestAction,
    FundingRequestStatus,
    Grant,
    Project,
)
from arm.plans.report import ZERO, in_period
from arm.plans.requests import request_totals

# The state-funding proposal


def _requests(case_id: int) -> list[tuple[FundingRequest, int]]:
    """The requests, each with the number of actions it serves: one statement."""
    served = (
        select(func.count())
        .where(FundingRequestAction.request_id == FundingRequest.id)
        .correlate(FundingRequest)
        .scalar_subquery()
    )
    return [
        (request, count)
        for request, count in db.session.execute(
            select(FundingRequest, served).where(FundingRequest.case_id == case_id).order_by(FundingRequest.id)
        )
    ]


def build_funding_requests(period: ReportPeriod) -> dict:
    rows = _requests(period.case.id)
    requests = [request for request, _ in rows]
    totals = request_totals(requests)
    decided_in_period = [
        request
        for request in requests
        if request.decided_on and period.starts_on <= request.decided_on <= period.ends_on
    ]

    content = SectionContent()
    content.fact(N_("Rahoituspyyntöjä"), totals.overall.count)
    content.fact(N_("Haettu yhteensä"), totals.overall.asked, "money")
    content.fact(N_("Myönnetty yhteensä"), totals.overall.granted, "money")
    content.fact(
        N_("Odottaa päätöstä"), sum(1 for request in requests if request.status is FundingRequestStatus.SUBMITTED)
    )
    content.fact(N_("Päätöksiä kaudella"), len(decided_in_period))
    content.fact(
        N_("Myönnetty kaudella"), sum((request.amount_granted or ZERO for request in decided_in_period), ZERO), "money"
    )
    content.table(
        N_("Rahoituspyynnöt"),
        [
            (N_("Mihin"), "text"),
            (N_("Rahoittaja"), "label"),
            (N_("Ohjelma"), "text"),
            (N_("Toimenpiteitä"), "int"),
            (N_("Haettu (€)"), "money"),
            (N_("Tila"), "label"),
            (N_("Myönnetty (€)"), "money"),
            (N_("Päätöspäivä"), "date"),
        ],
        [
            [
                request.title,
                request.funder if request.funder else N_("Ei valittu"),
                request.programme,
                served,
                request.amount_asked,
                request.status,
                request.amount_granted,
                request.decided_on,
            ]
            for request, served in rows
        ],
    )
    content.table(
        N_("Rahoituspyynnöt tiloittain"),
        [(N_("Tila"), "label"), (N_("Pyyntöjä"), "int"), (N_("Haettu (€)"), "money"), (N_("Myönnetty (€)"), "money")],
        [[row.status, row.count, row.asked, row.granted] for row in totals.by_status],
    )
    if requests:
        funders = _asked_by_funder(requests)
        content.chart(
            N_("Haettu ja myönnetty rahoittajittain"),
            N_("Valtion rahoitusesityksen pyynnöissä haettu ja niistä myönnetty rahoitus rahoittajittain, euroa."),
            [funder if funder else N_("Ei valittu") for funder in funders],
            [
                series(N_("Haettu"), [asked for asked, _ in funders.values()], "money"),
                series(N_("Myönnetty"), [granted for _, granted in funders.values()], "money"),
            ],
            kind="bar",
            x_type="label",
            unit="€",
        )
    else:
        content.note(N_("Suunnitelmaan ei ole kirjattu valtion rahoitusesitystä."))
    if totals.overall.asked_unknown:
        content.note(
            label(N_("Haettu summa puuttuu %(count)s pyynnöstä."), count=totals.overall.asked_unknown),
        )
    return content.as_json()


def _asked_by_funder(requests: list[FundingRequest]) -> dict[Funder | None, tuple[Decimal, Decimal]]:
    order = list(Funder)
    sums: dict[Funder | None, tuple[Decimal, Decimal]] = {}
    for request in sorted(requests, key=lambda r: order.index(r.funder) if r.funder else len(order)):
        asked, granted = sums.get(request.funder, (ZERO, ZERO))
        sums[request.funder] = (asked + (request.amount_asked or ZERO), granted + (request.amount_granted or ZERO))
    return sums


# Funding granted and used


def _by_project(case_id: int) -> list[tuple]:
    """Per project: granted, used, grants and grants whose amount is not known yet: one statement."""
    return db.session.execute(
        select(
            Project.name,
            func.sum(Grant.amount_granted),
            func.sum(Grant.amount_used),
            func.count(Grant.id),
            func.count(Grant.id).filter(Grant.amount_granted.is_(None)),
        )
        .join(Grant, Grant.project_id == Project.id)
        .where(Project.case_id == case_id)
        .group_by(Project.id, Project.name)
        .order_by(Project.name, Project.id)
    ).all()


def _decided_in_period(case_id: int, period: ReportPeriod) -> tuple[int, Decimal]:
    count, granted = db.session.execute(
        select(func.count(), func.sum(Grant.amount_granted)).where(
            Grant.case_id == case_id, in_period(Grant.decided_on, period)
        )
    ).one()
    return count, granted or ZERO


def _use_rate(granted: Decimal | None, used: Decimal | None) -> Decimal | None:
    if not granted:
        return None
    return ((used or ZERO) * 100 / granted).quantize(Decimal("0.1"))


def build_funding(period: ReportPeriod) -> dict:
    case_id = period.case.id
    comparison = funding_comparison(case_id)
    projects = _by_project(case_id)
    decided, decided_granted = _decided_in_period(case_id, period)
    rows = [row for row in comparison.rows if row.granted is not None or row.used is not None or row.unknown]

    content = SectionContent()
    content.fact(N_("Myönnetty yhteensä"), comparison.granted, "money")
    content.fact(N_("Käytetty yhteensä"), comparison.used, "money")
    content.fact(N_("Käyttämättä"), comparison.unused, "money")
    content.fact(N_("Käyttöaste"), _use_rate(comparison.granted, comparison.used), "percent")
    content.fact(N_("Toimenpiteiden budjetit yhteensä"), comparison.planned, "money")
    content.fact(N_("Rahoituspäätöksiä"), comparison.decisions)
    content.fact(N_("Rahoituspäätöksiä kaudella"), decided)
    content.fact(N_("Myönnetty kaudella"), decided_granted, "money")
    content.table(
        N_("Rahoitus rahoittajittain"),
        [
            (N_("Rahoittaja"), "label"),
            (N_("Myönnetty (€)"), "money"),
            (N_("Käytetty (€)"), "money"),
            (N_("Käyttöaste"), "percent"),
            (N_("Päätöksiä"), "int"),
            (N_("Summa ei vielä tiedossa"), "int"),
        ],
        [
            [
                row.funder if row.funder else N_("Ei rahoittajaa"),
                row.granted or ZERO,
                row.used or ZERO,
                _use_rate(row.granted, row.used),
                row.decisions,
                row.unknown,
            ]
            for row in rows
        ],
    )
    content.table(
        N_("Rahoitus hankkeittain"),
        [
            (N_("Hanke"), "text"),
            (N_("Myönnetty (€)"), "money"),
            (N_("Käytetty (€)"), "money"),
            (N_("Käyttöaste"), "percent"),
            (N_("Rahoituksia"), "int"),
        ],
        [
            [name, granted or ZERO, used or ZERO, _use_rate(granted, used), count]
            for name, granted, used, count, _ in projects
        ],
    )
    if rows:
        content.chart(
            N_("Myönnetty ja käytetty rahoitus rahoittajittain"),
            N_("Hankkeille myönnetty ja niistä käytetty rahoitus rahoittajittain, euroa."),
            [row.funder if row.funder else N_("Ei rahoittajaa") for row in rows],
            [
                series(N_("Myönnetty"), [row.granted or ZERO for row in rows], "money"),
                series(N_("Käytetty"), [row.used or ZERO for row in rows], "money"),
            ],
            kind="bar",
            x_type="label",
            unit="€",
        )
    else:
        content.note(N_("Hankkeille ei ole kirjattu rahoitusta."))
    if comparison.unknown:
        content.note(
            label(N_("Myönnetty summa ei ole vielä tiedossa %(count)s rahoituksesta."), count=comparison.unknown)
        )
    return content.as_json()


SECTIONS = (
    ReportSection(
        key="funding_requests",
        label=_l("Valtion rahoitusesitys ja päätökset"),
        position=70,
        build=build_funding_requests,
        description=_l("Valtion rahoitusesityksen pyynnöt: mihin, paljonko haettiin ja mitä päätettiin."),
    ),
    ReportSection(
        key="funding",
        label=_l("Myönnetty ja käytetty rahoitus"),
        position=80,
        build=build_funding,
        description=_l("Hankkeille myönnetty ja käytetty rahoitus rahoittajittain ja hankkeittain."),
    ),
)
