"""The action plan's sections of the progress report: the plan by kind of measure, the state-funding proposal,
the funding granted and used, and the next steps.

Each section reads a fixed number of statements whatever the size of the plan (aggregates, and lists read in
one statement each, cut at LIST_LIMIT rows with a note saying so). Dates of the period count both days; an
update's moment is read on the Helsinki calendar.
"""

from calendar import monthrange
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, select

from arm.cases.models import Organisation
from arm.core.parts import ReportPeriod, ReportSection
from arm.core.reporting import LIST_LIMIT, N_, SectionContent, label, series
from arm.extensions import db
from arm.plans import figures
from arm.plans.funding import funding_comparison
from arm.plans.models import (
    FINISHED_STATUSES,
    Action,
    ActionCategory,
    ActionStatus,
    ActionUpdate,
    Funder,
    FundingRequest,
    FundingRequestAction,
    FundingRequestStatus,
    Grant,
    ProgressRollup,
    Project,
)
from arm.plans.requests import request_totals

HELSINKI = ZoneInfo("Europe/Helsinki")
NEXT_MONTHS = 3  # how far "next steps" look past the period's end
ZERO = Decimal(0)


def period_instants(period: ReportPeriod) -> tuple[datetime, datetime]:
    """The period as moments: from its first day's start to the start of the day after its last, in Helsinki."""
    first = datetime.combine(period.starts_on, time(), HELSINKI)
    after = datetime.combine(period.ends_on + timedelta(days=1), time(), HELSINKI)
    return first, after


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _in_period(column, period: ReportPeriod):
    return column.between(period.starts_on, period.ends_on)


def _percent(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 1)))


# The plan by kind of measure


def _changes_in_period(case_id: int, period: ReportPeriod) -> dict[ActionCategory, tuple[int, int, int, int]]:
    """Per kind of measure: the actions updated in the period, the updates in all, those that finished an action
    and those that marked one delayed: one statement."""
    first, after = period_instants(period)
    became_done = and_(ActionUpdate.new_status == ActionStatus.DONE, ActionUpdate.old_status != ActionStatus.DONE)
    became_delayed = and_(
        ActionUpdate.new_status == ActionStatus.DELAYED, ActionUpdate.old_status != ActionStatus.DELAYED
    )
    rows = db.session.execute(
        select(
            Action.category,
            func.count(ActionUpdate.action_id.distinct()),
            func.count(),
            func.count().filter(became_done),
            func.count().filter(became_delayed),
        )
        .join(Action, Action.id == ActionUpdate.action_id)
        .where(ActionUpdate.case_id == case_id, ActionUpdate.at >= first, ActionUpdate.at < after)
        .group_by(Action.category)
    ).all()
    return {category: tuple(numbers) for category, *numbers in rows}


def _status_changes(case_id: int, period: ReportPeriod, status: ActionStatus) -> list[tuple]:
    """The updates of the period that moved an action to `status`, with their notes (why), by kind and date: one
    statement."""
    first, after = period_instants(period)
    return db.session.execute(
        select(Action.category, Action.title, ActionUpdate.at, ActionUpdate.new_progress, ActionUpdate.note)
        .join(Action, Action.id == ActionUpdate.action_id)
        .where(
            ActionUpdate.case_id == case_id,
            ActionUpdate.at >= first,
            ActionUpdate.at < after,
            ActionUpdate.new_status == status,
            ActionUpdate.old_status != status,
        )
        .order_by(Action.category, ActionUpdate.at, ActionUpdate.id)
        .limit(LIST_LIMIT + 1)
    ).all()


def _helsinki_day(moment: datetime) -> date:
    return moment.astimezone(HELSINKI).date()


def build_plan(period: ReportPeriod) -> dict:
    case_id = period.case.id
    rollup, health, categories, counts = figures.plan_figures_by_status(case_id, period.today)
    weighted = rollup is ProgressRollup.BUDGET_WEIGHTED
    overall = figures.overall_progress(categories, weighted)
    changes = _changes_in_period(case_id, period)
    done = _status_changes(case_id, period, ActionStatus.DONE)
    delayed = _status_changes(case_id, period, ActionStatus.DELAYED)
    by_status = {
        category: [counts.get((category, status), 0) for status in ActionStatus] for category in ActionCategory
    }

    content = SectionContent()
    content.fact(N_("Toimenpiteitä"), health.total)
    for status in ActionStatus:
        content.fact(status, health.by_status[status])
    content.fact(N_("Myöhässä olevia toimenpiteitä"), health.overdue)
    content.fact(N_("Koko suunnitelman edistyminen"), _percent(overall), "percent")
    content.fact(N_("Edistymisen laskutapa"), rollup, "label")
    content.fact(N_("Päivitettyjä toimenpiteitä kaudella"), sum(row[0] for row in changes.values()))
    content.fact(N_("Valmistuneita kaudella"), sum(row[2] for row in changes.values()))
    content.fact(N_("Viivästyneiksi merkittyjä kaudella"), sum(row[3] for row in changes.values()))

    statuses = list(ActionStatus)
    content.table(
        N_("Toimenpiteet toimenpidetyypeittäin ja tiloittain"),
        [(N_("Toimenpidetyyppi"), "label"), *[(status, "int") for status in statuses], (N_("Yhteensä"), "int")],
        [[category, *by_status[category], sum(by_status[category])] for category in ActionCategory],
    )
    content.table(
        N_("Edistyminen ja muutokset kaudella toimenpidetyypeittäin"),
        [
            (N_("Toimenpidetyyppi"), "label"),
            (N_("Edistyminen"), "percent"),
            (N_("Myöhässä"), "int"),
            (N_("Päivitettyjä kaudella"), "int"),
            (N_("Valmistui kaudella"), "int"),
            (N_("Viivästyi kaudella"), "int"),
        ],
        [
            [row.category, _percent(row.progress), row.overdue, *_changes_row(changes.get(row.category))]
            for row in categories
        ],
    )
    content.chart(
        N_("Toimenpiteiden tilat toimenpidetyypeittäin"),
        N_("Toimenpiteiden määrä kunkin toimenpidetyypin kussakin tilassa raportin lukupäivänä."),
        list(ActionCategory),
        [series(status, [by_status[category][n] for category in ActionCategory]) for n, status in enumerate(statuses)],
        kind="stacked_bar",
        x_type="label",
    )
    cut = N_("Kaudella valmistuneista toimenpiteistä näytetään ensimmäiset %(count)s.")
    content.table(
        N_("Kaudella valmistuneet toimenpiteet"),
        [(N_("Toimenpidetyyppi"), "label"), (N_("Toimenpide"), "text"), (N_("Päivä"), "date"), (N_("Huomio"), "text")],
        [[category, name, _helsinki_day(at), note] for category, name, at, _, note in content.first_rows(done, cut)],
    )
    cut = N_("Kaudella viivästyneistä toimenpiteistä näytetään ensimmäiset %(count)s.")
    content.table(
        N_("Kaudella viivästyneet toimenpiteet ja syyt"),
        [
            (N_("Toimenpidetyyppi"), "label"),
            (N_("Toimenpide"), "text"),
            (N_("Päivä"), "date"),
            (N_("Edistyminen"), "percent"),
            (N_("Syy"), "text"),
        ],
        [
            [category, name, _helsinki_day(at), progress, note]
            for category, name, at, progress, note in content.first_rows(delayed, cut)
        ],
    )
    if health.total == 0:
        content.note(N_("Toimenpidesuunnitelmaan ei ole vielä kirjattu toimenpiteitä."))
    if any(not row[4] for row in delayed):
        content.note(N_("Kaikille viivästymisille ei ole kirjattu syytä."))
    return content.as_json()


def _changes_row(row: tuple | None) -> tuple[int, int, int]:
    actions, _, done, delayed = row or (0, 0, 0, 0)
    return actions, done, delayed


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
            Grant.case_id == case_id, _in_period(Grant.decided_on, period)
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


# Next steps


def _open_actions(case_id: int, until: date) -> list[tuple]:
    """The unfinished actions due by `until`, by due date, with their owner organisation: one statement."""
    return db.session.execute(
        select(Action.due_on, Action.title, Action.category, Action.status, Action.progress, Organisation.name)
        .outerjoin(Organisation, Organisation.id == Action.owner_organisation_id)
        .where(Action.case_id == case_id, Action.status.not_in(FINISHED_STATUSES), Action.due_on <= until)
        .order_by(Action.due_on, Action.id)
    ).all()


def _starting(case_id: int, after: date, until: date) -> int:
    return db.session.scalar(
        select(func.count()).where(
            Action.case_id == case_id,
            Action.status == ActionStatus.PLANNED,
            Action.starts_on > after,
            Action.starts_on <= until,
        )
    )


def build_next_steps(period: ReportPeriod) -> dict:
    case_id = period.case.id
    until = add_months(period.ends_on, NEXT_MONTHS)
    actions = _open_actions(case_id, until)
    late = [row for row in actions if row[0] <= period.ends_on]
    coming = [row for row in actions if row[0] > period.ends_on]
    starting = _starting(case_id, period.ends_on, until)
    awaiting = db.session.scalar(
        select(func.count()).where(
            FundingRequest.case_id == case_id, FundingRequest.status == FundingRequestStatus.SUBMITTED
        )
    )

    content = SectionContent()
    content.fact(N_("Seuraava kausi päättyy"), until, "date")
    content.fact(N_("Erääntyy seuraavien kolmen kuukauden aikana"), len(coming))
    content.fact(N_("Alkaa seuraavien kolmen kuukauden aikana"), starting)
    content.fact(N_("Keskeneräisiä, määräaika kauden lopussa umpeutunut"), len(late))
    content.fact(N_("Rahoituspyyntöjä odottaa päätöstä"), awaiting)
    columns = [
        (N_("Määräaika"), "date"),
        (N_("Toimenpide"), "text"),
        (N_("Toimenpidetyyppi"), "label"),
        (N_("Tila"), "label"),
        (N_("Edistyminen"), "percent"),
        (N_("Vastuuorganisaatio"), "text"),
    ]
    for title, rows, cut in (
        (
            N_("Seuraavien kolmen kuukauden aikana erääntyvät toimenpiteet"),
            coming,
            N_("Seuraavaksi erääntyvistä toimenpiteistä näytetään ensimmäiset %(count)s."),
        ),
        (
            N_("Avoimet toimenpiteet, joiden määräaika on umpeutunut"),
            late,
            N_("Avoimista toimenpiteistä näytetään ensimmäiset %(count)s."),
        ),
    ):
        content.table(
            title,
            columns,
            [
                [due_on, name, category, status, progress, organisation or ""]
                for due_on, name, category, status, progress, organisation in content.first_rows(rows, cut)
            ],
        )
    if not actions:
        content.note(N_("Seuraavalle kaudelle ei ole erääntyviä tai avoimia toimenpiteitä."))
    return content.as_json()


SECTIONS = (
    ReportSection(
        key="plan",
        label=_l("Suunnitelma toimenpidetyypeittäin"),
        position=60,
        build=build_plan,
        description=_l(
            "Toimenpiteiden määrät tiloittain, edistyminen, kaudella valmistuneet ja viivästyneet toimenpiteet "
            "syineen TEM:n toimenpidetyypeittäin."
        ),
    ),
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
    ReportSection(
        key="next_steps",
        label=_l("Seuraavat askeleet"),
        position=110,
        build=build_next_steps,
        description=_l("Seuraavien kolmen kuukauden aikana erääntyvät toimenpiteet ja avoimet asiat."),
    ),
)
