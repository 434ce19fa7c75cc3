"""The cases area's models, one module per subject."""

from arm.cases.models.case import (
    Case,
    CaseMunicipality,
    CaseOrganisation,
    ChecklistItem,
    IndustryCode,
    LayoffWave,
    MunicipalityCode,
    Organisation,
)
from arm.cases.models.memberships import Membership, RoleAssignment, member_names

__all__ = [
    "Case",
    "CaseMunicipality",
    "CaseOrganisation",
    "ChecklistItem",
    "IndustryCode",
    "LayoffWave",
    "Membership",
    "MunicipalityCode",
    "Organisation",
    "RoleAssignment",
    "member_names",
]
