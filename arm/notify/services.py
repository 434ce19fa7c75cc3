"""E-mail that waits for the database: messages queued in a request are sent only after it commits.

Backends: "log" prints the message to the application log (the embedded default), "smtp" sends it,
"memory" keeps it in `app.extensions["arm_outbox"]` for tests.
"""

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from flask import current_app, g, has_app_context, render_template
from flask_babel import force_locale
from sqlalchemy import event
from sqlalchemy.orm import Session


@dataclass
class Mail:
    to: str
    subject: str
    text: str
    html: str


def queue_mail(to: str, subject: str, template: str, locale: str = "fi", **context) -> None:
    """Render `email/<template>.txt` and `.html` in the recipient's language and send after commit."""
    with force_locale(locale):
        mail = Mail(
            to=to,
            subject=str(subject),
            text=render_template(f"email/{template}.txt", **context),
            html=render_template(f"email/{template}.html", **context),
        )
    g.setdefault("arm_mail_queue", []).append(mail)


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
        with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=30) as smtp:
            if config["SMTP_USE_TLS"]:
                smtp.starttls()
            if config["SMTP_USERNAME"]:
                smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
            smtp.send_message(message)
    else:
        current_app.logger.warning("E-mail to %s: %s\n\n%s", mail.to, mail.subject, mail.text)


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
