"""The demo case loaded part by part through the case-parts registry is the case the single loader made."""

import ast
from pathlib import Path

from sqlalchemy import func, select

import arm
from arm.auth.models import User
from arm.cases.models import Case, CaseOrganisation, LayoffWave, Membership, Organisation, RoleAssignment
from arm.core.comments import Comment
from arm.core.parts import case_parts
from arm.core.permissions import Access
from arm.demo import DEMO_ADMIN_EMAIL, DEMO_COORDINATOR_EMAIL, DEMO_MEMBER_EMAIL, database_is_empty, load_demo_case
from arm.extensions import db
from arm.plans.models import (
    Action,
    ActionFollower,
    ActionResource,
    ActionUpdate,
    FundingRequest,
    Grant,
    Project,
    ProjectAction,
    ProjectImplementer,
    Resource,
    Subgroup,
    SubgroupMember,
)
from arm.risks.models import Risk, RiskAssessment
from tests.conftest import sign_in
from tests.markup import page_of

PASSWORD = "demo password 123"

# The demo's rows, as the info package gives them (docs/seed-facts.md): 16 projects with 34 funders and 24
# implementers, the working group's and crisis group's organisations in the network (21) and four named
# in the package kept in the registry only. First measured with the single loader (arm/demo.py of f0ef0a5).
EXPECTED_COUNTS = {
    "Organisation": 25,
    "User": 12,  # the platform administrator, ten people of the network and one who left it
    "Case": 1,
    "CaseOrganisation": 21,
    "Membership": 11,
    "RoleAssignment": 17,
    "LayoffWave": 3,
    "Subgroup": 4,
    "SubgroupMember": 8,
    "Action": 12,  # the state-funding proposal is no longer an action (migration 0007)
    "ActionFollower": 2,  # following is a choice: the demo coordinator follows two actions
    "ActionUpdate": 5,
    "Project": 16,
    "ProjectImplementer": 24,
    "ProjectAction": 10,
    "Grant": 34,
    "Resource": 5,
    "ActionResource": 3,
    "FundingRequest": 3,  # the TEM, OKM and ELY decisions of seed 002
    "Risk": 5,  # the template's five starter risks, four accepted (arm/risks/demo.py)
    "RiskAssessment": 7,
    "Comment": 1,
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
    FundingRequest,
    Risk,
    RiskAssessment,
    Comment,
)


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_demo_has_the_same_counts_as_before(app):
    load_demo_case(PASSWORD)
    assert {model.__name__: _count(model) for model in MODELS} == EXPECTED_COUNTS
    access = dict(db.session.execute(select(Membership.access, func.count()).group_by(Membership.access)).all())
    assert access == {Access.COORDINATOR: 1, Access.EDITOR: 2, Access.MEMBER: 7, Access.OBSERVER: 1}
    assert _count(Membership, Membership.ended_on.is_not(None)) == 1
    assert _count(RoleAssignment, RoleAssignment.ended_on.is_not(None)) == 2
    assert _count(Subgroup, Subgroup.chair_id.is_not(None)) == 4
    assert db.session.scalar(select(func.sum(LayoffWave.headcount))) == 550
    assert _count(Grant, Grant.amount_granted.is_not(None)) == 0
    # The sources give no decision dates or numbers (docs/seed-facts.md): the demo's grants name only funders.
    assert _count(Grant, Grant.has_decision) == 0


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


def test_each_area_loads_its_part_in_registration_order(app):
    assert [part.name for part in case_parts() if part.load_demo is not None] == [
        "cases",
        "plans",
        "support",
        "comms",
        "risks",
        "meetings",
        "progress",  # issue 13: the job ledger's seed 002 figures, the outputs and the cohort
        "situation",  # issue 13: seed 001's employment figures
        "reports",  # issue 13: after every area whose sections its demo reports build
        "overview",  # issue 13: publishes the demo case's public page
    ]


def test_actions_end_where_the_data_says(app):
    from arm.plans.demo import read_demo

    load_demo_case(PASSWORD)
    actions = {action.title: action for action in db.session.scalars(select(Action))}
    for data in read_demo().actions:
        action = actions[data.title]
        assert (action.status, action.progress) == (data.status, data.progress), data.title
        assert (action.budget, action.expected_jobs) == (data.budget, data.expected_jobs), data.title


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_areas_plug_in_through_the_registry():
    """`arm.core` imports no other package of the app and `arm.cases` nothing of `arm.plans`, demo loaders included."""
    root = Path(arm.__file__).parent
    packages = {path.parent.name for path in root.glob("*/__init__.py")} - {"core"}
    for path in (root / "core").rglob("*.py"):
        found = {name for name in _imports(path) if name.startswith("arm.") and name.split(".")[1] in packages}
        assert not found, f"{path} imports {found}"
    for path in (root / "cases").rglob("*.py"):
        found = {name for name in _imports(path) if name == "arm.plans" or name.startswith("arm.plans.")}
        assert not found, f"{path} imports {found}"


def test_demo_funding_page_sets_the_plan_against_no_decisions(app, client):
    from arm.plans.demo import read_demo
    from arm.plans.models import ActionStatus

    case = load_demo_case(PASSWORD)
    db.session.commit()
    sign_in(client, db.session.scalar(select(User).where(User.email == DEMO_COORDINATOR_EMAIL)), PASSWORD)
    page = page_of(client.get(f"/cases/{case.id}/funding"))
    planned = sum(a.budget or 0 for a in read_demo().actions if a.status is not ActionStatus.CANCELLED)
    planned_text = f"{planned:,}".replace(",", " ") + ",00"
    total = page.find("section", aria_labelledby="by-funder").table_rows("tfoot")
    assert total == [["Yhteensä", planned_text, "0,00", planned_text, "0,00", "0,00", "0"]]
    assert len(page.find("section", aria_labelledby="decisions").table_rows()) == EXPECTED_COUNTS["Grant"]
