"""The action plan's share of the demo case: subgroups, actions and their updates, projects, resources,
the state-funding proposal, the plan's objectives and its approved version.

The data is `data/demo.toml`; the records below are its shape. It runs after the cases part, whose
context gives the case (with the template subgroups `open_case` added), organisations by name and
users and memberships by e-mail.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from arm.core.demo_data import read_records
from arm.core.parts import DemoContext
from arm.extensions import db
from arm.plans import objectives as plan_objectives
from arm.plans import resources as plan_resources
from arm.plans import services as plan_services
from arm.plans import versions as plan_versions
from arm.plans.models import (
    ActionCategory,
    ActionStatus,
    Funder,
    FundingRequestStatus,
    Horizon,
    MeetingRhythm,
    ObjectiveKind,
    ObjectivePriority,
    ResourceKind,
    Subgroup,
    TargetGroup,
)

DATA = Path(__file__).parent / "data" / "demo.toml"


@dataclass(frozen=True)
class DemoSubgroup:
    """A template subgroup (by its position in the template), staffed; name and purpose replace the template's."""

    position: int
    chair: str  # e-mail
    members: tuple[str, ...]  # e-mails
    rhythm: MeetingRhythm
    name: str = ""
    purpose: str = ""


@dataclass(frozen=True)
class DemoAction:
    title: str
    category: ActionCategory
    horizon: Horizon
    target_group: TargetGroup
    subgroup: int  # template position
    owner: str  # e-mail
    starts_on: date
    due_on: date
    status: ActionStatus  # where it is now, after its updates
    progress: int
    description: str = ""  # where the package says it, and which of the values are the demo's own
    expected_jobs: int | None = None
    budget: Decimal | None = None
    funders: tuple[Funder, ...] = ()
    projects: tuple[str, ...] = ()  # project names
    followed_by: tuple[str, ...] = ()  # e-mails of people who chose to follow it


@dataclass(frozen=True)
class DemoUpdate:
    action: str  # title
    author: str  # e-mail
    status: ActionStatus
    progress: int
    note: str = ""


@dataclass(frozen=True)
class DemoProject:
    """A project; each funder gets a grant whose amount is not known."""

    name: str
    implementers: tuple[str, ...]  # organisation names
    starts_on: date
    ends_on: date
    funders: tuple[Funder, ...]
    description: str
    results: str = ""


@dataclass(frozen=True)
class DemoResourceUse:
    action: str  # title
    amount: Decimal | None = None


@dataclass(frozen=True)
class DemoResource:
    organisation: str  # name
    contact: str  # e-mail
    kind: ResourceKind
    description: str
    starts_on: date
    capacity: Decimal | None = None
    unit: str = ""
    ends_on: date | None = None
    uses: tuple[DemoResourceUse, ...] = ()


@dataclass(frozen=True)
class DemoObjective:
    title: str
    description: str
    kind: ObjectiveKind
    priority: ObjectivePriority
    target_value: Decimal | None = None
    target_unit: str = ""
    deadline: date | None = None
    actions: tuple[str, ...] = ()  # action titles


@dataclass(frozen=True)
class DemoPlanVersion:
    approved_on: date
    approved_by: str  # e-mail
    note: str = ""


@dataclass(frozen=True)
class DemoFundingRequest:
    """A request of the state-funding proposal; what the source does not say (amount asked, dates) stays empty."""

    title: str
    funder: Funder
    status: FundingRequestStatus
    description: str = ""
    programme: str = ""
    amount_asked: Decimal | None = None
    amount_granted: Decimal | None = None


@dataclass(frozen=True)
class PlansDemo:
    subgroups: tuple[DemoSubgroup, ...]
    actions: tuple[DemoAction, ...]
    updates: tuple[DemoUpdate, ...]
    projects: tuple[DemoProject, ...]
    resources: tuple[DemoResource, ...]
    objectives: tuple[DemoObjective, ...] = ()
    versions: tuple[DemoPlanVersion, ...] = ()
    funding_request: tuple[DemoFundingRequest, ...] = ()


def read_demo() -> PlansDemo:
    return read_records(DATA, PlansDemo)


def load_demo(context: DemoContext) -> None:
    data = read_demo()
    subgroups = _staff_subgroups(context, data.subgroups)
    actions = _add_actions(context, data, subgroups)
    for update in data.updates:
        plan_services.record_progress(
            actions[update.action],
            context.users[update.author],
            status=update.status,
            progress=update.progress,
            note=update.note,
        )
    for project in data.projects:
        saved = plan_services.save_project(
            context.case,
            None,
            name=project.name,
            description=project.description,
            results=project.results,
            starts_on=project.starts_on,
            ends_on=project.ends_on,
            implementer_ids=[context.organisations[name].id for name in project.implementers],
            action_ids=[actions[action.title].id for action in data.actions if project.name in action.projects],
        )
        for funder in project.funders:
            plan_services.save_grant(saved, None, funder=funder, amount_granted=None, amount_used=None, decided_on=None)
    for resource in data.resources:
        saved = plan_resources.save_resource(
            context.case,
            None,
            organisation_id=context.organisations[resource.organisation].id,
            contact_id=context.memberships[resource.contact].id,
            kind=resource.kind,
            description=resource.description,
            capacity=resource.capacity,
            unit=resource.unit,
            starts_on=resource.starts_on,
            ends_on=resource.ends_on,
        )
        for use in resource.uses:
            plan_resources.use_resource(actions[use.action], saved, use.amount)
    for request in data.funding_request:
        plan_services.save_funding_request(
            context.case,
            None,
            {
                "title": request.title,
                "description": request.description,
                "funder": request.funder,
                "programme": request.programme,
                "amount_asked": request.amount_asked,
                "status": request.status,
                "amount_granted": request.amount_granted,
            },
            action_ids=[],
            grant_ids=[],
        )
    _add_objectives(context, data.objectives, actions)
    for version in data.versions:
        plan_versions.approve_plan(context.case, context.users[version.approved_by], version.approved_on, version.note)


def _add_objectives(context: DemoContext, objectives: tuple[DemoObjective, ...], actions: dict) -> None:
    for objective in objectives:
        unknown = [title for title in objective.actions if title not in actions]
        if unknown:
            raise KeyError(f"demo objective {objective.title!r} names actions not in the demo: {unknown}")
        plan_objectives.save_objective(
            context.case,
            None,
            {
                "title": objective.title,
                "description": objective.description,
                "kind": objective.kind,
                "priority": objective.priority,
                "target_value": objective.target_value,
                "target_unit": objective.target_unit,
                "deadline": objective.deadline,
            },
            [actions[title].id for title in objective.actions],
        )


def _staff_subgroups(context: DemoContext, groups: tuple[DemoSubgroup, ...]) -> list[Subgroup]:
    """The template subgroups, renamed where the demo names them its own way, then given their people."""
    subgroups = db.session.scalars(
        select(Subgroup).where(Subgroup.case_id == context.case.id).order_by(Subgroup.position)
    ).all()
    for group in groups:
        subgroup = subgroups[group.position]
        if group.name:
            subgroup.name = group.name
        if group.purpose:
            subgroup.purpose = group.purpose
    memberships = context.memberships
    for group in groups:
        subgroup = subgroups[group.position]
        plan_services.save_subgroup(
            context.case,
            subgroup,
            name=subgroup.name,
            purpose=subgroup.purpose,
            chair_id=memberships[group.chair].id,
            rhythm=group.rhythm,
            member_ids=[memberships[email].id for email in group.members],
            is_crisis_group=subgroup.is_crisis_group,
        )
    return subgroups


def _add_actions(context: DemoContext, data: PlansDemo, subgroups: list[Subgroup]) -> dict:
    actions = {}
    updated = {update.action for update in data.updates}
    for action in data.actions:
        owner = context.memberships[action.owner]
        # An action with updates starts as planned; the updates bring it to where it is now.
        has_updates = action.title in updated
        actions[action.title] = plan_services.create_action(
            context.case,
            {
                "title": action.title,
                "description": action.description,
                "category": action.category,
                "horizon": action.horizon,
                "target_group": action.target_group,
                "subgroup_id": subgroups[action.subgroup].id,
                "owner_id": owner.id,
                "owner_organisation_id": owner.organisation_id,
                "starts_on": action.starts_on,
                "due_on": action.due_on,
                "status": ActionStatus.PLANNED if has_updates else action.status,
                "progress": 0 if has_updates else action.progress,
                "expected_jobs": action.expected_jobs,
                "budget": action.budget,
            },
            list(action.funders),
        )
        for email in action.followed_by:
            plan_services.follow(actions[action.title], context.users[email])
    return actions
