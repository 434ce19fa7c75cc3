"""An export as one table of typed columns.

Each column says what its header is, how to read its value from a row and what kind of cell it is;
the CSV and XLSX renderers format every kind by the language of the export (`conventions.py`). A new
export declares its columns as a tuple of `Column`s and hands an `ExportTable` to `table_download`.
"""

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _

from arm.core.models import utcnow


class Cell(enum.Enum):
    TEXT = "text"  # one line: no control character is exported
    LONG_TEXT = "long_text"  # a description or notes: keeps its tabs and line breaks
    AMOUNT = "amount"  # euros, a Decimal, written exact to the cent
    INTEGER = "integer"
    PERCENT = "percent"  # whole percents: 40 is 40 %
    DATE = "date"
    DATETIME = "datetime"  # an aware UTC datetime, written in the user's time zone
    YES_NO = "yes_no"  # a bool, written as the language's yes or no


@dataclass(frozen=True)
class Column:
    header: Any  # a lazy string: rendered in the language of the export
    read: Callable[[Any], Any]
    cell: Cell = Cell.TEXT
    key: str | None = None  # what an import reads the column as, for exports that import back


@dataclass
class ExportTable:
    """The rows of an export with what the file says about itself (never above the header)."""

    title: Any  # the sheet's name and the document's title
    columns: Sequence[Column]
    items: Sequence
    case_name: str
    filters: str = ""  # how the rows were chosen; empty: every row
    exported_at: datetime = field(default_factory=utcnow)

    @property
    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]

    @property
    def cells(self) -> list[Cell]:
        return [column.cell for column in self.columns]

    def rows(self):
        for item in self.items:
            yield [column.read(item) for column in self.columns]

    def details(self) -> list[tuple[str, object, Cell]]:
        """What was exported, from where and when: the workbook's second sheet."""
        return [
            (_("Tapaus"), self.case_name, Cell.TEXT),
            (_("Sisältö"), str(self.title), Cell.TEXT),
            (_("Rajaukset"), self.filters or _("Ei rajauksia: kaikki rivit"), Cell.TEXT),
            (_("Viety"), self.exported_at, Cell.DATETIME),
            (_("Rivejä"), len(self.items), Cell.INTEGER),
        ]
