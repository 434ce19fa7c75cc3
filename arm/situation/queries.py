"""Reads of the situation picture: per indicator and area the latest month and its comparisons.

The picture loads in three statements whatever the number of figures: the case's indicator rows, its latest
month, and the figures of the months it compares (the last 25 months and the base year's). The case's
municipalities come with the case (one more statement when not loaded yet).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from arm.core.charts import Chart, Series
from arm.core.i18n import format_decimal
from arm.extensions import db
from arm.situation import areas, catalogue
from arm.situation.models import Indicator, IndicatorImport, IndicatorValue, ThresholdDirection

DEFAULT_BASE_YEAR = 2019  # the seeds compare with 2019, the year before the pandemic (seed 001 §1.3)
CHART_MONTHS = 12


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


def month_label(month: date | None) -> str:
    return f"{month.month}/{month.year}" if month else "–"


@dataclass
class IndicatorInfo:
    key: str
    name: str
    unit: str
    source: str
    is_rate: bool
    is_custom: bool
    row: Indicator | None

    @property
    def threshold(self) -> Decimal | None:
        return self.row.threshold if self.row is not None else None

    @property
    def direction(self) -> ThresholdDirection:
        return self.row.threshold_direction if self.row is not None else ThresholdDirection.ABOVE

    @property
    def threshold_area(self) -> str:
        return self.row.threshold_area if self.row is not None else ""


@dataclass
class Change:
    difference: Decimal
    percent: Decimal | None  # of the earlier value; None for a rate (told in percentage points) or from 0


@dataclass
class AreaFigure:
    area: areas.Area
    month: date | None = None
    value: Decimal | None = None
    source: str = ""
    previous: Decimal | None = None
    year_ago: Decimal | None = None
    base: Decimal | None = None
    breach: bool = False
    changes: dict[str, Change | None] = field(default_factory=dict)


@dataclass
class IndicatorPicture:
    info: IndicatorInfo
    figures: list[AreaFigure]
    chart: Chart | None = None
    chart_area: areas.Area | None = None

    @property
    def has_data(self) -> bool:
        return any(figure.value is not None for figure in self.figures)

    @property
    def breaches(self) -> list[AreaFigure]:
        return [figure for figure in self.figures if figure.breach]


def indicator_infos(rows: list[Indicator]) -> list[IndicatorInfo]:
    by_key = {row.key: row for row in rows}
    infos = [
        IndicatorInfo(
            entry.key, str(entry.name), str(entry.unit), str(entry.source), entry.is_rate, False, by_key.get(entry.key)
        )
        for entry in catalogue.CATALOGUE
    ]
    for row in sorted(rows, key=lambda row: (row.name.lower(), row.id)):
        if row.key not in catalogue.BY_KEY:
            infos.append(IndicatorInfo(row.key, row.name, row.unit, row.source, row.unit.strip() == "%", True, row))
    return infos


def case_indicators(case_id: int) -> list[Indicator]:
    return list(db.session.scalars(select(Indicator).where(Indicator.case_id == case_id)))


def get_custom_indicator(case_id: int, indicator_id: int) -> Indicator:
    return db.first_or_404(
        select(Indicator).where(
            Indicator.id == indicator_id,
            Indicator.case_id == case_id,
            Indicator.key.startswith(catalogue.CUSTOM_PREFIX),
        )
    )


def latest_month(case_id: int, area_codes: list[str], until: date | None = None) -> date | None:
    statement = select(func.max(IndicatorValue.month)).where(
        IndicatorValue.case_id == case_id, IndicatorValue.area_code.in_(area_codes)
    )
    if until is not None:
        statement = statement.where(IndicatorValue.month <= until)
    return db.session.scalar(statement)


def _change(later: Decimal | None, earlier: Decimal | None, is_rate: bool) -> Change | None:
    if later is None or earlier is None:
        return None
    difference = later - earlier
    percent = None if is_rate or earlier == 0 else (difference / earlier * 100).quantize(Decimal("1"))
    return Change(difference, percent)


def breaches(info: IndicatorInfo, value: Decimal | None, area_code: str) -> bool:
    threshold = info.threshold
    if threshold is None or value is None or (info.threshold_area and info.threshold_area != area_code):
        return False
    return value >= threshold if info.direction is ThresholdDirection.ABOVE else value <= threshold


def picture(
    case,
    area_codes: list[str],
    *,
    base_year: int = DEFAULT_BASE_YEAR,
    chart_area: str = "",
    until: date | None = None,
    charts: bool = True,
) -> list[IndicatorPicture]:
    """Every indicator of the case (the catalogue's, then its own) with its figures for each area."""
    infos = indicator_infos(case_indicators(case.id))
    latest = latest_month(case.id, area_codes, until)
    values: dict[tuple[int, str], dict[date, tuple[Decimal | None, str]]] = {}
    if latest is not None:
        window = add_months(latest, -25)
        statement = select(
            IndicatorValue.indicator_id,
            IndicatorValue.area_code,
            IndicatorValue.month,
            IndicatorValue.value,
            IndicatorValue.source,
        ).where(
            IndicatorValue.case_id == case.id,
            IndicatorValue.area_code.in_(area_codes),
            IndicatorValue.month <= latest,
            or_(
                IndicatorValue.month >= window,
                and_(IndicatorValue.month >= date(base_year, 1, 1), IndicatorValue.month <= date(base_year, 12, 1)),
            ),
        )
        for row in db.session.execute(statement):
            values.setdefault((row.indicator_id, row.area_code), {})[row.month] = (row.value, row.source)
    case_areas = [areas.Area(code, areas.area_name(code)) for code in area_codes]
    pictures = []
    for info in infos:
        figures = []
        for area in case_areas:
            series = values.get((info.row.id, area.code), {}) if info.row is not None else {}
            figure = AreaFigure(area)
            months = [month for month, (value, _source) in series.items() if value is not None]
            if months:
                month = max(months)
                figure.month, (figure.value, figure.source) = month, series[month]
                figure.previous = series.get(add_months(month, -1), (None, ""))[0]
                figure.year_ago = series.get(add_months(month, -12), (None, ""))[0]
                figure.base = series.get(date(base_year, month.month, 1), (None, ""))[0]
                figure.changes = {
                    "month": _change(figure.value, figure.previous, info.is_rate),
                    "year": _change(figure.value, figure.year_ago, info.is_rate),
                    "base": _change(figure.value, figure.base, info.is_rate) if base_year != month.year else None,
                }
                figure.breach = breaches(info, figure.value, area.code)
            figures.append(figure)
        item = IndicatorPicture(info, figures)
        if charts and item.has_data:
            chosen = next((f for f in figures if f.area.code == chart_area and f.value is not None), None)
            chosen = chosen or next(f for f in figures if f.value is not None)
            item.chart_area = chosen.area
            item.chart = _chart(info, values.get((info.row.id, chosen.area.code), {}), chosen, base_year)
        pictures.append(item)
    return pictures


def _chart(info: IndicatorInfo, series: dict, figure: AreaFigure, base_year: int) -> Chart:
    months = [add_months(figure.month, -offset) for offset in range(CHART_MONTHS - 1, -1, -1)]

    def line(shift) -> list:
        return [series.get(shift(month), (None, ""))[0] for month in months]

    lines = [Series(_("Viimeiset 12 kuukautta"), line(lambda month: month))]
    year_before = line(lambda month: add_months(month, -12))
    if any(value is not None for value in year_before):
        lines.append(Series(_("Vuotta aiemmin"), year_before, dashed=True))
    base = line(lambda month: date(base_year, month.month, 1))
    if base_year < months[0].year and any(value is not None for value in base):
        lines.append(Series(_("Vuosi %(year)s", year=base_year), base, dashed=True))
    if info.threshold is not None:
        lines.append(Series(_("Hälytysraja"), [info.threshold] * len(months), dashed=True))
    return Chart(
        title=f"{info.name}: {figure.area.name}",
        description=_(
            "%(name)s (%(unit)s), %(area)s, kuukaudet %(first)s–%(last)s; katkoviivoilla vertailut.",
            name=info.name,
            unit=info.unit,
            area=figure.area.name,
            first=month_label(months[0]),
            last=month_label(months[-1]),
        ),
        x_labels=[month_label(month) for month in months],
        series=lines,
        unit=info.unit,
        value_format=format_decimal,
    )


def early_warnings(case, area_codes: list[str]) -> list[tuple[IndicatorInfo, AreaFigure]]:
    """The indicators whose latest value breaches their threshold, with the area where it does."""
    flags = []
    for item in picture(case, area_codes, charts=False):
        for figure in item.breaches:
            flags.append((item.info, figure))
    return flags


def recent_imports(case_id: int, limit: int = 5) -> list[IndicatorImport]:
    return list(
        db.session.scalars(
            select(IndicatorImport)
            .options(joinedload(IndicatorImport.imported_by))
            .where(IndicatorImport.case_id == case_id)
            .order_by(IndicatorImport.imported_at.desc(), IndicatorImport.id.desc())
            .limit(limit)
        )
    )


def holds_figures(case_id: int) -> bool:
    return db.session.scalar(select(IndicatorValue.id).where(IndicatorValue.case_id == case_id).limit(1)) is not None


def change_text(change: Change | None, is_rate: bool) -> str:
    """A change as read in a table: "−1 220 (−14 %)" for a count, "+0,3 %-yks." for a rate; "–" when unknown."""
    if change is None:
        return "–"
    sign = "+" if change.difference > 0 else ("−" if change.difference < 0 else "±")
    text = sign + format_decimal(abs(change.difference))
    if is_rate:
        return text + " " + _("%-yks.")
    if change.percent is not None:
        percent_sign = "+" if change.percent > 0 else ("−" if change.percent < 0 else "±")
        text += f" ({percent_sign}{format_decimal(abs(change.percent))} %)"
    return text
