"""How recorded changes read: the names of the rows they refer to, labels in the reader's language,
amounts and dates in the reader's format, and none of the keys that only tie rows together.

A column reads by its type unless its model says otherwise in `audit_reads` (see `Audited`): a foreign
key to an audited model reads as that row's name, an enum by its label, an `Amount` as a number, a
date and a timestamp in the reader's format and time zone. The names a page needs are read in one
statement per referenced model, whatever the number of events.
"""

import enum
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, Date, DateTime, Enum, String, TypeDecorator, literal, select, union_all

from arm.core.audit import AUDITED_MODELS, entity_label, field_label
from arm.core.i18n import format_currency, format_date, format_datetime, format_decimal
from arm.core.models import Amount, AuditEvent
from arm.extensions import db

YES, NO, EMPTY = _l("kyllä"), _l("ei"), "–"
DELETED = _l("(poistettu)")
# Columns that only say which case a row is in: every event on a case's pages already is.
CONTEXT_COLUMNS = frozenset({"case_id"})


class Reading:
    """How the values of one column read; `text` gets the names of referenced rows from `names`."""

    refers_to: str | None = None  # the audited model whose rows the column names by id

    def text(self, value: Any, names: "Names") -> str:
        return str(value)


class Hidden(Reading):
    """A key that only ties rows together or repeats what the event says (its time, its author)."""


class Text(Reading):
    pass


class Flag(Reading):
    def text(self, value, names):
        return str(YES if value else NO)


class Number(Reading):
    """An amount in a unit the row names (hours, m²): grouped and with decimals as the reader writes them."""

    def text(self, value, names):
        try:
            return format_decimal(Decimal(str(value)))
        except InvalidOperation:
            return str(value)


class Money(Reading):
    """Euros, always with cents."""

    def text(self, value, names):
        try:
            return format_currency(Decimal(str(value)), "EUR")
        except InvalidOperation:
            return str(value)


class Day(Reading):
    def text(self, value, names):
        try:
            return format_date(date.fromisoformat(str(value)))
        except ValueError:
            return str(value)


class Moment(Reading):
    """A timestamp recorded in UTC, read in the reader's time zone."""

    def text(self, value, names):
        try:
            return format_datetime(datetime.fromisoformat(str(value)), "short")
        except ValueError:
            return str(value)


@dataclass(frozen=True)
class Choice(Reading):
    """An enum member, recorded by its value or its name, read by its label."""

    enum_class: type[enum.Enum]

    def member(self, value):
        try:
            return self.enum_class(value)
        except ValueError:
            return self.enum_class.__members__.get(str(value))

    def text(self, value, names):
        member = self.member(value)
        return str(getattr(member, "label", member.name)) if member is not None else str(value)


@dataclass(frozen=True)
class Choices(Choice):
    """Enum members kept as a comma-separated list of names in one text column."""

    def text(self, value, names):
        return ", ".join(Choice.text(self, part, names) for part in str(value).split(",") if part) or EMPTY


@dataclass(frozen=True)
class Ref(Reading):
    """The id of a row of another audited model, read as that row's name."""

    model: str

    @property
    def refers_to(self) -> str:
        return self.model

    def text(self, value, names):
        return names.name(self.model, value)


@cache
def readings(entity: str) -> dict[str, Reading]:
    """How each recorded column of an audited model reads: its own declaration, else what its type tells."""
    model = AUDITED_MODELS.get(entity)
    if model is None:
        return {}
    by_table = {m.__tablename__: name for name, m in AUDITED_MODELS.items() if hasattr(m, "__tablename__")}
    found: dict[str, Reading] = {}
    for column in model.__table__.columns:
        found[column.key] = _reading_of_column(column, by_table)
    return found | dict(model.audit_reads)


# Column types (of the type a column stores, under any TypeDecorator) and how their values read.
BY_TYPE = ((DateTime, Moment), (Date, Day), (Boolean, Flag))


def _reading_of_column(column, by_table: dict[str, str]) -> Reading:
    if column.key in CONTEXT_COLUMNS:
        return Hidden()
    if column.foreign_keys:
        target = next(iter(column.foreign_keys)).column.table.name
        return Ref(by_table[target]) if target in by_table else Hidden()
    if isinstance(column.type, Amount):
        return Number()
    stored = column.type.impl_instance if isinstance(column.type, TypeDecorator) else column.type
    if isinstance(stored, Enum) and stored.enum_class is not None:
        return Choice(stored.enum_class)
    return next((kind() for sql_type, kind in BY_TYPE if isinstance(stored, sql_type)), Text())


def reading(entity: str, field_name: str) -> Reading:
    return readings(entity).get(field_name, Text())


class Names:
    """The names of the rows that a set of events refers to, read in one statement per model.

    A row gone since reads as the label its own events last recorded (from this case's history only),
    marked deleted.
    """

    def __init__(self, wanted: dict[str, set], case_id: int | None):
        self.case_id = case_id
        wanted_ids: dict[str, set] = {}
        missing: dict[str, set] = {}
        for entity, recorded in wanted.items():
            ids = {int(i) for i in recorded if isinstance(i, int) or (isinstance(i, str) and i.isdigit())}
            if not ids:
                continue
            wanted_ids[entity] = ids
        self.found = self._names(wanted_ids)
        for entity, ids in wanted_ids.items():
            if gone := ids - self.found.get(entity, {}).keys():
                missing[entity] = gone
        self.gone = self._last_labels(missing)

    @staticmethod
    def _names(wanted: dict[str, set]) -> dict[str, dict]:
        """One statement for every model: a union of each model's own `audit_name_select`."""
        if not wanted:
            return {}
        parts = [
            select(literal(entity, String).label("entity"), *AUDITED_MODELS[entity].audit_name_select(ids).subquery().c)
            for entity, ids in wanted.items()
        ]
        found: dict[str, dict] = defaultdict(dict)
        for entity, row_id, name, detail in db.session.execute(union_all(*parts)):
            found[entity][row_id] = AUDITED_MODELS[entity].audit_name_text(name, detail)
        return found

    def _last_labels(self, missing: dict[str, set]) -> dict[tuple[str, int], str]:
        if not missing or self.case_id is None:
            return {}
        rows = db.session.execute(
            select(AuditEvent.entity, AuditEvent.entity_id, AuditEvent.label)
            .where(
                AuditEvent.case_id == self.case_id,
                AuditEvent.entity.in_(missing),
                AuditEvent.entity_id.in_({i for ids in missing.values() for i in ids}),
            )
            .order_by(AuditEvent.id)
        ).all()
        return {(entity, entity_id): label for entity, entity_id, label in rows if entity_id in missing[entity]}

    def name(self, entity: str, row_id) -> str:
        try:
            row_id = int(row_id)
        except (TypeError, ValueError):
            return str(row_id)
        if (name := self.found.get(entity, {}).get(row_id)) is not None:
            return name
        label = self.gone.get((entity, row_id))
        return f"{label} {DELETED}" if label and not label.startswith("#") else str(DELETED)

    def has(self, entity: str, row_id) -> bool:
        return row_id in self.found.get(entity, {})


@dataclass
class ReadableChange:
    field: str
    label: str
    old: str
    new: str
    # The recorded values, for the redaction form (which names a value by its field and place).
    values: list = field(default_factory=list)


@dataclass
class ReadableEvent:
    event: AuditEvent
    entity_name: str
    subject: str  # which row: its recorded label, or its name now when the label was a translated word
    changes: list[ReadableChange]


def value_text(entity: str, field_name: str, value: Any, names: Names) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return str(YES if value else NO)
    return reading(entity, field_name).text(value, names)


def read_events(
    events: list[AuditEvent], case_id: int | None, skip: frozenset[str] = frozenset()
) -> list[ReadableEvent]:
    """The events as a person reads them; `skip` leaves out fields the page shows otherwise."""
    wanted: dict[str, set] = defaultdict(set)
    for event in events:
        for key, values in event.changes.items():
            if (target := reading(event.entity, key).refers_to) is not None and isinstance(values, list):
                wanted[target].update(v for v in values if v is not None)
        model = AUDITED_MODELS.get(event.entity)
        if model is not None and model.audit_label_is_translated and event.entity_id is not None:
            wanted[event.entity].add(event.entity_id)
    names = Names(wanted, case_id)
    return [_read_event(event, names, skip) for event in events]


def _read_event(event: AuditEvent, names: Names, skip: frozenset[str]) -> ReadableEvent:
    model = AUDITED_MODELS.get(event.entity)
    subject = event.label
    if model is not None and model.audit_label_is_translated and names.has(event.entity, event.entity_id):
        subject = names.name(event.entity, event.entity_id)
    changes = []
    for key, values in event.changes.items():
        if key.startswith("__") or key in skip or isinstance(reading(event.entity, key), Hidden):
            continue
        old, new = [*values, None, None][:2] if isinstance(values, list) else (None, values)
        changes.append(
            ReadableChange(
                field=key,
                label=field_label(event.entity, key),
                old=value_text(event.entity, key, old, names),
                new=value_text(event.entity, key, new, names),
                values=[old, new],
            )
        )
    return ReadableEvent(event=event, entity_name=entity_label(event.entity), subject=subject, changes=changes)
