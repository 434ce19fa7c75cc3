"""The demo case: what the loader makes, measured so that reshaping the loader cannot change it."""

from sqlalchemy import func, select

from arm.auth.models import User
from arm.cases.models import Case, CaseOrganisation, LayoffWave, Membership, Organisation, RoleAssignment
from arm.core.permissions import Access
from arm.demo import DEMO_ADMIN_EMAIL, DEMO_COORDINATOR_EMAIL, DEMO_MEMBER_EMAIL, database_is_empty, load_demo_case
from arm.extensions import db
from arm.plans.models import (
    Action,
    ActionFollower,
    ActionResource,
    ActionUpdate,
    Grant,
    Project,
    ProjectAction,
    ProjectImplementer,
    Resource,
    Subgroup,
    SubgroupMember,
)

PASSWORD = "demo password 123"

# Measured with the single loader (arm/demo.py of f0ef0a5, before the demo was split by area).
EXPECTED_COUNTS = {
    "Organisation": 16,
    "User": 11,  # the platform administrator, nine people of the network and one who left it
    "Case": 1,
    "CaseOrganisation": 16,
    "Membership": 10,
    "RoleAssignment": 16,
    "LayoffWave": 3,
    "Subgroup": 4,
    "SubgroupMember": 8,
    "Action": 13,
    "ActionFollower": 13,
    "ActionUpdate": 4,
    "Project": 7,
    "ProjectImplementer": 14,
    "ProjectAction": 8,
    "Grant": 15,
    "Resource": 5,
    "ActionResource": 4,
}
MODELS = (
    Organisation,
    User,
    Case,
    CaseOrganisation,
    Membership,
    RoleAssignment,
    LayoffWave,
    Subgroup,
    SubgroupMember,
    Action,
    ActionFollower,
    ActionUpdate,
    Project,
    ProjectImplementer,
    ProjectAction,
    Grant,
    Resource,
    ActionResource,
)


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_demo_has_the_same_counts_as_before(app):
    load_demo_case(PASSWORD)
    assert {model.__name__: _count(model) for model in MODELS} == EXPECTED_COUNTS
    access = dict(db.session.execute(select(Membership.access, func.count()).group_by(Membership.access)).all())
    assert access == {Access.COORDINATOR: 1, Access.EDITOR: 2, Access.MEMBER: 6, Access.OBSERVER: 1}
    assert _count(Membership, Membership.ended_on.is_not(None)) == 1
    assert _count(RoleAssignment, RoleAssignment.ended_on.is_not(None)) == 2
    assert _count(Subgroup, Subgroup.chair_id.is_not(None)) == 4
    assert db.session.scalar(select(func.sum(LayoffWave.headcount))) == 550
    assert _count(Grant, Grant.amount_granted.is_not(None)) == 0


def test_demo_sign_in_accounts(app):
    case = load_demo_case(PASSWORD)
    users = {user.email: user for user in db.session.scalars(select(User))}
    assert all(user.check_password(PASSWORD) for user in users.values())
    assert users[DEMO_ADMIN_EMAIL].is_admin and not users[DEMO_COORDINATOR_EMAIL].is_admin
    access = {
        m.user.email: m.access for m in db.session.scalars(select(Membership).where(Membership.case_id == case.id))
    }
    assert access[DEMO_COORDINATOR_EMAIL] is Access.COORDINATOR and access[DEMO_MEMBER_EMAIL] is Access.MEMBER
    assert DEMO_ADMIN_EMAIL not in access


def test_load_demo_case_does_not_commit(app):
    load_demo_case(PASSWORD)
    db.session.rollback()
    assert database_is_empty()
