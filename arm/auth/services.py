"""Accounts: authentication with throttling, one-time links, passwords, user administration."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select

from arm.auth import sessions
from arm.auth.models import (
    AccountToken,
    LoginFailure,
    PasswordResetRequest,
    TokenPurpose,
    User,
    burn_password_check_time,
)
from arm.core.errors import ValidationError
from arm.core.models import utcnow
from arm.core.urls import public_url
from arm.extensions import db
from arm.notify.services import queue_mail


class LoginThrottled(Exception):
    """Too many failed sign-ins for this account (`by_account`, an unlock link may be mailed) or from this address."""

    def __init__(self, by_account: bool):
        super().__init__(by_account)
        self.by_account = by_account


class TokenInvalid(Exception):
    """The link is unknown, already used or expired; `reason` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str, address: str, unlock: AccountToken | None = None) -> User:
    """The user with these credentials, or ValidationError; LoginThrottled after too many failures.

    Every path that gets past the throttle verifies exactly one password hash (unknown address, account
    without a password, deactivated account, wrong or right password), so that the answer's timing says
    nothing about the account. `unlock`, a valid unlock link of this address's account (mailed when the
    account was throttled), lets its holder through both throttles: whoever guessed wrong passwords for
    the account cannot lock its owner out. A failure is recorded in the session, so the caller commits
    whatever the outcome.
    """
    config = current_app.config
    email = normalise_email(email)
    window_start = utcnow() - timedelta(minutes=config["LOGIN_THROTTLE_MINUTES"])
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < window_start))
    unlocked = unlock is not None and unlock.user.email == email
    if not unlocked:
        by_account, by_address = db.session.execute(
            select(
                func.count().filter(LoginFailure.email == email),
                func.count().filter(LoginFailure.address == address),
            ).where(LoginFailure.at >= window_start, or_(LoginFailure.email == email, LoginFailure.address == address))
        ).one()
        if by_account >= config["LOGIN_FAILURES_PER_ACCOUNT"]:
            _send_unlock_link(email, window_start)
            raise LoginThrottled(by_account=True)
        if by_address >= config["LOGIN_FAILURES_PER_ADDRESS"]:
            raise LoginThrottled(by_account=False)

    user = find_user_by_email(email)
    if user is not None and user.has_password:
        password_matches = user.check_password(password)
    else:
        burn_password_check_time()
        password_matches = False
    if not (password_matches and user.is_active):
        db.session.add(LoginFailure(email=email, address=address))
        raise ValidationError.single(None, _("Sähköpostiosoite tai salasana on väärin."))

    if unlocked:
        # The failures stay: they are someone else's guesses, who must stay throttled.
        unlock.used_at = utcnow()
    else:
        db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
    user.last_login_at = utcnow()
    sessions.forget_expired_sessions()
    sessions.start_session(user)
    return user


def _send_unlock_link(email: str, window_start) -> None:
    """Mail the owner of a throttled account a link that signs in past the throttle (once per window)."""
    user = find_user_by_email(email)
    if user is None or not user.is_active or not user.has_password:
        return
    already_sent = db.session.scalar(
        select(func.count()).where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == TokenPurpose.LOGIN_UNLOCK,
            AccountToken.created_at >= window_start,
        )
    )
    if already_sent:
        return
    token = issue_token(user, TokenPurpose.LOGIN_UNLOCK)
    queue_mail(
        user.email,
        _("Kirjautuminen tilillesi on keskeytetty"),
        "login_unlock",
        locale=user.locale,
        user=user,
        link=public_url("auth.unlock_login", token=token),
        minutes=current_app.config["LOGIN_THROTTLE_MINUTES"],
        valid_hours=current_app.config["PASSWORD_RESET_VALID_HOURS"],
    )


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, purpose: TokenPurpose, case=None, created_by: User | None = None) -> str:
    """A new one-time link token for the user. A new reset link voids the earlier unused ones; invitation
    links all stay valid until used or expired (two coordinators may invite the same person to two cases)."""
    now = utcnow()
    config = current_app.config
    lifetime = (
        timedelta(days=config["INVITATION_VALID_DAYS"])
        if purpose is TokenPurpose.INVITATION
        else timedelta(hours=config["PASSWORD_RESET_VALID_HOURS"])
    )
    if purpose is not TokenPurpose.INVITATION:
        for old in db.session.scalars(
            select(AccountToken).where(
                AccountToken.user_id == user.id, AccountToken.purpose == purpose, AccountToken.used_at.is_(None)
            )
        ):
            old.expires_at = min(old.expires_at, now)
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            token_hash=_hash_token(token),
            purpose=purpose,
            user=user,
            case=case,
            created_by_id=created_by.id if created_by else None,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    return token


def find_token(token: str, purpose: TokenPurpose) -> AccountToken:
    row = db.session.scalar(
        select(AccountToken).where(AccountToken.token_hash == _hash_token(token), AccountToken.purpose == purpose)
    )
    if row is None:
        raise TokenInvalid("unknown")
    if row.used_at is not None:
        raise TokenInvalid("used")
    if row.is_expired:
        raise TokenInvalid("expired")
    return row


def redeem_token(row: AccountToken, password: str) -> User:
    """Set the password that the one-time link was for and spend the link.

    Like a password change, this ends every other sign-in of the account; the caller signs this browser
    in with the new session (`user.get_id()`).
    """
    row.used_at = utcnow()
    row.user.is_active = True
    _replace_password(row.user, password)
    return row.user


def change_password(user: User, current_password: str, new_password: str) -> None:
    """A new password: every other session and remember-me cookie of the account and every outstanding
    reset link stop working; the caller signs the current browser in again with `user.get_id()`."""
    if not user.check_password(current_password):
        raise ValidationError.single("current_password", _("Nykyinen salasana on väärin."))
    if new_password == current_password:
        raise ValidationError.single("password", _("Uusi salasana ei voi olla sama kuin nykyinen."))
    _replace_password(user, new_password)


def _replace_password(user: User, password: str) -> None:
    user.set_password(password)
    _void_links(user, TokenPurpose.PASSWORD_RESET, TokenPurpose.LOGIN_UNLOCK)
    sessions.end_every_session(user)
    sessions.start_session(user)


def _void_links(user: User, *purposes: TokenPurpose) -> None:
    now = utcnow()
    for row in db.session.scalars(
        select(AccountToken).where(
            AccountToken.user_id == user.id,
            AccountToken.purpose.in_(purposes),
            AccountToken.used_at.is_(None),
            AccountToken.expires_at > now,
        )
    ):
        row.expires_at = now


def sign_out(user: User) -> None:
    """This sign-in ends: its session and remember-me cookies stop working, copies included."""
    sessions.end_session(user)


def sign_out_everywhere(user: User) -> None:
    """Every session of the account ends, this one and remember-me cookies included."""
    sessions.end_every_session(user)


def send_invitation(user: User, inviter: User | None, case=None) -> None:
    """E-mail a link with which the user sets a password (a new account or a new case)."""
    token = issue_token(user, TokenPurpose.INVITATION, case=case, created_by=inviter)
    queue_mail(
        user.email,
        _("Kutsu ÄRM-verkoston työtilaan"),
        "invitation",
        locale=user.locale,
        user=user,
        inviter=inviter,
        case=case,
        link=public_url("auth.accept_invitation", token=token),
        valid_days=current_app.config["INVITATION_VALID_DAYS"],
    )


def void_invitations(user: User, case_id: int) -> None:
    """The unused invitation links of a case stop working (the invitation was withdrawn or answered)."""
    now = utcnow()
    for row in db.session.scalars(
        select(AccountToken).where(
            AccountToken.user_id == user.id,
            AccountToken.case_id == case_id,
            AccountToken.purpose == TokenPurpose.INVITATION,
            AccountToken.used_at.is_(None),
        )
    ):
        row.expires_at = min(row.expires_at, now)


def request_password_reset(email: str, address: str) -> None:
    """Send a reset link if the address belongs to an active account; say nothing either way.

    Throttled per e-mail address and per client address like sign-in: past the limit the request is
    answered as any other and nothing is mailed, so the throttle reveals no more than the answer does.
    """
    config = current_app.config
    email = normalise_email(email)
    window_start = utcnow() - timedelta(minutes=config["PASSWORD_RESET_THROTTLE_MINUTES"])
    # Requests racing for one account take turns: SQLite's write lock (taken by this delete) and, on
    # PostgreSQL, the account's row locked until commit. Only existing accounts are mailed, so that suffices.
    db.session.execute(delete(PasswordResetRequest).where(PasswordResetRequest.at < window_start))
    user = db.session.scalar(select(User).where(User.email == email).with_for_update())
    by_account, by_address = db.session.execute(
        select(
            func.count().filter(PasswordResetRequest.email == email),
            func.count().filter(PasswordResetRequest.address == address),
        ).where(
            PasswordResetRequest.at >= window_start,
            or_(PasswordResetRequest.email == email, PasswordResetRequest.address == address),
        )
    ).one()
    if by_account >= config["PASSWORD_RESETS_PER_ACCOUNT"] or by_address >= config["PASSWORD_RESETS_PER_ADDRESS"]:
        return
    db.session.add(PasswordResetRequest(email=email, address=address, at=utcnow()))
    if user is None or not user.is_active:
        return
    token = issue_token(user, TokenPurpose.PASSWORD_RESET)
    queue_mail(
        user.email,
        _("Salasanan vaihtaminen"),
        "password_reset",
        locale=user.locale,
        user=user,
        link=public_url("auth.reset_password", token=token),
        valid_hours=config["PASSWORD_RESET_VALID_HOURS"],
    )


def create_user(email: str, name: str, *, password: str | None = None, **attributes) -> User:
    """A new account. Without a password the account is usable once its invitation is accepted."""
    email = normalise_email(email)
    if find_user_by_email(email) is not None:
        raise ValidationError.single("email", _("Tällä sähköpostiosoitteella on jo käyttäjätili."))
    user = User(email=email, name=name.strip(), **attributes)
    if password:
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def update_user(user: User, **attributes) -> None:
    email = normalise_email(attributes.pop("email", user.email))
    if email != user.email and find_user_by_email(email) is not None:
        raise ValidationError.single("email", _("Tällä sähköpostiosoitteella on jo käyttäjätili."))
    losing_admin = (
        user.is_admin
        and user.is_active
        and not (attributes.get("is_admin", True) and attributes.get("is_active", True))
    )
    if losing_admin and not db.session.scalar(
        select(func.count()).where(User.is_admin, User.is_active, User.id != user.id)
    ):
        raise ValidationError.single("is_admin", _("Alustalla on oltava ainakin yksi käytössä oleva ylläpitäjä."))
    user.email = email
    for key, value in attributes.items():
        setattr(user, key, value)
