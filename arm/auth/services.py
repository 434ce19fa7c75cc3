"""Accounts: authentication with throttling, one-time links, passwords, user administration."""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select

from arm.auth.models import AccountToken, LoginFailure, TokenPurpose, User, burn_password_check_time
from arm.core.errors import ValidationError
from arm.core.models import utcnow
from arm.extensions import db
from arm.notify.services import queue_mail


class LoginThrottled(Exception):
    """Too many failed sign-ins for this account or from this address."""


class TokenInvalid(Exception):
    """The link is unknown, already used or expired; `reason` says which."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str, address: str) -> User:
    """The user with these credentials, or ValidationError; LoginThrottled after too many failures.

    A failure is recorded in the session, so the caller commits whatever the outcome.
    """
    config = current_app.config
    email = normalise_email(email)
    window_start = utcnow() - timedelta(minutes=config["LOGIN_THROTTLE_MINUTES"])
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < window_start))
    by_account, by_address = db.session.execute(
        select(
            func.count().filter(LoginFailure.email == email),
            func.count().filter(LoginFailure.address == address),
        ).where(LoginFailure.at >= window_start, or_(LoginFailure.email == email, LoginFailure.address == address))
    ).one()
    if by_account >= config["LOGIN_FAILURES_PER_ACCOUNT"] or by_address >= config["LOGIN_FAILURES_PER_ADDRESS"]:
        raise LoginThrottled()

    user = find_user_by_email(email)
    if user is None:
        burn_password_check_time()
    if user is None or not user.is_active or not user.check_password(password):
        db.session.add(LoginFailure(email=email, address=address))
        raise ValidationError.single(None, _("Sähköpostiosoite tai salasana on väärin."))

    db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
    user.last_login_at = utcnow()
    return user


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
    """Set the password that the one-time link was for and spend the link."""
    row.used_at = utcnow()
    row.user.set_password(password)
    row.user.is_active = True
    return row.user


def change_password(user: User, current_password: str, new_password: str) -> None:
    if not user.check_password(current_password):
        raise ValidationError.single("current_password", _("Nykyinen salasana on väärin."))
    if new_password == current_password:
        raise ValidationError.single("password", _("Uusi salasana ei voi olla sama kuin nykyinen."))
    user.set_password(new_password)


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
        link=url_for("auth.accept_invitation", token=token, _external=True),
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


def request_password_reset(email: str) -> None:
    """Send a reset link if the address belongs to an active account; say nothing either way."""
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        return
    token = issue_token(user, TokenPurpose.PASSWORD_RESET)
    queue_mail(
        user.email,
        _("Salasanan vaihtaminen"),
        "password_reset",
        locale=user.locale,
        user=user,
        link=url_for("auth.reset_password", token=token, _external=True),
        valid_hours=current_app.config["PASSWORD_RESET_VALID_HOURS"],
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
