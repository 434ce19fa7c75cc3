"""Domain errors that go back onto form fields, and the friendly error pages."""

from flask import current_app, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from arm.extensions import db


class ValidationError(Exception):
    """A business rule refused the input. `errors` pairs a form field name (or None) with a message."""

    def __init__(self, errors: list[tuple[str | None, str]]):
        super().__init__(errors)
        self.errors = errors

    @classmethod
    def single(cls, field: str | None, message: str) -> "ValidationError":
        return cls([(field, message)])


class EditConflict(Exception):
    """Someone saved the row after the editor opened it; `current` is what is saved now."""

    def __init__(self, current):
        super().__init__(getattr(current, "id", None))
        self.current = current


def apply_to_form(form, error: ValidationError) -> None:
    """Put a service's messages next to the fields they concern; the rest go to the form's top."""
    for field_name, message in error.errors:
        field = getattr(form, field_name, None) if field_name else None
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)


def _page(status: int, template: str):
    def handler(error):
        return render_template(template, error=error), status

    return handler


TITLE_500 = "Jotain meni vikaan"
TEXT_500 = "Palvelussa tapahtui virhe. Tietojasi ei tallennettu. Yritä hetken kuluttua uudelleen."


def bare_500() -> str:
    """When even the error page cannot be rendered (say the database is gone): a page that needs nothing,
    in the reader's language if that still works, else in Finnish."""
    try:
        language, title, text = str(get_locale() or "fi"), _(TITLE_500), _(TEXT_500)
    except Exception:
        language, title, text = "fi", TITLE_500, TEXT_500
    return (
        f'<!doctype html><html lang="{escape(language)}"><meta charset="utf-8">'
        f"<title>{escape(title)}</title><h1>{escape(title)}</h1><p>{escape(text)}</p></html>"
    )


def server_error(error):
    """The app's own 500 page, so that it carries the security headers (gunicorn's bare 500 would not).

    The failed request may have left the session in a failed flush; the page reads the signed-in user
    through that session, so roll it back first.
    """
    db.session.rollback()
    try:
        return render_template("errors/500.html", error=error), 500
    except Exception:
        current_app.logger.exception("the 500 page failed; answering the bare one")
        db.session.rollback()
        return bare_500(), 500


def unexpected_error(error):
    """Any exception no other handler takes: HTTP errors keep their own answer, the rest get the 500 page."""
    if isinstance(error, HTTPException):
        return error
    if current_app.config["PROPAGATE_EXCEPTIONS"] or (
        current_app.config["PROPAGATE_EXCEPTIONS"] is None and (current_app.testing or current_app.debug)
    ):
        raise error  # tests and the debugger want the traceback, as Flask does without this handler
    current_app.log_exception((type(error), error, error.__traceback__))
    return server_error(error)


def register_error_handlers(app) -> None:
    app.register_error_handler(CSRFError, _page(400, "errors/csrf.html"))
    for status in (400, 403, 404, 405, 413):
        app.register_error_handler(status, _page(status, f"errors/{status}.html"))
    app.register_error_handler(500, server_error)
    app.register_error_handler(Exception, unexpected_error)
