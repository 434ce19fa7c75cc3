"""The figures of a progress report's section, as plain JSON that reads in every language.

Each area builds its sections (`arm.core.parts.ReportSection`) with `SectionContent`; the reports area stores
the result (frozen on submission) and renders it as HTML, DOCX, PDF, XLSX and JSON without knowing any area.

- Labels (a fact's, a table's title and columns, a chart's title and description, a series' name, a note) are
  Finnish message ids marked with `N_` and translated when read. Text typed by people (an action's title, a
  company's name) is a value of type "text", never translated; a series or a note may carry such text with
  `literal=True`.
- A message id may carry arguments: `("%(count)s toimenpidettä", {"count": 3})`; they are formatted after the
  translation.
- Every value has a type, so a renderer formats it for the reader (1 000, 3,5 %, 1.2.2024) and a spreadsheet
  stores it as a real number or date: see VALUE_TYPES.

The JSON (one section): {"facts": [{"label", "value", "type"}], "tables": [{"title", "columns": [{"label",
"type"}], "rows": [[value, …]]}], "charts": [{"title", "description", "kind", "unit", "x", "x_type",
"series": [{"label", "values", "dashed", "literal"}]}], "notes": [{"text", "literal"}]}. A label is a string
or {"msgid", "args"}. `docs/report-schema.md` documents it for readers of the JSON export.
"""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

# int: a count; decimal: an exact number (a string in JSON); money: euros (a string with two decimals);
# percent: a share 0–100 (a string); date: ISO 8601 day; month: "YYYY-MM"; text: people's own text;
# label: a message id (an enum's label, a status) translated when read; bool: yes or no.
VALUE_TYPES = ("int", "decimal", "money", "percent", "date", "month", "text", "label", "bool")


def N_(message: str) -> str:
    """Marks a Finnish message id for extraction (`pybabel -k N_`); it is translated when the report is read."""
    return message


def label(message: str, **args) -> str | dict:
    """A message id with arguments for its placeholders: `label(N_("%(count)s hanketta"), count=3)`."""
    return {"msgid": message, "args": args} if args else message


def to_json_value(value: Any, type_: str) -> Any:  # noqa: PLR0911 (one return a type)
    if type_ not in VALUE_TYPES:
        raise ValueError(f"unknown value type {type_!r}")
    if value is None:
        return None
    if type_ == "int":
        return int(value)
    if type_ in ("decimal", "percent"):
        return str(Decimal(value).normalize() + 0)
    if type_ == "money":
        return str(Decimal(value).quantize(Decimal("0.01")))
    if type_ == "date":
        return value.isoformat()
    if type_ == "month":
        return value.strftime("%Y-%m") if isinstance(value, date) else str(value)
    if type_ == "bool":
        return bool(value)
    if type_ == "label":
        return msgid_of(value)
    return str(value)


def msgid_of(value: Any) -> str | dict:
    """The message id of a lazy translation, of an enum member's label (arm.core.models.ENUM_LABELS) or a string."""
    from arm.core.models import ENUM_LABELS

    if isinstance(value, dict):
        return value
    if isinstance(value, Enum):
        value = ENUM_LABELS.get(value, value.name)
    if hasattr(value, "_args") and hasattr(value, "_func"):  # flask_babel's LazyString
        message = str(value._args[0])
        return label(message, **value._kwargs) if value._kwargs else message
    return str(value)


def from_json_value(value: Any, type_: str) -> Any:
    """The Python value of a stored one: int, Decimal, date, bool or str (a label stays its message id)."""
    if value is None:
        return None
    if type_ in ("decimal", "percent", "money"):
        return Decimal(value)
    if type_ == "date":
        return date.fromisoformat(value)
    return value


# Rows of a list in a section at the most: a longer one is cut with a note (a report is read, and frozen, whole).
LIST_LIMIT = 100


class SectionContent:
    """A section's figures, built in order and stored with `as_json()`."""

    def __init__(self) -> None:
        self.facts: list[dict] = []
        self.tables: list[dict] = []
        self.charts: list[dict] = []
        self.notes: list[dict] = []

    def fact(self, label_: str | dict, value: Any, type_: str = "int") -> "SectionContent":
        self.facts.append({"label": msgid_of(label_), "value": to_json_value(value, type_), "type": type_})
        return self

    def first_rows(self, rows: Sequence, note: str) -> list:
        """The list's first LIST_LIMIT rows; `note`, a message id with `%(count)s`, says when more were left out."""
        if len(rows) > LIST_LIMIT:
            self.note(label(note, count=LIST_LIMIT))
        return list(rows[:LIST_LIMIT])

    def table(
        self, title: str | dict, columns: Sequence[tuple[str | dict, str]], rows: Sequence[Sequence[Any]]
    ) -> "SectionContent":
        types = [type_ for _, type_ in columns]
        self.tables.append(
            {
                "title": msgid_of(title),
                "columns": [{"label": msgid_of(label_), "type": type_} for label_, type_ in columns],
                "rows": [
                    [to_json_value(value, type_) for value, type_ in zip(row, types, strict=True)] for row in rows
                ],
            }
        )
        return self

    def chart(
        self,
        title: str | dict,
        description: str | dict,
        x: Sequence[Any],
        series: Sequence[dict],
        *,
        kind: str = "line",
        x_type: str = "month",
        unit: str = "",
    ) -> "SectionContent":
        """`series`: dicts made with `series()`; `x` are the points' dates, months or labels (by `x_type`)."""
        self.charts.append(
            {
                "title": msgid_of(title),
                "description": msgid_of(description),
                "kind": kind,
                "unit": unit,
                "x": [to_json_value(point, x_type) for point in x],
                "x_type": x_type,
                "series": list(series),
            }
        )
        return self

    def note(self, text: str | dict, literal: bool = False) -> "SectionContent":
        self.notes.append({"text": text if literal else msgid_of(text), "literal": literal})
        return self

    def as_json(self) -> dict:
        return {"facts": self.facts, "tables": self.tables, "charts": self.charts, "notes": self.notes}


def series(
    label_: str | dict, values: Sequence[Any], type_: str = "int", *, dashed: bool = False, literal: bool = False
) -> dict:
    """A chart's series: its name (a message id, or people's text with `literal`) and its values."""
    return {
        "label": label_ if literal else msgid_of(label_),
        "values": [to_json_value(value, type_) for value in values],
        "type": type_,
        "dashed": dashed,
        "literal": literal,
    }
