"""Domain errors that go back onto form fields, and the friendly error pages."""

from flask import render_template
from flask_wtf.csrf import CSRFError


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


def register_error_handlers(app) -> None:
    app.register_error_handler(CSRFError, _page(400, "errors/csrf.html"))
    for status in (400, 403, 404, 405, 413, 500):
        app.register_error_handler(status, _page(status, f"errors/{status}.html"))
