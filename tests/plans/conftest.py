import pytest

from arm.cases.models import Membership
from arm.extensions import db
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
