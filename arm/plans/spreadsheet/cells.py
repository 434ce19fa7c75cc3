"""One cell of an imported sheet as a value: text, date, whole number, amount, reference or version.

Each parser raises ValueError with a message for the row report. Numbers are bounded so that no
value reaches the database that it would refuse (a 500 instead of a row error).
"""

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _

from arm.exports.csv import FORMULA_STARTS
from arm.plans.spreadsheet.columns import REFERENCE_PREFIX

LARGEST_INTEGER = 2**31 - 1  # an INTEGER column on PostgreSQL
LARGEST_AMOUNT = Decimal(10) ** 12  # what the amount fields of the forms accept
REFERENCE_PATTERN = re.compile(rf"(?:{REFERENCE_PREFIX})?\s*(\d{{1,18}})", re.IGNORECASE)


def text(value) -> str:
    """A cell as text. The export's guard against formulas (a leading apostrophe) is taken off again."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = str(value)
    if value.startswith("'") and value[1:2] and value[1] in FORMULA_STARTS:
        value = value[1:]
    return value.strip()


def day(value):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    found = text(value)
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d.%m.%Y").date()):
        try:
            return parse(found)
        except ValueError:
            continue
    raise ValueError(_("Anna päivämäärä muodossa vvvv-kk-pp tai pp.kk.vvvv."))


def _is_whole(value) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite() and value == value.to_integral_value()
    if isinstance(value, int):
        return True
    return isinstance(value, float) and value.is_integer()


def integer(value):
    if value in (None, ""):
        return None
    if _is_whole(value):
        number = int(value)
    else:
        found = text(value).replace(" ", "").replace("\u00a0", "")
        if not found.lstrip("-").isdigit():
            raise ValueError(_("Anna kokonaisluku."))
        number = int(found)
    if abs(number) > LARGEST_INTEGER:
        raise ValueError(_("Luku on liian suuri."))
    return number


def shown_percent(cell):
    """A percentage cell as the percent it shows (0.4 formatted "0 %" is 40); any other cell as it is."""
    value = cell.value
    number_format = getattr(cell, "number_format", None) or ""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in number_format:
        return Decimal(str(value)) * 100
    return value


def percent(value):
    """Whole percents: 40, 40.0, "40" or "40 %"."""
    if isinstance(value, str):
        value = value.strip().removesuffix("%")
    return integer(value)


def amount(value):
    if value in (None, ""):
        return None
    found = text(value).replace(" ", "").replace("\u00a0", "").removesuffix("€").replace(",", ".")
    try:
        parsed = Decimal(found)
    except InvalidOperation:
        raise ValueError(_("Anna summa numeroina, esim. 12500,50.")) from None
    if not parsed.is_finite():
        raise ValueError(_("Anna summa numeroina, esim. 12500,50."))
    if abs(parsed) >= LARGEST_AMOUNT:  # before quantize, which cannot hold more than 28 digits
        raise ValueError(_("Summa on liian suuri."))
    if parsed != parsed.quantize(Decimal("0.01")) or parsed < 0:
        raise ValueError(_("Anna summa euroina, enintään kahdella desimaalilla."))
    return parsed


def reference(value) -> int | None:
    """The action id in a reference cell ("T-12", or 12 from a sheet that made it a number)."""
    if value in (None, ""):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    match = REFERENCE_PATTERN.fullmatch(text(value))
    if match is None or int(match[1]) == 0:
        raise ValueError(
            _("Tunniste on muotoa %(example)s. Jätä sarake tyhjäksi uudelle toimenpiteelle.", example="T-123")
        )
    return int(match[1])


def version(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = integer(value)
    except ValueError:
        number = None
    if number is None or number < 1:
        raise ValueError(_("Versio on viennin kirjoittama kokonaisluku; älä muuta sitä."))
    return number
