"""Read-side queries of the action plan pages: a fixed number of statements whatever the plan's size."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from arm.auth.models import User
from arm.cases.models import Membership
from arm.core.history import ReadableEvent, read_events
from arm.core.models import AuditEvent
from arm.core.queries import get_in_case
from arm.core.text import contains_text
from arm.core.urls import int_arg
from arm.extensions import db
from arm.plans.models import (
    FINISHED_STATUSES,
    Action,
    ActionCategory,
    ActionFollower,
    ActionStatus,
    ActionUpdate,
    Grant,
    Horizon,
    PlanSettings,
    ProgressRollup,
    Project,
    ProjectAction,
    ProjectImplementer,
    Subgroup,
    SubgroupMember,
    TargetGroup,
    member_subgroup_ids,
)

SORTS = {
    "due": (Action.due_on, Action.id),
    "title": (Action.title, Action.id),
    "status": (Action.status, Action.id),
    "progress": (Action.progress, Action.id),
    "category": (Action.category, Action.title),
    "start": (Action.starts_on, Action.id),
}


def overdue_clause(today: date | None = None):
    return and_(Action.due_on < (today or date.today()), Action.status.not_in(FINISHED_STATUSES))


def _with_people():
    return (
        joinedload(Action.owner).joinedload(Membership.user),
        joinedload(Action.owner_organisation),
        joinedload(Action.subgroup),
    )


def _enum_arg(args, name, enum_class):
    value = args.get(name, "")
    return enum_class[value] if value in enum_class.__members__ else None


@dataclass
class PlanFilter:
    """The plan list's filters, read from and written back to the URL so that a view can be shared."""

    subgroup_id: int | None = None
    category: ActionCategory | None = None
    horizon: Horizon | None = None
    status: ActionStatus | None = None
    owner_id: int | None = None
    target_group: TargetGroup | None = None
    overdue: bool = False
    text: str = ""
    sort: str = "due"
    descending: bool = False
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_args(cls, args) -> "PlanFilter":
        sort = args.get("sort", "due")
        return cls(
            subgroup_id=int_arg("subgroup", args=args),
            category=_enum_arg(args, "category", ActionCategory),
            horizon=_enum_arg(args, "horizon", Horizon),
            status=_enum_arg(args, "status", ActionStatus),
            owner_id=int_arg("owner", args=args),
            target_group=_enum_arg(args, "target_group", TargetGroup),
            overdue=args.get("overdue") == "1",
            text=args.get("q", "").strip()[:200],
            sort=sort if sort in SORTS else "due",
            descending=args.get("dir") == "desc",
        )

    def apply(self, statement):
        conditions = []
        if self.subgroup_id:
            conditions.append(Action.subgroup_id == self.subgroup_id)
        for column, value in (
            (Action.category, self.category),
            (Action.horizon, self.horizon),
            (Action.status, self.status),
            (Action.target_group, self.target_group),
        ):
            if value is not None:
                conditions.append(column == value)
        if self.owner_id:
            conditions.append(Action.owner_id == self.owner_id)
        if self.overdue:
            conditions.append(overdue_clause())
        if self.text:
            conditions.append(or_(contains_text(Action.title, self.text), contains_text(Action.description, self.text)))
        columns = SORTS[self.sort]
        order = [c.desc() for c in columns] if self.descending else list(columns)
        return statement.where(*conditions).order_by(*order)

    @property
    def is_active(self) -> bool:
        return any(
            [self.subgroup_id, self.category, self.horizon, self.status, self.owner_id, self.target_group]
        ) or bool(self.overdue or self.text)


def plan_actions(case_id: int, plan_filter: PlanFilter):
    return plan_filter.apply(select(Action).where(Action.case_id == case_id).options(*_with_people()))


def get_action(case_id: int, action_id: int) -> Action:
    return get_in_case(Action, action_id, case_id, *_with_people())


# How many entries an action's page shows of its timeline before it offers the whole of it.
TIMELINE_LENGTH = 20
# What a quick update shows of an edit (the edit form records one too, on the same save).
SHOWN_BY_UPDATES = frozenset({"status", "progress"})


@dataclass
class TimelineEntry:
    at: object
    update: ActionUpdate | None = None  # a quick update (or the one an edit of status or progress wrote)
    edit: ReadableEvent | None = None  # an edit of the action's other fields, from its history


@dataclass
class ActionTimeline:
    entries: list[TimelineEntry]
    has_more: bool  # older entries are left out (all of them: `length=None`)


def action_timeline(action: Action, length: int | None = TIMELINE_LENGTH) -> ActionTimeline:
    """The action's quick updates and edits, newest first, in one list: three statements, and one per kind
    of row the edits name (subgroups, organisations, members), whatever the number of entries."""
    updates = (
        select(ActionUpdate)
        .where(ActionUpdate.action_id == action.id)
        .options(joinedload(ActionUpdate.author))
        .order_by(ActionUpdate.at.desc(), ActionUpdate.id.desc())
    )
    events = (
        select(AuditEvent)
        .where(AuditEvent.case_id == action.case_id, AuditEvent.entity == "Action", AuditEvent.entity_id == action.id)
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if length is not None:
        updates, events = updates.limit(length + 1), events.limit(length + 1)
    entries = [TimelineEntry(at=u.at, update=u) for u in db.session.scalars(updates)]
    edits = read_events(list(db.session.scalars(events)), action.case_id, skip=SHOWN_BY_UPDATES)
    entries += [TimelineEntry(at=e.event.at, edit=e) for e in edits if e.changes or e.event.action == "create"]
    entries.sort(key=lambda entry: entry.at, reverse=True)
    if length is None:
        return ActionTimeline(entries, has_more=False)
    return ActionTimeline(entries[:length], has_more=len(entries) > length)


def action_projects(action_id: int) -> list[Project]:
    """The projects that carry the action, with their grants: two statements."""
    return list(
        db.session.scalars(
            select(Project)
            .join(ProjectAction, ProjectAction.project_id == Project.id)
            .where(ProjectAction.action_id == action_id)
            .options(selectinload(Project.grants))
            .order_by(Project.name, Project.id)
        )
    )


def current_membership(case_id: int, user_id: int) -> Membership | None:
    return db.session.scalar(Membership.current_of(case_id, user_id))


def followed_action_ids(case_id: int, user_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(ActionFollower.action_id)
            .join(Action, Action.id == ActionFollower.action_id)
            .where(Action.case_id == case_id, ActionFollower.user_id == user_id)
        )
    )


def my_actions(case_id: int, user_id: int):
    """What the person owns, follows or may update through their subgroups: overdue first, then by due date."""
    mine = Membership.current_of(case_id, user_id).with_only_columns(Membership.id)
    followed = select(ActionFollower.action_id).where(ActionFollower.user_id == user_id)
    return (
        select(Action)
        .where(
            Action.case_id == case_id,
            or_(
                Action.owner_id.in_(mine),
                Action.id.in_(followed),
                Action.subgroup_id.in_(member_subgroup_ids(case_id, user_id)),
            ),
        )
        .options(*_with_people())
        .order_by(overdue_clause().desc(), Action.status.in_(FINISHED_STATUSES), Action.due_on, Action.id)
    )


def feed(case_id: int, user_id: int):
    """Changes to the actions the person follows, newest first."""
    followed = select(ActionFollower.action_id).where(ActionFollower.user_id == user_id)
    return (
        select(ActionUpdate)
        .where(ActionUpdate.case_id == case_id, ActionUpdate.action_id.in_(followed))
        .options(joinedload(ActionUpdate.author), joinedload(ActionUpdate.action))
        .order_by(ActionUpdate.at.desc(), ActionUpdate.id.desc())
    )


def recent_updates(case_id: int, limit: int = 5) -> list[ActionUpdate]:
    return list(
        db.session.scalars(
            select(ActionUpdate)
            .where(ActionUpdate.case_id == case_id)
            .options(joinedload(ActionUpdate.author), joinedload(ActionUpdate.action))
            .order_by(ActionUpdate.at.desc(), ActionUpdate.id.desc())
            .limit(limit)
        )
    )


def subgroups(case_id: int) -> list[Subgroup]:
    return list(
        db.session.scalars(
            select(Subgroup)
            .where(Subgroup.case_id == case_id)
            .options(
                joinedload(Subgroup.chair).joinedload(Membership.user),
                selectinload(Subgroup.members).joinedload(SubgroupMember.membership).joinedload(Membership.user),
            )
            .order_by(Subgroup.position, Subgroup.name)
        )
    )


def subgroup_names(case_id: int) -> list[Subgroup]:
    """The case's subgroups in their order, without their people: for the dashboard's list of names."""
    return list(
        db.session.scalars(
            select(Subgroup).where(Subgroup.case_id == case_id).order_by(Subgroup.position, Subgroup.name)
        )
    )


def get_subgroup(case_id: int, subgroup_id: int) -> Subgroup:
    return get_in_case(
        Subgroup,
        subgroup_id,
        case_id,
        joinedload(Subgroup.chair).joinedload(Membership.user),
        selectinload(Subgroup.members).joinedload(SubgroupMember.membership).joinedload(Membership.user),
    )


def plan_settings(case_id: int) -> PlanSettings:
    """The case's plan settings; the defaults when it has never changed them."""
    return db.session.scalar(select(PlanSettings).where(PlanSettings.case_id == case_id)) or PlanSettings(
        case_id=case_id, progress_rollup=ProgressRollup.AVERAGE
    )


def subgroup_action_counts(case_id: int) -> dict[int, tuple[int, int]]:
    rows = db.session.execute(
        select(Action.subgroup_id, func.count(), func.count().filter(overdue_clause()))
        .where(Action.case_id == case_id, Action.subgroup_id.is_not(None))
        .group_by(Action.subgroup_id)
    ).all()
    return {subgroup_id: (count, overdue) for subgroup_id, count, overdue in rows}


def current_memberships(case_id: int) -> list[Membership]:
    return list(
        db.session.scalars(
            select(Membership)
            .join(Membership.user)
            .where(Membership.case_id == case_id, Membership.is_current)
            .options(joinedload(Membership.user), joinedload(Membership.organisation))
            .order_by(User.name)
        )
    )


def _project_parts():
    return (
        selectinload(Project.implementers).joinedload(ProjectImplementer.organisation),
        selectinload(Project.grants),
        selectinload(Project.action_links).joinedload(ProjectAction.action),
    )


def projects(case_id: int) -> list[Project]:
    return list(
        db.session.scalars(
            select(Project)
            .where(Project.case_id == case_id)
            .options(*_project_parts())
            .order_by(Project.starts_on, Project.name)
        )
    )


def get_project(case_id: int, project_id: int) -> Project:
    return get_in_case(Project, project_id, case_id, *_project_parts())


def funding_by_funder(case_id: int) -> list[tuple]:
    """Per funder: granted, used, the number of decisions (`Grant.has_decision`) and of amounts not known yet."""
    return db.session.execute(
        select(
            Grant.funder,
            func.sum(Grant.amount_granted),
            func.sum(Grant.amount_used),
            func.count().filter(Grant.has_decision),
            func.count().filter(Grant.amount_granted.is_(None)),
        )
        .where(Grant.case_id == case_id)
        .group_by(Grant.funder)
        .order_by(func.sum(Grant.amount_granted).desc())
    ).all()


@dataclass
class FundingTotals:
    granted: Decimal
    used: Decimal
    decisions: int  # grants that record a decision (`Grant.has_decision`)
    unknown: int  # grants whose amount is not known yet


def grants_by_funder(grants: list[Grant]) -> list[tuple]:
    """Loaded grants summed per funder, in the rows `funding_by_funder` gives for a whole case."""
    rows: dict = {}
    for grant in grants:
        _, granted, used, decisions, unknown = rows.get(grant.funder, (grant.funder, None, None, 0, 0))
        if grant.amount_granted is not None:
            granted = (granted or Decimal(0)) + grant.amount_granted
        if grant.amount_used is not None:
            used = (used or Decimal(0)) + grant.amount_used
        decisions += grant.has_decision
        rows[grant.funder] = (grant.funder, granted, used, decisions, unknown + (grant.amount_granted is None))
    return list(rows.values())


def funding_totals(by_funder: list[tuple]) -> FundingTotals:
    granted = sum((row[1] for row in by_funder if row[1] is not None), Decimal(0))
    used = sum((row[2] for row in by_funder if row[2] is not None), Decimal(0))
    return FundingTotals(granted, used, sum(row[3] for row in by_funder), sum(row[4] for row in by_funder))


def actions_for_choices(case_id: int) -> list[Action]:
    return list(db.session.scalars(select(Action).where(Action.case_id == case_id).order_by(Action.title)))
