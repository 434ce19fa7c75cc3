"""Reference data shipped with the app: Finnish municipalities, TOL 2008 industry sections, Business IDs."""

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from flask_babel import get_locale
from stdnum.fi import ytunnus

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Municipality:
    code: str
    name_fi: str
    name_sv: str

    def name(self, locale: str) -> str:
        return self.name_sv if locale == "sv" else self.name_fi


@dataclass(frozen=True)
class Industry:
    code: str
    names: dict

    def name(self, locale: str) -> str:
        return self.names.get(locale) or self.names["fi"]


@cache
def municipalities() -> dict[str, Municipality]:
    """Statistics Finland's municipality classification, by three-digit code."""
    with open(DATA_DIR / "municipalities.csv", encoding="utf-8", newline="") as file:
        return {row["code"]: Municipality(row["code"], row["name_fi"], row["name_sv"]) for row in csv.DictReader(file)}


@cache
def industries() -> dict[str, Industry]:
    """TOL 2008 sections A–U."""
    with open(DATA_DIR / "industries.csv", encoding="utf-8", newline="") as file:
        return {
            row["code"]: Industry(row["code"], {"fi": row["name_fi"], "sv": row["name_sv"], "en": row["name_en"]})
            for row in csv.DictReader(file)
        }


def _locale() -> str:
    return str(get_locale() or "fi")


def municipality_name(code: str | None) -> str:
    municipality = municipalities().get(code or "")
    return municipality.name(_locale()) if municipality else (code or "")


def industry_name(code: str | None) -> str:
    industry = industries().get(code or "")
    return f"{industry.code} {industry.name(_locale())}" if industry else ""


def municipality_choices() -> list[tuple[str, str]]:
    locale = _locale()
    return sorted(((m.code, m.name(locale)) for m in municipalities().values()), key=lambda c: c[1])


def industry_choices() -> list[tuple[str, str]]:
    locale = _locale()
    return [(i.code, f"{i.code} {i.name(locale)}") for i in industries().values()]


# The form people are asked for: six or seven digits (a leading zero may be left out), a dash, the check digit.
BUSINESS_ID_PATTERN = re.compile(r"^([0-9]{6,7})-([0-9])$")


def normalise_business_id(value: str) -> str | None:
    """The Business ID (Y-tunnus) in its 1234567-8 form, or None when its form or check digit is wrong.

    The check digit is python-stdnum's (`stdnum.fi.ytunnus`); the pattern keeps the form the registry
    writes, so that a number without its dash or with a VAT prefix is not taken for one.
    """
    match = BUSINESS_ID_PATTERN.match(value.strip().replace(" ", ""))
    if not match:
        return None
    number = match.group(1).zfill(7) + match.group(2)
    return ytunnus.format(number) if ytunnus.is_valid(number) else None
