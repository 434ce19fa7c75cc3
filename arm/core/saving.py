"""The one save path of every form: run the service, commit once, and answer every refusal with a 4xx.

A view builds its form, then hands `save_form` the service call and what to show. Whatever goes
wrong, the person's input stays on the page: a rule the service enforces comes back onto its field
(422); someone else's save in between shows the view's edit-conflict page (409); a unique key taken
by a concurrent request becomes a message on the field it came from (422). Nothing turns into a 500.
"""

from collections.abc import Callable
from typing import Any

from flask import current_app, flash, redirect, render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from arm.core.errors import EditConflict, ValidationError, apply_to_form
from arm.extensions import db

CHANGED_MEANWHILE = _l(
    "Tietoja muutettiin samaan aikaan toisaalla, eikä tallennus onnistunut. Tarkista tiedot ja tallenna uudelleen."
)

Message = str | Callable[[Any], str]
Target = str | Callable[[Any], str]


def _resolve(value, result):
    return value(result) if callable(value) else value


def _commit(run: Callable[[], Any]) -> Any:
    try:
        result = run()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return result


def _integrity_error(form, error: IntegrityError, unique: dict[str, tuple[str, str]]) -> None:
    """SQLite says "UNIQUE constraint failed: table.column", PostgreSQL "Key (column)=(…) already exists"."""
    text = str(error.orig)
    for column, (field_name, message) in unique.items():
        if f".{column}" in text or f"({column})" in text:
            apply_to_form(form, ValidationError.single(field_name, message))
            return
    # A row this save refers to was changed or removed by a concurrent request: ask to try again.
    current_app.logger.warning("save refused by the database: %s", text)
    apply_to_form(form, ValidationError.single(None, CHANGED_MEANWHILE))


def save_form(
    form,
    save: Callable[[], Any],
    *,
    done: Target,
    message: Message,
    template: str | None = None,
    render: Callable[[], str] | None = None,
    conflict: Callable[[], str] | None = None,
    unique: dict[str, tuple[str, str]] | None = None,
    **context,
):
    """Validate `form`; on a valid submit run `save()`, commit, flash `message` and redirect to `done`.

    `message` and `done` may be callables of what `save()` returned. The page is `render()` (default:
    `template` with the form and `context`), answered 422 when the form carries errors. `conflict()`
    renders the edit-conflict page for a versioned row (answered 409); `unique` maps a column whose
    unique key a concurrent request may take first to the form field and message it concerns (any other
    constraint that a concurrent change breaks gives a message at the top of the form). A refused
    save leaves the service's ValidationError in `form.refusal`, for pages that show more than messages.
    """
    if form.validate_on_submit():
        try:
            result = _commit(save)
        except ValidationError as error:
            form.refusal = error
            apply_to_form(form, error)
        except (EditConflict, StaleDataError):
            if conflict is None:
                raise
            return conflict(), 409
        except IntegrityError as error:
            _integrity_error(form, error, unique or {})
        else:
            flash(_resolve(message, result), "success")
            return redirect(_resolve(done, result))
    body = render() if render is not None else render_template(template, form=form, **context)
    return body, 422 if form.errors else 200


def run_confirmed(
    form, run: Callable[[], Any], *, done: Target, message: Message, refused: Callable[[], str] | None = None
):
    """A button that changes data (end, remove, delete): run it once its confirmation form is valid.

    A rule that refuses the change is flashed as an error, on the page `refused()` renders (422) or
    back at `done`.
    """
    result = None
    if form.validate_on_submit():
        try:
            result = _commit(run)
        except ValidationError as error:
            for _field, text in error.errors:
                flash(text, "danger")
            if refused is not None:
                return refused(), 422
        else:
            flash(_resolve(message, result), "success")
    return redirect(_resolve(done, result))
