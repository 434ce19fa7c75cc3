"""The action plan as a spreadsheet: Finnish column headers for export, and an import that checks
every row before it imports anything, so that a file is imported whole or not at all."""

import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import select

from arm.auth.models import User
from arm.cases.models import Case, CaseOrganisation, Membership, Organisation
from arm.core.errors import ValidationError
from arm.extensions import db
from arm.plans import services
from arm.plans.models import Action, ActionCategory, ActionStatus, Funder, Horizon, Subgroup, TargetGroup

MAX_ROWS = 5000

# header -> the Action field it carries; None marks columns that are exported for reading only.
COLUMNS = {
    "Otsikko": "title",
    "Kuvaus": "description",
    "Luokka": "category",
    "Aikajänne": "horizon",
    "Kohderyhmä": "target_group",
    "Alatyöryhmä": "subgroup",
    "Vastuuorganisaatio": "owner_organisation",
    "Vastuuhenkilö": None,
    "Vastuuhenkilön sähköposti": "owner_email",
    "Alkaa": "starts_on",
    "Valmis viimeistään": "due_on",
    "Tila": "status",
    "Edistyminen (%)": "progress",
    "Odotetut työpaikat": "expected_jobs",
    "Budjetti (€)": "budget",
    "Rahoituslähteet": "funders",
    "Myöhässä": None,
}
REQUIRED = ("Otsikko", "Luokka", "Aikajänne", "Kohderyhmä")
ENUMS = {
    "category": ActionCategory,
    "horizon": Horizon,
    "target_group": TargetGroup,
    "status": ActionStatus,
}


def export_rows(actions: list[Action]) -> tuple[list[str], list[list]]:
    """The plan with the import's Finnish headers and labels, whatever the exporter's UI language."""
    with force_locale("fi"):
        rows = [
            [
                a.title,
                a.description,
                a.category.label,
                a.horizon.label,
                a.target_group.label,
                a.subgroup.name if a.subgroup else "",
                a.owner_organisation.name if a.owner_organisation else "",
                a.owner.user.name if a.owner else "",
                a.owner.user.email if a.owner else "",
                a.starts_on,
                a.due_on,
                a.status.label,
                a.progress,
                a.expected_jobs,
                float(a.budget) if a.budget is not None else None,
                ", ".join(f.label for f in a.funders),
                "kyllä" if a.is_overdue else "ei",
            ]
            for a in actions
        ]
    return list(COLUMNS), rows


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


def _labels(enum_class) -> dict[str, object]:
    with force_locale("fi"):
        found = {member.label.lower(): member for member in enum_class}
    found.update({member.name.lower(): member for member in enum_class})
    return found


class _References:
    """The case's subgroups, organisations and people by the names a spreadsheet uses, loaded once."""

    def __init__(self, case: Case):
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


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d.%m.%Y").date()):
        try:
            return parse(text)
        except ValueError:
            continue
    raise ValueError(_("Anna päivämäärä muodossa vvvv-kk-pp tai pp.kk.vvvv."))


def _integer(value):
    if value in (None, ""):
        return None
    if isinstance(value, (int, float)) and float(value).is_integer():
        return int(value)
    text = _text(value).replace(" ", "")
    if text.lstrip("-").isdigit():
        return int(text)
    raise ValueError(_("Anna kokonaisluku."))


def _amount(value):
    if value in (None, ""):
        return None
    text = _text(value).replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("Anna summa numeroina, esim. 12500,50.")) from None
    if amount != amount.quantize(Decimal("0.01")) or amount < 0:
        raise ValueError(_("Anna summa euroina, enintään kahdella desimaalilla."))
    return amount


def _parse_row(values: dict, references: _References) -> tuple[dict, list[Funder], list[tuple[str, str]]]:
    data, errors = {}, []

    def fail(header: str, message: str) -> None:
        errors.append((header, message))

    data["title"] = _text(values.get("Otsikko"))
    data["description"] = _text(values.get("Kuvaus"))
    for header in ("Luokka", "Aikajänne", "Kohderyhmä", "Tila"):
        field = COLUMNS[header]
        text = _text(values.get(header))
        if not text and header == "Tila":
            data[field] = ActionStatus.PLANNED
            continue
        member = references.enums[field].get(text.lower())
        if member is None:
            fail(header, _("Tuntematon arvo: %(value)s", value=text) if text else _("Pakollinen tieto puuttuu."))
        data[field] = member
    for header, field, lookup, message in (
        ("Alatyöryhmä", "subgroup_id", references.subgroups, _("Tapauksessa ei ole tämännimistä alatyöryhmää.")),
        (
            "Vastuuorganisaatio",
            "owner_organisation_id",
            references.organisations,
            _("Organisaatio ei ole tapauksen verkostossa."),
        ),
        ("Vastuuhenkilön sähköposti", "owner_id", references.people, _("Henkilö ei ole tapauksen verkostossa.")),
    ):
        text = _text(values.get(header)).lower()
        data[field] = lookup.get(text) if text else None
        if text and data[field] is None:
            fail(header, message)
    for header, field, parse in (
        ("Alkaa", "starts_on", _date),
        ("Valmis viimeistään", "due_on", _date),
        ("Edistyminen (%)", "progress", _integer),
        ("Odotetut työpaikat", "expected_jobs", _integer),
        ("Budjetti (€)", "budget", _amount),
    ):
        try:
            data[field] = parse(values.get(header))
        except ValueError as error:
            fail(header, str(error))
            data[field] = None
    if data["progress"] is None and "Edistyminen (%)" not in dict(errors):
        data["progress"] = 0
    funders = []
    for name in filter(None, (part.strip() for part in _text(values.get("Rahoituslähteet")).split(","))):
        funder = references.funders.get(name.lower())
        if funder is None:
            fail("Rahoituslähteet", _("Tuntematon rahoittaja: %(value)s", value=name))
        else:
            funders.append(funder)
    field_headers = {field: header for header, field in COLUMNS.items() if field}
    field_headers |= {"subgroup_id": "Alatyöryhmä", "owner_id": "Vastuuhenkilön sähköposti"}
    reported = {header for header, _ in errors}
    for field, message in services.action_field_errors(data):
        header = field_headers.get(field, field)
        if header not in reported:
            fail(header, message)
    return data, funders, errors


def _open_sheet(content: bytes):
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError):
        raise ImportRejected([RowError(0, "", _("Tiedosto ei ole Excel-työkirja (.xlsx)."))]) from None
    return workbook, workbook.worksheets[0] if workbook.worksheets else None


def read_plan(case: Case, content: bytes) -> list[tuple[dict, list[Funder]]]:
    """Every row of the file as action data, or ImportRejected with every problem found."""
    workbook, sheet = _open_sheet(content)
    try:
        if sheet is None:
            raise ImportRejected([RowError(0, "", _("Työkirjassa ei ole yhtään taulukkoa."))])
        rows = sheet.iter_rows()
        header_row = next(rows, None)
        headers = [_text(cell.value) for cell in header_row] if header_row else []
        while headers and not headers[-1]:
            headers.pop()
        if not headers:
            raise ImportRejected([RowError(0, "", _("Tiedosto on tyhjä."))])
        unknown = [h for h in headers if h not in COLUMNS]
        missing = [h for h in REQUIRED if h not in headers]
        file_errors = [RowError(1, h, _("Tuntematon sarake.")) for h in unknown]
        file_errors += [RowError(1, h, _("Pakollinen sarake puuttuu.")) for h in missing]
        if len(set(headers)) != len(headers):
            file_errors.append(RowError(1, "", _("Sama sarake on tiedostossa kahdesti.")))
        if file_errors:
            raise ImportRejected(file_errors)

        references = _References(case)
        parsed, errors = [], []
        for number, row in enumerate(rows, start=2):
            cells = list(row)[: len(headers)]
            if all(cell.value in (None, "") for cell in cells):
                continue
            if len(parsed) >= MAX_ROWS:
                raise ImportRejected([RowError(0, "", _("Tiedostossa on yli %(max)s riviä.", max=MAX_ROWS))])
            formulas = [headers[i] for i, cell in enumerate(cells) if getattr(cell, "data_type", None) == "f"]
            for header in formulas:
                errors.append(RowError(number, header, _("Kaavat eivät ole sallittuja; kirjoita arvo soluun.")))
            values = {headers[i]: cell.value for i, cell in enumerate(cells) if headers[i] not in formulas}
            data, funders, row_errors = _parse_row(values, references)
            errors += [RowError(number, header, message) for header, message in row_errors]
            parsed.append((data, funders))
        if errors:
            raise ImportRejected(errors)
        if not parsed:
            raise ImportRejected([RowError(0, "", _("Tiedostossa ei ole yhtään toimenpideriviä."))])
        return parsed
    finally:
        workbook.close()


def import_plan(case: Case, author: User, content: bytes) -> int:
    """Create every action of the file, or none (ImportRejected). Returns the number created."""
    rows = read_plan(case, content)
    for data, funders in rows:
        services.create_action(case, data, funders, checked=True)
    db.session.flush()
    return len(rows)
