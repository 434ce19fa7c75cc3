"""How an export writes numbers and dates in each language, so that the spreadsheet the user opens it in
reads them as numbers and dates (README, "Exports").

The users are in Finland: a Finnish or a Swedish export is opened with Finnish or Finland-Swedish regional
settings (list separator ";", decimal comma, dates d.m.yyyy). An English export follows English regional
settings (list separator ",", decimal point) and writes dates as ISO 8601, which every spreadsheet reads
and nobody reads as month first.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import get_locale, to_user_timezone
from flask_babel import gettext as _

CENT = Decimal("0.01")


def _day_first(day: date) -> str:
    return f"{day.day}.{day.month}.{day.year}"


@dataclass(frozen=True)
class Conventions:
    delimiter: str
    decimal_separator: str
    day: object  # date -> text
    date_format: str  # the XLSX number format of a date
    datetime_format: str

    def amount(self, value) -> str:
        """Euros exact to the cent, from the stored Decimal: never through a float."""
        return format(exact(value).quantize(CENT), "f").replace(".", self.decimal_separator)

    def moment(self, value: datetime) -> str:
        local = local_time(value)
        return f"{self.day(local.date())} {local:%H:%M}"


FINNISH = Conventions(";", ",", _day_first, "d.m.yyyy", "d.m.yyyy h:mm")
ENGLISH = Conventions(",", ".", date.isoformat, "yyyy-mm-dd", "yyyy-mm-dd hh:mm")
BY_LANGUAGE = {"fi": FINNISH, "sv": FINNISH, "en": ENGLISH}

AMOUNT_FORMAT = '#,##0.00 "€"'  # Excel shows its own thousands and decimal separators: 40 000,00 €
PERCENT_FORMAT = "0 %"
INTEGER_FORMAT = "0"


def current() -> Conventions:
    return BY_LANGUAGE.get(str(get_locale() or "fi"), FINNISH)


def exact(value) -> Decimal:
    if isinstance(value, float):
        raise TypeError("an amount is a Decimal or an int, never a float")
    return value if isinstance(value, Decimal) else Decimal(value)


def local_time(value: datetime) -> datetime:
    """An aware UTC datetime in the user's time zone, without the zone (spreadsheets have none)."""
    return to_user_timezone(value).replace(tzinfo=None)


def yes_no(value: bool) -> str:
    return _("kyllä") if value else _("ei")
