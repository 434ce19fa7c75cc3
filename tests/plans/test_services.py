from datetime import date
from decimal import Decimal

import pytest
from freezegun import freeze_time

from arm.core.errors import EditConflict, ValidationError
from arm.extensions import db
from arm.plans import figures, queries, services
from arm.plans import resources as plan_resources
from arm.plans.models import ActionCategory, ActionStatus, ActionUpdate, Funder, Grant, Horizon, TargetGroup
from tests import factories


def _data(**overrides):
    data = {
        "title": "Muutosturvakoulutus",
        "description": "",
        "category": ActionCategory.RE_EMPLOYMENT,
        "horizon": Horizon.SHORT,
        "target_group": TargetGroup.LAID_OFF,
        "subgroup_id": None,
        "owner_organisation_id": None,
        "owner_id": None,
        "starts_on": date(2021, 6, 1),
        "due_on": date(2021, 12, 31),
        "status": ActionStatus.PLANNED,
        "progress": 0,
        "expected_jobs": 20,
        "budget": Decimal("250000.50"),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"due_on": date(2021, 5, 1)}, "due_on"),
        ({"progress": 101}, "progress"),
        ({"progress": -1}, "progress"),
        ({"status": ActionStatus.DONE, "progress": 90}, "progress"),
        ({"budget": Decimal("10.005")}, "budget"),
        ({"budget": Decimal("-1")}, "budget"),
        ({"title": " "}, "title"),
    ],
)
def test_action_rules(plan_case, overrides, field):
    with pytest.raises(ValidationError) as error:
        services.create_action(plan_case.case, _data(**overrides))
    assert field in [f for f, _ in error.value.errors]


def test_owner_and_subgroup_must_belong_to_the_case(plan_case):
    outsider_membership = factories.MembershipFactory()
    other_subgroup = factories.SubgroupFactory()
    with pytest.raises(ValidationError) as error:
        services.create_action(plan_case.case, _data(owner_id=outsider_membership.id, subgroup_id=other_subgroup.id))
    assert {f for f, _ in error.value.errors} == {"owner_id", "subgroup_id"}


def test_money_is_exact(plan_case):
    action = services.create_action(plan_case.case, _data(budget=Decimal("0.10")), [Funder.TEM_ARM, Funder.ESR])
    db.session.commit()
    db.session.expire_all()
    assert action.budget == Decimal("0.10")
    assert action.funders == [Funder.TEM_ARM, Funder.ESR]


def test_progress_update_is_kept_on_the_timeline(plan_case):
    action = plan_case.own_action
    services.record_progress(action, plan_case.member, status=ActionStatus.ONGOING, progress=60, note="Hyvä alku")
    db.session.commit()
    update = db.session.scalar(db.select(ActionUpdate).where(ActionUpdate.action_id == action.id))
    assert (update.old_progress, update.new_progress, update.note) == (20, 60, "Hyvä alku")
    assert update.author_id == plan_case.member.id


def test_edit_on_an_old_version_conflicts(plan_case):
    action = plan_case.other_action
    version = action.version
    services.update_action(action, plan_case.editor, version, _data(title="Ensimmäinen"), [])
    db.session.commit()
    with pytest.raises(EditConflict) as conflict:
        services.update_action(action, plan_case.coordinator, version, _data(title="Toinen"), [])
    assert conflict.value.current.title == "Ensimmäinen"


def test_overdue_excludes_finished_actions(plan_case):
    late = factories.ActionFactory(case=plan_case.case, due_on=date(2020, 1, 1), status=ActionStatus.ONGOING)
    done = factories.ActionFactory(case=plan_case.case, due_on=date(2020, 1, 1), status=ActionStatus.DONE, progress=100)
    assert late.is_overdue and not done.is_overdue
    health, _ = figures.plan_figures(plan_case.case.id, budget_weighted=False)
    assert health.overdue == 1


def test_category_progress_average_and_budget_weighted(plan_case):
    case = plan_case.case
    for action in (plan_case.own_action, plan_case.subgroup_action, plan_case.other_action):
        db.session.delete(action)
    db.session.commit()
    make = factories.ActionFactory
    make(case=case, category=ActionCategory.NEW_JOBS, progress=100, status=ActionStatus.DONE, budget=Decimal("300"))
    make(case=case, category=ActionCategory.NEW_JOBS, progress=0, budget=Decimal("100"))
    make(case=case, category=ActionCategory.NEW_JOBS, progress=50, budget=None)
    make(case=case, category=ActionCategory.NEW_JOBS, progress=0, status=ActionStatus.CANCELLED, budget=Decimal("999"))
    average = {row.category: row for row in figures.category_progress(case.id, budget_weighted=False)}
    weighted = {row.category: row for row in figures.category_progress(case.id, budget_weighted=True)}
    assert average[ActionCategory.NEW_JOBS].count == 3  # the cancelled one never counts
    assert average[ActionCategory.NEW_JOBS].progress == pytest.approx(50.0)
    assert weighted[ActionCategory.NEW_JOBS].progress == pytest.approx(75.0)  # (100·300 + 0·100) / 400
    assert average[ActionCategory.OTHER_CORRECTIVE].progress is None
    assert average[ActionCategory.NEW_JOBS].budget == Decimal("400")  # the cancelled one's budget never counts
    assert average[ActionCategory.OTHER_CORRECTIVE].budget is None  # no budget at all, not 0
    assert figures.overall_progress(list(weighted.values()), budget_weighted=True) == pytest.approx(75.0)


def test_resource_cannot_be_overcommitted(plan_case):
    resource = factories.ResourceFactory(case=plan_case.case, capacity=Decimal("100"), unit="h")
    plan_resources.use_resource(plan_case.own_action, resource, Decimal("70"))
    with pytest.raises(ValidationError) as error:
        plan_resources.use_resource(plan_case.other_action, resource, Decimal("40"))
    ((field, message),) = error.value.errors
    # 100 h less the 70 h taken, written as the forms write amounts.
    assert (field, message) == ("amount", "Resurssia on vapaana enää 30 h.")
    plan_resources.use_resource(plan_case.own_action, resource, Decimal("80"))  # changing its own use is fine
    assert plan_resources.committed_amount(resource.id) == Decimal("80")


def test_grant_use_cannot_exceed_granted(plan_case):
    project = factories.ProjectFactory(case=plan_case.case)
    with pytest.raises(ValidationError):
        services.save_grant(
            project, None, funder=Funder.OKM, amount_granted=Decimal("10"), amount_used=Decimal("11"), decided_on=None
        )


@freeze_time("2021-09-01")
def test_grant_decision_date_is_not_in_the_future(plan_case):
    project = factories.ProjectFactory(case=plan_case.case)
    grant = services.save_grant(
        project, None, funder=Funder.TEM_ARM, amount_granted=None, amount_used=None, decided_on=date(2021, 9, 1)
    )
    assert grant.decided_on == date(2021, 9, 1)  # today is fine
    with pytest.raises(ValidationError) as error:
        services.save_grant(
            project,
            grant,
            funder=Funder.TEM_ARM,
            amount_granted=Decimal("10"),
            amount_used=Decimal("11"),
            decided_on=date(2021, 9, 2),
        )
    assert [field for field, _ in error.value.errors] == ["amount_used", "decided_on"]  # both at once


def test_a_grant_has_a_decision_when_it_records_an_amount_a_date_or_a_number(plan_case):
    project = factories.ProjectFactory(case=plan_case.case)
    grants = [
        factories.GrantFactory(project=project, amount_granted=None, decided_on=None, decision_number=""),
        factories.GrantFactory(project=project, amount_granted=Decimal(0), decided_on=None),
        factories.GrantFactory(project=project, amount_granted=None, decided_on=date(2021, 9, 1)),
        factories.GrantFactory(project=project, amount_granted=None, decision_number="VN/1/2021"),
    ]
    assert [grant.has_decision for grant in grants] == [False, True, True, True]
    in_sql = db.session.scalars(db.select(Grant.id).where(Grant.has_decision).order_by(Grant.id)).all()
    assert in_sql == [grant.id for grant in grants[1:]]
    ((_, _, _, decisions, unknown),) = queries.funding_by_funder(plan_case.case.id)
    assert (decisions, unknown) == (3, 3)


def test_subgroup_members_come_from_the_network(plan_case):
    outsider = factories.MembershipFactory()
    with pytest.raises(ValidationError):
        services.save_subgroup(
            plan_case.case, None, name="X", purpose="", chair_id=None, rhythm=None, member_ids=[outsider.id]
        )


def test_owner_person_must_represent_the_owner_organisation(plan_case):
    """A person of one organisation cannot be the owner on behalf of another: the message names theirs."""
    member = plan_case.membership["member"]
    other = factories.CaseOrganisationFactory(case=plan_case.case).organisation
    with pytest.raises(ValidationError) as error:
        services.create_action(plan_case.case, _data(owner_id=member.id, owner_organisation_id=other.id))
    [(field, message)] = error.value.errors
    assert field == "owner_id"
    assert message.startswith(f"{member.user.name} edustaa verkostossa organisaatiota {member.organisation.name}.")
    action = services.create_action(
        plan_case.case, _data(owner_id=member.id, owner_organisation_id=member.organisation_id)
    )
    assert action.owner_id == member.id
