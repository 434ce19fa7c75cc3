"""Statistics Finland's PxWeb JSON-stat 2 response of the employment service statistics (table 12r5, see
docs/indicator-csv.md) read into the same `Parsed` report as a CSV file: the `id` dimensions checked, a category
index given as an object or an array, values as an array or a sparse object, nulls reported. A response of
another table or a broken one is refused whole."""

import json
import math

from flask import current_app
from flask_babel import gettext as _

from arm.situation import catalogue
from arm.situation.imports import SOURCE_MAX, Parsed, RowChecker

# Measures of table 12r5 the catalogue does not follow: left out with a note, not refused as another table's.
PXWEB_OTHER_12R5 = frozenset({"AVPAIKATLOPUSSA", "TYOTTOMAT20", "TYOTTOMAT50", "TYOTTOMATMIEHET", "TYOTTOMATNAISET"})
PXWEB_DIMENSIONS = ("Alue", "Kuukausi", "Tiedot")


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
