"""The cases area's share of the demo case: the organisation registry, the people, the case and its network.

The data is `data/demo.toml` (the Kemi 2021 case, fictional people); the records below are its shape.
Opening the case lets the other parts add their piece of the template (`open_case`), and the
context passed on holds what the later parts look up: the case, organisations by name, users and the
case's current memberships by e-mail.
"""

from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from arm.auth import services as auth_services
from arm.cases import network
from arm.cases import services as case_services
from arm.cases.enums import CaseKind, CasePhase, NetworkRole, OrganisationType
from arm.cases.models import Membership, RoleAssignment
from arm.core.demo_data import DemoDataError, read_records
from arm.core.models import utcnow
from arm.core.parts import DemoContext
from arm.core.permissions import Access
from arm.extensions import db

DATA = Path(__file__).parent / "data" / "demo.toml"


@dataclass(frozen=True)
class DemoFacts:
    """The case's facts, as `open_case` takes them."""

    title: str
    kind: CaseKind
    phase: CasePhase
    lead_municipality_code: str
    municipality_codes: tuple[str, ...]
    employer: str
    industry_code: str
    announced_on: date
    direct_layoffs: int
    indirect_job_losses: int
    summary: str


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    type: OrganisationType
    municipality_code: str | None = None
    website: str = ""
    in_network: bool = True  # False: named in the package, kept in the registry, not a member of the network


@dataclass(frozen=True)
class DemoPerson:
    """Someone in the network from the day it was gathered, with an account that signs in with the demo password."""

    name: str
    email: str
    organisation: str  # by name
    access: Access
    roles: tuple[NetworkRole, ...]
    job_title: str
    phone: str = ""


@dataclass(frozen=True)
class DemoRolePeriod:
    role: NetworkRole
    started_on: date
    ended_on: date | None = None


@dataclass(frozen=True)
class DemoFormerMember:
    """Someone who has left the network; their roles keep their own periods."""

    name: str
    email: str
    organisation: str  # by name
    access: Access
    job_title: str
    started_on: date
    ended_on: date
    roles: tuple[DemoRolePeriod, ...]


@dataclass(frozen=True)
class DemoWave:
    occurs_on: date
    headcount: int
    note: str = ""


@dataclass(frozen=True)
class CasesDemo:
    network_gathered_on: date
    opened_by: str  # the e-mail of one of `people`: they open the case and so become its coordinator
    case: DemoFacts
    organisations: tuple[DemoOrganisation, ...]
    people: tuple[DemoPerson, ...]
    former_members: tuple[DemoFormerMember, ...] = ()
    layoff_waves: tuple[DemoWave, ...] = ()


def read_demo() -> CasesDemo:
    return read_records(DATA, CasesDemo)


def load_demo(context: DemoContext) -> None:
    data = read_demo()
    opener = _opener(data)
    for organisation in data.organisations:
        context.organisations[organisation.name] = case_services.create_organisation(
            name=organisation.name,
            type=organisation.type,
            municipality_code=organisation.municipality_code,
            website=organisation.website,
        )
    for person in data.people:
        context.users[person.email] = auth_services.create_user(
            person.email, person.name, password=context.password, job_title=person.job_title, phone=person.phone
        )
    facts = asdict(data.case) | {"municipality_codes": list(data.case.municipality_codes)}
    context.case = case_services.open_case(
        context.users[opener.email], context.organisations[opener.organisation], **facts
    )
    _gather_network(context, data, opener)
    for former in data.former_members:
        _add_former_member(context, former)
    db.session.flush()
    for wave in data.layoff_waves:
        case_services.save_layoff_wave(
            context.case, None, occurs_on=wave.occurs_on, headcount=wave.headcount, note=wave.note
        )
    db.session.flush()


def _gather_network(context: DemoContext, data: CasesDemo, opener: DemoPerson) -> None:
    """Every organisation of the network and every person joins on the day the network was gathered."""
    case, gathered = context.case, data.network_gathered_on
    for organisation in (organisation for organisation in data.organisations if organisation.in_network):
        network.add_organisation(case, context.organisations[organisation.name]).joined_on = gathered
    # open_case made the opener a coordinator today; in the demo they joined with everyone else.
    opened = db.session.scalar(Membership.current_of(case.id, context.users[opener.email].id))
    opened.started_on = gathered
    for assignment in opened.roles:
        assignment.started_on = gathered
    for person in data.people:
        if person is opener:
            membership = opened
            for role in person.roles:
                if not any(assignment.role is role for assignment in membership.current_roles):
                    network.assign_role(membership, role, gathered)
        else:
            membership = Membership(
                case_id=case.id,
                user=context.users[person.email],
                organisation=context.organisations[person.organisation],
                access=person.access,
                started_on=gathered,
                accepted_at=utcnow(),
            )
            membership.roles = [RoleAssignment(role=role, started_on=gathered) for role in person.roles]
            db.session.add(membership)
        context.memberships[person.email] = membership


def _add_former_member(context: DemoContext, former: DemoFormerMember) -> None:
    user = context.users[former.email] = auth_services.create_user(
        former.email, former.name, password=context.password, job_title=former.job_title
    )
    membership = Membership(
        case_id=context.case.id,
        user=user,
        organisation=context.organisations[former.organisation],
        access=former.access,
        started_on=former.started_on,
        ended_on=former.ended_on,
        accepted_at=utcnow(),
    )
    membership.roles = [
        RoleAssignment(role=period.role, started_on=period.started_on, ended_on=period.ended_on)
        for period in former.roles
    ]
    db.session.add(membership)


def _opener(data: CasesDemo) -> DemoPerson:
    opener = next((person for person in data.people if person.email == data.opened_by), None)
    if opener is None or opener.access is not Access.COORDINATOR:
        raise DemoDataError(f"{DATA.name}: opened_by must name one of the people, with coordinator access")
    return opener
