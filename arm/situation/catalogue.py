"""The indicators the seeds follow, kept in code: a case needs no row to read them.

Seed 001 (Meri-Lappi's employment-area plan, §1.3 and its table 1, "Lähde: Lapin ELY-keskus") follows
unemployed job seekers, of whom the temporarily laid off, and the unemployment rate month by month for the
municipality, the sub-region, the ELY area, the region and the whole country; its table 1 gives per municipality
the broad unemployment and the labour force, the structurally and long-term unemployed, the young and foreign
unemployed, the activation rate and those on labour market subsidy for 300+ days; its §8 states the layoffs as
a share of the area's industrial jobs. Seeds 003 and 004 use the same figures ("Lähde: Työnvälitystilasto
(TEM)"). `pxweb` is the measure's code (`Tiedot`) in Statistics Finland's table 12r5 where the reference names
one; the others have codes or tables of their own that the table metadata tells (docs/indicator-csv.md).
"""

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

PERSONS = _l("henkilöä")
PERCENT = "%"

SOURCE_MONTHLY = _l(
    "TEM:n työnvälitystilasto (Lapin ELY-keskus): työttömät työnhakijat, joista lomautetut, ja työttömien osuus "
    "työvoimasta kuukauden lopussa"
)
SOURCE_TABLE_1 = _l("Lapin ELY-keskus: tilastotietoja kunnittain (työnvälitystilasto)")
SOURCE_LAYOFFS = _l("Irtisanottujen osuus seutukunnan ja maakunnan teollisuuden toimialan työpaikoista")


@dataclass(frozen=True)
class CatalogueIndicator:
    key: str
    name: Any  # a lazy translation
    unit: Any
    source: Any
    monthly: bool  # followed month by month for every level of area; else per municipality
    pxweb: str = ""  # the `Tiedot` code in StatFin table 12r5, where known
    position: int = 0

    @property
    def is_rate(self) -> bool:
        """A share: its change is told in percentage points, not as a percentage of itself."""
        return str(self.unit) == PERCENT


CATALOGUE: tuple[CatalogueIndicator, ...] = (
    CatalogueIndicator(
        "unemployed", _l("Työttömät työnhakijat"), PERSONS, SOURCE_MONTHLY, True, "TYOTTOMATLOPUSSA", 10
    ),
    CatalogueIndicator("laid_off", _l("Työttömistä lomautetut"), PERSONS, SOURCE_MONTHLY, True, "", 20),
    CatalogueIndicator(
        "unemployment_rate",
        _l("Työttömien osuus työvoimasta (työttömyysaste)"),
        PERCENT,
        SOURCE_MONTHLY,
        True,
        "TYOTOSUUS",
        30,
    ),
    CatalogueIndicator(
        "broad_unemployment",
        _l("Laaja työttömyys (työttömät + aktivointipalveluissa)"),
        PERSONS,
        SOURCE_TABLE_1,
        False,
        "",
        40,
    ),
    CatalogueIndicator("labour_force", _l("Työvoiman määrä"), PERSONS, SOURCE_TABLE_1, False, "TYOVOIMATK", 50),
    CatalogueIndicator("structurally_unemployed", _l("Rakennetyöttömät"), PERSONS, SOURCE_TABLE_1, False, "", 60),
    CatalogueIndicator(
        "long_term_unemployed", _l("Pitkäaikaistyöttömät"), PERSONS, SOURCE_TABLE_1, False, "PITKAAIKAISTYOTTOMAT", 70
    ),
    CatalogueIndicator(
        "unemployed_under_25",
        _l("Alle 25-vuotiaat nuoret työttömät"),
        PERSONS,
        SOURCE_TABLE_1,
        False,
        "TYOTTOMAT25",
        80,
    ),
    CatalogueIndicator(
        "foreign_unemployed", _l("Ulkomaalaiset työttömät"), PERSONS, SOURCE_TABLE_1, False, "TYOTTOMATULK", 90
    ),
    CatalogueIndicator("activation_rate", _l("Aktivointiaste"), PERCENT, SOURCE_TABLE_1, False, "", 100),
    CatalogueIndicator(
        "labour_market_subsidy_300",
        _l("Työmarkkinatukea vähintään 300 päivää saaneet"),
        PERSONS,
        SOURCE_TABLE_1,
        False,
        "",
        110,
    ),
    CatalogueIndicator(
        "layoff_share_industry",
        _l("Irtisanottujen osuus alueen teollisuuden työpaikoista"),
        PERCENT,
        SOURCE_LAYOFFS,
        False,
        "",
        120,
    ),
)

BY_KEY: dict[str, CatalogueIndicator] = {entry.key: entry for entry in CATALOGUE}
BY_PXWEB_CODE: dict[str, CatalogueIndicator] = {entry.pxweb: entry for entry in CATALOGUE if entry.pxweb}
CUSTOM_PREFIX = "custom-"


def entry(key: str) -> CatalogueIndicator | None:
    return BY_KEY.get(key)
