"""Areas of the situation picture, named by Statistics Finland's codes as PxWeb uses them.

`SSS` the whole country, `KU` + the three-digit municipality code (`KU240` Kemi), `MK01`…`MK21` the regions
(maakunnat), `SK` + the three-digit sub-region (seutukunta) code (`SK192` Kemi-Tornio). The ELY areas are coded
`ELY` + the two-digit number of the ELY centre (`ELY15` Lapin ELY-keskus): our own convention, since the
reference leaves the prefix to the table's metadata; an import naming ELY areas otherwise is refused with the
codes it did not know (docs/indicator-csv.md).

The cases area ships the municipalities (arm/cases/data/municipalities.csv) but not which sub-region, region
and ELY area each belongs to; `PARENTS` holds that for the municipalities of the seeds (Meri-Lappi, seed 001;
Rovaniemi and Ranua, seed 003). A case in another municipality follows its municipalities and the whole country
until its higher areas are added here.
"""

import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from arm.cases.reference import municipalities, municipality_name

WHOLE_COUNTRY = "SSS"
_PATTERN = re.compile(r"^(SSS|KU\d{3}|SK\d{3}|MK\d{2}|ELY\d{2})$")

REGIONS = {
    "MK19": _l("Lappi"),
}
SUB_REGIONS = {
    "SK191": _l("Rovaniemen seutukunta"),
    "SK192": _l("Kemi-Tornion seutukunta"),
    "SK193": _l("Torniolaakson seutukunta"),
}
ELY_AREAS = {
    "ELY15": _l("Lapin ELY-keskus"),
}

# municipality code -> (sub-region, region, ELY area)
PARENTS = {
    "240": ("SK192", "MK19", "ELY15"),  # Kemi
    "241": ("SK192", "MK19", "ELY15"),  # Keminmaa
    "751": ("SK192", "MK19", "ELY15"),  # Simo
    "845": ("SK192", "MK19", "ELY15"),  # Tervola
    "851": ("SK192", "MK19", "ELY15"),  # Tornio
    "976": ("SK193", "MK19", "ELY15"),  # Ylitornio
    "854": ("SK193", "MK19", "ELY15"),  # Pello
    "698": ("SK191", "MK19", "ELY15"),  # Rovaniemi
    "683": ("SK191", "MK19", "ELY15"),  # Ranua
}

LEVEL_ORDER = {"KU": 0, "SK": 1, "MK": 2, "EL": 3, "SS": 4}


@dataclass(frozen=True)
class Area:
    code: str
    name: str

    @property
    def level(self) -> str:
        return self.code[:2]

    @property
    def is_municipality(self) -> bool:
        return self.code.startswith("KU")


def normalise(code: str) -> str:
    """A code as written in a file: upper case, a bare three-digit municipality code taken as `KU…`."""
    code = (code or "").strip().upper()
    if re.fullmatch(r"\d{3}", code):
        return "KU" + code
    return code


def is_known(code: str) -> bool:
    """Whether `code` names an area at all (not whether it is one of a case's)."""
    if not _PATTERN.match(code):
        return False
    if code.startswith("KU"):
        return code[2:] in municipalities()
    if code.startswith("MK"):
        return 1 <= int(code[2:]) <= 21
    if code.startswith("ELY"):
        return 1 <= int(code[3:]) <= 15
    return True


def area_name(code: str) -> str:
    if code == WHOLE_COUNTRY:
        return str(_l("Koko maa"))
    if code.startswith("KU"):
        return municipality_name(code[2:])
    for names in (SUB_REGIONS, REGIONS, ELY_AREAS):
        if code in names:
            return str(names[code])
    return code


def case_area_codes(municipality_codes: list[str]) -> list[str]:
    """The case's municipalities, then their sub-regions, regions and ELY areas, then the whole country."""
    codes = ["KU" + code for code in municipality_codes]
    for index in range(3):
        for code in municipality_codes:
            parent = PARENTS.get(code)
            if parent and parent[index] not in codes:
                codes.append(parent[index])
    codes.append(WHOLE_COUNTRY)
    return codes


def case_areas(municipality_codes: list[str]) -> list[Area]:
    return [Area(code, area_name(code)) for code in case_area_codes(municipality_codes)]
