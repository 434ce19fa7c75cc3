"""The situation picture's writes: a case's own indicators, thresholds on any indicator, and imports.

Services flush and audit; the views commit (arm.core.saving). An import is stored all or nothing: the preview
and the store read the same rules (`compare`), and the store runs in the request's one transaction, so a refusal
or an error leaves nothing behind. Re-importing the same figures updates or leaves them: (indicator, area,
month) is unique.
"""

import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import bindparam, select

from arm.core.errors import EditConflict, ValidationError
from arm.core.input import text_problem
from arm.extensions import db
from arm.situation import areas, catalogue
from arm.situation.models import ImportFormat, Indicator, IndicatorImport, IndicatorValue, ThresholdDirection

INDICATOR_FIELDS = ("name", "unit", "source", "threshold", "threshold_direction", "threshold_area")
THRESHOLD_FIELDS = ("threshold", "threshold_direction", "threshold_area")


class FetchFailed(Exception):
    """The PxWeb API could not be reached or answered with an error: the message says which, for people."""


def indicator_field_errors(data: dict, *, custom: bool, area_codes: list[str]) -> list[tuple[str, str]]:
    errors = []
    if custom:
        if not (data.get("name") or "").strip():
            errors.append(("name", _("Anna indikaattorille nimi.")))
        if not (data.get("unit") or "").strip():
            errors.append(("unit", _("Anna yksikkö, esimerkiksi henkilöä tai %.")))
        for name in ("name", "unit", "source"):
            if problem := text_problem(data.get(name) or ""):
                errors.append((name, problem))
    threshold = data.get("threshold")
    if threshold is not None:
        if threshold < 0:
            errors.append(("threshold", _("Hälytysraja ei voi olla negatiivinen.")))
        elif threshold != threshold.quantize(Decimal("0.0001")):
            errors.append(("threshold", _("Hälytysrajassa voi olla enintään neljä desimaalia.")))
        elif threshold >= Decimal("1000000000000"):
            errors.append(("threshold", _("Hälytysraja on liian suuri.")))
    if data.get("threshold_direction") not in ThresholdDirection:
        errors.append(("threshold_direction", _("Valitse, kummalla puolella rajaa hälytys nousee.")))
    if (data.get("threshold_area") or "") not in ("", *area_codes):
        errors.append(("threshold_area", _("Valitse jokin tapauksen alueista.")))
    return errors


def _custom_key(case_id: int, name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower().translate(str.maketrans("åäö", "aao"))).strip("-")[:40] or "oma"
    taken = set(db.session.scalars(select(Indicator.key).where(Indicator.case_id == case_id)))
    key, number = catalogue.CUSTOM_PREFIX + slug, 2
    while key in taken:
        key, number = f"{catalogue.CUSTOM_PREFIX}{slug}-{number}", number + 1
    return key


def _apply(indicator: Indicator, data: dict, names) -> None:
    for name in names:
        value = data.get(name)
        setattr(indicator, name, value.strip() if isinstance(value, str) else value)
    indicator.threshold_area = indicator.threshold_area or ""


def create_indicator(case, data: dict, area_codes: list[str]) -> Indicator:
    errors = indicator_field_errors(data, custom=True, area_codes=area_codes)
    if errors:
        raise ValidationError(errors)
    indicator = Indicator(case_id=case.id, key=_custom_key(case.id, data["name"]))
    _apply(indicator, data, INDICATOR_FIELDS)
    db.session.add(indicator)
    db.session.flush()
    return indicator


def update_indicator(indicator: Indicator, expected_version: int, data: dict, area_codes: list[str]) -> Indicator:
    """A custom indicator's edit made on `expected_version`; EditConflict when someone saved in between."""
    if expected_version != indicator.version:
        raise EditConflict(indicator)
    custom = indicator.key not in catalogue.BY_KEY
    errors = indicator_field_errors(data, custom=custom, area_codes=area_codes)
    if errors:
        raise ValidationError(errors)
    _apply(indicator, data, INDICATOR_FIELDS if custom else THRESHOLD_FIELDS)
    db.session.flush()
    return indicator


def find_catalogue_row(case_id: int, key: str) -> Indicator | None:
    return db.session.scalar(select(Indicator).where(Indicator.case_id == case_id, Indicator.key == key))


def save_threshold(case, key: str, expected_version: int | None, data: dict, area_codes: list[str]) -> Indicator:
    """A catalogue indicator's threshold: its row is made on the first save (the form then carried no version)."""
    indicator = find_catalogue_row(case.id, key)
    if indicator is None:
        if expected_version not in (None, 0):
            raise EditConflict(None)
        errors = indicator_field_errors(data, custom=False, area_codes=area_codes)
        if errors:
            raise ValidationError(errors)
        indicator = catalogue_indicator_row(case.id, key)
        _apply(indicator, data, THRESHOLD_FIELDS)
        db.session.flush()
        return indicator
    return update_indicator(indicator, expected_version or 0, data, area_codes)


def catalogue_indicator_row(case_id: int, key: str) -> Indicator:
    """The case's row for a catalogue indicator (name "": the catalogue's), made when first needed."""
    indicator = db.session.scalar(select(Indicator).where(Indicator.case_id == case_id, Indicator.key == key))
    if indicator is None:
        indicator = Indicator(case_id=case_id, key=key, name="", unit="", source="")
        db.session.add(indicator)
        db.session.flush()
    return indicator


# --- imports -------------------------------------------------------------------------------------------------


@dataclass
class Comparison:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _existing(case_id: int) -> tuple[dict[str, int], dict[tuple, tuple[int, Decimal | None, str]]]:
    """The case's indicator ids by key, and its stored values by (indicator key, area, month): two statements."""
    ids = dict(db.session.execute(select(Indicator.key, Indicator.id).where(Indicator.case_id == case_id)).all())
    keys = {indicator_id: key for key, indicator_id in ids.items()}
    rows = db.session.execute(
        select(
            IndicatorValue.id,
            IndicatorValue.indicator_id,
            IndicatorValue.area_code,
            IndicatorValue.month,
            IndicatorValue.value,
            IndicatorValue.source,
        ).where(IndicatorValue.case_id == case_id)
    )
    stored = {
        (keys[row.indicator_id], row.area_code, row.month.strftime("%Y-%m")): (row.id, row.value, row.source)
        for row in rows
    }
    return ids, stored


def compare(case_id: int, rows: list[list]) -> Comparison:
    """How many of the parsed rows are new, would change a stored figure, or are stored already as they are."""
    _ids, stored = _existing(case_id)
    result = Comparison()
    for key, area, month, value, source in rows:
        before = stored.get((key, area, month))
        if before is None:
            result.created += 1
        elif before[1] == Decimal(value) and before[2] == source:
            result.unchanged += 1
        else:
            result.updated += 1
    return result


def store_import(case, payload: dict, user_id: int) -> IndicatorImport:
    """Store a confirmed upload in the request's transaction: new figures inserted, changed ones updated, in bulk."""
    rows = payload["rows"]
    needed = {row[0] for row in rows}
    ids, stored = _existing(case.id)
    for key in sorted(needed - ids.keys()):
        if key not in catalogue.BY_KEY:
            raise ValidationError.single(None, _("Indikaattori %(key)s on poistettu välillä.", key=key))
        ids[key] = catalogue_indicator_row(case.id, key).id
    record = IndicatorImport(
        case_id=case.id,
        format=ImportFormat(payload["format"]),
        filename=payload["filename"][:300],
        imported_by_id=user_id,
        report=payload["report"],
    )
    db.session.add(record)
    db.session.flush()
    inserts, updates, unchanged = [], [], 0
    for key, area, month, value, source in rows:
        number = Decimal(value)
        before = stored.get((key, area, month))
        if before is None:
            inserts.append(
                {
                    "case_id": case.id,
                    "indicator_id": ids[key],
                    "area_code": area,
                    "month": date.fromisoformat(month + "-01"),
                    "value": number,
                    "source": source,
                    "import_id": record.id,
                    "note": "",
                }
            )
        elif before[1] == number and before[2] == source:
            unchanged += 1
        else:
            updates.append({"row_id": before[0], "value": number, "source": source, "import_id": record.id})
    table = IndicatorValue.__table__
    for start in range(0, len(inserts), 5000):
        db.session.execute(table.insert(), inserts[start : start + 5000])
    if updates:
        statement = (
            table.update()
            .where(table.c.id == bindparam("row_id"))
            .values(value=bindparam("value"), source=bindparam("source"), import_id=bindparam("import_id"))
        )
        for start in range(0, len(updates), 5000):
            db.session.execute(statement, updates[start : start + 5000])
    record.created, record.updated, record.unchanged = len(inserts), len(updates), unchanged
    db.session.flush()
    return record


def pxweb_query(area_codes: list[str], months: int) -> dict:
    """The PxWeb query for the case's areas, the latest `months` months and the catalogue's measures."""
    return {
        "query": [
            {"code": "Alue", "selection": {"filter": "item", "values": area_codes}},
            {"code": "Kuukausi", "selection": {"filter": "top", "values": [str(months)]}},
            {"code": "Tiedot", "selection": {"filter": "item", "values": sorted(catalogue.BY_PXWEB_CODE)}},
        ],
        "response": {"format": "json-stat2"},
    }


def fetch_pxweb(area_codes: list[str]) -> tuple[str, bytes]:
    """POST the query to the configured PxWeb table (ARM_PXWEB_URL): (url, the response's bytes), or FetchFailed."""
    config = current_app.config
    url = config["PXWEB_URL"]
    if not url:
        raise FetchFailed(_("Tilastokeskuksen rajapinnasta hakeminen ei ole käytössä (asetus ARM_PXWEB_URL on tyhjä)."))
    body = json.dumps(pxweb_query(area_codes, config["PXWEB_MONTHS"])).encode("utf-8")
    request = urllib.request.Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json", "Accept": "application/json"}
    )
    if not url.startswith(("https://", "http://")):
        raise FetchFailed(_("PxWeb-osoite ei ole http(s)-osoite: tarkista asetus ARM_PXWEB_URL."))
    limit = config["SITUATION_IMPORT_MAX_MB"] * 1024 * 1024
    try:
        with urllib.request.urlopen(request, timeout=config["PXWEB_TIMEOUT_SECONDS"]) as response:
            data = response.read(limit + 1)
    except urllib.error.HTTPError as error:
        raise FetchFailed(_("Tilastokeskuksen rajapinta vastasi virheellä %(status)s.", status=error.code)) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        current_app.logger.warning("PxWeb fetch failed: %s", error)
        raise FetchFailed(
            _("Tilastokeskuksen rajapintaan ei saatu yhteyttä. Lataa vastaus tiedostona tai yritä myöhemmin.")
        ) from error
    if len(data) > limit:
        raise FetchFailed(_("Rajapinnan vastaus on liian suuri."))
    return url, data


def known_keys(case_id: int) -> set[str]:
    custom = set(
        db.session.scalars(
            select(Indicator.key).where(Indicator.case_id == case_id, Indicator.key.startswith(catalogue.CUSTOM_PREFIX))
        )
    )
    return set(catalogue.BY_KEY) | custom


def municipality_codes_of(case) -> list[str]:
    """The lead municipality first, then the other affected ones."""
    codes = [case.lead_municipality_code] if case.lead_municipality_code else []
    return codes + [code for code in case.affected_municipality_codes if code not in codes]


def area_codes_of(case) -> list[str]:
    return areas.case_area_codes(municipality_codes_of(case))
