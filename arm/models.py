"""Every area's models, imported once so that Alembic and create_all see the whole schema."""

from arm.auth.models import AccountToken, LoginFailure, User
from arm.cases.models import (
    Case,
    CaseMunicipality,
    CaseOrganisation,
    ChecklistItem,
    LayoffWave,
    Membership,
    Organisation,
    RoleAssignment,
)
from arm.comms.models import CommsItem, CommsItemAction
from arm.core.comments import Comment
from arm.core.models import AuditEvent
from arm.plans.models import (
    Action,
    ActionFollower,
    ActionResource,
    ActionUpdate,
    Grant,
    Objective,
    ObjectiveAction,
    PendingImport,
    PlanVersion,
    Project,
    ProjectAction,
    ProjectImplementer,
    Resource,
    Subgroup,
    SubgroupMember,
)
from arm.risks.models import Risk, RiskAction, RiskAssessment
from arm.support.models import SupportService, WaveMilestone

__all__ = [
    "AccountToken",
    "Action",
    "ActionFollower",
    "ActionResource",
    "ActionUpdate",
    "AuditEvent",
    "Case",
    "CaseMunicipality",
    "CaseOrganisation",
    "ChecklistItem",
    "Comment",
    "CommsItem",
    "CommsItemAction",
    "Grant",
    "LayoffWave",
    "LoginFailure",
    "Membership",
    "Objective",
    "ObjectiveAction",
    "Organisation",
    "PendingImport",
    "PlanVersion",
    "Project",
    "ProjectAction",
    "ProjectImplementer",
    "Resource",
    "Risk",
    "RiskAction",
    "RiskAssessment",
    "RoleAssignment",
    "Subgroup",
    "SubgroupMember",
    "SupportService",
    "User",
    "WaveMilestone",
]
