"""The outputs the funders ask for beside jobs (event participants, companies reached, studies, people guided):
the rules and saves of an `OutputEntry`, and what the outputs page, the report and the dashboard read.

Services flush and audit; the views commit (arm.core.saving). Every read below is one statement whatever the
number of rows, except the paginated list (two: the count and the page).
"""

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import case as sql_case
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from arm.cases.models import Case
from arm.core.errors import EditConflict, ValidationError
from arm.core.i18n import format_decimal
from arm.core.input import text_problem
from arm.core.queries import belongs_to_case, get_in_case
from arm.extensions import db
from arm.plans.models import Project
from arm.progress.models import LARGEST_COUNT, OutputEntry, OutputKind

# The fields of an output that its form sets.
OUTPUT_FIELDS = ("kind", "name", "dated_on", "amount", "project_id", "source", "note")
# The earliest day an output may be dated: well before any ÄRM case the platform follows.
EARLIEST_DAY = date(1990, 1, 1)
CASE_LEVEL = "case"  # the project filter's value for outputs of the case as a whole


def count_errors(value, field_name: str) -> list[tuple[str, str]]:
    """A count is a whole number from 0 to LARGEST_COUNT (shared by the outputs and the cohort)."""
    if value is None:
        return [(field_name, _("Anna määrä kokonaislukuna."))]
    if not isinstance(value, int) or isinstance(value, bool):
        return [(field_name, _("Anna määrä kokonaislukuna."))]
    if value < 0:
        return [(field_name, _("Määrä ei voi olla negatiivinen."))]
    if value > LARGEST_COUNT:
        return [(field_name, _("Määrä on liian suuri: enintään %(max)s.", max=format_decimal(LARGEST_COUNT)))]
    return []


def day_errors(value, field_name: str, today: date) -> list[tuple[str, str]]:
    if value is None:
        return [(field_name, _("Anna päivämäärä."))]
    if value > today:
        return [(field_name, _("Päivä ei voi olla tulevaisuudessa: kirjaa luku, kun se on toteutunut."))]
    if value < EARLIEST_DAY:
        return [(field_name, _("Anna päivä vuodesta 1990 alkaen."))]
    return []


def text_errors(data: dict, names: tuple[str, ...], multiline: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    errors = []
    for name in names:
        problem = text_problem(data.get(name), multiline=name in multiline)
        if problem is not None:
            errors.append((name, str(problem)))
    return errors


def output_field_errors(data: dict, *, today: date) -> list[tuple[str, str]]:
    """The rules on an output's own values, shared by the form and the service."""
    errors = []
    if not isinstance(data.get("kind"), OutputKind):
        errors.append(("kind", _("Valitse tuotoksen laji.")))
    elif data["kind"] is OutputKind.OTHER and not (data.get("name") or "").strip():
        errors.append(("name", _("Anna muun tuotoksen nimi, esim. Rekrytointitapahtumat.")))
    errors += day_errors(data.get("dated_on"), "dated_on", today)
    errors += count_errors(data.get("amount"), "amount")
    if not (data.get("source") or "").strip():
        errors.append(("source", _("Kerro luvun lähde, esim. hankkeen loppuraportti.")))
    errors += text_errors(data, ("name", "source", "note"), multiline=("note",))
    return errors


def _check(case_id: int, data: dict, today: date | None) -> None:
    errors = output_field_errors(data, today=today or date.today())
    if not belongs_to_case(Project, data.get("project_id"), case_id):
        errors.append(("project_id", _("Valitse tämän tapauksen hanke tai koko tapaus.")))
    if errors:
        raise ValidationError(errors)


def _apply(entry: OutputEntry, data: dict) -> None:
    for key in OUTPUT_FIELDS:
        setattr(entry, key, data.get(key))
    entry.name = (entry.name or "").strip() if entry.kind is OutputKind.OTHER else ""
    entry.source = entry.source.strip()
    entry.note = (entry.note or "").strip()


def record_output(case: Case, data: dict, *, today: date | None = None) -> OutputEntry:
    _check(case.id, data, today)
    entry = OutputEntry(case_id=case.id)
    _apply(entry, data)
    db.session.add(entry)
    db.session.flush()
    return entry


def update_output(entry: OutputEntry, expected_version: int, data: dict, *, today: date | None = None) -> OutputEntry:
    """Save an edit made on `expected_version`; EditConflict when someone saved in between."""
    if expected_version != entry.version:
        raise EditConflict(entry)
    _check(entry.case_id, data, today)
    _apply(entry, data)
    db.session.flush()
    return entry


def delete_output(entry: OutputEntry) -> None:
    db.session.delete(entry)
    db.session.flush()


# Reads


def get_output(case_id: int, output_id: int) -> OutputEntry:
    """404 when the output belongs to another case."""
    return get_in_case(OutputEntry, output_id, case_id, joinedload(OutputEntry.project))


def project_choices(case_id: int) -> list[tuple[int, str]]:
    """The case's projects by name: one statement."""
    rows = db.session.execute(select(Project.id, Project.name).where(Project.case_id == case_id).order_by(Project.name))
    return [(project_id, name) for project_id, name in rows]


@dataclass
class OutputFilter:
    """The list's filters, read from and written back to the URL. `errors` name the values it ignored."""

    kind: OutputKind | None = None
    project: int | str | None = None  # a project's id, or CASE_LEVEL
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_args(cls, args, project_ids) -> "OutputFilter":
        errors: list[str] = []
        kind_name = args.get("kind", "")
        kind = OutputKind[kind_name] if kind_name in OutputKind.__members__ else None
        if kind_name and kind is None:
            errors.append(_("Tuntematon tuotoksen laji. Rajausta ei käytetty."))
        project_arg = (args.get("project") or "").strip()
        project: int | str | None = None
        if project_arg == CASE_LEVEL:
            project = CASE_LEVEL
        elif project_arg:
            if project_arg.isdigit() and int(project_arg) in project_ids:
                project = int(project_arg)
            else:
                errors.append(_("Hanketta ei löydy tästä tapauksesta. Rajausta ei käytetty."))
        return cls(kind, project, errors)

    def apply(self, statement):
        if self.kind is not None:
            statement = statement.where(OutputEntry.kind == self.kind)
        if self.project == CASE_LEVEL:
            statement = statement.where(OutputEntry.project_id.is_(None))
        elif self.project is not None:
            statement = statement.where(OutputEntry.project_id == self.project)
        return statement

    @property
    def is_active(self) -> bool:
        return self.kind is not None or self.project is not None

    def args(self) -> dict:
        values = {"kind": self.kind.name if self.kind else None, "project": self.project}
        return {key: value for key, value in values.items() if value is not None}


def output_list(case_id: int, output_filter: OutputFilter):
    """The list's statement, newest first (for `paginate`)."""
    statement = select(OutputEntry).where(OutputEntry.case_id == case_id).options(joinedload(OutputEntry.project))
    return output_filter.apply(statement).order_by(OutputEntry.dated_on.desc(), OutputEntry.id.desc())


@dataclass
class OutputTotal:
    """One output's sum: all time and per year (oldest year first)."""

    kind: OutputKind
    name: str  # the output's own name when kind is OTHER
    total: int = 0
    by_year: dict[int, int] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.name or self.kind.label


def totals(case_id: int) -> tuple[list[OutputTotal], list[int]]:
    """Each output's total, all time and per year, in the order of OutputKind, and the years: one statement."""
    year = func.extract("year", OutputEntry.dated_on)
    rows = db.session.execute(
        select(OutputEntry.kind, OutputEntry.name, year, func.sum(OutputEntry.amount))
        .where(OutputEntry.case_id == case_id)
        .group_by(OutputEntry.kind, OutputEntry.name, year)
    )
    found: dict[tuple[OutputKind, str], OutputTotal] = {}
    years: set[int] = set()
    for kind, name, row_year, amount in rows:
        key = (kind, name if kind is OutputKind.OTHER else "")
        total = found.setdefault(key, OutputTotal(kind, key[1]))
        total.total += int(amount)
        total.by_year[int(row_year)] = total.by_year.get(int(row_year), 0) + int(amount)
        years.add(int(row_year))
    order = list(OutputKind)
    return sorted(found.values(), key=lambda t: (order.index(t.kind), t.name.casefold())), sorted(years)


@dataclass(frozen=True)
class PeriodRow:
    kind: OutputKind
    name: str
    project_id: int | None
    project_name: str
    in_period: int
    cumulative: int


def period_rows(case_id: int, starts_on: date, ends_on: date) -> list[PeriodRow]:
    """Each output per project (None: the case as a whole), summed in the period and up to its end: one
    statement. Outputs dated after the period are left out of both."""
    in_period = func.sum(sql_case((OutputEntry.dated_on >= starts_on, OutputEntry.amount), else_=0))
    rows = db.session.execute(
        select(
            OutputEntry.kind,
            OutputEntry.name,
            OutputEntry.project_id,
            Project.name,
            in_period,
            func.sum(OutputEntry.amount),
        )
        .outerjoin(Project, Project.id == OutputEntry.project_id)
        .where(OutputEntry.case_id == case_id, OutputEntry.dated_on <= ends_on)
        .group_by(OutputEntry.kind, OutputEntry.name, OutputEntry.project_id, Project.name)
    )
    order = list(OutputKind)
    result = [
        PeriodRow(kind, name if kind is OutputKind.OTHER else "", project_id, project_name or "", int(p), int(c))
        for kind, name, project_id, project_name, p, c in rows
    ]
    return sorted(result, key=lambda r: (r.project_name.casefold(), order.index(r.kind), r.name.casefold()))


def holds_outputs(case_id: int) -> bool:
    return db.session.scalar(select(OutputEntry.id).where(OutputEntry.case_id == case_id).limit(1)) is not None
