"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the scheduler's tests: one that takes every message, one
that refuses with 554, one that stalls until the client gives up."""

import asyncio
import email
import email.policy
import socket
import threading
from datetime import date, time

import pytest
from aiosmtpd.controller import Controller

from arm.extensions import db
from arm.meetings import services as meeting_services
from arm.meetings.models import Recurrence


class Recorder:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
        return "250 OK"

    def to(self) -> list[str]:
        return sorted(message["To"] for message in self.messages)


class Refuser(Recorder):
    async def handle_DATA(self, server, session, envelope):
        return "554 5.7.1 Viesti hylätty"


class Staller(Recorder):
    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(3)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(app, handler, timeout_seconds=15):
    """A server that answers gets a generous timeout: on a loaded CI machine (eight test workers) a
    1-second one timed out on a good server (CI of 165b17b). Only the stalling server's tests want it short."""
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(
        MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_USE_TLS=False, SMTP_USERNAME=None,
        SMTP_TIMEOUT_SECONDS=timeout_seconds, SEND_MAX_ATTEMPTS=3, SEND_LEASE_MINUTES=10,
    )  # fmt: skip
    return controller


@pytest.fixture
def smtp(app):
    handler = Recorder()
    controller = _serve(app, handler)
    yield handler
    controller.stop()


@pytest.fixture
def refusing_smtp(app):
    handler = Refuser()
    controller = _serve(app, handler)
    yield handler
    controller.stop()


@pytest.fixture
def stalling_smtp(app):
    handler = Staller()
    controller = _serve(app, handler, timeout_seconds=1)
    yield handler
    controller.stop()


def meeting_data(**values) -> dict:
    data = {
        "title": "ÄRM-työryhmän viikkopalaveri",
        "date": date(2026, 6, 16),  # the day after factories.NOW, a Tuesday
        "start_time": time(9, 0),  # 06.00 UTC: 18 hours after NOW
        "end_time": time(10, 30),
        "recurrence": Recurrence.ONCE,
        "place": "Kemin kaupungintalo",
        "video_link": "",
        "subgroup_id": None,
        "chair_id": None,
        "secretary_id": None,
        "last_on": None,
    }
    data.update(values)
    return data


def make_meeting(case, **values):
    meeting = meeting_services.create_meeting(case, meeting_data(**values), None)
    db.session.commit()
    return meeting
