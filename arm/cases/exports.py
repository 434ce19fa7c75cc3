"""The network's contact list as an export: one row per current member."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from arm.cases.models import Case, Membership
from arm.exports.table import Cell, Column, ExportTable

CONTACT_COLUMNS = (
    Column(_l("Nimi"), lambda m: m.user.name),
    Column(_l("Organisaatio"), lambda m: m.organisation.name),
    Column(_l("Organisaation tyyppi"), lambda m: m.organisation.type.label),
    Column(_l("Tehtävänimike"), lambda m: m.user.job_title),
    Column(_l("Sähköposti"), lambda m: m.user.email),
    Column(_l("Puhelin"), lambda m: m.user.phone),
    Column(_l("Käyttöoikeus"), lambda m: m.access.label),
    Column(_l("Roolit"), lambda m: ", ".join(r.role.label for r in m.current_roles)),
    Column(_l("Jäsenenä alkaen"), lambda m: m.started_on, Cell.DATE),
)


def contact_table(case: Case, memberships: list[Membership]) -> ExportTable:
    return ExportTable(_("Yhteystiedot"), CONTACT_COLUMNS, memberships, case.title, _("Nykyiset jäsenet"))
