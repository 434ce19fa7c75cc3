"""Guests from outside the case: an expiring link whose secret is kept only as a hash."""

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from arm.core.errors import ValidationError
from arm.extensions import db
from arm.meetings.models import (
    Meeting,
    MeetingGuest,
)

GUEST_LINK_DAYS = 14


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_guest(meeting: Meeting, data: dict, now: datetime | None = None) -> tuple[MeetingGuest, str]:
    """A guest and the secret of their link (shown once; only its hash is kept). The link expires a day after
    the meeting, and at most GUEST_LINK_DAYS days from now."""
    name = (data.get("name") or "").strip()
    if not name:
        raise ValidationError.single("name", _("Anna vieraan nimi."))
    now = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    guest = MeetingGuest(
        case_id=meeting.case_id,
        meeting_id=meeting.id,
        name=name,
        email=(data.get("email") or "").strip(),
        organisation=(data.get("organisation") or "").strip(),
        token_hash=token_hash(token),
        expires_at=max(
            now + timedelta(days=1), min(meeting.ends_at + timedelta(days=1), now + timedelta(days=GUEST_LINK_DAYS))
        ),
    )
    db.session.add(guest)
    db.session.flush()
    return guest, token


def revoke_guest(guest: MeetingGuest, now: datetime | None = None) -> None:
    guest.revoked_at = now or datetime.now(UTC)
    db.session.flush()


def guest_by_token(token: str, now: datetime) -> MeetingGuest | None:
    guest = db.session.scalar(select(MeetingGuest).where(MeetingGuest.token_hash == token_hash(token)))
    return guest if guest is not None and guest.is_valid(now) else None
