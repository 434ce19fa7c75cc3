"""The snapshot's JSON read for the reader's language: labels translated (gettext, then their arguments),
values formatted for the locale (1 000, 3,5 %, 1.2.2024) and kept as Python values for the spreadsheet.

Nothing here knows any section: a section is facts, tables, charts and notes (arm.core.reporting).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _

from arm.core.charts import Chart, Series
from arm.core.i18n import format_date, format_datetime, format_decimal
from arm.core.reporting import from_json_value
from arm.reports.models import ReportStatus


def translate(message: Any) -> str:
    """A label of the JSON (a message id, or {"msgid", "args"}) in the reader's language."""
    if isinstance(message, dict):
        msgid = message.get("msgid") or ""
        args = {name: _argument(value) for name, value in (message.get("args") or {}).items()}
        if not msgid:
            return ""
        try:
            return _(msgid, **args)
        except (KeyError, ValueError, TypeError):
            return msgid
    if not message:
        return ""
    return _(str(message))


def _argument(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return value
    return format_decimal(value)


def _finnish_style() -> bool:
    return str(get_locale() or "fi") in ("fi", "sv")


def format_day(value: date) -> str:
    if _finnish_style():
        return f"{value.day}.{value.month}.{value.year}"
    return format_date(value, "d MMM yyyy")


def month_of(value: str) -> date | None:
    try:
        year, month = str(value).split("-")[:2]
        return date(int(year), int(month), 1)
    except ValueError:
        return None


def format_value(value: Any, type_: str) -> str:  # noqa: PLR0911 (one return a type)
    """A stored value as the reader reads it; None is a dash."""
    if value is None or value == "":
        return "–"
    if type_ == "int":
        return format_decimal(int(value))
    if type_ == "decimal":
        return format_decimal(Decimal(value), "#,##0.###")
    if type_ == "money":
        return f"{format_decimal(Decimal(value), '#,##0.00')} €"
    if type_ == "percent":
        return f"{format_decimal(Decimal(value), '#,##0.#')} %"
    if type_ == "date":
        return format_day(date.fromisoformat(value))
    if type_ == "month":
        month = month_of(value)
        return f"{month.month}/{month.year}" if month else str(value)
    if type_ == "bool":
        return _("kyllä") if value else _("ei")
    if type_ == "label":
        return translate(value)
    return str(value)


def python_value(value: Any, type_: str) -> Any:
    """A stored value for a spreadsheet cell: int, Decimal, date, bool or text."""
    if value is None:
        return None
    if type_ == "month":
        return month_of(value)
    if type_ == "label":
        return translate(value)
    if type_ == "int":
        return int(value)
    return from_json_value(value, type_)


@dataclass(frozen=True)
class Value:
    text: str
    value: Any
    type: str

    @classmethod
    def of(cls, raw: Any, type_: str) -> "Value":
        return cls(format_value(raw, type_), python_value(raw, type_), type_)

    @property
    def numeric(self) -> bool:
        return self.type in ("int", "decimal", "money", "percent")


@dataclass(frozen=True)
class Fact:
    label: str
    value: Value


@dataclass(frozen=True)
class Column:
    label: str
    type: str


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[Column]
    rows: list[list[Value]]


@dataclass
class Section:
    key: str
    label: str
    available: bool
    facts: list[Fact] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    chart_tables: list[Table] = field(default_factory=list)  # each chart's figures, for DOCX and XLSX
    notes: list[str] = field(default_factory=list)
    narrative: str = ""

    @property
    def empty(self) -> bool:
        return not (self.facts or self.tables or self.charts or self.notes)


@dataclass
class Document:
    raw: dict
    number: int
    title: str
    period_start: date
    period_end: date
    status: ReportStatus
    submitted_at: datetime | None
    submitted_by: str | None
    based_on_number: int | None
    case_title: str
    figures_on: date
    sections: list[Section]

    @property
    def is_submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED

    @property
    def period_text(self) -> str:
        return f"{format_day(self.period_start)}–{format_day(self.period_end)}"

    @property
    def heading(self) -> str:
        return _("Seurantaraportti %(number)s: %(title)s", number=self.number, title=self.title)

    def details(self) -> list[tuple[str, Value]]:
        """The report's own facts, as the page, the files' first lines and the facts sheet show them."""
        rows = [
            (_("Tapaus"), Value(self.case_title, self.case_title, "text")),
            (_("Raportin numero"), Value.of(self.number, "int")),
            (_("Raportointikausi alkaa"), Value.of(self.period_start.isoformat(), "date")),
            (_("Raportointikausi päättyy"), Value.of(self.period_end.isoformat(), "date")),
            (_("Tila"), Value(str(self.status.label), str(self.status.label), "text")),
            (_("Luvut luettu"), Value.of(self.figures_on.isoformat(), "date")),
        ]
        if self.submitted_at is not None:
            moment = format_datetime(self.submitted_at, "short")
            rows.append((_("Lähetetty"), Value(moment, moment, "text")))
        if self.submitted_by:
            rows.append((_("Lähettäjä"), Value(self.submitted_by, self.submitted_by, "text")))
        if self.based_on_number:
            rows.append((_("Uusi versio raportista"), Value.of(self.based_on_number, "int")))
        return rows


def _chart(data: dict) -> tuple[Chart, Table]:
    x_type = data.get("x_type") or "month"
    x_labels = [format_value(point, x_type) for point in data.get("x") or []]
    series_list = data.get("series") or []
    charts_series = []
    for series in series_list:
        type_ = series.get("type") or "int"
        values = [None if value is None else float(Decimal(str(value))) for value in series.get("values") or []]
        name = series.get("label") if series.get("literal") else translate(series.get("label"))
        charts_series.append(Series(str(name or ""), values, dashed=bool(series.get("dashed"))))
    types = [series.get("type") or "int" for series in series_list]
    value_type = types[0] if types else "int"
    chart = Chart(
        title=translate(data.get("title")),
        description=translate(data.get("description")),
        x_labels=x_labels,
        series=charts_series,
        kind=data.get("kind") or "line",
        unit=data.get("unit") or "",
        value_format=lambda value, value_type=value_type: format_value(_back(value, value_type), value_type),
    )
    columns = [Column(_("Ajankohta"), "text")] + [
        Column(series.label, type_) for series, type_ in zip(charts_series, types, strict=True)
    ]
    rows = []
    raw_x = data.get("x") or []
    for index, point in enumerate(raw_x):
        row = [Value(x_labels[index], python_value(point, x_type), x_type)]
        for series, type_ in zip(series_list, types, strict=True):
            values = series.get("values") or []
            row.append(Value.of(values[index] if index < len(values) else None, type_))
        rows.append(row)
    return chart, Table(chart.title, columns, rows)


def _back(value: float, type_: str) -> Any:
    """A chart's float back to the stored kind of value, for formatting on its axis and in its table."""
    if type_ == "int":
        return round(value)
    return str(Decimal(str(value)))


def _section(data: dict) -> Section:
    content = data.get("content") or {}
    section = Section(
        key=data.get("key", ""),
        label=translate(data.get("label")),
        available=data.get("available", True),
        narrative=data.get("narrative") or "",
    )
    for fact in content.get("facts") or []:
        section.facts.append(Fact(translate(fact.get("label")), Value.of(fact.get("value"), fact.get("type", "text"))))
    for table in content.get("tables") or []:
        columns = [Column(translate(column.get("label")), column.get("type", "text")) for column in table["columns"]]
        rows = [
            [Value.of(value, column.type) for value, column in zip(row, columns, strict=False)]
            for row in table.get("rows") or []
        ]
        section.tables.append(Table(translate(table.get("title")), columns, rows))
    for chart_data in content.get("charts") or []:
        chart, table = _chart(chart_data)
        section.charts.append(chart)
        section.chart_tables.append(table)
    for note in content.get("notes") or []:
        section.notes.append(str(note.get("text")) if note.get("literal") else translate(note.get("text")))
    return section


def read_document(raw: dict) -> Document:
    """The JSON of `arm.reports.services.build_document` read for the current language."""
    report = raw["report"]
    submitted_at = report.get("submitted_at")
    return Document(
        raw=raw,
        number=report["number"],
        title=report["title"],
        period_start=date.fromisoformat(report["period_start"]),
        period_end=date.fromisoformat(report["period_end"]),
        status=ReportStatus(report["status"]),
        submitted_at=datetime.fromisoformat(submitted_at) if submitted_at else None,
        submitted_by=report.get("submitted_by"),
        based_on_number=report.get("based_on_number"),
        case_title=raw["case"]["title"],
        figures_on=date.fromisoformat(raw["figures_on"]),
        sections=[_section(section) for section in raw["sections"]],
    )
