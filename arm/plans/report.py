"""The action plan's sections of the progress report: the plan by kind of measure and the next steps (the
state-funding proposal and the funding granted and used are in `arm.plans.funding_report`).

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
from arm.core.reporting import LIST_LIMIT, N_, SectionContent, series
from arm.extensions import db
from arm.plans import figures
from arm.plans.models import (
    FINISHED_STATUSES,
    Action,
    ActionCategory,
    ActionStatus,
    ActionUpdate,
    FundingRequest,
    FundingRequestStatus,
    ProgressRollup,
)

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


def in_period(column, period: ReportPeriod):
    return column.between(period.starts_on, period.ends_on)


def rounded_percent(value: float | None) -> Decimal | None:
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
    content.fact(N_("Koko suunnitelman edistyminen"), rounded_percent(overall), "percent")
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
            [row.category, rounded_percent(row.progress), row.overdue, *_changes_row(changes.get(row.category))]
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
        key="next_steps",
        label=_l("Seuraavat askeleet"),
        position=110,
        build=build_next_steps,
        description=_l("Seuraavien kolmen kuukauden aikana erääntyvät toimenpiteet ja avoimet asiat."),
    ),
)
