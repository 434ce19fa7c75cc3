"""Taking personal data out again: a value removed from its row and from every recorded change of it.

The GDPR's right to rectification and erasure meets an audit trail that must stay trustworthy: a
redaction blanks the value wherever the history holds it, and records that a redaction happened —
which field of which row, by whom and when — never what was removed. A row whose field was changed
again since keeps its current value; only the redacted value is blanked.
"""

from sqlalchemy import Enum, String, select, update

from arm.core.audit import AUDITED_MODELS, current_actor_id, plain_value
from arm.core.models import AuditEvent, utcnow
from arm.extensions import db

# Key in AuditEvent.changes listing the fields whose values a redaction removed from that event.
REDACTED = "__redacted__"


def is_redactable(entity: str, field: str) -> bool:
    """Whether the field's value can be blanked in its row: a field that may be empty, or required text
    (blanked to ""). A required choice, number, date or reference has no blank (a 500 after the flush)."""
    model = AUDITED_MODELS.get(entity)
    column = model.__table__.columns.get(field) if model is not None else None
    if column is None:
        return False
    required_text = isinstance(column.type, String) and not isinstance(column.type, Enum) and not column.foreign_keys
    return column.nullable or required_text


def redact(entity: str, entity_id: int, field: str, value, case_id: int | None) -> int:
    """Remove `value` of `field` from the row `entity`#`entity_id` and its history; the number of events blanked."""
    removed = plain_value(value)
    if removed in (None, ""):
        return 0
    model = AUDITED_MODELS[entity]
    row = db.session.get(model, entity_id)
    if row is not None and plain_value(getattr(row, field)) == removed:
        _blank_in_row(model, row, field)
    # Read the history only now: blanking the row above took the write lock, so a concurrent edit either
    # committed before (and its event is blanked here) or waits and then finds the row's version moved on.
    blanked = 0
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
    ).all()
    for event in events:
        values = event.changes.get(field)
        if values and removed in values:
            changes = dict(event.changes)
            changes[field] = [None if v == removed else v for v in values]
            changes[REDACTED] = sorted({*changes.get(REDACTED, []), field})
            event.changes = changes
            blanked += 1
        if isinstance(removed, str) and removed in event.label:
            event.label = event.label.replace(removed, "…")
    db.session.add(
        AuditEvent(
            case_id=case_id,
            actor_id=current_actor_id(),
            at=utcnow(),
            entity=entity,
            entity_id=entity_id,
            label=(str(row.audit_label) if row is not None else "")[:300],
            action="redact",
            changes={field: [None, None], REDACTED: [field]},
        )
    )
    db.session.flush()
    return blanked


def _blank_in_row(model, row, field: str) -> None:
    """Blank the field with a Core update, so that the audit hook does not record the removed value as
    the old one; only while the row still holds it, and moving a versioned row's version on, so that an
    edit opened before cannot bring the value back unseen (it meets the three-way merge instead)."""
    table = model.__table__
    column = table.columns[field]
    values = {field: None if column.nullable else ""}
    version = model.__mapper__.version_id_col
    if version is not None:
        values[version.key] = version + 1
    db.session.execute(update(table).where(table.c.id == row.id, column == getattr(row, field)).values(values))
    db.session.expire(row)
