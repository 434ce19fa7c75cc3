"""A person's own invitations: what each would join, and the answer (accept or decline)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from arm.cases import network as network_services
from arm.cases import queries
from arm.cases.forms import InvitationAnswerForm
from arm.cases.views.blueprint import bp
from arm.core.saving import run_confirmed


@bp.get("/invitations")
@login_required
def invitations():
    return render_template(
        "cases/invitations.html", invitations=queries.my_invitations(current_user), form=InvitationAnswerForm()
    )


def _answer(answer, message: str, done):
    """Run the answer on the person's own pending invitation named in the form; 404 for anyone else's."""
    form = InvitationAnswerForm()
    if not form.validate_on_submit():
        flash(_("Vastaus ei tallentunut. Yritä uudelleen."), "danger")
        return redirect(url_for("cases.invitations"))
    membership = queries.my_invitation(current_user, form.invitation_id.data)
    title = membership.case.title
    return run_confirmed(form, lambda: answer(membership), done=done(membership), message=message % {"title": title})


@bp.post("/invitations/accept")
@login_required
def accept_case_invitation():
    return _answer(
        network_services.accept_invitation,
        _("Tervetuloa verkostoon: %(title)s."),
        lambda membership: url_for("cases.dashboard", case_id=membership.case_id),
    )


@bp.post("/invitations/decline")
@login_required
def decline_case_invitation():
    return _answer(
        network_services.decline_invitation,
        _("Kieltäydyit kutsusta: %(title)s."),
        lambda membership: url_for("cases.invitations"),
    )
