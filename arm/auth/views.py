from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import or_, select

from arm.auth import services
from arm.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    ProfileForm,
    SetPasswordForm,
    UserForm,
)
from arm.auth.models import TokenPurpose, User
from arm.cases import network
from arm.cases import queries as case_queries
from arm.core.errors import ValidationError, apply_to_form
from arm.core.forms import ConfirmForm
from arm.core.pagination import paginate
from arm.core.permissions import admin_required
from arm.core.saving import run_confirmed, save_form
from arm.core.text import contains_text
from arm.core.urls import safe_target
from arm.extensions import db

bp = Blueprint("auth", __name__)

EMAIL_TAKEN = _l("Tällä sähköpostiosoitteella on jo käyttäjätili.")


def _safe_next(target: str | None) -> str:
    return safe_target(target, url_for("cases.index"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    return _login_page(unlock=None)


@bp.route("/login/unlock/<token>", methods=["GET", "POST"])
def unlock_login(token: str):
    """The sign-in page behind the link mailed to a throttled account: its holder gets past the throttle."""
    try:
        row = services.find_token(token, TokenPurpose.LOGIN_UNLOCK)
    except services.TokenInvalid as invalid:
        return _invalid_link(invalid, TokenPurpose.LOGIN_UNLOCK)
    return _login_page(unlock=row)


def _login_page(unlock):
    if current_user.is_authenticated:
        return redirect(url_for("cases.index"))
    form = LoginForm()
    if unlock is not None and not form.is_submitted():
        form.email.data = unlock.user.email
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data, request.remote_addr or "", unlock=unlock)
        except services.LoginThrottled as throttled:
            db.session.commit()  # the unlock link it may have mailed
            # Said alike for every address, with an account or without: the answer reveals no account.
            form.form_errors.append(ACCOUNT_THROTTLED if throttled.by_account else ADDRESS_THROTTLED)
            status = 429
        except ValidationError as error:
            db.session.commit()  # keep the recorded failure
            apply_to_form(form, error)
            status = 401
        else:
            db.session.commit()
            session.pop("locale", None)
            login_user(user, remember=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
    elif form.is_submitted():
        status = 422
    return render_template("auth/login.html", form=form, unlock=unlock), status


ADDRESS_THROTTLED = _l("Liian monta epäonnistunutta kirjautumisyritystä. Yritä myöhemmin uudelleen.")
ACCOUNT_THROTTLED = _l(
    "Liian monta epäonnistunutta kirjautumisyritystä. Yritä myöhemmin uudelleen. Jos osoitteella on "
    "käyttäjätili, lähetimme siihen linkin, jolla tilin omistaja voi kirjautua heti."
)


@bp.post("/logout")
@login_required
def logout():
    services.sign_out(current_user)
    db.session.commit()
    session.clear()
    logout_user()  # after clear(): it leaves the note that deletes the remember-me cookie in this response
    flash(_("Olet kirjautunut ulos."), "success")
    return redirect(url_for("auth.login"))


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    def signed_out(_result) -> str:
        logout_user()
        return url_for("auth.login")

    return run_confirmed(
        ConfirmForm(),
        lambda: services.sign_out_everywhere(current_user),
        done=signed_out,
        message=_("Olet kirjautunut ulos kaikilta laitteilta."),
    )


@bp.post("/language")
def change_language():
    """Language switch in the footer: stored on the account, or in the session before sign-in."""
    form = LanguageForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            current_user.locale = form.locale.data
            db.session.commit()
        else:
            session["locale"] = form.locale.data
    return redirect(_safe_next(request.form.get("next")))


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    form = ProfileForm(obj=current_user)
    return save_form(
        form,
        lambda: form.populate_obj(current_user),
        done=url_for("auth.account"),
        message=_("Tiedot tallennettu."),
        template="auth/account.html",
        confirm_form=ConfirmForm(),
    )


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()

    def signed_in_again(_result) -> str:
        """The other sessions have ended; this one goes on under the account's new session generation."""
        login_user(current_user, remember=_has_remember_cookie())
        return url_for("auth.account")

    return save_form(
        form,
        lambda: services.change_password(current_user, form.current_password.data, form.password.data),
        done=signed_in_again,
        message=_("Salasana vaihdettu."),
        template="auth/change_password.html",
    )


def _has_remember_cookie() -> bool:
    return current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies


def _invalid_link(invalid: "services.TokenInvalid", purpose: TokenPurpose):
    """A used, expired or unknown link answers 410 or 404."""
    status = 404 if invalid.reason == "unknown" else 410
    return render_template("auth/token_invalid.html", reason=invalid.reason, purpose=purpose), status


def _token_row(token: str, purpose: TokenPurpose):
    """The link's row, or the page that says why it does not work (410 used or expired, 404 unknown)."""
    try:
        return services.find_token(token, purpose), None
    except services.TokenInvalid as invalid:
        return None, _invalid_link(invalid, purpose)


def _token_page(token: str, purpose: TokenPurpose, template: str, redeem=services.redeem_token, **context):
    """Set a password through a one-time link; a used, expired or unknown link answers 410 or 404."""
    row, refusal = _token_row(token, purpose)
    if refusal:
        return refusal
    form = SetPasswordForm()

    def set_password():
        if current_user.is_authenticated:
            services.sign_out(current_user)
        return redeem(row, form.password.data)

    def signed_in(user) -> str:
        """Once the password is stored, the person is signed in and sent to the case they were invited to."""
        logout_user()
        login_user(user)
        return url_for("cases.dashboard", case_id=row.case_id) if row.case_id else url_for("cases.index")

    return save_form(
        form,
        set_password,
        done=signed_in,
        message=_("Salasana tallennettu. Tervetuloa!"),
        template=template,
        token_row=row,
        **context,
    )


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """A new account's invitation: setting the password accepts the invitation of the link's case.

    Each of a person's invitation links works until used or expired. Once the account has a password (set
    through another of them, or a reset link), a link sets none: it asks the person to sign in and answer
    the invitation there, so that it never works as a second, longer-lived password reset.
    """
    row, refusal = _token_row(token, TokenPurpose.INVITATION)
    if refusal:
        return refusal
    if row.user.has_password:
        if current_user.is_authenticated and current_user.id == row.user_id:
            return redirect(url_for("cases.invitations"))
        return render_template("auth/invitation_sign_in.html", token_row=row)

    def redeem(row, password):
        user = services.redeem_token(row, password)
        if row.case_id:
            network.accept_invitation_of(user, row.case_id)
        return user

    return _token_page(
        token,
        TokenPurpose.INVITATION,
        "auth/accept_invitation.html",
        redeem=redeem,
        invitation=case_queries.pending_invitation(row.user_id, row.case_id) if row.case_id else None,
    )


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    return _token_page(token, TokenPurpose.PASSWORD_RESET, "auth/reset_password.html")


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    return save_form(
        form,
        lambda: services.request_password_reset(form.email.data, request.remote_addr or ""),
        done=url_for("auth.login"),
        message=_("Jos osoitteella on käyttäjätili, lähetimme siihen linkin salasanan vaihtamiseksi."),
        template="auth/forgot_password.html",
    )


@bp.get("/admin/users")
@admin_required
def users():
    query = request.args.get("q", "").strip()
    statement = select(User).order_by(User.name, User.id)
    if query:
        statement = statement.where(or_(contains_text(User.name, query), contains_text(User.email, query)))
    return render_template("auth/users.html", pagination=paginate(statement), query=query)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@admin_required
def create_user():
    form = UserForm()

    def create():
        data = _user_data(form)
        user = services.create_user(data.pop("email"), data.pop("name"), **data)
        services.send_invitation(user, current_user)
        return user

    return save_form(
        form,
        create,
        done=url_for("auth.users"),
        message=lambda user: _("Käyttäjä %(name)s luotu ja kutsu lähetetty.", name=user.name),
        template="auth/user_form.html",
        unique={"email": ("email", EMAIL_TAKEN)},
        user=None,
    )


def _user_data(form: UserForm) -> dict:
    return {k: v for k, v in form.data.items() if k not in ("submit", "csrf_token")}


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int):
    """404 for an unknown user."""
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    return save_form(
        form,
        lambda: services.update_user(user, **_user_data(form)),
        done=url_for("auth.users"),
        message=_("Tiedot tallennettu."),
        template="auth/user_form.html",
        unique={"email": ("email", EMAIL_TAKEN)},
        user=user,
        confirm_form=ConfirmForm(),
    )


@bp.post("/admin/users/<int:user_id>/invite")
@admin_required
def resend_invitation(user_id: int):
    """404 for an unknown user; a user who already has a password is sent nothing."""
    user = db.get_or_404(User, user_id)
    if user.has_password:
        abort(400)
    return run_confirmed(
        ConfirmForm(),
        lambda: services.send_invitation(user, current_user),
        done=url_for("auth.edit_user", user_id=user.id),
        message=_("Uusi kutsulinkki lähetetty osoitteeseen %(email)s.", email=user.email),
    )
