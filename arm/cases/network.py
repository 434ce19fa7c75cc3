"""The network's rules: its organisations and people, access levels and roles, the actor checklist,
the contact list, and the platform admin's rescue of a case left without a working coordinator.

Services change objects and flush; the view commits once. Business rules raise ValidationError
with the form field they concern.
"""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from arm.auth import services as auth_services
from arm.auth.models import User
from arm.cases import queries
from arm.cases.enums import NetworkRole, OrganisationType
from arm.cases.models import Case, CaseOrganisation, ChecklistItem, Membership, Organisation, RoleAssignment
from arm.core.audit import recorded_without_actor
from arm.core.errors import ValidationError
from arm.core.models import utcnow
from arm.core.permissions import Access, invalidate_case_access
from arm.core.urls import public_url
from arm.extensions import db
from arm.notify.services import queue_mail


def start_errors(field: str, started_on: date | None) -> list[tuple[str, str]]:
    """A start in the network may be back-dated (a case opened after the fact), never in the future."""
    if started_on is not None and started_on > date.today():
        return [(field, _("Alkupäivä ei voi olla tulevaisuudessa."))]
    return []


def _check_start(field: str, started_on: date | None) -> date:
    errors = start_errors(field, started_on)
    if errors:
        raise ValidationError(errors)
    return started_on or date.today()


def add_organisation(case: Case, organisation: Organisation, joined_on: date | None = None) -> CaseOrganisation:
    """Bring an organisation into the case's network (again, if it had left), from `joined_on` (today)."""
    joined_on = _check_start("joined_on", joined_on)
    link = db.session.scalar(
        select(CaseOrganisation).where(
            CaseOrganisation.case_id == case.id, CaseOrganisation.organisation_id == organisation.id
        )
    )
    if link is None:
        link = CaseOrganisation(case_id=case.id, organisation=organisation, joined_on=joined_on)
        db.session.add(link)
    elif link.left_on is not None:
        link.left_on = None
        link.joined_on = joined_on
    elif joined_on < link.joined_on:
        link.joined_on = joined_on  # someone of it was in the network earlier than recorded
    db.session.flush()
    return link


def remove_organisation(link: CaseOrganisation) -> None:
    """Mark that the organisation left the network; its history stays. Its people must leave first."""
    active = db.session.scalar(
        select(func.count()).where(
            Membership.case_id == link.case_id,
            Membership.organisation_id == link.organisation_id,
            Membership.is_current,
        )
    )
    if active:
        raise ValidationError.single(
            None,
            ngettext(
                "Organisaatiosta on vielä %(num)s henkilö verkostossa. Päätä hänen jäsenyytensä ensin.",
                "Organisaatiosta on vielä %(num)s henkilöä verkostossa. Päätä heidän jäsenyytensä ensin.",
                active,
            ),
        )
    link.left_on = date.today()
    db.session.flush()


def _tell_added(user: User, by: User, case: Case, subject: str) -> None:
    """E-mail someone who already has an account that they now take part in the case."""
    queue_mail(user.email, subject, "added_to_case", locale=user.locale, user=user, inviter=by, case=case)


def _invitee(email: str, name: str, locale: str) -> User:
    """The account of the address: found, or created for the invitation (without a password).

    Two coordinators may invite the same new address at the same moment: the one whose account loses
    the race on the unique address uses the account the other created. Nothing of this request is
    written before the account, so rolling back loses nothing.
    """
    user = auth_services.find_user_by_email(email)
    if user is not None:
        return user
    try:
        return auth_services.create_user(email, name, locale=locale)
    except IntegrityError:
        db.session.rollback()
        user = auth_services.find_user_by_email(email)
        if user is None:
            raise
        return user


def invite_member(
    case: Case,
    inviter: User,
    *,
    email: str,
    name: str,
    organisation: Organisation,
    access: Access,
    roles: list[NetworkRole],
    started_on: date | None = None,
) -> Membership:
    """Invite a person to the network from `started_on` (today; may be back-dated, never in the future).

    The membership is pending, with no access, until the person accepts: a new account by setting its
    password through the e-mailed link, an existing one on its invitations page after signing in. What the
    inviter sees does not depend on whether the address has an account: the same message, the name they
    typed, an e-mail either way.
    """
    started_on = _check_start("started_on", started_on)
    user = _invitee(email, name, inviter.locale)
    if db.session.scalar(Membership.open_of(case.id, user.id)) is not None:
        raise ValidationError.single("email", _("Tämä henkilö on jo tapauksen verkostossa tai kutsuttu siihen."))
    add_organisation(case, organisation, started_on)
    membership = Membership(
        case_id=case.id,
        user=user,
        organisation=organisation,
        access=access,
        started_on=started_on,
        accepted_at=None,
        invited_name=name.strip(),
        invited_by_id=inviter.id,
    )
    membership.roles = [RoleAssignment(role=role, started_on=started_on) for role in dict.fromkeys(roles)]
    db.session.add(membership)
    db.session.flush()
    _send_invitation(membership, inviter)
    return membership


def _send_invitation(membership: Membership, inviter: User) -> None:
    user = membership.user
    if not user.is_active:
        return  # a deactivated account is asked nothing; the inviter sees the invitation all the same
    if user.has_password:
        queue_mail(
            user.email,
            _l("Kutsu ÄRM-tapaukseen %(title)s", title=membership.case.title),  # in the recipient's language
            "case_invitation",
            locale=user.locale,
            user=user,
            inviter=inviter,
            case=membership.case,
            organisation=membership.organisation,
            link=public_url("cases.invitations"),
        )
    else:
        auth_services.send_invitation(user, inviter, membership.case)


def resend_invitation(membership: Membership, inviter: User) -> None:
    """Send the invitation again (a pending one), or a fresh link to set a password (a member who has
    not set one yet). Earlier links stay valid until they are used or expire."""
    if membership.is_pending:
        _send_invitation(membership, inviter)
    elif membership.is_current and membership.awaits_password:
        auth_services.send_invitation(membership.user, inviter, membership.case)


def _refuse_unless_pending(membership: Membership) -> None:
    if not membership.is_pending:
        raise ValidationError.single(None, _("Kutsu on jo hyväksytty, hylätty tai peruttu."))


def cancel_invitation(membership: Membership) -> None:
    """A coordinator withdraws a pending invitation: the membership goes (the history keeps it), and its
    links stop working."""
    _refuse_unless_pending(membership)
    auth_services.void_invitations(membership.user, membership.case_id)
    db.session.delete(membership)
    db.session.flush()


def accept_invitation(membership: Membership) -> None:
    """The invited person joins the network with the access and roles they were invited with."""
    _refuse_unless_pending(membership)
    add_organisation(membership.case, membership.organisation, membership.started_on)
    membership.accepted_at = utcnow()
    db.session.flush()
    invalidate_case_access()


def decline_invitation(membership: Membership) -> None:
    """The invited person says no. The network page shows only that the invitation was declined; the
    history records it without its author, whose account the coordinators must not learn."""
    _refuse_unless_pending(membership)
    auth_services.void_invitations(membership.user, membership.case_id)
    with recorded_without_actor():
        membership.declined_at = utcnow()
        db.session.flush()


def accept_invitation_of(user: User, case_id: int) -> None:
    """A new account set its password through the invitation link of this case: that is its consent."""
    membership = queries.pending_invitation(user.id, case_id)
    if membership is not None:
        accept_invitation(membership)


def update_member_details(membership: Membership, *, job_title: str, phone: str, organisation: Organisation) -> None:
    """Correct a person's title and phone and the organisation they represent; every change is in the history.

    Not for an invitation: the account may be someone's own, whose details are not the inviter's to see.
    """
    if not membership.is_current:
        raise ValidationError.single(None, _("Vain verkoston nykyisen jäsenen tietoja voi muokata."))
    if organisation.id != membership.organisation_id and not db.session.scalar(
        select(CaseOrganisation.id).where(
            CaseOrganisation.case_id == membership.case_id,
            CaseOrganisation.organisation_id == organisation.id,
            CaseOrganisation.left_on.is_(None),
        )
    ):
        raise ValidationError.single("organisation_id", _("Organisaation on oltava tapauksen verkostossa."))
    membership.user.job_title, membership.user.phone = job_title.strip(), phone.strip()
    membership.organisation = organisation
    db.session.flush()


def _keep_a_coordinator(membership: Membership, field: str | None) -> None:
    """A case always keeps a coordinator who can act: invited people who never signed in do not count."""
    if membership.access is not Access.COORDINATOR or not membership.is_current:
        return
    if not queries.working_coordinators(membership.case_id, other_than=membership):
        raise ValidationError.single(
            field,
            _(
                "Tapauksella on oltava ainakin yksi toimiva koordinaattori. Kutsutut, jotka eivät ole vielä "
                "kirjautuneet, eivät kelpaa: nimeä ensin toinen koordinaattori."
            ),
        )


def change_access(membership: Membership, access: Access) -> None:
    if access is not Access.COORDINATOR:
        _keep_a_coordinator(membership, "access")
    membership.access = access
    db.session.flush()
    invalidate_case_access()


def end_membership(membership: Membership, ended_on: date | None = None) -> None:
    """The person leaves the network; the membership and role history stay visible."""
    if not membership.is_current:
        raise ValidationError.single(None, _("Vain voimassa olevan jäsenyyden voi päättää. Kutsun voi perua."))
    _keep_a_coordinator(membership, None)
    ended_on = ended_on or date.today()
    membership.ended_on = ended_on
    for assignment in membership.current_roles:
        assignment.ended_on = ended_on
    db.session.flush()
    invalidate_case_access()


def assign_role(membership: Membership, role: NetworkRole, started_on: date | None = None) -> RoleAssignment:
    if not (membership.is_current or membership.is_pending):
        raise ValidationError.single("role", _("Päättyneelle jäsenyydelle ei voi lisätä roolia."))
    if any(a.role is role for a in membership.current_roles):
        raise ValidationError.single("role", _("Henkilöllä on jo tämä rooli."))
    started_on = started_on or date.today()
    if started_on < membership.started_on:
        raise ValidationError.single("started_on", _("Rooli ei voi alkaa ennen jäsenyyttä."))
    assignment = RoleAssignment(role=role, started_on=started_on)
    membership.roles.append(assignment)
    db.session.flush()
    return assignment


def end_role(assignment: RoleAssignment, ended_on: date | None = None) -> None:
    assignment.ended_on = max(ended_on or date.today(), assignment.started_on)
    db.session.flush()


def add_checklist_type(case: Case, organisation_type: OrganisationType) -> None:
    if any(item.organisation_type is organisation_type for item in case.checklist):
        raise ValidationError.single("organisation_type", _("Toimijatyyppi on jo tarkistuslistalla."))
    case.checklist.append(ChecklistItem(organisation_type=organisation_type))
    db.session.flush()


def remove_checklist_item(item: ChecklistItem) -> None:
    db.session.delete(item)
    db.session.flush()


def network_checklist(
    case: Case, current_links: list[CaseOrganisation]
) -> list[tuple[ChecklistItem, list[Organisation]]]:
    """Each checklist actor type with the current network organisations that cover it (empty: missing)."""
    by_type: dict[OrganisationType, list[Organisation]] = {}
    for link in current_links:
        by_type.setdefault(link.organisation.type, []).append(link.organisation)
    items = sorted(case.checklist, key=lambda i: list(OrganisationType).index(i.organisation_type))
    return [(item, by_type.get(item.organisation_type, [])) for item in items]


def _refuse_when_coordinated(case: Case, other_than: Membership | None = None) -> None:
    if queries.working_coordinators(case.id, other_than=other_than):
        raise ValidationError.single(
            None, _("Tapauksella on toimiva koordinaattori, joten ylläpitäjä ei nimeä koordinaattoria.")
        )


def appoint_rescue_coordinator(case: Case, admin: User, *, email: str, organisation: Organisation) -> Membership:
    """A platform admin appoints a coordinator to a case left without one who can act.

    Refused while the case has a working coordinator: then they manage their own network. The change
    is written to the case's history with the admin as its author, like any other.
    """
    # Two admins rescuing at once: the case row is locked (PostgreSQL), and the count is asked again
    # after the write below, when SQLite has serialised the writers.
    db.session.execute(select(Case.id).where(Case.id == case.id).with_for_update())
    _refuse_when_coordinated(case)
    user = auth_services.find_user_by_email(email)
    if user is None or not user.is_active or not user.has_password:
        raise ValidationError.single(
            "email", _("Anna sellaisen käyttäjän sähköposti, jonka tili on käytössä ja joka on kirjautunut.")
        )
    membership = db.session.scalar(Membership.open_of(case.id, user.id))
    if membership is not None and membership.is_pending:
        membership.accepted_at = utcnow()  # the admin's appointment stands in for the answer, as it always has
    if membership is None:
        add_organisation(case, organisation)
        membership = Membership(
            case_id=case.id, user=user, organisation=organisation, access=Access.COORDINATOR, accepted_at=utcnow()
        )
        membership.roles.append(RoleAssignment(role=NetworkRole.COORDINATOR))
        db.session.add(membership)
    else:
        membership.access = Access.COORDINATOR
    db.session.flush()
    _refuse_when_coordinated(case, other_than=membership)
    _tell_added(user, admin, case, _("Sinut nimettiin ÄRM-tapauksen koordinaattoriksi"))
    invalidate_case_access()
    return membership
