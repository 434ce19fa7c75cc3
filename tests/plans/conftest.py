from datetime import date
from decimal import Decimal

import pytest

from arm.cases.models import Membership
from arm.extensions import db
from arm.plans.models import ActionStatus, Funder
from tests import factories


@pytest.fixture
def plan_case(app):
    return build_plan_case()


def build_plan_case():
    """A case with people at every access level, a subgroup the member belongs to, and three actions."""
    people = factories.case_with_people()
    memberships = {
        m.user_id: m for m in db.session.scalars(db.select(Membership).where(Membership.case_id == people.case.id))
    }
    people.membership = {
        level: memberships[getattr(people, level).id] for level in ("coordinator", "editor", "member", "observer")
    }
    people.subgroup = factories.SubgroupFactory(case=people.case, name="Henkilöihin kohdistuvat toimenpiteet")
    from arm.plans.models import SubgroupMember

    db.session.add(
        SubgroupMember(case_id=people.case.id, subgroup=people.subgroup, membership=people.membership["member"])
    )
    db.session.commit()
    people.own_action = factories.ActionFactory(
        case=people.case, title="Oma toimenpide", owner=people.membership["member"]
    )
    people.subgroup_action = factories.ActionFactory(
        case=people.case, title="Ryhmän toimenpide", subgroup=people.subgroup
    )
    people.other_action = factories.ActionFactory(case=people.case, title="Muiden toimenpide")
    return people


def add_plan_funding(plan_case):
    """Budgets of 930 000 € planned (one action of two funders, one of none) and 625 000 € granted to
    one project, which is returned."""
    own, shared, unnamed = plan_case.own_action, plan_case.subgroup_action, plan_case.other_action
    own.budget, own.funders = Decimal(600_000), [Funder.TEM_ARM]
    shared.budget, shared.funders = Decimal(300_000), [Funder.TEM_ARM, Funder.ESR]
    unnamed.budget = Decimal(30_000)
    factories.ActionFactory(case=plan_case.case, status=ActionStatus.CANCELLED, budget=Decimal(1_000_000))
    factories.ActionFactory(case=plan_case.case, funding_sources="ESR")  # no budget
    project = factories.ProjectFactory(case=plan_case.case, name="Työtä Kemissä")
    factories.GrantFactory(
        project=project,
        amount_granted=Decimal(500_000),
        amount_used=Decimal(100_000),
        decided_on=date(2021, 9, 1),
        decision_number="VN/1234/2021",
    )
    factories.GrantFactory(project=project, funder=Funder.ESR, amount_granted=Decimal(125_000), amount_used=0)
    factories.GrantFactory(project=project, funder=Funder.OKM, amount_granted=None, amount_used=0)  # applied for
    db.session.commit()
    return project
