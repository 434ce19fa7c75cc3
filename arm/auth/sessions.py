"""Sign-ins that end when they should: signing out, signing out everywhere, a password change or reset.

Flask-Login keeps only an id in the (signed, client-held) session cookie and the remember-me cookie, so a
cookie copied before a sign-out would otherwise keep working for as long as its signature does. Every
sign-in therefore gets a random key, of which a row in `user_session` keeps the hash, and the cookies carry
"<user id>:<session generation>:<key>" as Flask-Login's alternative id (`User.get_id`). The user loader
accepts the id only if, in one statement, the account is active, its generation is the one in the id and
the key's row exists and is younger than REMEMBER_COOKIE_DURATION. Signing out deletes the row; advancing
the account's generation (sign out everywhere, a password change or reset) deletes all of its rows, and
the generation in the id keeps every older cookie out even if a row outlived it.
"""

import hashlib
import re
import secrets

from flask import current_app
from sqlalchemy import delete, select

from arm.auth.models import User, UserSession
from arm.core.models import utcnow
from arm.extensions import db

_SESSION_ID = re.compile(r"([0-9]{1,18}):([0-9]{1,18}):([A-Za-z0-9_-]{20,100})")


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _parse(session_id: str | None) -> tuple[int, int, str] | None:
    match = _SESSION_ID.fullmatch(session_id or "")
    if match is None:
        return None  # also the bare user ids of sessions signed in before sign-ins had keys
    return int(match[1]), int(match[2]), match[3]


def start_session(user: User) -> None:
    """A new sign-in of the user: `user.get_id()` then gives the id to hand to `login_user`."""
    key = secrets.token_urlsafe(32)
    db.session.add(UserSession(key_hash=_hash_key(key), user_id=user.id, created_at=utcnow()))
    user.session_id = f"{user.id}:{user.session_generation}:{key}"


def load_user(session_id: str) -> User | None:
    """Flask-Login's user loader: the signed-in user, in one SQL statement (as a plain id lookup was)."""
    parsed = _parse(session_id)
    if parsed is None:
        return None
    user_id, generation, key = parsed
    oldest = utcnow() - current_app.config["REMEMBER_COOKIE_DURATION"]
    user = db.session.scalar(
        select(User)
        .join(UserSession, UserSession.user_id == User.id)
        .where(
            User.id == user_id,
            User.is_active,
            User.session_generation == generation,
            UserSession.key_hash == _hash_key(key),
            UserSession.created_at >= oldest,
        )
    )
    if user is not None:
        user.session_id = session_id
    return user


def end_session(user: User) -> None:
    """Sign-out: the key of this sign-in stops working, in every copy of its cookies."""
    if (parsed := _parse(user.session_id)) is not None:
        db.session.execute(
            delete(UserSession).where(UserSession.user_id == user.id, UserSession.key_hash == _hash_key(parsed[2]))
        )
    user.session_id = None


def end_every_session(user: User) -> None:
    """Every sign-in of the account ends, remember-me cookies included (and stale rows go with them)."""
    user.session_generation = (user.session_generation or 0) + 1
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))
    user.session_id = None


def forget_expired_sessions() -> None:
    """Rows of sign-ins older than the longest a sign-in lasts (browsers closed without signing out)."""
    oldest = utcnow() - current_app.config["REMEMBER_COOKIE_DURATION"]
    db.session.execute(delete(UserSession).where(UserSession.created_at < oldest))
