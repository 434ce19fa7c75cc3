"""Field-level audit trail: every flush of an `Audited` row writes an AuditEvent in the same transaction."""

import enum
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask import g, has_request_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import String, cast, event, insert, inspect, null, select
from sqlalchemy.orm import Session, joinedload

from arm.core.models import AuditEvent, utcnow
from arm.extensions import db

# Columns whose values never belong in an audit trail (secrets) or only add noise.
NEVER_AUDITED = frozenset({"id", "version", "created_at", "updated_at", "password_hash"})


AUDITED_MODELS: dict[str, type] = {}
ACTION_LABELS = {
    "create": _l("Lisäys"),
    "update": _l("Muutos"),
    "delete": _l("Poisto"),
    "redact": _l("Tietojen poisto (tietosuoja)"),
}


class Audited:
    """Mixin for rows whose every create, update and delete is recorded.

    `audit_case_id` ties the event to a case's history; rows that are not case-owned
    (the organisation registry, users) are recorded with no case. `audit_ignore` names
    columns that change as a side effect of use (a last sign-in time) and are not recorded.
    """

    audit_ignore: frozenset[str] = frozenset()
    audit_name: str = ""  # the entity's name in the UI (a lazy translation)
    audit_fields: dict = {}  # column -> its name in the UI
    # Column -> how its recorded values read (a `core.history.Reading`), where the column's type does not
    # tell: euros, a list of enum names in a text column, a key that only repeats what the event says.
    audit_reads: dict = {}
    # The column that names a row where another row refers to it (default: name, title or description).
    audit_name_column: str = ""
    # The recorded label is a translated word (a funder, a role): pages read the row's label anew in the
    # reader's language while the row exists.
    audit_label_is_translated: bool = False

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        AUDITED_MODELS[cls.__name__] = cls

    @property
    def audit_case_id(self) -> int | None:
        return getattr(self, "case_id", None)

    @property
    def audit_label(self) -> str:
        return f"#{self.id}"

    @classmethod
    def audit_name_select(cls, ids: set[int]):
        """The rows' `(id, name, detail)` as text, for the names recorded changes refer to.

        The history reads the names of every model a page refers to in one statement (a union of
        these); `audit_name_text` turns a row's name and detail into what the reader sees.
        """
        columns = cls.__table__.columns
        key = cls.audit_name_column or next((k for k in ("name", "title", "description") if k in columns), "id")
        # Cast in SQL: every part of the union must hand over text, on PostgreSQL too.
        # Labelled, so that a model named by its id (no name column) hands over two distinct columns.
        name, detail = cast(columns[key], String).label("name"), cast(null(), String).label("detail")
        return select(cls.id.label("id"), name, detail).where(cls.id.in_(ids))

    @classmethod
    def audit_name_text(cls, name, detail) -> str:
        return name if name is not None else ""

    @classmethod
    def audit_facts(cls, connection, rows: list) -> list[tuple[int | None, str]]:
        """Each row's case and label for its audit event, for all the rows of one flush at once.

        Rows whose label names a related row (a member's name, an organisation's name) override this
        to read those names in one statement instead of one lazy load per row.
        """
        return [(row.audit_case_id, str(row.audit_label)) for row in rows]


def facts_named_by(connection, rows: list, key: str, id_column, name_column) -> list[tuple[int | None, str]]:
    """`audit_facts` of link rows labelled by the name of the row their column `key` points at."""
    names = names_by_id(connection, id_column, name_column, [getattr(r, key) for r in rows])
    return [(r.case_id, names.get(getattr(r, key), f"#{getattr(r, key)}")) for r in rows]


def names_by_id(connection, id_column, name_column, ids) -> dict:
    """`{id: name}` for the given ids in one statement (for `audit_facts`)."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(connection.execute(select(id_column, name_column).where(id_column.in_(ids))).all())


def plain_value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _column_changes(obj: Audited, action: str) -> dict[str, list]:
    state = inspect(obj)
    changes = {}
    for attr in state.mapper.column_attrs:
        if attr.key in NEVER_AUDITED or attr.key in obj.audit_ignore:
            continue
        if action in ("create", "delete"):
            # state.dict holds what is loaded without touching the database (a deleted row is gone).
            value = state.dict.get(attr.key)
            if value is not None and value != "":
                changes[attr.key] = [None, plain_value(value)] if action == "create" else [plain_value(value), None]
            continue
        history = state.attrs[attr.key].history
        if history.added or history.deleted:
            old = history.deleted[0] if history.deleted else state.info.get("audit_old", {}).get(attr.key)
            new = history.added[0] if history.added else None
            if plain_value(old) != plain_value(new):
                changes[attr.key] = [plain_value(old), plain_value(new)]
    return changes


def _load_old_values(session: Session, flush_context, instances) -> None:
    """Read what a flush is about to overwrite or delete when the session no longer holds it.

    After a commit every attribute is expired, so assigning to one leaves no old value in its
    history; without this the trail would say "None → new".
    """
    with session.no_autoflush:
        for obj in session.deleted:
            if isinstance(obj, Audited):
                for attr in inspect(obj).mapper.column_attrs:
                    getattr(obj, attr.key)
        for obj in session.dirty:
            if not isinstance(obj, Audited):
                continue
            state = inspect(obj)
            unknown = [
                attr
                for attr in state.mapper.column_attrs
                if (history := state.attrs[attr.key].history).added and not history.deleted and not history.unchanged
            ]
            if unknown and state.identity:
                row = session.execute(
                    select(*[attr.columns[0] for attr in unknown]).where(
                        state.mapper.primary_key[0] == state.identity[0]
                    )
                ).one_or_none()
                if row is not None:
                    state.info["audit_old"] = {attr.key: value for attr, value in zip(unknown, row)}


def current_actor_id() -> int | None:
    if has_request_context() and current_user and current_user.is_authenticated and not g.get(_WITHOUT_ACTOR):
        return current_user.id
    return None


_WITHOUT_ACTOR = "arm_audit_without_actor"


@contextmanager
def recorded_without_actor():
    """Changes flushed inside are recorded with no author: a declined invitation must not tell the case's
    coordinators whose account the invited address belongs to."""
    previous = g.get(_WITHOUT_ACTOR, False)
    setattr(g, _WITHOUT_ACTOR, True)
    try:
        yield
    finally:
        setattr(g, _WITHOUT_ACTOR, previous)


def _record_changes(session: Session, flush_context) -> None:
    changed: dict[tuple[str, type], list] = {}
    for action, objects in (("create", session.new), ("update", session.dirty), ("delete", session.deleted)):
        for obj in objects:
            if isinstance(obj, Audited):
                changed.setdefault((action, type(obj)), []).append(obj)
    connection = session.connection()
    # A case deleted in this flush takes its history with it; the deletion itself is kept without a case.
    deleted_cases = {obj.id for obj in session.deleted if getattr(obj, "audit_is_case", False)}
    rows = []
    for (action, model), objects in changed.items():
        with_changes = [(obj, _column_changes(obj, action)) for obj in objects]
        with_changes = [(obj, changes) for obj, changes in with_changes if changes or action != "update"]
        if not with_changes:
            continue
        with session.no_autoflush:
            facts = model.audit_facts(connection, [obj for obj, _ in with_changes])
        for (obj, changes), (case_id, label) in zip(with_changes, facts):
            rows.append(
                {
                    "case_id": None if case_id in deleted_cases else case_id,
                    "actor_id": current_actor_id(),
                    "at": utcnow(),
                    "entity": model.__name__,
                    "entity_id": obj.id,
                    "label": label[:300],
                    "action": action,
                    "changes": changes,
                }
            )
    for obj in session.dirty:
        if isinstance(obj, Audited):
            inspect(obj).info.pop("audit_old", None)
    if rows:
        # Core insert on the flush's own connection: adding ORM objects during a flush is not allowed.
        connection.execute(insert(AuditEvent.__table__), rows)


def register_audit_hook() -> None:
    if not event.contains(Session, "after_flush", _record_changes):
        event.listen(Session, "before_flush", _load_old_values)
        event.listen(Session, "after_flush", _record_changes)


def last_change(entity: str, entity_id: int) -> AuditEvent | None:
    """The newest recorded change of one row, with who made it."""
    return db.session.scalar(
        select(AuditEvent)
        .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(1)
    )


def entity_label(entity: str) -> str:
    model = AUDITED_MODELS.get(entity)
    return str(model.audit_name) if model is not None and model.audit_name else entity


def field_label(entity: str, field: str) -> str:
    model = AUDITED_MODELS.get(entity)
    label = model.audit_fields.get(field) if model is not None else None
    return str(label) if label else field.replace("_", " ")
