"""The action plan's rules: subgroups, actions and their progress, projects and funding, resources.

Services change objects and flush; the view commits once. Rule breaks raise ValidationError with the
field they concern, and two people editing one action at once raise EditConflict.
"""

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload

from arm.auth.models import User
from arm.cases.models import Case, CaseOrganisation, Membership, Organisation
from arm.core.errors import EditConflict, ValidationError
from arm.core.links import sync_links
from arm.core.models import today
from arm.core.redaction import redact
from arm.extensions import db
from arm.plans.models import (
    ACTION_FIELDS,
    REQUEST_FIELDS,
    Action,
    ActionFollower,
    ActionStatus,
    ActionUpdate,
    Funder,
    FundingRequest,
    FundingRequestAction,
    FundingRequestGrant,
    Grant,
    PlanSettings,
    ProgressRollup,
    Project,
    ProjectAction,
    ProjectImplementer,
    Subgroup,
    SubgroupMember,
)

# Subgroups


def case_memberships(case: Case, membership_ids: list[int]) -> dict[int, Membership]:
    found = {
        m.id: m
        for m in db.session.scalars(
            select(Membership).where(Membership.id.in_(membership_ids), Membership.case_id == case.id)
        )
    }
    return found


def save_subgroup(
    case: Case,
    subgroup: Subgroup | None,
    *,
    name: str,
    purpose: str,
    chair_id: int | None,
    rhythm,
    member_ids: list[int],
    is_crisis_group: bool = False,
) -> Subgroup:
    """Create or update a subgroup; its chair and members must be people of the case's network."""
    wanted = list(dict.fromkeys(member_ids + ([chair_id] if chair_id else [])))
    found = case_memberships(case, wanted)
    if chair_id and chair_id not in found:
        raise ValidationError.single("chair_id", _("Puheenjohtajan on oltava tapauksen verkostossa."))
    if len(found) != len(wanted):
        raise ValidationError.single("member_ids", _("Jäsenten on oltava tapauksen verkostossa."))
    if subgroup is None:
        position = db.session.scalar(select(func.count()).where(Subgroup.case_id == case.id))
        subgroup = Subgroup(case_id=case.id, position=position)
        db.session.add(subgroup)
    subgroup.name, subgroup.purpose, subgroup.chair_id, subgroup.rhythm = name.strip(), purpose, chair_id, rhythm
    subgroup.is_crisis_group = is_crisis_group
    sync_links(
        subgroup.members,
        "membership_id",
        member_ids,
        lambda membership_id: SubgroupMember(case_id=case.id, membership_id=membership_id),
    )
    db.session.flush()
    return subgroup


# Actions


def action_field_errors(data: dict) -> list[tuple[str, str]]:
    """The rules on an action's own values, shared by the form and the spreadsheet import."""
    errors = []
    if not (data.get("title") or "").strip():
        errors.append(("title", _("Anna toimenpiteelle otsikko.")))
    elif len(data["title"]) > 200:
        errors.append(("title", _("Otsikossa voi olla enintään 200 merkkiä.")))
    starts_on, due_on = data.get("starts_on"), data.get("due_on")
    if starts_on and due_on and due_on < starts_on:
        errors.append(("due_on", _("Määräpäivä ei voi olla ennen alkamispäivää.")))
    errors += progress_errors(data.get("status"), data.get("progress"))
    budget = data.get("budget")
    if budget is not None and (budget < 0 or budget != budget.quantize(Decimal("0.01"))):
        errors.append(("budget", _("Anna budjetti euroina, enintään kahdella desimaalilla.")))
    if data.get("expected_jobs") is not None and data["expected_jobs"] < 0:
        errors.append(("expected_jobs", _("Luku ei voi olla negatiivinen.")))
    return errors


def check_action(case: Case, data: dict) -> None:
    """Every rule an action must keep, including that its subgroup, owner and organisation are the case's."""
    errors = action_field_errors(data)
    if data.get("subgroup_id") and not db.session.scalar(
        select(Subgroup.id).where(Subgroup.id == data["subgroup_id"], Subgroup.case_id == case.id)
    ):
        errors.append(("subgroup_id", _("Alatyöryhmä ei kuulu tähän tapaukseen.")))
    owner = (
        db.session.scalar(
            select(Membership)
            .where(Membership.id == data["owner_id"], Membership.case_id == case.id, Membership.is_current)
            .options(joinedload(Membership.user), joinedload(Membership.organisation))
        )
        if data.get("owner_id")
        else None
    )
    if data.get("owner_id") and owner is None:
        errors.append(("owner_id", _("Vastuuhenkilön on oltava tapauksen verkostossa.")))
    elif owner is not None and data.get("owner_organisation_id") not in (None, owner.organisation_id):
        errors.append(
            (
                "owner_id",
                _(
                    "%(name)s edustaa verkostossa organisaatiota %(organisation)s. Valitse se vastuuorganisaatioksi "
                    "tai valitse toinen vastuuhenkilö.",
                    name=owner.user.name,
                    organisation=owner.organisation.name,
                ),
            )
        )
    if data.get("owner_organisation_id") and not db.session.scalar(
        select(CaseOrganisation.id).where(
            CaseOrganisation.organisation_id == data["owner_organisation_id"],
            CaseOrganisation.case_id == case.id,
            CaseOrganisation.left_on.is_(None),
        )
    ):
        errors.append(("owner_organisation_id", _("Vastuuorganisaation on oltava tapauksen verkostossa.")))
    if errors:
        raise ValidationError(errors)


def _record_update(action: Action, author: User | None, old_status, old_progress, note: str) -> None:
    if (old_status, old_progress) != (action.status, action.progress) or note:
        db.session.add(
            ActionUpdate(
                case_id=action.case_id,
                action=action,
                author_id=author.id if author else None,
                old_status=old_status,
                new_status=action.status,
                old_progress=old_progress,
                new_progress=action.progress,
                note=note.strip(),
            )
        )


def create_action(case: Case, data: dict, funders: list[Funder] = (), checked: bool = False) -> Action:
    """A new action; following it is a choice its author makes on its page, like anyone.

    `checked`: the caller has already applied every rule (the import)."""
    if not checked:
        check_action(case, data)
    action = Action(case_id=case.id, **{k: data.get(k) for k in ACTION_FIELDS})
    action.description = action.description or ""
    action.funders = list(funders)
    db.session.add(action)
    db.session.flush()
    return action


def update_action(action: Action, author: User, expected_version: int, data: dict, funders: list[Funder]) -> None:
    """Save an edit made on `expected_version`; EditConflict when someone saved in between."""
    if expected_version != action.version:
        raise EditConflict(action)
    check_action(action.case, data)
    old_status, old_progress = action.status, action.progress
    for key in ACTION_FIELDS:
        setattr(action, key, data.get(key))
    action.description = action.description or ""
    action.funders = funders
    _record_update(action, author, old_status, old_progress, "")
    db.session.flush()


def record_progress(
    action: Action,
    author: User,
    *,
    status: ActionStatus,
    progress: int | None,
    note: str = "",
    expected_version: int | None = None,
) -> None:
    """The quick update from "My actions": status, percent and a note, kept on the action's timeline."""
    if expected_version is not None and expected_version != action.version:
        raise EditConflict(action)
    errors = progress_errors(status, progress)
    if errors:
        raise ValidationError(errors)
    old_status, old_progress = action.status, action.progress
    action.status, action.progress = status, progress
    _record_update(action, author, old_status, old_progress, note)
    db.session.flush()


def correct_note(update: ActionUpdate, note: str) -> None:
    """The note as its author meant it; the history keeps what it said before (use `redact_note` to remove that)."""
    update.note = note.strip()
    db.session.flush()


def redact_note(update: ActionUpdate) -> None:
    """Remove the note and every copy of it in the history, recording only that a redaction happened."""
    redact("ActionUpdate", update.id, "note", update.note, update.case_id)


def period_errors(starts_on: date | None, ends_on: date | None, field: str = "ends_on") -> list[tuple[str, str]]:
    if starts_on and ends_on and ends_on < starts_on:
        return [(field, _("Päättymispäivä ei voi olla ennen alkamispäivää."))]
    return []


def progress_errors(status: ActionStatus | None, progress: int | None) -> list[tuple[str, str]]:
    if progress is None or not 0 <= progress <= 100:
        return [("progress", _("Edistymisen on oltava 0–100 %."))]
    if status is ActionStatus.DONE and progress < 100:
        return [("progress", _("Valmiin toimenpiteen edistyminen on 100 %."))]
    return []


def set_progress_rollup(case: Case, rollup: ProgressRollup) -> PlanSettings:
    """Choose how the plan's progress rolls up from its actions (average, or weighted by budget)."""
    settings = db.session.scalar(select(PlanSettings).where(PlanSettings.case_id == case.id))
    if settings is None:
        settings = PlanSettings(case_id=case.id)
        db.session.add(settings)
    settings.progress_rollup = rollup
    db.session.flush()
    return settings


def delete_action(action: Action) -> None:
    db.session.delete(action)
    db.session.flush()


def follow(action: Action, user: User) -> None:
    exists = db.session.scalar(
        select(ActionFollower.id).where(ActionFollower.action_id == action.id, ActionFollower.user_id == user.id)
    )
    if not exists:
        db.session.add(ActionFollower(action_id=action.id, user_id=user.id))
        db.session.flush()


def unfollow(action: Action, user: User) -> None:
    db.session.execute(
        delete(ActionFollower).where(ActionFollower.action_id == action.id, ActionFollower.user_id == user.id)
    )


# Projects and funding


def save_project(
    case: Case,
    project: Project | None,
    *,
    name: str,
    description: str,
    results: str,
    starts_on: date | None,
    ends_on: date | None,
    implementer_ids: list[int],
    action_ids: list[int],
) -> Project:
    errors = []
    if not name.strip():
        errors.append(("name", _("Anna hankkeelle nimi.")))
    errors += period_errors(starts_on, ends_on)
    known_actions = set(
        db.session.scalars(select(Action.id).where(Action.case_id == case.id, Action.id.in_(action_ids)))
    )
    if known_actions != set(action_ids):
        errors.append(("action_ids", _("Toimenpiteiden on kuuluttava tähän tapaukseen.")))
    known_organisations = set(db.session.scalars(select(Organisation.id).where(Organisation.id.in_(implementer_ids))))
    if known_organisations != set(implementer_ids):
        errors.append(("implementer_ids", _("Tuntematon organisaatio.")))
    if errors:
        raise ValidationError(errors)
    if project is None:
        project = Project(case_id=case.id)
        db.session.add(project)
    project.name, project.description, project.results = name.strip(), description, results
    project.starts_on, project.ends_on = starts_on, ends_on
    sync_links(
        project.implementers,
        "organisation_id",
        implementer_ids,
        lambda i: ProjectImplementer(case_id=case.id, organisation_id=i),
    )
    sync_links(project.action_links, "action_id", action_ids, lambda i: ProjectAction(case_id=case.id, action_id=i))
    db.session.flush()
    return project


def delete_project(project: Project) -> None:
    db.session.delete(project)
    db.session.flush()


def grant_errors(
    amount_granted: Decimal | None, amount_used: Decimal | None, decided_on: date | None
) -> list[tuple[str, str]]:
    """A grant's own rules. A decision date is the day the funder decided, so it cannot be later than today."""
    errors = []
    if amount_granted is not None and (amount_used or 0) > amount_granted:
        errors.append(("amount_used", _("Käytetty summa ei voi ylittää myönnettyä.")))
    if decided_on is not None and decided_on > today():
        errors.append(("decided_on", _("Päätöspäivä ei voi olla tulevaisuudessa.")))
    return errors


def save_grant(
    project: Project,
    grant: Grant | None,
    *,
    funder: Funder,
    amount_granted: Decimal | None,
    amount_used: Decimal | None,
    decided_on: date | None,
    decision_number: str = "",
) -> Grant:
    """A project's funding from one funder; the granted amount may be unknown while a decision is pending."""
    amount_used = amount_used or Decimal(0)
    errors = grant_errors(amount_granted, amount_used, decided_on)
    if errors:
        raise ValidationError(errors)
    if grant is None:
        grant = Grant(case_id=project.case_id)
        project.grants.append(grant)
    grant.funder, grant.amount_granted, grant.amount_used = funder, amount_granted, amount_used
    grant.decided_on, grant.decision_number = decided_on, decision_number
    db.session.flush()
    return grant


def delete_grant(grant: Grant) -> None:
    db.session.delete(grant)
    db.session.flush()


# The proposal for state funding


def funding_request_errors(data: dict) -> list[tuple[str, str]]:
    """A funding request's own rules. Granted more than asked is allowed (the pages flag it); a decision
    date is the day the funder decided, so it cannot be later than today."""
    errors = []
    if not (data.get("title") or "").strip():
        errors.append(("title", _("Kerro, mihin rahoitusta haetaan.")))
    for field in ("amount_asked", "amount_granted"):
        if data.get(field) is not None and data[field] < 0:
            errors.append((field, _("Summa ei voi olla negatiivinen.")))
    if data.get("decided_on") is not None and data["decided_on"] > today():
        errors.append(("decided_on", _("Päätöspäivä ei voi olla tulevaisuudessa.")))
    return errors


def save_funding_request(
    case: Case,
    funding_request: FundingRequest | None,
    data: dict,
    *,
    action_ids: list[int],
    grant_ids: list[int],
    expected_version: int | None = None,
) -> FundingRequest:
    """Create or update a request of the plan's state-funding proposal; its actions and grants are the case's.

    EditConflict when someone saved the request after `expected_version`."""
    if funding_request is not None and expected_version is not None and expected_version != funding_request.version:
        raise EditConflict(funding_request)
    errors = funding_request_errors(data)
    if set(db.session.scalars(select(Action.id).where(Action.case_id == case.id, Action.id.in_(action_ids)))) != set(
        action_ids
    ):
        errors.append(("action_ids", _("Toimenpiteiden on kuuluttava tähän tapaukseen.")))
    if set(db.session.scalars(select(Grant.id).where(Grant.case_id == case.id, Grant.id.in_(grant_ids)))) != set(
        grant_ids
    ):
        errors.append(("grant_ids", _("Rahoitusten on kuuluttava tähän tapaukseen.")))
    if errors:
        raise ValidationError(errors)
    if funding_request is None:
        funding_request = FundingRequest(case_id=case.id)
        db.session.add(funding_request)
    for key in REQUEST_FIELDS:
        setattr(funding_request, key, data.get(key))
    funding_request.title = funding_request.title.strip()
    funding_request.description = funding_request.description or ""
    funding_request.programme = (funding_request.programme or "").strip()
    funding_request.notes = funding_request.notes or ""
    sync_links(
        funding_request.action_links,
        "action_id",
        action_ids,
        lambda i: FundingRequestAction(case_id=case.id, action_id=i),
    )
    sync_links(
        funding_request.grant_links, "grant_id", grant_ids, lambda i: FundingRequestGrant(case_id=case.id, grant_id=i)
    )
    db.session.flush()
    return funding_request


def delete_funding_request(funding_request: FundingRequest) -> None:
    db.session.delete(funding_request)
    db.session.flush()
