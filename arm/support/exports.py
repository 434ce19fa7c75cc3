"""The service map as an export: one row per service, in the language of the user."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from arm.cases.models import Case
from arm.exports.table import Cell, Column, ExportTable
from arm.support import queries

SERVICE_COLUMNS = (
    Column(_l("Palvelu"), lambda s: s.name),
    Column(_l("Palvelun laji"), lambda s: s.kind.label),
    Column(_l("Järjestäjä"), lambda s: s.provider.name),
    Column(_l("Kuvaus"), lambda s: s.description, Cell.LONG_TEXT),
    Column(_l("Missä ja miten"), lambda s: s.reach, Cell.LONG_TEXT),
    Column(_l("Kielet"), lambda s: ", ".join(language.label for language in s.language_list)),
    Column(_l("Ikäryhmä"), lambda s: s.age_group.label),
    Column(_l("Kenelle"), lambda s: ", ".join(audience.label for audience in s.audience_list)),
    Column(_l("Alkaa"), lambda s: s.starts_on, Cell.DATE),
    Column(_l("Päättyy"), lambda s: s.ends_on, Cell.DATE),
    Column(_l("Suuntaa-antava ajanjakso"), lambda s: s.is_illustrative, Cell.YES_NO),
)


def services_table(case: Case) -> ExportTable:
    return ExportTable(_("Palvelukartta"), SERVICE_COLUMNS, queries.services(case.id), case.title)
