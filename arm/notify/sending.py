"""Sending what the ledger records, exactly once however many schedulers run (our own design, issue 12).

1. `record_sends` INSERTs the rows (their `key` is unique) and COMMITS before anything is sent. A scheduler
   whose insert of the same key fails with an IntegrityError leaves that send to the one that got it in.
2. `claim` takes one due row with a single conditional UPDATE; only the scheduler whose UPDATE changed the
   row sends it. Its lease (`claimed_until`) runs out if the sender dies before it is done: the next sweep
   sends the row then, and the row is never recorded twice.
3. After the SMTP server has taken the message the row is marked sent. A refusal or a timeout counts an
   attempt, keeps the server's answer in `last_error` and waits 1, 5, 25 … minutes; after SEND_MAX_ATTEMPTS
   the row is failed, kept for the case's coordinators to see.

A sender that dies after the SMTP server took the message and before the row is marked sent would send it
again after the lease: no ledger can close that last gap without the SMTP server's help.

Each kind of send has a composer (`COMPOSERS`) that loads what a batch of rows needs in a fixed number of
statements and then builds each row's message.
"""

import smtplib
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from arm.extensions import db
from arm.notify.models import ScheduledSend, SendKind, SendStatus
from arm.notify.services import Mail, send_now

BATCH_SIZE = 200
BACKOFF_BASE_MINUTES = 1
BACKOFF_FACTOR = 5
BACKOFF_CAP_MINUTES = 240
INTERRUPTED = "Lähetys keskeytyi ennen kuin viesti lähti."

# kind -> composer(rows, now) -> compose(row) -> Mail, or a str: why the row is no longer sent.
Composer = Callable[[list[ScheduledSend], datetime], Callable[[ScheduledSend], "Mail | str"]]
COMPOSERS: dict[SendKind, Composer] = {}


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt: 1, 5, 25, 125 minutes, then 4 hours."""
    minutes = BACKOFF_BASE_MINUTES * BACKOFF_FACTOR ** max(0, attempts - 1)
    return timedelta(minutes=min(minutes, BACKOFF_CAP_MINUTES))


def record_sends(rows: list[dict], now: datetime) -> int:
    """Record the sends not yet recorded and commit; how many this call recorded.

    `rows`: dicts of key, kind, recipient_id and optionally case_id and meeting_id. Two statements, or a few
    more when another scheduler records some of the same keys at the same moment.
    """
    for _attempt in range(3):
        if not rows:
            return 0
        keys = [row["key"] for row in rows]
        existing = set(db.session.scalars(select(ScheduledSend.key).where(ScheduledSend.key.in_(keys))))
        defaults = {"case_id": None, "meeting_id": None, "status": SendStatus.PENDING, "attempts": 0}
        fresh = [
            {**defaults, **row, "next_attempt_at": now, "created_at": now, "last_error": ""}
            for row in rows
            if row["key"] not in existing
        ]
        if not fresh:
            db.session.rollback()
            return 0
        try:
            db.session.execute(insert(ScheduledSend), fresh)
            db.session.commit()
            return len(fresh)
        except IntegrityError:
            # Another scheduler recorded some of these keys meanwhile: they are its to send.
            db.session.rollback()
            rows = fresh
    return 0


def _due(now: datetime):
    return (
        ScheduledSend.status == SendStatus.PENDING,
        ScheduledSend.next_attempt_at <= now,
        or_(ScheduledSend.claimed_until.is_(None), ScheduledSend.claimed_until < now),
    )


def claim(send_id: int, now: datetime) -> bool:
    """Take the row for this sender until its lease ends; False when another sender has it or it is done."""
    lease = timedelta(minutes=current_app.config["SEND_LEASE_MINUTES"])
    with db.engine.begin() as connection:
        result = connection.execute(
            update(ScheduledSend)
            .where(ScheduledSend.id == send_id, *_due(now))
            .values(claimed_until=now + lease, attempts=ScheduledSend.attempts + 1)
        )
    return result.rowcount == 1


def _finish(send_id: int, **values) -> None:
    with db.engine.begin() as connection:
        statement = update(ScheduledSend).where(ScheduledSend.id == send_id)
        connection.execute(statement.values(claimed_until=None, **values))


def _failed(send_id: int, attempts: int, now: datetime, error: str) -> None:
    if attempts >= current_app.config["SEND_MAX_ATTEMPTS"]:
        _finish(send_id, status=SendStatus.FAILED, last_error=error)
    else:
        _finish(send_id, next_attempt_at=now + backoff(attempts), last_error=error)


def fail_interrupted(now: datetime) -> int:
    """Rows whose every attempt was cut short (the sender died each time) are failed, not tried for ever."""
    result = db.session.execute(
        update(ScheduledSend)
        .where(
            ScheduledSend.status == SendStatus.PENDING,
            ScheduledSend.attempts >= current_app.config["SEND_MAX_ATTEMPTS"],
            ScheduledSend.claimed_until < now,
        )
        .values(status=SendStatus.FAILED, claimed_until=None, last_error=INTERRUPTED)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return result.rowcount


def due_sends(now: datetime, kind: SendKind | None = None, limit: int = BATCH_SIZE) -> list[ScheduledSend]:
    statement = select(ScheduledSend).where(*_due(now))
    if kind is not None:
        statement = statement.where(ScheduledSend.kind == kind)
    return list(db.session.scalars(statement.order_by(ScheduledSend.next_attempt_at, ScheduledSend.id).limit(limit)))


def deliver(rows: list[ScheduledSend], now: datetime) -> int:
    """Claim, send and mark each row; how many were sent. Per row: the claim and the mark, each committed at
    once on a connection of its own (so that no other sender can take the row meanwhile, no crash loses what
    was sent, and the session's loaded rows stay loaded for the next message)."""
    by_kind: dict[SendKind, list[ScheduledSend]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(row)
    sent = 0
    for kind, kind_rows in by_kind.items():
        compose = COMPOSERS[kind](kind_rows, now)
        for row in kind_rows:
            send_id, attempts = row.id, row.attempts + 1
            if not claim(send_id, now):
                continue
            message = compose(row)
            if isinstance(message, str):
                _finish(send_id, status=SendStatus.FAILED, last_error=message)
                continue
            try:
                send_now(message)
            except (OSError, smtplib.SMTPException) as error:
                current_app.logger.warning("Scheduled e-mail %s to %s not sent: %s", send_id, message.to, error)
                _failed(send_id, attempts, now, _describe(error))
                continue
            _finish(send_id, status=SendStatus.SENT, sent_at=now, last_error="")
            sent += 1
    db.session.commit()  # the rows were changed on other connections: what the session holds is stale
    return sent


def _describe(error: Exception) -> str:
    if isinstance(error, smtplib.SMTPResponseException):
        message = error.smtp_error.decode(errors="replace") if isinstance(error.smtp_error, bytes) else error.smtp_error
        return f"{error.smtp_code} {message}"[:1000]
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{code} {text.decode(errors='replace')}" for code, text in error.recipients.values())[:1000]
    if isinstance(error, TimeoutError) or "timed out" in str(error):
        return "Sähköpostipalvelin ei vastannut ajoissa."
    return f"{type(error).__name__}: {error}"[:1000]


def send_due(now: datetime, kind: SendKind | None = None) -> int:
    """Send every due row (of `kind`), batch by batch; how many were sent."""
    sent = 0
    seen: set[int] = set()
    while rows := [row for row in due_sends(now, kind) if row.id not in seen]:
        seen.update(row.id for row in rows)
        sent += deliver(rows, now)
    return sent
