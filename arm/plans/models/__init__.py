"""The action plan's models, one module per subject."""

from arm.plans.models.actions import (
    ACTION_FIELDS,
    Action,
    ActionFollower,
    ActionUpdate,
    actions_member_may_update,
    funders_named,
    member_organisation_id,
    member_subgroup_ids,
)
from arm.plans.models.enums import (
    FINISHED_STATUSES,
    ActionCategory,
    ActionStatus,
    Funder,
    Horizon,
    MeetingRhythm,
    ProgressRollup,
    ResourceKind,
    TargetGroup,
)
from arm.plans.models.imports import PendingImport
from arm.plans.models.objectives import (
    LARGEST_TARGET,
    Objective,
    ObjectiveAction,
    ObjectiveKind,
    ObjectivePriority,
    PlanVersion,
)
from arm.plans.models.projects import Grant, Project, ProjectAction, ProjectImplementer
from arm.plans.models.requests import (
    DECIDED_STATUSES,
    REQUEST_FIELDS,
    FundingRequest,
    FundingRequestAction,
    FundingRequestGrant,
    FundingRequestStatus,
)
from arm.plans.models.resources import ActionResource, Resource
from arm.plans.models.subgroups import PlanSettings, Subgroup, SubgroupMember

__all__ = [
    "ACTION_FIELDS",
    "DECIDED_STATUSES",
    "FINISHED_STATUSES",
    "LARGEST_TARGET",
    "REQUEST_FIELDS",
    "Action",
    "ActionCategory",
    "ActionFollower",
    "ActionResource",
    "ActionStatus",
    "ActionUpdate",
    "Funder",
    "FundingRequest",
    "FundingRequestAction",
    "FundingRequestGrant",
    "FundingRequestStatus",
    "Grant",
    "Horizon",
    "MeetingRhythm",
    "Objective",
    "ObjectiveAction",
    "ObjectiveKind",
    "ObjectivePriority",
    "PendingImport",
    "PlanSettings",
    "PlanVersion",
    "ProgressRollup",
    "Project",
    "ProjectAction",
    "ProjectImplementer",
    "Resource",
    "ResourceKind",
    "Subgroup",
    "SubgroupMember",
    "TargetGroup",
    "actions_member_may_update",
    "funders_named",
    "member_organisation_id",
    "member_subgroup_ids",
]
