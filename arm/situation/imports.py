"""Indicator imports: a CSV file in the documented layout (docs/indicator-csv.md) or a PxWeb JSON-stat 2
response (`arm.situation.pxweb`), each checked in full before anything is stored.

Parsing gives `Parsed`: the rows that can be stored (indicator key, area code, month, value, source), every
problem with its row (errors: the file is refused as a whole until they are fixed; warnings: the row is left
out and said so), and notes. The parsed rows wait for the confirmation as JSON in the instance folder under a
random token tied to the user and the case (`park`/`unpark`); no pickle, nothing in the database until then.
"""

import csv
import io
import json
import re
import secrets
import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from arm.core.input import text_problem
from arm.situation import areas

# Columns of the CSV: each accepts its Finnish or English name (lower case, without spaces around).
COLUMNS = {
    "area": ("alue", "area", "aluekoodi", "area_code"),
    "month": ("kuukausi", "month"),
    "indicator": ("indikaattori", "indicator"),
    "value": ("arvo", "value"),
    "source": ("lähde", "lahde", "source"),
}
REQUIRED = ("area", "month", "indicator", "value")
MAX_VALUE = Decimal("1000000000000")
SOURCE_MAX = 300
SHOWN_PROBLEMS = 200  # a report lists this many problems of each kind; it always counts them all

_MONTH_ISO = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_PX = re.compile(r"^(\d{4})M(\d{2})$")
_MONTH_SLASH = re.compile(r"^(\d{1,2})/(\d{4})$")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")


@dataclass
class Parsed:
    format: str  # "csv" or "pxweb"
    filename: str
    rows: list[list] = field(default_factory=list)  # [key, area, "YYYY-MM", "value", source]
    errors: list[list] = field(default_factory=list)  # [row or None, message]
    warnings: list[list] = field(default_factory=list)
    error_count: int = 0
    warning_count: int = 0
    notes: list[str] = field(default_factory=list)
    read_rows: int = 0

    def error(self, row, message) -> None:
        self.error_count += 1
        if len(self.errors) < SHOWN_PROBLEMS:
            self.errors.append([row, str(message)])

    def warning(self, row, message) -> None:
        self.warning_count += 1
        if len(self.warnings) < SHOWN_PROBLEMS:
            self.warnings.append([row, str(message)])

    @property
    def ok(self) -> bool:
        return self.error_count == 0 and bool(self.rows)

    def report(self) -> dict:
        return {
            "format": self.format,
            "read_rows": self.read_rows,
            "rows": len(self.rows),
            "errors": self.errors,
            "warnings": self.warnings,
            "error_count": self.error_count,
            "warning_count": self.warning_count,
            "notes": self.notes,
        }


def parse_month(text: str) -> date | None:
    """`2024-03`, `2024M03` or `3/2024` (also `03/2024`); anything else, or a month out of 1–12, is None."""
    text = (text or "").strip()
    for pattern, year_group, month_group in ((_MONTH_ISO, 1, 2), (_MONTH_PX, 1, 2), (_MONTH_SLASH, 2, 1)):
        match = pattern.match(text)
        if match:
            year, month = int(match.group(year_group)), int(match.group(month_group))
            if 1900 <= year <= 2100 and 1 <= month <= 12:
                return date(year, month, 1)
            return None
    return None


def parse_value(text: str) -> tuple[Decimal | None, str | None]:
    """A figure written with a decimal comma or point and maybe spaces between thousands: (value, problem)."""
    cleaned = (text or "").strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1]
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        return None, _("”%(text)s” ei ole luku (esimerkiksi 3,5 tai 3.5 tai 1 135).", text=text[:40])
    value = Decimal(cleaned)
    if value < 0:
        return None, _("Arvo %(text)s on negatiivinen: indikaattorien luvut ovat nollia tai suurempia.", text=text)
    if value >= MAX_VALUE:
        return None, _("Arvo %(text)s on liian suuri.", text=text[:40])
    if value != value.quantize(Decimal("0.0001")):
        return None, _("Arvossa %(text)s on yli neljä desimaalia.", text=text[:40])
    return value, None


def _decode(raw: bytes, parsed: Parsed) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        parsed.notes.append(_("Tiedosto ei ollut UTF-8-muodossa; se luettiin Windows-1252-merkistönä."))
        return raw.decode("cp1252", errors="replace")


def _header_map(header: list[str]) -> tuple[dict[str, int], list[str]]:
    names = [name.strip().lower() for name in header]
    found: dict[str, int] = {}
    for column, accepted in COLUMNS.items():
        for index, name in enumerate(names):
            if name in accepted:
                found.setdefault(column, index)
    missing = [COLUMNS[column][0] for column in REQUIRED if column not in found]
    return found, missing


class RowChecker:
    """The checks of one row, shared by the CSV and the PxWeb readers, with the duplicates seen so far."""

    def __init__(self, parsed: Parsed, indicator_keys: set[str], case_area_codes: set[str]):
        self.parsed = parsed
        self.keys = indicator_keys
        self.case_areas = case_area_codes
        self.seen: dict[tuple, tuple[int | None, str, str]] = {}
        self.outside: dict[str, int] = {}

    def add(self, row, key: str, area_text: str, month_text: str, *, value: str | None, source: str) -> None:
        parsed = self.parsed
        failed = False
        if key not in self.keys:
            parsed.error(row, _("Tuntematon indikaattori ”%(key)s”.", key=key[:60]))
            failed = True
        area = areas.normalise(area_text)
        if not areas.is_known(area):
            parsed.error(row, _("Tuntematon aluekoodi ”%(code)s”.", code=area_text[:20]))
            failed = True
        month = parse_month(month_text)
        if month is None:
            parsed.error(
                row, _("Kuukausi ”%(text)s” ei kelpaa: käytä muotoa 2024-03, 2024M03 tai 3/2024.", text=month_text[:20])
            )
            failed = True
        value_text, value = value, None
        if value_text is not None and str(value_text).strip() != "":
            value, problem = parse_value(str(value_text))
            if problem:
                parsed.error(row, problem)
                failed = True
        if source and (problem := text_problem(source)):
            parsed.error(row, problem)
            failed = True
        elif len(source) > SOURCE_MAX:
            parsed.error(row, _("Lähde on liian pitkä (enintään %(max)s merkkiä).", max=SOURCE_MAX))
            failed = True
        if failed:
            return
        if value is None:
            parsed.warning(
                row,
                _(
                    "Arvo puuttuu (%(key)s, %(area)s, %(month)s): riviä ei tallenneta.",
                    key=key,
                    area=area,
                    month=month.strftime("%Y-%m"),
                ),
            )
            return
        if area not in self.case_areas:
            self.outside[area] = self.outside.get(area, 0) + 1
            return
        identity = (key, area, month)
        text_value = str(value)
        if identity in self.seen:
            first_row, first_value, first_source = self.seen[identity]
            where = first_row if first_row is not None else "–"
            if Decimal(first_value) == value and first_source == source:
                parsed.warning(row, _("Sama rivi kuin rivillä %(row)s: luetaan kerran.", row=where))
            else:
                parsed.error(
                    row,
                    _(
                        "Ristiriidassa rivin %(row)s kanssa: sama indikaattori, alue ja kuukausi, eri arvo tai lähde.",
                        row=where,
                    ),
                )
            return
        self.seen[identity] = (row, text_value, source)
        parsed.rows.append([key, area, month.strftime("%Y-%m"), text_value, source])

    def finish(self) -> None:
        for code, count in sorted(self.outside.items()):
            self.parsed.warning(
                None,
                _(
                    "Alue %(code)s (%(name)s) ei ole tämän tapauksen alueita: sen %(count)s riviä jätetään pois.",
                    code=code,
                    name=areas.area_name(code),
                    count=count,
                ),
            )


def parse_csv(raw: bytes, filename: str, indicator_keys: set[str], case_area_codes: set[str]) -> Parsed:
    parsed = Parsed("csv", filename)
    if not raw.strip():
        parsed.error(None, _("Tiedosto on tyhjä."))
        return parsed
    text = _decode(raw, parsed)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        parsed.error(None, _("Tiedosto on tyhjä."))
        return parsed
    columns, missing = _header_map(header)
    if missing:
        parsed.error(
            1,
            _(
                "Otsikkorivistä puuttuu sarakkeita: %(missing)s. Odotetut sarakkeet: "
                "alue;kuukausi;indikaattori;arvo;lähde.",
                missing=", ".join(missing),
            ),
        )
        return parsed
    checker = RowChecker(parsed, indicator_keys, case_area_codes)
    max_rows = current_app.config["SITUATION_IMPORT_MAX_ROWS"]
    width = max(columns.values()) + 1
    source_index = columns.get("source")
    try:
        for line_number, row in enumerate(reader, start=2):
            if not row or all(not cell.strip() for cell in row):
                continue
            parsed.read_rows += 1
            if parsed.read_rows > max_rows:
                parsed.error(None, _("Tiedostossa on yli %(max)s riviä: jaa se osiin.", max=max_rows))
                return parsed
            if len(row) < width:
                parsed.error(line_number, _("Rivillä on liian vähän sarakkeita (%(count)s).", count=len(row)))
                continue
            checker.add(
                line_number,
                row[columns["indicator"]].strip(),
                row[columns["area"]],
                row[columns["month"]],
                value=row[columns["value"]],
                source=row[source_index].strip() if source_index is not None and source_index < len(row) else "",
            )
    except csv.Error as error:
        parsed.error(reader.line_num, _("Tiedostoa ei voi lukea CSV:nä: %(error)s", error=str(error)[:100]))
        return parsed
    checker.finish()
    if parsed.read_rows == 0:
        parsed.error(None, _("Tiedostossa ei ole yhtään riviä otsikkorivin jälkeen."))
    return parsed


# --- the parked upload ---------------------------------------------------------------------------------------


def _folder() -> Path:
    configured = current_app.config.get("SITUATION_IMPORT_DIR")
    folder = Path(configured) if configured else Path(current_app.instance_path) / "situation-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def park(parsed: Parsed, *, user_id: int, case_id: int) -> str:
    """Keep the parsed rows for the confirmation; the token names the file and only its user and case read it."""
    token = secrets.token_urlsafe(32)
    payload = {
        "user_id": user_id,
        "case_id": case_id,
        "created": time.time(),
        "format": parsed.format,
        "filename": parsed.filename,
        "rows": parsed.rows,
        "report": parsed.report(),
    }
    (_folder() / f"{token}.json").write_text(json.dumps(payload), encoding="utf-8")
    _sweep()
    return token


def unpark(token: str, *, user_id: int, case_id: int) -> dict | None:
    """The parked upload, or None when the token is not this user's for this case, or has expired."""
    if not _TOKEN.match(token or ""):
        return None
    path = _folder() / f"{token}.json"
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if payload.get("user_id") != user_id or payload.get("case_id") != case_id:
        return None
    if time.time() - payload.get("created", 0) > current_app.config["IMPORT_PREVIEW_VALID_MINUTES"] * 60:
        path.unlink(missing_ok=True)
        return None
    return payload


def discard(token: str) -> None:
    if _TOKEN.match(token or ""):
        (_folder() / f"{token}.json").unlink(missing_ok=True)


def _sweep() -> None:
    """Forget parked uploads nobody confirmed in time."""
    limit = time.time() - current_app.config["IMPORT_PREVIEW_VALID_MINUTES"] * 60
    for path in _folder().glob("*.json"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
