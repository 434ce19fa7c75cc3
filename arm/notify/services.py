"""E-mail that waits for the database: messages queued in a request are sent only after it commits.

Backends: "log" prints the message to the application log (the embedded default), "smtp" sends it,
"memory" keeps it in `app.extensions["arm_outbox"]` for tests.

The scheduler's jobs send at once with `send_now`, which raises when the server refuses or times out: they
keep their own record of each send (arm/notify/sending.py).
"""

import smtplib
from dataclasses import dataclass, field
from email.message import EmailMessage

from flask import current_app, g, has_app_context, render_template
from flask_babel import force_locale
from sqlalchemy import event
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # "application/pdf"
    data: bytes


@dataclass
class Mail:
    to: str
    subject: str
    text: str
    html: str
    attachments: list[Attachment] = field(default_factory=list)


def render_mail(to: str, subject: str, template: str, locale: str = "fi", **context) -> Mail:
    """`email/<template>.txt` and `.html` rendered in the recipient's language; `subject` may be lazy."""
    with force_locale(locale):
        return Mail(
            to=to,
            subject=str(subject),
            text=render_template(f"email/{template}.txt", **context),
            html=render_template(f"email/{template}.html", **context),
        )


def queue_mail(to: str, subject: str, template: str, locale: str = "fi", **context) -> None:
    """Render `email/<template>.txt` and `.html` in the recipient's language and send after commit."""
    g.setdefault("arm_mail_queue", []).append(render_mail(to, subject, template, locale, **context))


def send_now(mail: Mail) -> None:
    """Send at once; raises OSError (refused connection, timeout) or smtplib.SMTPException on failure."""
    _deliver(mail)


def _deliver(mail: Mail) -> None:
    config = current_app.config
    backend = config["MAIL_BACKEND"]
    if backend == "memory":
        current_app.extensions.setdefault("arm_outbox", []).append(mail)
    elif backend == "smtp":
        message = EmailMessage()
        message["From"] = config["MAIL_SENDER"]
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message.set_content(mail.text)
        message.add_alternative(mail.html, subtype="html")
        for attachment in mail.attachments:
            maintype, _, subtype = attachment.content_type.partition("/")
            message.add_attachment(attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename)
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT_SECONDS"]) as smtp:
            if config["SMTP_USE_TLS"]:
                smtp.starttls()
            if config["SMTP_USERNAME"]:
                smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
            smtp.send_message(message)
    else:
        attached = "".join(f"\n[{a.filename}, {len(a.data)} bytes]" for a in mail.attachments)
        current_app.logger.warning("E-mail to %s: %s\n\n%s%s", mail.to, mail.subject, mail.text, attached)


def _send_queued(session) -> None:
    if not has_app_context():
        return
    for mail in g.pop("arm_mail_queue", []):
        try:
            _deliver(mail)
        except (OSError, smtplib.SMTPException):
            current_app.logger.exception("Could not send e-mail to %s", mail.to)


def _drop_queued(session, previous_transaction) -> None:
    if has_app_context():
        g.pop("arm_mail_queue", None)


def register_mail_hooks() -> None:
    if not event.contains(Session, "after_commit", _send_queued):
        event.listen(Session, "after_commit", _send_queued)
        event.listen(Session, "after_soft_rollback", _drop_queued)
