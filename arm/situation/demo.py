"""The situation picture's share of the Kemi demo case: seed 001's own figures, with their months and sources.

Seed 001 (Meri-Lappi's employment-area plan, §1.3) tells the end of August (2023, the month its table 2 names):
Lapland's unemployed job seekers and the laid off among them, the whole country's, the unemployment rate of the
country, of Lapland's ELY area and of each municipality, and the municipalities' unemployed; its table 1 gives
the municipalities' figures as averages of January–June 2023 (stored on June 2023 with that said in the
source); its §8 the layoffs as a share of the sub-region's and the region's industrial jobs (the closure
announced in April 2021). Lapland's July 2023 and August 2022 figures are the seed's own differences ("1 220
fewer than in July, 400 fewer than a year earlier") subtracted, and say so. Only the demo case's municipalities
(Kemi, Keminmaa, Simo) are stored; nothing else is made up. The threshold is the demo's own illustration.
"""

from datetime import date
from decimal import Decimal

from arm.core.parts import DemoContext
from arm.extensions import db
from arm.situation import services
from arm.situation.models import IndicatorValue, ThresholdDirection

SEED_13 = "Seed 001 §1.3: Lapin ELY-keskus, työnvälitystilasto, elokuun 2023 lopussa"
SEED_DIFF = "Seed 001 §1.3: laskettu elokuun 2023 luvusta ja seedin erotuksesta (%s)"
SEED_TABLE_1 = "Seed 001 taulukko 1 (Lähde: Lapin ELY-keskus): keskimäärin tammi–kesäkuussa 2023"
SEED_8 = "Seed 001 §8: irtisanominen koski noin 15 % seutukunnan ja 9,7 % maakunnan teollisuuden työpaikoista"

AUGUST, JULY, YEAR_EARLIER, JUNE = date(2023, 8, 1), date(2023, 7, 1), date(2022, 8, 1), date(2023, 6, 1)

# (key, area, month, value, source)
FIGURES = [
    ("unemployed", "MK19", AUGUST, "7590", SEED_13),
    ("laid_off", "MK19", AUGUST, "480", SEED_13),
    ("unemployed", "MK19", JULY, "8810", SEED_DIFF % "1 220 vähemmän kuin heinäkuussa"),
    ("unemployed", "MK19", YEAR_EARLIER, "7990", SEED_DIFF % "400 vähemmän kuin vuotta aiemmin"),
    ("unemployed", "SSS", AUGUST, "249510", SEED_13),
    ("unemployment_rate", "SSS", AUGUST, "9.4", SEED_13),
    ("unemployment_rate", "ELY15", AUGUST, "9.5", SEED_13),
    ("unemployment_rate", "KU240", AUGUST, "13.8", SEED_13),
    ("unemployment_rate", "KU241", AUGUST, "6.6", SEED_13),
    ("unemployment_rate", "KU751", AUGUST, "10.3", SEED_13),
    ("unemployed", "KU240", AUGUST, "1135", SEED_13),
    ("unemployed", "KU241", AUGUST, "234", SEED_13),
    ("unemployed", "KU751", AUGUST, "118", SEED_13),
    ("layoff_share_industry", "SK192", date(2021, 4, 1), "15", SEED_8),
    ("layoff_share_industry", "MK19", date(2021, 4, 1), "9.7", SEED_8),
]
# Table 1: Kemi, Keminmaa, Simo
TABLE_1 = {
    "broad_unemployment": ("1804", "423", "184"),
    "labour_force": ("8200", "3530", "1146"),
    "structurally_unemployed": ("686", "141", "56"),
    "long_term_unemployed": ("349", "65", "27"),
    "unemployed_under_25": ("124", "27", "10"),
    "foreign_unemployed": ("141", "5", "2"),
    "activation_rate": ("34", "32.3", "29.2"),
    "labour_market_subsidy_300": ("322", "54", "19"),
}
for _key, _values in TABLE_1.items():
    for _area, _value in zip(("KU240", "KU241", "KU751"), _values, strict=True):
        FIGURES.append((_key, _area, JUNE, _value, SEED_TABLE_1))

# Seed 001's table 1 row that the catalogue does not hold, kept as the case's own indicator.
CUSTOM = ("Kaikki työnhakijat yhteensä", "henkilöä", ("2112", "518", "216"))

# The demo's own illustration of an early-warning threshold (not a figure of the seeds).
DEMO_THRESHOLD = ("unemployment_rate", Decimal("12"), ThresholdDirection.ABOVE, "KU240")


def load_demo(context: DemoContext) -> None:
    case = context.case
    rows = {}
    for key, area, month, value, source in FIGURES:
        indicator = rows.get(key) or services.catalogue_indicator_row(case.id, key)
        rows[key] = indicator
        db.session.add(
            IndicatorValue(
                case_id=case.id,
                indicator_id=indicator.id,
                area_code=area,
                month=month,
                value=Decimal(value),
                source=source,
            )
        )
    name, unit, values = CUSTOM
    custom = services.create_indicator(
        case,
        {
            "name": name,
            "unit": unit,
            "source": SEED_TABLE_1,
            "threshold": None,
            "threshold_direction": ThresholdDirection.ABOVE,
            "threshold_area": "",
        },
        services.area_codes_of(case),
    )
    for area, value in zip(("KU240", "KU241", "KU751"), values, strict=True):
        db.session.add(
            IndicatorValue(
                case_id=case.id,
                indicator_id=custom.id,
                area_code=area,
                month=JUNE,
                value=Decimal(value),
                source=SEED_TABLE_1,
            )
        )
    key, threshold, direction, area = DEMO_THRESHOLD
    rows[key].threshold, rows[key].threshold_direction, rows[key].threshold_area = threshold, direction, area
    db.session.flush()
