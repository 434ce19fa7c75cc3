"""What the communications plan's pages read: a fixed number of statements whatever the plan's size."""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload, selectinload, subqueryload

from arm.auth.models import User
from arm.cases.models import LayoffWave, Membership
from arm.comms.models import CommsAudience, CommsChannel, CommsItem, CommsItemAction, CommsStatus, Recurrence
from arm.core.i18n import format_date
from arm.core.queries import get_in_case
from arm.extensions import db
from arm.plans.models import Action
from arm.support.models import SupportService


def _enum_arg(args, name: str, enum_class, problems: list[str], unknown_message: str):
    value = args.get(name, "").strip()
    if not value:
        return None
    if value in enum_class.__members__:
        return enum_class[value]
    problems.append(unknown_message)
    return None


def _date_arg(args, name: str, problems: list[str], label: str) -> date | None:
    value = args.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(_("%(field)s: anna päivämäärä muodossa vvvv-kk-pp, esim. 2021-06-01.", field=label))
        return None


@dataclass
class CommsFilter:
    """The list's filters, read from and written back to the URL; `problems` are the arguments it could not use."""

    audience: CommsAudience | None = None
    channel: CommsChannel | None = None
    status: CommsStatus | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    problems: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args) -> "CommsFilter":
        problems: list[str] = []
        found = cls(
            audience=_enum_arg(
                args, "audience", CommsAudience, problems, _("Tuntematon kohderyhmä: näytetään kaikki kohderyhmät.")
            ),
            channel=_enum_arg(
                args, "channel", CommsChannel, problems, _("Tuntematon kanava: näytetään kaikki kanavat.")
            ),
            status=_enum_arg(args, "status", CommsStatus, problems, _("Tuntematon tila: näytetään kaikki tilat.")),
            starts_on=_date_arg(args, "from", problems, _("Alkaen")),
            ends_on=_date_arg(args, "to", problems, _("Asti")),
        )
        if found.starts_on and found.ends_on and found.ends_on < found.starts_on:
            problems.append(_("Aikavälin loppu on ennen sen alkua: aikaväliä ei rajattu."))
            found.starts_on = found.ends_on = None
        found.problems = problems
        return found

    @property
    def is_active(self) -> bool:
        return any(
            value is not None for value in (self.audience, self.channel, self.status, self.starts_on, self.ends_on)
        )

    def apply(self, statement):
        conditions = []
        for column, value in (
            (CommsItem.audience, self.audience),
            (CommsItem.channel, self.channel),
            (CommsItem.status, self.status),
        ):
            if value is not None:
                conditions.append(column == value)
        if self.starts_on or self.ends_on:
            conditions.append(within(self.starts_on, self.ends_on))
        return statement.where(*conditions)

    def describe(self) -> str:
        """The filters in words, for an export's details."""
        parts = []
        if self.audience:
            parts.append(f"{_('Kohderyhmä')}: {self.audience.label}")
        if self.channel:
            parts.append(f"{_('Kanava')}: {self.channel.label}")
        if self.status:
            parts.append(f"{_('Tila')}: {self.status.label}")
        if self.starts_on or self.ends_on:
            first = format_date(self.starts_on, "short") if self.starts_on else ""
            last = format_date(self.ends_on, "short") if self.ends_on else ""
            parts.append(f"{_('Aikaväli')}: {first}–{last}")
        return "; ".join(parts)


def within(first: date | None, last: date | None):
    """Items with a date from `first` to `last`: a one-off item on its day, a recurring one over its span."""
    one_off = [CommsItem.recurrence == Recurrence.NONE]
    recurring = [CommsItem.recurrence != Recurrence.NONE]
    if first is not None:
        one_off.append(CommsItem.planned_on >= first)
        recurring.append(or_(CommsItem.repeats_until.is_(None), CommsItem.repeats_until >= first))
    if last is not None:
        one_off.append(CommsItem.planned_on <= last)
        recurring.append(CommsItem.planned_on <= last)
    return or_(and_(*one_off), and_(*recurring))


def _for_lists():
    return (joinedload(CommsItem.owner).joinedload(Membership.user), joinedload(CommsItem.wave))


def plan_items(case_id: int, comms_filter: CommsFilter):
    """The statement of the filtered list, by date: paginate it, or read it whole for an export."""
    statement = select(CommsItem).where(CommsItem.case_id == case_id).options(*_for_lists())
    return comms_filter.apply(statement).order_by(CommsItem.planned_on, CommsItem.title, CommsItem.id)


def export_items(case_id: int, comms_filter: CommsFilter) -> list[CommsItem]:
    """The filtered list with everything an export names: two statements (a subquery load, not a select-in one,
    whose IN list is cut into batches of 500 rows)."""
    statement = plan_items(case_id, comms_filter).options(
        joinedload(CommsItem.service), subqueryload(CommsItem.action_links).joinedload(CommsItemAction.action)
    )
    return list(db.session.scalars(statement).unique())


def items_between(case_id: int, first: date, last: date, statuses=None) -> list[CommsItem]:
    """The items with a date in the period (one statement), for the calendar and the dashboard."""
    statement = select(CommsItem).where(CommsItem.case_id == case_id, within(first, last))
    if statuses is not None:
        statement = statement.where(CommsItem.status.in_(statuses))
    return list(db.session.scalars(statement.options(joinedload(CommsItem.wave)).order_by(CommsItem.planned_on)))


def get_item(case_id: int, item_id: int) -> CommsItem:
    """404 when the item belongs to another case."""
    return get_in_case(
        CommsItem,
        item_id,
        case_id,
        *_for_lists(),
        joinedload(CommsItem.service),
        selectinload(CommsItem.action_links).joinedload(CommsItemAction.action),
    )


def owner_choices(case_id: int) -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(Membership.id, User.name)
        .join(Membership.user)
        .where(Membership.case_id == case_id, Membership.is_current)
        .order_by(User.name, Membership.id)
    ).all()
    return [(membership_id, name) for membership_id, name in rows]


def waves(case_id: int) -> list[LayoffWave]:
    return list(
        db.session.scalars(
            select(LayoffWave).where(LayoffWave.case_id == case_id).order_by(LayoffWave.occurs_on, LayoffWave.id)
        )
    )


def service_choices(case_id: int) -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(SupportService.id, SupportService.name)
        .where(SupportService.case_id == case_id)
        .order_by(SupportService.name, SupportService.id)
    ).all()
    return [(service_id, name) for service_id, name in rows]


def holds_items(case_id: int) -> bool:
    """Items someone added or edited: the template's untouched skeleton is no work to lose."""
    statement = select(CommsItem.id).where(
        CommsItem.case_id == case_id, or_(CommsItem.template_key.is_(None), CommsItem.version > 1)
    )
    return db.session.scalar(statement.limit(1)) is not None


def action_choices(case_id: int) -> list[tuple[int, str]]:
    rows = db.session.execute(
        select(Action.id, Action.title).where(Action.case_id == case_id).order_by(Action.title, Action.id)
    ).all()
    return [(action_id, title) for action_id, title in rows]
