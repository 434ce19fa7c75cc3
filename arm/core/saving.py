"""The one save path of every form: run the service, commit once, and answer every refusal with a 4xx.

A view builds its form, then hands `save_form` the service call and what to show. Whatever goes
wrong, the person's input stays on the page: a rule the service enforces comes back onto its field
(422); someone else's save in between goes through the three-way merge (`core.merge`): saved at once
when nobody changed the same field, else the merge page (409); a unique key taken
by a concurrent request becomes a message on the field it came from (422). Nothing turns into a 500.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, flash, redirect, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError

from arm.core.audit import last_change
from arm.core.errors import EditConflict, ValidationError, apply_to_form
from arm.core.merge import MergeResult, apply_choices, three_way
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


# SQLite's lock wait ran out; PostgreSQL broke a deadlock, or could not serialise or lock (SQLSTATE).
BUSY_SQLITE = ("database is locked", "database table is locked")
BUSY_SQLSTATES = {"40001", "40P01", "55P03"}


def is_busy(error: OperationalError) -> bool:
    """The database refused the write because of a concurrent one: worth "try again", not a 500."""
    return getattr(error.orig, "sqlstate", None) in BUSY_SQLSTATES or any(
        text in str(error.orig) for text in BUSY_SQLITE
    )


@dataclass
class Versioned:
    """How `save_form` merges the save of a versioned row that someone else saved in between.

    `saved_form()` builds the form from the row as saved now (read again after the failed save),
    `page(merge)` renders the merge page for fields both people changed, and `row()` gives the row
    (for its version and for who saved it last).
    """

    row: Callable[[], Any]
    saved_form: Callable[[Any], Any]
    page: Callable[[MergeResult], str]


def save_form(
    form,
    save: Callable[[], Any],
    *,
    done: Target,
    message: Message,
    template: str | None = None,
    render: Callable[[], str] | None = None,
    versioned: Versioned | None = None,
    unique: dict[str, tuple[str, str]] | None = None,
    **context,
):
    """Validate `form`; on a valid submit run `save()`, commit, flash `message` and redirect to `done`.

    `message` and `done` may be callables of what `save()` returned. The page is `render()` (default:
    `template` with the form and `context`), answered 422 when the form carries errors. A versioned
    form (`versioned`) that lost a race goes through the three-way merge: saved at once when no field
    was changed by both people, else the merge page (409). `unique` maps a column whose unique key a
    concurrent request may take first to the form field and message it concerns (any other constraint
    that a concurrent change breaks gives a message at the top of the form). A refused save leaves the
    service's ValidationError in `form.refusal`, for pages that show more than messages.
    """
    if not form.validate_on_submit():
        return _form_page(form, template, render, context)
    merged = None
    if versioned is not None and apply_choices(form, versioned.saved_form(versioned.row())):
        merged = MergeResult()
    for _attempt in range(2):
        try:
            result = _commit(save)
        except ValidationError as error:
            form.refusal = error
            apply_to_form(form, error)
        except (EditConflict, StaleDataError):
            if versioned is None:
                raise
            row = versioned.row()
            merged = three_way(form, versioned.saved_form(row), row.version)
            if merged.conflicts:
                return versioned.page(_with_author(merged, row)), 409
            continue  # nothing both changed: save the merged values on the current version
        except IntegrityError as error:
            _integrity_error(form, error, unique or {})
        except OperationalError as error:
            if not is_busy(error):
                raise
            current_app.logger.warning("save refused by a concurrent one: %s", error.orig)
            apply_to_form(form, ValidationError.single(None, CHANGED_MEANWHILE))
            return _form_page(form, template, render, context, status=409)
        else:
            flash(_resolve(message, result), "success")
            if merged is not None and merged.taken_from_them:
                flash(
                    _(
                        "Toinen käyttäjä oli tallentanut välillä muutoksia, ja ne säilyivät: %(fields)s.",
                        fields=", ".join(merged.taken_from_them),
                    ),
                    "info",
                )
            return redirect(_resolve(done, result))
        break
    else:
        # Saved over again while this one merged: the person checks the values now saved and sends again.
        apply_to_form(form, ValidationError.single(None, CHANGED_MEANWHILE))
        return _form_page(form, template, render, context, status=409)
    return _form_page(form, template, render, context)


def _form_page(form, template, render, context, status: int | None = None):
    body = render() if render is not None else render_template(template, form=form, **context)
    return body, status or (422 if form.errors else 200)


def _with_author(merged: MergeResult, row) -> MergeResult:
    event = last_change(type(row).__name__, row.id)
    if event is not None:
        merged.saved_by = event.actor.name if event.actor else None
        merged.saved_at = event.at
    return merged


def run_confirmed(
    form, run: Callable[[], Any], *, done: Target, message: Message, refused: Callable[[], str] | None = None
):
    """A button that changes data (end, remove, delete): run it once its confirmation form is valid.

    A rule that refuses the change is flashed as an error, on the page `refused()` renders (422) or
    back at `done`; so is a concurrent change that got there first (`done` is then called with None).
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
        except (IntegrityError, StaleDataError, OperationalError) as error:
            # A concurrent request changed the same rows first (two people pressing the same button).
            if isinstance(error, OperationalError) and not is_busy(error):
                raise
            current_app.logger.warning("button refused by a concurrent change: %s", error)
            flash(str(CHANGED_MEANWHILE), "danger")
            result = None
        else:
            flash(_resolve(message, result), "success")
    return redirect(_resolve(done, result))
