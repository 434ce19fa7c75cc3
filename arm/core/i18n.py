"""Locale choice: the signed-in user's setting, else the visitor's choice, else Finnish.

Dates and numbers are formatted for the UI language, except English: the product is used in Finland, so English
writes dates day-month-year with a 24-hour clock (British English, `en_GB`), not the American month-first way.
Only the formatting changes: the page stays `lang="en"` and its texts come from the `en` catalogue.
"""

from datetime import date, datetime, time
from functools import cache

from babel import Locale, dates, numbers
from flask import current_app, has_request_context, session
from flask_babel import get_locale, get_timezone, to_user_timezone
from flask_login import current_user

LANGUAGE_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}
# What a case's template names (its subgroups and their purposes) can be written in: Finland's two national
# languages, since bilingual municipalities run their cases in either.
TEMPLATE_LANGUAGES = ("fi", "sv")
# English keeps its decimal point (1,234.50), as the English CSV exports do; only the dates change.
FORMAT_LOCALES = {"en": "en_GB"}


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    if session.get("locale") in languages:
        return session["locale"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def default_template_language() -> str:
    """The opener's UI language when a case can be run in it, else Finnish."""
    language = str(get_locale() or "")
    return language if language in TEMPLATE_LANGUAGES else TEMPLATE_LANGUAGES[0]


def format_locale() -> Locale:
    """The CLDR locale dates and numbers are written in for the current UI language."""
    language = str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    return _cldr_locale(FORMAT_LOCALES.get(language, language))


# A page formats hundreds of numbers and dates: parsing the locale and the number pattern once per process,
# not once per value, is a third of a long table's rendering time. Both are fixed data of Babel's.
@cache
def _cldr_locale(name: str) -> Locale:
    return Locale.parse(name)


@cache
def _number_pattern(locale: Locale, fmt: str | None) -> numbers.NumberPattern:
    return numbers.parse_pattern(fmt if fmt is not None else locale.decimal_formats[None])


def format_date(value: date | datetime, fmt: str = "medium") -> str:
    if isinstance(value, datetime):
        value = to_user_timezone(value)
    return dates.format_date(value, fmt, locale=format_locale())


def format_datetime(value: datetime, fmt: str = "medium") -> str:
    return dates.format_datetime(value, fmt, tzinfo=get_timezone(), locale=format_locale())


def format_time(value: time, fmt: str = "short") -> str:
    """A wall-clock time (no date, no zone) in the UI language's way, e.g. pattern "H.mm" for 13.00."""
    return dates.format_time(value, fmt, locale=format_locale())


def format_decimal(value, fmt: str | None = None) -> str:
    locale = format_locale()
    return _number_pattern(locale, fmt).apply(value, locale)


def format_currency(value, currency: str = "EUR") -> str:
    return numbers.format_currency(value, currency, locale=format_locale())
