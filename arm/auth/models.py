import contextlib
import enum
from datetime import datetime
from typing import TYPE_CHECKING

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from arm.core.audit import Audited
from arm.core.models import UTCDateTime, utcnow
from arm.extensions import db

if TYPE_CHECKING:
    from arm.cases.models import Case, Membership

# Argon2id with the RFC 9106 parameters argon2-cffi defaults to (64 MiB, 3 passes). The test suite's
# configuration alone may ask for the cheapest parameters (config.TestConfig.PASSWORD_HASHING): thousands of
# sign-ins at a tenth of a second each were a quarter of its time.
_HASHERS = {"argon2id": PasswordHasher(), "cheapest-for-tests": PasswordHasher.from_parameters(profiles.CHEAPEST)}


def _hashing() -> str:
    return current_app.config["PASSWORD_HASHING"] if has_app_context() else "argon2id"


def _hasher() -> PasswordHasher:
    return _HASHERS[_hashing()]


class User(Audited, UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    job_title: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    password_hash: Mapped[str | None] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(5), default="fi")
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Advanced by "sign out everywhere", a password change and a reset: every session and remember-me
    # cookie carries the generation it was signed in under, and an older one no longer signs anyone in.
    session_generation: Mapped[int] = mapped_column(default=0, server_default="0")
    # The Monday "my week" e-mail (arm/notify/jobs.py); each person can turn it off on their account page.
    weekly_digest: Mapped[bool] = mapped_column(default=True, server_default=sa_true())

    audit_ignore = frozenset({"last_login_at", "session_generation"})
    audit_name = _l("Käyttäjä")
    audit_fields = {
        "email": _l("Sähköposti"),
        "name": _l("Nimi"),
        "job_title": _l("Tehtävänimike"),
        "phone": _l("Puhelin"),
        "locale": _l("Kieli"),
        "is_admin": _l("Ylläpitäjä"),
        "is_active": _l("Käytössä"),
        "weekly_digest": _l("Viikkokooste"),
    }

    memberships: Mapped[list["Membership"]] = relationship(
        "Membership", back_populates="user", foreign_keys="Membership.user_id", lazy="raise"
    )

    # The sign-in this object was loaded through (its Flask-Login id "<user>:<generation>:<key>"), if any.
    session_id = None  # type: str | None

    def __repr__(self) -> str:
        return f"<User {self.email}>"

    def get_id(self) -> str:
        """Flask-Login's alternative id: what the session and the remember-me cookie store.

        Only a user signed in through `arm.auth.sessions.start_session` (or loaded from such a sign-in) has
        one; `login_user` on any other user object fails here rather than storing an id no loader accepts.
        """
        if self.session_id is None:
            raise RuntimeError("sign the user in through arm.auth.sessions.start_session before login_user")
        return self.session_id

    # UserMixin compares get_id(), which only signed-in user objects have: compare accounts instead.
    def __eq__(self, other) -> bool:
        return self is other or (isinstance(other, User) and self.id is not None and self.id == other.id)

    __hash__ = object.__hash__

    @property
    def audit_label(self) -> str:
        return self.name

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    def set_password(self, password: str) -> None:
        self.password_hash = _hasher().hash(password)

    def check_password(self, password: str) -> bool:
        if not self.password_hash:
            return False
        hasher = _hasher()
        try:
            hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if hasher.check_needs_rehash(self.password_hash):
            self.set_password(password)
        return True


def burn_password_check_time() -> None:
    """Spend the time of one hash check, so that unknown e-mail addresses answer as slowly as known ones."""
    with contextlib.suppress(VerificationError):
        _hasher().verify(_DUMMY_HASHES[_hashing()], "not the password")


_DUMMY_HASHES = {name: hasher.hash("dummy password for timing") for name, hasher in _HASHERS.items()}


class TokenPurpose(enum.Enum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password_reset"  # nosec B105 # the name of a link's purpose, not a password
    LOGIN_UNLOCK = "login_unlock"


class AccountToken(db.Model):
    """A one-time link sent by e-mail. Only a hash of the token is stored."""

    __tablename__ = "account_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[TokenPurpose] = mapped_column(Enum(TokenPurpose, native_enum=False, length=20))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("arm_case.id", ondelete="CASCADE"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped["User"] = relationship("User", foreign_keys=[user_id])
    case: Mapped["Case | None"] = relationship("Case")

    @property
    def is_expired(self) -> bool:
        return utcnow() >= self.expires_at


class LoginFailure(db.Model):
    """A failed sign-in, kept for the throttle window only."""

    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class UserSession(db.Model):
    """One sign-in (a browser's session or remember-me cookie). Only a hash of its random key is stored.

    Signing out deletes the row, so a copy of the cookie taken before stops working; advancing the
    account's session generation deletes all of the account's rows.
    """

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class PasswordResetRequest(db.Model):
    """A request for a reset link (whether or not the address has an account), kept for the throttle window."""

    __tablename__ = "password_reset_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
