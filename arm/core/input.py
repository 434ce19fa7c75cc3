"""What no free text may hold, wherever it comes from (a form field, an import cell): one check for all.

Control characters are invisible, break exports and PostgreSQL refuses NUL. A Finnish personal identity code
(henkilötunnus) is personal data about an individual, and the platform stores only aggregates about the
laid-off people (DESIGN.md), so text holding a valid one is refused, with the reason, before it is saved.
"""

import re

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from stdnum.fi import hetu

# Tab and line breaks are allowed in long text only; everything else below space (and DEL, C1) never.
_LINE_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TEXT_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# DDMMYY, the century sign, the individual number and the check character; stdnum checks the rest.
_HETU_LIKE = re.compile(r"(?<![0-9A-Za-z])\d{6}[-+A-FU-Ya-fu-y]\d{3}[0-9A-Za-z](?![0-9A-Za-z])")

CONTROL_CHARACTER_MESSAGE = _l("Poista tekstistä ohjausmerkit, kuten sarkaimet ja rivinvaihdot.")
TEXT_CONTROL_CHARACTER_MESSAGE = _l("Poista tekstistä näkymättömät ohjausmerkit.")
IDENTITY_CODE_MESSAGE = _l(
    "Teksti näyttää sisältävän henkilötunnuksen. Alustalle ei tallenneta henkilötunnuksia eikä muita "
    "irtisanottuja yksilöiviä tietoja, vain yhteenvetoja: poista tunnus ja tallenna uudelleen."
)

FILE_NAME_CONTROL_MESSAGE = _l("Tiedoston nimessä on ohjausmerkkejä: nimeä tiedosto uudelleen ja valitse se uudestaan.")
FILE_NAME_IDENTITY_CODE_MESSAGE = _l(
    "Tiedoston nimi näyttää sisältävän henkilötunnuksen. Alustalle ei tallenneta henkilötunnuksia: "
    "nimeä tiedosto uudelleen ja valitse se uudestaan."
)


def contains_identity_code(text: str) -> bool:
    """Whether `text` holds a valid Finnish personal identity code (checksum and date included)."""
    return any(hetu.is_valid(candidate.upper(), allow_temporary=True) for candidate in _HETU_LIKE.findall(text or ""))


def text_problem(text: str | None, *, multiline: bool = False) -> LazyString | None:
    """Why `text` cannot be saved, or None. Long text (`multiline`) may hold tabs and line breaks."""
    if not text:
        return None
    if multiline and _TEXT_CONTROLS.search(text):
        return TEXT_CONTROL_CHARACTER_MESSAGE
    if not multiline and _LINE_CONTROLS.search(text):
        return CONTROL_CHARACTER_MESSAGE
    if contains_identity_code(text):
        return IDENTITY_CODE_MESSAGE
    return None


def file_name_problem(name: str | None) -> LazyString | None:
    """Why an uploaded file's name cannot be kept (it is stored and shown, as any one-line text), or None."""
    if name and _LINE_CONTROLS.search(name):
        return FILE_NAME_CONTROL_MESSAGE
    if contains_identity_code(name or ""):
        return FILE_NAME_IDENTITY_CODE_MESSAGE
    return None


def without_control_characters(text: str, *, multiline: bool = False) -> str:
    """`text` with the characters `text_problem` refuses taken out: for showing or exporting what is stored."""
    return (_TEXT_CONTROLS if multiline else _LINE_CONTROLS).sub("", text)
