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
from arm.core.models import AuditEvent
from arm.plans.models import Subgroup

__all__ = [
    "AccountToken",
    "AuditEvent",
    "Case",
    "CaseMunicipality",
    "CaseOrganisation",
    "ChecklistItem",
    "LayoffWave",
    "LoginFailure",
    "Membership",
    "Organisation",
    "RoleAssignment",
    "Subgroup",
    "User",
]
