"""Indicator imports: a CSV file in the documented layout (docs/indicator-csv.md) or a PxWeb JSON-stat 2
response, each checked in full before anything is stored.

Parsing gives `Parsed`: the rows that can be stored (indicator key, area code, month, value, source), every
problem with its row (errors: the file is refused as a whole until they are fixed; warnings: the row is left
out and said so), and notes. The parsed rows wait for the confirmation as JSON in the instance folder under a
random token tied to the user and the case (`park`/`unpark`); no pickle, nothing in the database until then.
"""

import csv
import io
import json
import math
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
from arm.situation import areas, catalogue

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
# Measures of table 12r5 the catalogue does not follow: left out with a note, not refused as another table's.
PXWEB_OTHER_12R5 = frozenset({"AVPAIKATLOPUSSA", "TYOTTOMAT20", "TYOTTOMAT50", "TYOTTOMATMIEHET", "TYOTTOMATNAISET"})
PXWEB_DIMENSIONS = ("Alue", "Kuukausi", "Tiedot")


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


def _categories(dimension: dict) -> list[str]:
    """A dimension's codes in their order: `category.index` is an object (code -> position) or an array."""
    index = dimension["category"]["index"]
    if isinstance(index, list):
        return [str(code) for code in index]
    if isinstance(index, dict):
        ordered = sorted(index.items(), key=lambda item: int(item[1]))
        if [int(position) for _, position in ordered] != list(range(len(ordered))):
            raise ValueError("positions")
        return [str(code) for code, _ in ordered]
    raise ValueError("index")


class _Refused(Exception):  # a refusal carried to the report, not an error of the program
    pass


def _load_json(raw: bytes, broken: str) -> dict:
    if not raw.strip():
        raise _Refused(_("Tiedosto on tyhjä."))
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise _Refused(_("%(broken)s: tiedosto ei ole JSON-muotoa.", broken=broken)) from error
    if not isinstance(data, dict) or not all(name in data for name in ("id", "size", "dimension", "value")):
        raise _Refused(_("%(broken)s: siitä puuttuu id, size, dimension tai value.", broken=broken))
    return data


def _dimensions(data: dict, broken: str) -> tuple[list, list, list[list[str]]]:
    """The dataset's dimension ids, sizes and each dimension's codes in order, checked against table 12r5's."""
    ids, sizes, dimensions = data["id"], data["size"], data["dimension"]
    if (
        not isinstance(ids, list)
        or not isinstance(sizes, list)
        or not isinstance(dimensions, dict)
        or len(ids) != len(sizes)
        or not all(isinstance(size, int) and size >= 0 for size in sizes)
    ):
        raise _Refused(_("%(broken)s: id ja size eivät vastaa toisiaan.", broken=broken))
    missing = [name for name in PXWEB_DIMENSIONS if name not in ids]
    extra = [name for name, size in zip(ids, sizes, strict=True) if name not in PXWEB_DIMENSIONS and size != 1]
    if missing or extra:
        raise _Refused(
            _(
                "Vastaus on toisesta taulukosta: odotetut ulottuvuudet ovat Alue, Kuukausi ja Tiedot, vastauksessa "
                "%(dims)s.",
                dims=", ".join(map(str, ids)),
            )
        )
    try:
        codes = [_categories(dimensions[name]) for name in ids]
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise _Refused(_("%(broken)s: ulottuvuuden luokat (category.index) eivät kelpaa.", broken=broken)) from error
    if [len(category) for category in codes] != sizes:
        raise _Refused(_("%(broken)s: luokkien määrät eivät vastaa kokoja (size).", broken=broken))
    return ids, sizes, codes


def _cells(values, total: int, broken: str):
    """A reader of the value at a position: `value` is an array of every cell or an object of some (sparse)."""
    if isinstance(values, list):
        if len(values) != total:
            raise _Refused(
                _(
                    "%(broken)s: arvoja on %(count)s, odotettiin %(total)s.",
                    broken=broken,
                    count=len(values),
                    total=total,
                )
            )
        return values.__getitem__
    if isinstance(values, dict):
        try:
            sparse = {int(position): value for position, value in values.items()}
        except ValueError as error:
            raise _Refused(_("%(broken)s: arvojen avaimet eivät ole paikkoja.", broken=broken)) from error
        if any(not 0 <= position < total for position in sparse):
            raise _Refused(_("%(broken)s: arvon paikka on taulukon ulkopuolella.", broken=broken))
        return sparse.get
    raise _Refused(_("%(broken)s: value ei ole taulukko eikä objekti.", broken=broken))


def _measures(measure_codes: list[str]) -> None:
    unknown = [code for code in measure_codes if code not in catalogue.BY_PXWEB_CODE and code not in PXWEB_OTHER_12R5]
    if unknown or not any(code in catalogue.BY_PXWEB_CODE for code in measure_codes):
        raise _Refused(
            _(
                "Vastaus on toisesta taulukosta: tuntemattomat tiedot %(codes)s. Tuetut: %(known)s.",
                codes=", ".join(unknown or measure_codes)[:300],
                known=", ".join(sorted(catalogue.BY_PXWEB_CODE)),
            )
        )


def parse_pxweb(raw: bytes, filename: str, indicator_keys: set[str], case_area_codes: set[str]) -> Parsed:
    parsed = Parsed("pxweb", filename)
    broken = _("Vastaus ei ole kelvollinen JSON-stat 2 -aineisto")
    limit = current_app.config["SITUATION_IMPORT_MAX_ROWS"]
    try:
        data = _load_json(raw, broken)
        ids, sizes, codes = _dimensions(data, broken)
        total = math.prod(sizes)
        cell = _cells(data["value"], total, broken)
        if total > limit:
            raise _Refused(_("Vastauksessa on yli %(max)s arvoa.", max=limit))
        _measures(codes[ids.index("Tiedot")])
    except _Refused as refusal:
        parsed.error(None, str(refusal))
        return parsed
    _read_cells(parsed, data, ids, sizes, codes, cell, RowChecker(parsed, indicator_keys, case_area_codes))
    return parsed


def _read_cells(parsed: Parsed, data: dict, ids, sizes, codes, cell, checker: "RowChecker") -> None:  # noqa: PLR0917
    total = math.prod(sizes)
    measure_axis = ids.index("Tiedot")
    measure_codes = codes[measure_axis]
    skipped = sorted(set(measure_codes) & PXWEB_OTHER_12R5)
    if skipped:
        parsed.notes.append(
            _("Luettelo ei seuraa näitä tietoja, joten ne jätetään pois: %(codes)s.", codes=", ".join(skipped))
        )
    source = _("Tilastokeskus, PxWeb: %(label)s", label=str(data.get("label") or parsed.filename))[: SOURCE_MAX - 20]
    if data.get("updated"):
        source = f"{source} ({str(data['updated'])[:10]})"
    source = source.replace("\n", " ").replace("\r", " ")
    strides = [math.prod(sizes[axis + 1 :]) for axis in range(len(sizes))]
    area_axis, month_axis = ids.index("Alue"), ids.index("Kuukausi")
    nulls = 0
    for position in range(total):
        point = [(position // strides[axis]) % sizes[axis] for axis in range(len(sizes))]
        measure = measure_codes[point[measure_axis]]
        if measure not in catalogue.BY_PXWEB_CODE:
            continue
        value = cell(position)
        area_code, month_code = codes[area_axis][point[area_axis]], codes[month_axis][point[month_axis]]
        parsed.read_rows += 1
        if value is None:
            nulls += 1
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            parsed.error(
                None,
                _(
                    "Arvo ei ole luku: %(area)s, %(month)s, %(measure)s.",
                    area=area_code,
                    month=month_code,
                    measure=measure,
                ),
            )
            continue
        checker.add(None, catalogue.BY_PXWEB_CODE[measure].key, area_code, month_code, value=str(value), source=source)
    checker.finish()
    if nulls:
        parsed.warning(
            None, _("%(count)s arvoa puuttui (null, salattu tai julkaisematon): niitä ei tallenneta.", count=nulls)
        )


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
