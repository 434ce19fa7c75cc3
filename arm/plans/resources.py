"""Resources: what the network's organisations can put in, and which actions draw on how much of it."""

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from arm.cases.models import Case, CaseOrganisation, Membership, Organisation
from arm.core.errors import ValidationError
from arm.core.forms import format_amount
from arm.extensions import db
from arm.plans.models import (
    Action,
    ActionResource,
    Resource,
)
from arm.plans.services import case_memberships, period_errors


def resources(case_id: int) -> list[tuple[Resource, Decimal]]:
    """Each resource with the amount actions have committed of it."""
    committed = (
        select(func.coalesce(func.sum(ActionResource.amount), 0))
        .where(ActionResource.resource_id == Resource.id)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Resource, committed)
        .join(Resource.organisation)
        .where(Resource.case_id == case_id)
        .options(
            joinedload(Resource.organisation),
            joinedload(Resource.contact).joinedload(Membership.user),
            selectinload(Resource.uses).joinedload(ActionResource.action),
        )
        .order_by(Organisation.name, Resource.kind, Resource.id)
    ).all()
    return [(resource, Decimal(amount or 0)) for resource, amount in rows]


def action_resource_uses(action_id: int) -> list[ActionResource]:
    return list(
        db.session.scalars(
            select(ActionResource)
            .where(ActionResource.action_id == action_id)
            .options(joinedload(ActionResource.resource).joinedload(Resource.organisation))
        )
    )


def committed_amount(resource_id: int, excluding_action_id: int | None = None) -> Decimal:
    statement = select(func.coalesce(func.sum(ActionResource.amount), 0)).where(
        ActionResource.resource_id == resource_id
    )
    if excluding_action_id:
        statement = statement.where(ActionResource.action_id != excluding_action_id)
    return Decimal(db.session.scalar(statement) or 0)


def save_resource(
    case: Case,
    resource: Resource | None,
    *,
    organisation_id: int,
    contact_id: int | None,
    kind,
    description: str,
    capacity: Decimal | None,
    unit: str,
    starts_on: date | None,
    ends_on: date | None,
) -> Resource:
    errors = []
    if not db.session.scalar(
        select(CaseOrganisation.id).where(
            CaseOrganisation.case_id == case.id,
            CaseOrganisation.organisation_id == organisation_id,
            CaseOrganisation.left_on.is_(None),
        )
    ):
        errors.append(("organisation_id", _("Organisaation on oltava tapauksen verkostossa.")))
    if contact_id and not case_memberships(case, [contact_id]):
        errors.append(("contact_id", _("Yhteyshenkilön on oltava tapauksen verkostossa.")))
    errors += period_errors(starts_on, ends_on)
    if resource is not None and capacity is not None:
        committed = committed_amount(resource.id)
        if capacity < committed:
            errors.append(
                (
                    "capacity",
                    _(
                        "Toimenpiteet käyttävät jo %(amount)s; määrä ei voi olla sitä pienempi.",
                        amount=format_amount(committed),
                    ),
                )
            )
    if errors:
        raise ValidationError(errors)
    if resource is None:
        resource = Resource(case_id=case.id)
        db.session.add(resource)
    resource.organisation_id, resource.contact_id, resource.kind = organisation_id, contact_id, kind
    resource.description, resource.capacity, resource.unit = description.strip(), capacity, unit.strip()
    resource.starts_on, resource.ends_on = starts_on, ends_on
    db.session.flush()
    return resource


def delete_resource(resource: Resource) -> None:
    db.session.delete(resource)
    db.session.flush()


def use_resource(action: Action, resource: Resource, amount: Decimal | None) -> ActionResource:
    """An action draws on a resource; it cannot take more than is still free."""
    if resource.case_id != action.case_id:
        raise ValidationError.single("resource_id", _("Resurssi ei kuulu tähän tapaukseen."))
    existing = db.session.scalar(
        select(ActionResource).where(ActionResource.action_id == action.id, ActionResource.resource_id == resource.id)
    )
    if resource.capacity is not None and amount is not None:
        free = resource.capacity - committed_amount(resource.id, excluding_action_id=action.id)
        if amount > free:
            raise ValidationError.single(
                "amount",
                _("Resurssia on vapaana enää %(free)s %(unit)s.", free=format_amount(free), unit=resource.unit),
            )
    if existing is None:
        existing = ActionResource(case_id=action.case_id, action_id=action.id, resource_id=resource.id)
        db.session.add(existing)
    existing.amount = amount
    db.session.flush()
    return existing


def stop_using_resource(use: ActionResource) -> None:
    db.session.delete(use)
    db.session.flush()
