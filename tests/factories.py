"""Test data builders (factory_boy). Every factory commits, so that requests in tests see the rows.

Dates that must stay on one side of "today" (an action not yet due) are counted from `date.today()` when
the row is built: tests/conftest.py freezes today at TODAY for every test but the browser tests, which
run on the real date and so get dates relative to it.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import factory
from factory.alchemy import SQLAlchemyModelFactory

from arm.auth.models import User
from arm.cases.enums import CaseKind, CasePhase, NetworkRole, OrganisationType
from arm.cases.models import (
    Case,
    CaseMunicipality,
    CaseOrganisation,
    LayoffWave,
    Membership,
    Organisation,
    RoleAssignment,
)
from arm.comms.models import CommsAudience, CommsChannel, CommsItem
from arm.core.comments import Comment
from arm.core.permissions import Access
from arm.extensions import db
from arm.meetings.models import Meeting
from arm.plans.models import (
    Action,
    ActionCategory,
    ActionResource,
    ActionStatus,
    Funder,
    FundingRequest,
    FundingRequestStatus,
    Grant,
    Horizon,
    Project,
    Resource,
    ResourceKind,
    Subgroup,
    TargetGroup,
)
from arm.risks.models import Risk, RiskAssessment, RiskCategory, RiskStatus

PASSWORD = "correct horse battery staple"

# The instant every test but the browser tests starts at (tests/conftest.py), and its date.
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


def days_from_today(days: int) -> date:
    """A date `days` after (or, negative, before) today as the code under test sees it."""
    return date.today() + timedelta(days=days)


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731 - factory_boy wants a callable
        sqlalchemy_session_persistence = "commit"


_HASH_CACHE: dict[str, str] = {}


def _password_hash() -> str:
    # Hashing is deliberately slow; one hash serves every test user.
    if PASSWORD not in _HASH_CACHE:
        user = User()
        user.set_password(PASSWORD)
        _HASH_CACHE[PASSWORD] = user.password_hash
    return _HASH_CACHE[PASSWORD]


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"henkilo{n}@example.fi")
    name = factory.Sequence(lambda n: f"Testi Henkilö {n}")
    locale = "fi"
    password_hash = factory.LazyFunction(_password_hash)


class OrganisationFactory(BaseFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisaatio {n}")
    type = OrganisationType.MUNICIPALITY


class CaseFactory(BaseFactory):
    class Meta:
        model = Case

    title = factory.Sequence(lambda n: f"Testitapaus {n}")
    slug = factory.Sequence(lambda n: f"testitapaus-{n}")
    kind = CaseKind.NEGATIVE
    phase = CasePhase.ACTIVE
    lead_municipality_code = "240"
    employer = "Tehdas Oy"
    announced_on = date(2021, 4, 21)
    direct_layoffs = 550
    indirect_job_losses = 950
    municipalities = factory.LazyFunction(lambda: [CaseMunicipality(code="240")])


class CaseOrganisationFactory(BaseFactory):
    class Meta:
        model = CaseOrganisation

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class MembershipFactory(BaseFactory):
    class Meta:
        model = Membership

    case = factory.SubFactory(CaseFactory)
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    access = Access.MEMBER
    accepted_at = factory.LazyFunction(lambda: datetime.now(UTC))  # pass None for an invitation


class RoleAssignmentFactory(BaseFactory):
    class Meta:
        model = RoleAssignment

    membership = factory.SubFactory(MembershipFactory)
    role = NetworkRole.EXPERT


class LayoffWaveFactory(BaseFactory):
    class Meta:
        model = LayoffWave

    case = factory.SubFactory(CaseFactory)
    occurs_on = date(2021, 6, 30)
    headcount = 200
    employer = "Tehdas Oy"


class People:
    """The people of `case_with_people`, by access level."""

    def __init__(self, case, organisation, **users):
        self.case = case
        self.organisation = organisation
        self.__dict__.update(users)


def case_with_people() -> People:
    organisation = OrganisationFactory(name="Kemin kaupunki")
    case = CaseFactory()
    CaseOrganisationFactory(case=case, organisation=organisation)
    users = {}
    for level in Access:
        membership = MembershipFactory(case=case, organisation=organisation, access=level)
        users[level.name.lower()] = membership.user
    users["outsider"] = UserFactory(name="Ulkopuolinen")
    return People(case, organisation, **users)


class SubgroupFactory(BaseFactory):
    class Meta:
        model = Subgroup

    case = factory.SubFactory(CaseFactory)
    name = factory.Sequence(lambda n: f"Alatyöryhmä {n}")


class ActionFactory(BaseFactory):
    class Meta:
        model = Action

    case = factory.SubFactory(CaseFactory)
    title = factory.Sequence(lambda n: f"Toimenpide {n}")
    category = ActionCategory.RE_EMPLOYMENT
    horizon = Horizon.SHORT
    target_group = TargetGroup.LAID_OFF
    status = ActionStatus.ONGOING
    progress = 20
    starts_on = date(2021, 5, 1)
    due_on = factory.LazyFunction(lambda: days_from_today(365))  # not overdue


class ProjectFactory(BaseFactory):
    class Meta:
        model = Project

    case = factory.SubFactory(CaseFactory)
    name = factory.Sequence(lambda n: f"Hanke {n}")


class GrantFactory(BaseFactory):
    class Meta:
        model = Grant

    project = factory.SubFactory(ProjectFactory)
    case_id = factory.SelfAttribute("project.case_id")
    funder = Funder.TEM_ARM
    amount_granted = Decimal("100000.00")
    amount_used = Decimal("25000.00")


class FundingRequestFactory(BaseFactory):
    class Meta:
        model = FundingRequest

    case = factory.SubFactory(CaseFactory)
    title = factory.Sequence(lambda n: f"Rahoituspyyntö {n}")
    funder = Funder.TEM_ARM
    amount_asked = Decimal("500000.00")
    status = FundingRequestStatus.SUBMITTED


class ResourceFactory(BaseFactory):
    class Meta:
        model = Resource

    case = factory.SubFactory(CaseFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    kind = ResourceKind.PREMISES
    description = factory.Sequence(lambda n: f"Resurssi {n}")
    capacity = Decimal("100")
    unit = "h"


class ActionResourceFactory(BaseFactory):
    class Meta:
        model = ActionResource

    action = factory.SubFactory(ActionFactory)
    resource = factory.SubFactory(ResourceFactory)
    case_id = factory.SelfAttribute("action.case_id")
    amount = Decimal("10")


class CommsItemFactory(BaseFactory):
    class Meta:
        model = CommsItem

    case = factory.SubFactory(CaseFactory)
    title = factory.Sequence(lambda n: f"Viesti {n}")
    audience = CommsAudience.LAID_OFF
    channel = CommsChannel.INFO_SESSION
    message = "Infotilaisuus irtisanotuille yhteispalvelupisteessä."
    planned_on = factory.LazyFunction(lambda: days_from_today(7))
    languages = "FI"


class RiskFactory(BaseFactory):
    """An open risk with its one assessment (as the risks service creates it)."""

    class Meta:
        model = Risk

    case = factory.SubFactory(CaseFactory)
    title = factory.Sequence(lambda n: f"Riski {n}")
    category = RiskCategory.FUNDING
    likelihood = 3
    impact = 2
    status = RiskStatus.OPEN
    next_review_on = factory.LazyFunction(lambda: days_from_today(30))  # not overdue
    assessments = factory.LazyAttribute(
        lambda risk: [RiskAssessment(case_id=risk.case.id, likelihood=risk.likelihood, impact=risk.impact)]
    )


class CommentFactory(BaseFactory):
    class Meta:
        model = Comment

    case_id = factory.SelfAttribute("risk.case_id")
    entity = "risk"
    entity_id = factory.SelfAttribute("risk.id")
    body = factory.Sequence(lambda n: f"Kommentti {n}")

    class Params:
        risk = factory.SubFactory(RiskFactory)


class MeetingFactory(BaseFactory):
    """A one-off whole-network meeting a week after NOW, 13.00–14.30 Helsinki time, with no agenda yet."""

    class Meta:
        model = Meeting

    case = factory.SubFactory(CaseFactory)
    title = factory.Sequence(lambda n: f"ÄRM-työryhmä {n}")
    starts_at = factory.LazyFunction(lambda: datetime(2026, 6, 22, 10, 0, tzinfo=UTC))
    ends_at = factory.LazyAttribute(lambda meeting: meeting.starts_at + timedelta(minutes=90))
