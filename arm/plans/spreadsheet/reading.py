"""Reading an uploaded plan: every row is checked before anything is imported, so that a file is
imported whole or not at all. A row with a reference ("Tunniste") names an action of this case;
the columns it carries replace that action's values, the columns the file leaves out keep them."""

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from arm.auth.models import User
from arm.cases.models import Case, CaseOrganisation, Membership, Organisation
from arm.core.errors import ValidationError
from arm.core.i18n import format_decimal
from arm.core.input import text_problem
from arm.exports.table import Cell, Column
from arm.extensions import db
from arm.plans import services
from arm.plans.models import ACTION_FIELDS, Action, ActionStatus, Funder, Horizon, Subgroup
from arm.plans.spreadsheet import cells, sheet
from arm.plans.spreadsheet.archive import ArchiveLimits, UnreadableWorkbook, check_archive
from arm.plans.spreadsheet.columns import ENUMS, REQUIRED, header, header_lookup, in_every_language

MAX_ROWS = 5000  # the default of IMPORT_MAX_ROWS
# A plan has 19 columns; a header beyond this is not one of them, and the rows are read no further right.
MAX_COLUMNS = 100
# The longest text a column takes (a description); a longer cell is refused before it is parsed further.
LONGEST_CELL = 20_000
# What a new row gets for a column the file leaves out or a cell left empty.
NEW_ACTION = dict.fromkeys(ACTION_FIELDS) | {"description": "", "status": ActionStatus.PLANNED, "progress": 0}


@dataclass
class RowError:
    row: int
    column: str
    message: str


class ImportRejected(ValidationError):
    """The file cannot be imported; `rows` lists every problem found (row 0: the file as a whole)."""

    def __init__(self, rows: list[RowError]):
        super().__init__(
            [("file", ngettext("Tiedostossa on %(num)s virhe.", "Tiedostossa on %(num)s virhettä.", len(rows)))]
        )
        self.rows = rows


@dataclass
class PlanRow:
    """One row of the file as action data: complete, with the named action's values where the file has none."""

    number: int
    data: dict
    funders: list[Funder]
    action: Action | None = None  # the action the row's reference names
    version: int | None = None  # the action's version when it was exported

    @property
    def title(self) -> str:
        return self.data["title"]


# Labels members had before they were renamed, so that a file exported then still imports.
FORMER_LABELS = {"pitkä aikaväli": Horizon.LONG, "lång sikt": Horizon.LONG, "long term": Horizon.LONG}


def _labels(enum_class) -> dict[str, object]:
    """Each member by its label in every language of the app (and a former one), and by its name."""
    found = {label: member for label, member in FORMER_LABELS.items() if isinstance(member, enum_class)}
    for labels in in_every_language(lambda: {member.label.lower(): member for member in enum_class}):
        found.update(labels)
    found.update({member.name.lower(): member for member in enum_class})
    return found


class _References:
    """The case's actions, subgroups, organisations and people by the names a spreadsheet uses, loaded once."""

    def __init__(self, case: Case):
        self.actions = {a.id: a for a in db.session.scalars(select(Action).where(Action.case_id == case.id))}
        self.subgroups = {
            s.name.strip().lower(): s.id
            for s in db.session.scalars(select(Subgroup).where(Subgroup.case_id == case.id))
        }
        self.organisations = {
            name.strip().lower(): organisation_id
            for organisation_id, name in db.session.execute(
                select(Organisation.id, Organisation.name)
                .join(CaseOrganisation, CaseOrganisation.organisation_id == Organisation.id)
                .where(CaseOrganisation.case_id == case.id, CaseOrganisation.left_on.is_(None))
            )
        }
        self.people = {
            email.lower(): membership_id
            for membership_id, email in db.session.execute(
                select(Membership.id, User.email)
                .join(User, User.id == Membership.user_id)
                .where(Membership.case_id == case.id, Membership.is_current)
            )
        }
        self.enums = {field: _labels(enum_class) for field, enum_class in ENUMS.items()}
        self.funders = _labels(Funder)


# The category that state-funding proposals had before they became the plan's own section (migration 0007):
# its name, value and label in every language of the UI, lower case.
REMOVED_STATE_FUNDING = frozenset(
    {"state_funding", "valtion rahoitusehdotukset", "förslag till statlig finansiering", "proposals for state funding"}
)


def _parse_cells(values: dict, references: _References) -> tuple[dict, list[Funder], list[tuple[str, str]]]:
    """The values the row sets, by column key: a column the file leaves out, or an empty status or
    progress, sets nothing. Errors are (column key, message)."""
    data, errors = {}, []

    def fail(key: str, message: str) -> None:
        errors.append((key, message))

    for key in ("title", "description"):
        if key in values:
            data[key] = cells.text(values[key])  # checked as text already (`_text_problem`)
    for key in ENUMS:
        found = cells.text(values.get(key))
        if not found and key == "status":
            continue
        member = references.enums[key].get(found.lower())
        if member is None and key == "category" and found.lower() in REMOVED_STATE_FUNDING:
            fail(
                key,
                _(
                    "Valtion rahoitusehdotukset eivät ole enää toimenpiteiden luokka. Kirjaa ehdotus "
                    "suunnitelman kohtaan Valtion rahoitusehdotus ja poista rivi tiedostosta."
                ),
            )
        elif member is None:
            fail(key, _("Tuntematon arvo: %(value)s", value=found) if found else _("Pakollinen tieto puuttuu."))
        data[key] = member
    for key, lookup, message in (
        ("subgroup_id", references.subgroups, _("Tapauksessa ei ole tämännimistä alatyöryhmää.")),
        ("owner_organisation_id", references.organisations, _("Organisaatio ei ole tapauksen verkostossa.")),
        ("owner_id", references.people, _("Henkilö ei ole tapauksen verkostossa.")),
    ):
        if key not in values:
            continue
        found = cells.text(values[key]).lower()
        data[key] = lookup.get(found) if found else None
        if found and data[key] is None:
            fail(key, message)
    for key, parse in (
        ("starts_on", cells.day),
        ("due_on", cells.day),
        ("progress", cells.percent),
        ("expected_jobs", cells.integer),
        ("budget", cells.amount),
    ):
        if key not in values:
            continue
        try:
            data[key] = parse(values[key])
        except ValueError as error:
            fail(key, str(error))
            data[key] = None
    if data.get("progress", 0) is None:
        del data["progress"]  # empty: a new action starts at 0, an update keeps the saved value
    funders = []
    for name in filter(None, (part.strip() for part in cells.text(values.get("funders")).split(","))):
        funder = references.funders.get(name.lower())
        if funder is None:
            fail("funders", _("Tuntematon rahoittaja: %(value)s", value=name))
        else:
            funders.append(funder)
    return data, funders, errors


def _text_problem(cell, column: Column) -> str | None:
    """Why a text cell cannot be imported (too long, control characters, an identity code), naming the cell."""
    if not isinstance(cell.value, str):
        return None
    if len(cell.value) > LONGEST_CELL:
        return _("Solu %(cell)s on yli %(max)s merkkiä.", cell=cell.coordinate, max=format_decimal(LONGEST_CELL))
    problem = text_problem(cell.value, multiline=column.cell is Cell.LONG_TEXT)
    return _("Solu %(cell)s: %(problem)s", cell=cell.coordinate, problem=problem) if problem else None


class _RowReader:
    """Turns the sheet's rows into PlanRows, collecting every problem by row and column."""

    def __init__(self, case: Case, columns: list[Column], headers: list[str]):
        self.references = _References(case)
        self.columns = columns
        self.headers = dict(zip((c.key for c in columns), headers, strict=True))  # as the file writes them
        self.seen_references: dict[int, int] = {}
        self.errors: list[RowError] = []

    def header(self, key: str) -> str:
        """Where a problem is reported: the column as the file names it, else in the user's language."""
        return self.headers.get(key) or header(key)

    def read(self, number: int, row_cells: list) -> PlanRow:
        errors: list[tuple[str, str]] = []
        values = {}
        for column, cell in zip(self.columns, row_cells, strict=False):
            kind = getattr(cell, "data_type", None)
            problem = _text_problem(cell, column)
            if problem:
                errors.append((column.key, problem))
                values[column.key] = None
            elif kind == "f":
                errors.append((column.key, _("Kaavat eivät ole sallittuja; kirjoita arvo soluun.")))
            elif kind == "e":
                message = _("Solussa on virhearvo %(value)s; kirjoita arvo soluun.", value=cell.value)
                errors.append((column.key, message))
            elif column.cell is Cell.PERCENT:
                values[column.key] = cells.shown_percent(cell)
            else:
                values[column.key] = cell.value
        data, funders, problems = _parse_cells(values, self.references)
        errors += problems
        action, version = self._action(number, values, errors)
        if action is None:
            data = NEW_ACTION | data
        else:
            data = {key: getattr(action, key) for key in ACTION_FIELDS} | data
            if "funders" not in self.headers:
                funders = action.funders
        for key, message in services.action_field_errors(data):
            errors.append((key, message))
        first_by_key = {}  # a cell refused as text is not also reported as a missing or unknown value
        for key, message in errors:
            first_by_key.setdefault(key, message)
        self.errors += [RowError(number, self.header(key), message) for key, message in first_by_key.items()]
        return PlanRow(number, data, funders, action, version)

    def _action(self, number: int, values: dict, errors: list) -> tuple[Action | None, int | None]:
        """The action the row's reference names, and the version it was exported at."""
        try:
            action_id = cells.reference(values.get("reference"))
        except ValueError as error:
            errors.append(("reference", str(error)))
            return None, None
        if action_id is None:
            return None, None  # a new action; a version without a reference means nothing
        action = self.references.actions.get(action_id)
        if action is None:
            message = _(
                "Tapauksessa ei ole toimenpidettä tällä tunnisteella (se on poistettu tai toisen "
                "tapauksen). Tyhjennä tunniste, jos haluat tuoda rivin uutena toimenpiteenä."
            )
            errors.append(("reference", message))
            return None, None
        if action_id in self.seen_references:
            errors.append(
                ("reference", _("Sama tunniste on myös rivillä %(row)s.", row=self.seen_references[action_id]))
            )
        self.seen_references.setdefault(action_id, number)
        try:
            version = cells.version(values.get("version"))
        except ValueError as error:
            errors.append(("version", str(error)))
            return action, None
        if version is None:
            message = _(
                "Versio puuttuu. Vie suunnitelma uudelleen tai tyhjennä tunniste, jos haluat tuoda "
                "rivin uutena toimenpiteenä."
            )
            errors.append(("version", message))
        elif version > action.version:
            errors.append(
                ("version", _("Versio on uudempi kuin tallennettu; älä muuta viennin kirjoittamaa versiota."))
            )
        return action, version


def _refused(message: str) -> ImportRejected:
    return ImportRejected([RowError(0, "", message)])


def _too_many_rows(limit: int) -> ImportRejected:
    return _refused(_("Tiedostossa on yli %(max)s riviä.", max=format_decimal(limit)))


def _header_names(first_sheet, header_row: list[dict] | None) -> list[str]:
    """The header row's names, up to its last one; a name beyond MAX_COLUMNS refuses the file."""
    if header_row is None:
        return []
    if sheet.has_value_beyond(header_row, MAX_COLUMNS):
        raise _refused(_("Tiedostossa on yli %(max)s saraketta.", max=format_decimal(MAX_COLUMNS)))
    names = [cells.text(cell.value) for cell in sheet.cells(first_sheet, header_row, MAX_COLUMNS)]
    while names and not names[-1]:
        names.pop()
    return names


def read_plan(case: Case, content: bytes) -> list[PlanRow]:
    """Every row of the file as action data, or ImportRejected with every problem found.

    The archive is checked before openpyxl opens it, and the sheet is read as it streams: a row past the
    row limit stops the reading, wherever the file puts it."""
    max_rows = current_app.config["IMPORT_MAX_ROWS"]
    try:
        check_archive(content, ArchiveLimits.configured())
        workbook, first_sheet = sheet.open_workbook(content)
    except UnreadableWorkbook as error:
        raise _refused(str(error)) from None
    try:
        if first_sheet is None:
            raise _refused(_("Työkirjassa ei ole yhtään taulukkoa."))
        rows = sheet.rows(first_sheet)
        number, header_row = next(rows, (None, None))
        headers = _header_names(first_sheet, header_row if number == 1 else None)
        if not headers:
            raise _refused(_("Tiedosto on tyhjä."))
        lookup = header_lookup()
        columns = [lookup.get(h.casefold()) for h in headers]
        keys = [c.key for c in columns if c is not None]
        file_errors = [
            RowError(1, name[:100], _("Tuntematon sarake."))
            for name, c in zip(headers, columns, strict=True)
            if c is None
        ]
        file_errors += [
            RowError(1, header(key), _("Pakollinen sarake puuttuu.")) for key in REQUIRED if key not in keys
        ]
        if len(set(keys)) != len(keys):
            file_errors.append(RowError(1, "", _("Sama sarake on tiedostossa kahdesti.")))
        if file_errors:
            raise ImportRejected(file_errors)

        reader = _RowReader(case, columns, headers)
        parsed = []
        for number, found in rows:
            row_cells = sheet.cells(first_sheet, found, len(headers))
            if all(cell.value in (None, "") for cell in row_cells):
                continue
            if number > max_rows + 1:  # the header is row 1
                raise _too_many_rows(max_rows)
            parsed.append(reader.read(number, row_cells))
        if reader.errors:
            raise ImportRejected(reader.errors)
        if not parsed:
            raise _refused(_("Tiedostossa ei ole yhtään toimenpideriviä."))
        return parsed
    except UnreadableWorkbook as error:
        raise _refused(str(error)) from None
    finally:
        workbook.close()
