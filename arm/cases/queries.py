"""Read-side queries for the case pages: each returns what a page shows in a fixed number of statements."""

from flask import g
from sqlalchemy import case as sql_case
from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from arm.auth.models import User
from arm.cases.enums import NetworkRole
from arm.cases.models import Case, CaseOrganisation, LayoffWave, Membership, Organisation, RoleAssignment
from arm.core.models import AuditEvent
from arm.core.permissions import Access
from arm.core.queries import distinct_values
from arm.core.text import contains_text, same_text
from arm.extensions import db

ROLE_ORDER = sql_case(*[(RoleAssignment.role == role, position) for position, role in enumerate(NetworkRole)])


# The cases the access check of this request loaded, by id: get_case takes them from here.
_LOADED_CASES = "arm_cases_loaded_by_access_check"


def access_level(user_id: int, case_id: int) -> tuple[Access, bool] | None:
    """The person's access level through their current membership and whether the case is archived;
    None for an outsider. The same statement loads the case itself, kept for `get_case`: every case page
    reads the case once, not twice."""
    row = db.session.execute(
        Membership.current_of(case_id, user_id)
        .join(Case, Case.id == Membership.case_id)
        .with_only_columns(Membership.access, Case)
    ).first()
    if row is None:
        return None
    level, case = row
    g.setdefault(_LOADED_CASES, {})[case_id] = case
    return level, case.archived_at is not None


def get_case(case_id: int) -> Case:
    """The case of every case page: as the access check loaded it, else one statement. Its municipalities,
    layoff waves and checklist load when a page reads them (one statement each, as an eager load would
    take), so that the pages that never do save three."""
    case = g.get(_LOADED_CASES, {}).get(case_id)
    return case if case is not None else db.one_or_404(select(Case).where(Case.id == case_id))


def get_membership(case_id: int, membership_id: int) -> Membership:
    return db.one_or_404(
        select(Membership)
        .where(Membership.id == membership_id, Membership.case_id == case_id)
        .options(joinedload(Membership.user), joinedload(Membership.organisation), selectinload(Membership.roles))
    )


def pending_invitation(user_id: int, case_id: int) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(Membership.case_id == case_id, Membership.user_id == user_id, Membership.is_pending)
    )


def my_invitations(user: User) -> list[Membership]:
    """The invitations the person has not answered, to cases not archived, with what each would join."""
    return list(
        db.session.scalars(
            select(Membership)
            .join(Membership.case)
            .where(Membership.user_id == user.id, Membership.is_pending, Case.archived_at.is_(None))
            .options(
                contains_eager(Membership.case),
                joinedload(Membership.organisation),
                joinedload(Membership.invited_by),
                selectinload(Membership.roles),
            )
            .order_by(Membership.created_at, Membership.id)
        )
    )


def my_invitation(user: User, membership_id: int) -> Membership:
    """404 unless it is the person's own invitation, still unanswered."""
    return db.one_or_404(
        select(Membership).where(Membership.id == membership_id, Membership.user_id == user.id, Membership.is_pending)
    )


def case_invitations(case_id: int) -> list[Membership]:
    """The case's invitations not (yet) accepted: pending ones and declined ones, shown by the typed name."""
    return list(
        db.session.scalars(
            select(Membership)
            .where(Membership.case_id == case_id, Membership.accepted_at.is_(None))
            .options(joinedload(Membership.user), joinedload(Membership.organisation))
            .order_by(Membership.declined_at.is_not(None), Membership.invited_name, Membership.id)
        )
    )


def my_memberships(user: User, archived: bool = False):
    """The person's cases, current memberships first; archived cases only when asked for."""
    return (
        select(Membership)
        .join(Membership.case)
        .where(Membership.user_id == user.id, Membership.accepted_at.is_not(None))
        .where(Case.archived_at.is_not(None) if archived else Case.archived_at.is_(None))
        .options(contains_eager(Membership.case).selectinload(Case.municipalities))
        .order_by(~Membership.is_current, Case.title)
    )


def archived_count(user: User) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Membership)
        .join(Case, Case.id == Membership.case_id)
        .where(Membership.user_id == user.id, Membership.accepted_at.is_not(None), Case.archived_at.is_not(None))
    )


def likely_duplicate(title: str, lead_municipality_code: str) -> Case | None:
    """A case with the same title for the same lead municipality, in any letter case."""
    return db.session.scalar(
        select(Case).where(same_text(Case.title, title.strip()), Case.lead_municipality_code == lead_municipality_code)
    )


def network_links(case_id: int) -> list[CaseOrganisation]:
    """Organisations of the case's network, current first, with their number of current people."""
    people = (
        select(func.count())
        .where(
            Membership.case_id == case_id,
            Membership.organisation_id == CaseOrganisation.organisation_id,
            Membership.is_current,
        )
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(CaseOrganisation, people)
        .join(CaseOrganisation.organisation)
        .where(CaseOrganisation.case_id == case_id)
        .options(contains_eager(CaseOrganisation.organisation))
        .order_by(CaseOrganisation.left_on.is_not(None), Organisation.name)
    ).all()
    for link, count in rows:
        link.people_count = count
    return [link for link, _ in rows]


def members_by_organisation(case_id: int, current: bool, organisation_id: int | None = None, roles=selectinload):
    """People of the network ordered by organisation; `roles` loads their roles (selectin for a page)."""
    statement = (
        select(Membership)
        .join(Membership.user)
        .join(Membership.organisation)
        .where(Membership.case_id == case_id)
        .where(Membership.is_current if current else Membership.is_former)
        .options(contains_eager(Membership.user), contains_eager(Membership.organisation), roles(Membership.roles))
        .order_by(Organisation.name, User.name, Membership.id)
    )
    if organisation_id:
        statement = statement.where(Membership.organisation_id == organisation_id)
    return statement


def role_holders(case_id: int, current: bool):
    """Role assignments of the case, grouped by role in TEM's order; former ones show who held what when."""
    return (
        select(RoleAssignment)
        .join(RoleAssignment.membership)
        .join(Membership.user)
        .join(Membership.organisation)
        .where(Membership.case_id == case_id, Membership.accepted_at.is_not(None))
        .where(RoleAssignment.is_current if current else ~RoleAssignment.is_current)
        .options(
            contains_eager(RoleAssignment.membership).contains_eager(Membership.user),
            contains_eager(RoleAssignment.membership).contains_eager(Membership.organisation),
        )
        .order_by(ROLE_ORDER, User.name, RoleAssignment.started_on)
    )


def role_counts(case_id: int) -> dict[NetworkRole, int]:
    rows = db.session.execute(
        select(RoleAssignment.role, func.count())
        .join(RoleAssignment.membership)
        .where(Membership.case_id == case_id, Membership.is_current, RoleAssignment.is_current)
        .group_by(RoleAssignment.role)
    ).all()
    counts = dict.fromkeys(NetworkRole, 0)
    counts.update(dict(rows))
    return counts


def contact_rows(case_id: int) -> list[Membership]:
    """Everyone currently in the network, roles joined in: one statement however long the list."""
    statement = members_by_organisation(case_id, current=True, roles=joinedload)
    return list(db.session.scalars(statement).unique())


def people_counts(case_id: int) -> tuple[int, int]:
    """The members (who accepted) and, apart, the invitations still unanswered, in one statement."""
    members, invited = db.session.execute(
        select(func.count().filter(Membership.is_current), func.count().filter(Membership.is_pending)).where(
            Membership.case_id == case_id
        )
    ).one()
    return members, invited


def recent_events(case_id: int, limit: int = 5) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.case_id == case_id)
            .options(joinedload(AuditEvent.actor))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(limit)
        )
    )


def history(case_id: int, entity: str | None, actor_id: int | None, entity_id: int | None = None):
    """The case's events, newest first; `entity_id` (with `entity`) narrows them to one row's."""
    statement = (
        select(AuditEvent)
        .where(AuditEvent.case_id == case_id)
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    )
    if entity:
        statement = statement.where(AuditEvent.entity == entity)
        if entity_id:
            statement = statement.where(AuditEvent.entity_id == entity_id)
    if actor_id:
        statement = statement.where(AuditEvent.actor_id == actor_id)
    return statement


def history_filters(case_id: int) -> tuple[list[str], list[User]]:
    """The kinds of row and the people the case's history holds, for its filters: one index seek each."""
    in_case = AuditEvent.case_id == case_id
    entities = list(db.session.scalars(distinct_values(AuditEvent.entity, in_case)))
    actor_ids = distinct_values(AuditEvent.actor_id, in_case).subquery()
    actors = list(db.session.scalars(select(User).where(User.id.in_(select(actor_ids.c.value))).order_by(User.name)))
    return entities, actors


def waves_total(waves: list[LayoffWave]) -> int:
    return sum(w.headcount for w in waves)


def registry_organisations(exclude_case_id: int | None = None) -> list[Organisation]:
    statement = select(Organisation).order_by(Organisation.name)
    if exclude_case_id:
        statement = statement.where(
            Organisation.id.not_in(
                select(CaseOrganisation.organisation_id).where(
                    CaseOrganisation.case_id == exclude_case_id, CaseOrganisation.left_on.is_(None)
                )
            )
        )
    return list(db.session.scalars(statement))


def current_network_organisations(case_id: int) -> list[Organisation]:
    return list(
        db.session.scalars(
            select(Organisation)
            .join(CaseOrganisation, CaseOrganisation.organisation_id == Organisation.id)
            .where(CaseOrganisation.case_id == case_id, CaseOrganisation.left_on.is_(None))
            .order_by(Organisation.name)
        )
    )


def search_organisations(text: str):
    """The registry by name, or the organisation with exactly this Business ID."""
    statement = select(Organisation).order_by(Organisation.name)
    if text:
        statement = statement.where(contains_text(Organisation.name, text) | (Organisation.business_id == text))
    return statement


def _working_coordinators():
    """Count of coordinators who can act: current, with an active account that has set a password."""
    return (
        select(func.count())
        .select_from(Membership)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.access == Access.COORDINATOR,
            Membership.is_current,
            User.is_active,
            User.password_hash.is_not(None),
        )
    )


def working_coordinators(case_id: int, other_than: Membership | None = None) -> int:
    statement = _working_coordinators().where(Membership.case_id == case_id)
    if other_than is not None:
        statement = statement.where(Membership.id != other_than.id)
    return db.session.scalar(statement)


def cases_for_admin(text: str = ""):
    """Every case, those without a working coordinator first, for the platform admin's rescue page.

    Only what a rescue needs is shown: title, lead municipality, phase; nothing of the case's content.
    """
    count = _working_coordinators().where(Membership.case_id == Case.id).scalar_subquery()
    statement = select(Case).order_by(count, Case.title)
    if text:
        statement = statement.where(contains_text(Case.title, text))
    return statement


def working_coordinator_counts(case_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        _working_coordinators()
        .add_columns(Membership.case_id)
        .where(Membership.case_id.in_(case_ids))
        .group_by(Membership.case_id)
    ).all()
    return {case_id: count for count, case_id in rows}
