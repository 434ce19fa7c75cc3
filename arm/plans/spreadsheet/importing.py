"""Importing a plan by reference: a preview says what the file would change, its confirmation does it.

Each row of a checked file is one of four kinds:
- new: no reference; flagged as a probable duplicate when an action of the same subgroup (or an
  earlier new row) has the same title;
- unchanged: it names an action of the case and carries its saved values;
- updated: it names an action saved at the version the file was exported at, and changes something;
- conflicting: it changes something, but the action has been saved since the export. It is never
  written over: the preview shows which fields differ, and a new export gives a file to retry with.
The upload is kept as a `PendingImport` until its uploader confirms the preview or it expires.
"""

import enum
import hashlib
import json
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, delete, or_, select
from sqlalchemy.orm.exc import StaleDataError

from arm.auth.models import User
from arm.cases.models import Case, Membership, Organisation
from arm.core.audit import last_change
from arm.core.errors import EditConflict, ValidationError
from arm.core.merge import display
from arm.core.models import AuditEvent, utcnow
from arm.extensions import db
from arm.plans import services
from arm.plans.models import ACTION_FIELDS, Action, Funder, PendingImport, Subgroup
from arm.plans.spreadsheet.reading import PlanRow, read_plan

COMPARED = (*ACTION_FIELDS, "funders")


class RowKind(enum.Enum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICTING = "conflicting"


class PreviewOutdated(ValidationError):
    """The plan changed between the preview and its confirmation (or during it): nothing was stored."""

    def __init__(self):
        super().__init__(
            [
                (
                    None,
                    _(
                        "Suunnitelmaa muutettiin esikatselun jälkeen, joten mitään ei tallennettu. "
                        "Tarkista päivitetty esikatselu ja vahvista tuonti uudelleen."
                    ),
                )
            ]
        )


def gone_message() -> str:
    return _("Tämä tuonti on jo tehty tai sen esikatselu on vanhentunut. Lataa tiedosto uudelleen.")


@dataclass
class FieldDifference:
    label: str
    in_file: str
    saved: str


@dataclass
class RowOutcome:
    """What the import does with one row of the file."""

    row: PlanRow
    kind: RowKind
    changes: list[str] = field(default_factory=list)  # the fields whose value differs from the saved one
    duplicate_of: Action | None = None  # an action of the same subgroup with the same title
    duplicate_row: int | None = None  # an earlier new row of the file with the same subgroup and title

    @property
    def number(self) -> int:
        return self.row.number

    @property
    def title(self) -> str:
        return self.row.title

    @property
    def action(self) -> Action | None:
        return self.row.action

    @property
    def is_probable_duplicate(self) -> bool:
        return self.duplicate_of is not None or self.duplicate_row is not None

    def values(self) -> tuple[dict, list[Funder]]:
        """What an update saves: the file's value of each changed field, the saved value of the rest."""
        action = self.row.action
        data = {key: self.row.data[key] if key in self.changes else getattr(action, key) for key in ACTION_FIELDS}
        return data, self.row.funders if "funders" in self.changes else action.funders

    @property
    def changed_labels(self) -> list[str]:
        return [_label(key) for key in self.changes]

    def differences(self) -> list[FieldDifference]:
        """The changed fields as the UI shows them: in the file, and as saved now."""
        mine, saved = _in_file(self.row), _saved(self.row.action)
        return [FieldDifference(_label(key), _shown(key, mine[key]), _shown(key, saved[key])) for key in self.changes]

    def last_saved(self) -> AuditEvent | None:
        return last_change("Action", self.row.action.id) if self.row.action is not None else None


@dataclass
class ImportPreview:
    rows: list[RowOutcome]

    def _of(self, kind: RowKind) -> list[RowOutcome]:
        return [r for r in self.rows if r.kind is kind]

    @property
    def new(self) -> list[RowOutcome]:
        return self._of(RowKind.NEW)

    @property
    def updated(self) -> list[RowOutcome]:
        return self._of(RowKind.UPDATED)

    @property
    def unchanged(self) -> list[RowOutcome]:
        return self._of(RowKind.UNCHANGED)

    @property
    def conflicting(self) -> list[RowOutcome]:
        return self._of(RowKind.CONFLICTING)

    @property
    def duplicates(self) -> list[RowOutcome]:
        return [r for r in self.new if r.is_probable_duplicate]

    @property
    def fingerprint(self) -> str:
        """Changes whenever the preview would: the confirmation stores only what the person saw."""
        facts = [
            [
                r.number,
                r.kind.value,
                r.action.id if r.action else None,
                r.action.version if r.action else None,
                r.duplicate_of.id if r.duplicate_of else None,
                r.duplicate_row,
                r.changes,
            ]
            for r in self.rows
        ]
        return hashlib.sha256(json.dumps(facts).encode()).hexdigest()[:32]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    conflicting: int = 0
    skipped_duplicates: int = 0


def _saved(action: Action) -> dict:
    return {key: getattr(action, key) for key in ACTION_FIELDS} | {"funders": action.funders}


def _in_file(row: PlanRow) -> dict:
    return row.data | {"funders": row.funders}


def _normal_text(value) -> str:
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _same(key: str, mine, saved) -> bool:
    if key in ("title", "description"):
        return _normal_text(mine) == _normal_text(saved)  # a sheet keeps neither \r\n nor outer spaces
    if key == "funders":
        return sorted(f.name for f in mine) == sorted(f.name for f in saved)
    return mine == saved


def changed_fields(row: PlanRow) -> list[str]:
    mine, saved = _in_file(row), _saved(row.action)
    return [key for key in COMPARED if not _same(key, mine[key], saved[key])]


def _title_key(title: str) -> str:
    return " ".join(title.split()).casefold()


def classify(case: Case, rows: list[PlanRow]) -> ImportPreview:
    """Sort the checked rows of a file into new, updated, unchanged and conflicting ones."""
    existing = {}
    for action in db.session.scalars(select(Action).where(Action.case_id == case.id).order_by(Action.id)):
        existing.setdefault((action.subgroup_id, _title_key(action.title)), action)
    new_rows: dict[tuple, int] = {}
    outcomes = []
    for row in rows:
        if row.action is None:
            key = (row.data["subgroup_id"], _title_key(row.title))
            outcomes.append(
                RowOutcome(row, RowKind.NEW, duplicate_of=existing.get(key), duplicate_row=new_rows.get(key))
            )
            new_rows.setdefault(key, row.number)
            continue
        changes = changed_fields(row)
        if not changes:
            kind = RowKind.UNCHANGED
        elif row.version < row.action.version:
            kind = RowKind.CONFLICTING
        else:
            kind = RowKind.UPDATED
        outcomes.append(RowOutcome(row, kind, changes))
    return ImportPreview(outcomes)


def _label(key: str) -> str:
    return str(Action.audit_fields["funding_sources" if key == "funders" else key])


def _shown(key: str, value) -> str:
    if value is not None and key == "subgroup_id":
        value = db.session.get(Subgroup, value).name
    elif value is not None and key == "owner_organisation_id":
        value = db.session.get(Organisation, value).name
    elif value is not None and key == "owner_id":
        value = db.session.get(Membership, value).user.name
    return display(None, value)


# The upload between its preview and its confirmation


def _valid_since():
    return utcnow() - timedelta(minutes=current_app.config["IMPORT_PREVIEW_VALID_MINUTES"])


def stage_import(case: Case, user: User, filename: str, content: bytes) -> PendingImport:
    """Check the file (ImportRejected with every problem) and keep it for its preview.

    A person has one upload waiting per case: an earlier one is dropped, and so is every expired one.
    """
    read_plan(case, content)
    db.session.execute(
        delete(PendingImport).where(
            or_(
                PendingImport.created_at < _valid_since(),
                and_(PendingImport.case_id == case.id, PendingImport.user_id == user.id),
            )
        )
    )
    pending = PendingImport(
        token=secrets.token_urlsafe(32),
        case_id=case.id,
        user_id=user.id,
        filename=(filename or "")[:255],
        content=content,
    )
    db.session.add(pending)
    db.session.flush()
    return pending


def find_pending(case: Case, user: User, token: str) -> PendingImport | None:
    """The person's own upload waiting in this case, unless it has expired."""
    return db.session.scalar(
        select(PendingImport).where(
            PendingImport.token == token,
            PendingImport.case_id == case.id,
            PendingImport.user_id == user.id,
            PendingImport.created_at >= _valid_since(),
        )
    )


def preview_import(case: Case, pending: PendingImport) -> ImportPreview:
    """What the upload would do now (ImportRejected when the plan changed so that a row no longer fits)."""
    return classify(case, read_plan(case, pending.content))


def confirm_import(case: Case, author: User, token: str, expected: str, *, skip_duplicates: bool) -> ImportResult:
    """Store what the preview showed, all in one transaction: create the new rows (less the probable
    duplicates when asked), update the updated ones through `update_action`'s version check, skip the
    unchanged and the conflicting ones.

    When the preview would now differ from the one confirmed (`expected` is its fingerprint) because
    someone saved an action meanwhile — even between this check and the write — PreviewOutdated:
    nothing is stored, and the new preview shows the row as conflicting.
    """
    pending = find_pending(case, author, token)
    if pending is None:
        raise ValidationError.single(None, gone_message())
    preview = preview_import(case, pending)
    if preview.fingerprint != expected:
        raise PreviewOutdated()
    result = ImportResult(conflicting=len(preview.conflicting))
    try:
        for outcome in preview.rows:
            if outcome.kind is RowKind.NEW:
                if skip_duplicates and outcome.is_probable_duplicate:
                    result.skipped_duplicates += 1
                    continue
                services.create_action(case, outcome.row.data, outcome.row.funders, checked=True)
                result.created += 1
            elif outcome.kind is RowKind.UPDATED:
                data, funders = outcome.values()
                services.update_action(outcome.action, author, outcome.row.version, data, funders)
                result.updated += 1
        # The upload is used up by its import: a second confirmation (a double click, another tab)
        # waits for this one's row lock, then finds nothing to delete and stores nothing.
        if db.session.execute(delete(PendingImport).where(PendingImport.id == pending.id)).rowcount != 1:
            raise ValidationError.single(None, gone_message())
        db.session.flush()
    except (EditConflict, StaleDataError):
        raise PreviewOutdated() from None
    return result
