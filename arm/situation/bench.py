"""The situation picture's benchmark rows: the monthly indicators for the whole country over six years, and a
big case's figures for a hundred areas besides (areas outside the case, which the picture's query leaves out)."""

from datetime import date

from arm.core.bench import BenchContext
from arm.situation.models import Indicator, IndicatorValue, ThresholdDirection

MONTHS = 72
MONTHLY = ("unemployed", "laid_off", "unemployment_rate")


def bench_data(context: BenchContext) -> None:
    rng = context.rng
    indicators, values = [], []
    for case in context.cases:
        for key in MONTHLY:
            indicators.append(
                {
                    "case_id": case.id,
                    "key": key,
                    "name": "",
                    "unit": "",
                    "source": "",
                    "threshold": None,
                    "threshold_direction": ThresholdDirection.ABOVE,
                    "threshold_area": "",
                    "created_at": case.started,
                    "version": 1,
                }
            )
    context.numbered(Indicator.__table__, indicators)
    for indicator in indicators:
        case_big = next(case.is_big for case in context.cases if case.id == indicator["case_id"])
        area_codes = ["SSS"] + ([f"KU{number:03}" for number in range(1, 100)] if case_big else [])
        for area in area_codes:
            for offset in range(MONTHS):
                index = 2019 * 12 + offset
                values.append(
                    {
                        "case_id": indicator["case_id"],
                        "indicator_id": indicator["id"],
                        "area_code": area,
                        "month": date(index // 12, index % 12 + 1, 1),
                        "value": rng.randint(100, 300000),
                        "source": "bench",
                        "import_id": None,
                        "note": "",
                    }
                )
    context.insert(Indicator.__table__, indicators)
    context.insert(IndicatorValue.__table__, values, total=len(values), label="situation values")
