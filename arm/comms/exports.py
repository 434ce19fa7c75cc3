"""The communications plan (the filtered list) as an export, in the language of the user."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from arm.cases.models import Case
from arm.comms.models import CommsItem
from arm.comms.queries import CommsFilter
from arm.exports.table import Cell, Column, ExportTable


def _scope(item: CommsItem) -> str:
    return _("Sisäinen") if item.audience.is_internal else _("Ulkoinen")


ITEM_COLUMNS = (
    Column(_l("Otsikko"), lambda i: i.title),
    Column(_l("Kohderyhmä"), lambda i: i.audience.label),
    Column(_l("Sisäinen vai ulkoinen"), _scope),
    Column(_l("Kanava"), lambda i: i.channel.label),
    Column(_l("Viesti"), lambda i: i.message, Cell.LONG_TEXT),
    Column(_l("Vastuuhenkilö"), lambda i: i.owner.user.name if i.owner else ""),
    Column(_l("Suunniteltu päivä"), lambda i: i.planned_on, Cell.DATE),
    Column(_l("Toistuu"), lambda i: i.recurrence.label),
    Column(_l("Toistuu asti"), lambda i: i.repeats_until, Cell.DATE),
    Column(_l("Kielet"), lambda i: ", ".join(language.label for language in i.language_list)),
    Column(_l("Tila"), lambda i: i.status.label),
    Column(_l("Kriisiviestintää"), lambda i: i.is_crisis, Cell.YES_NO),
    Column(_l("Irtisanomisaalto"), lambda i: i.wave.occurs_on if i.wave else None, Cell.DATE),
    Column(_l("Myöhässä aallosta"), lambda i: i.is_late_for_wave, Cell.YES_NO),
    Column(_l("Palvelu"), lambda i: i.service.name if i.service else ""),
    Column(_l("Toimenpiteet"), lambda i: "; ".join(sorted(link.action.title for link in i.action_links))),
    Column(_l("Julkaistu"), lambda i: i.published_on, Cell.DATE),
    Column(_l("Tavoitettuja"), lambda i: i.reach, Cell.INTEGER),
    Column(_l("Palaute"), lambda i: i.feedback, Cell.LONG_TEXT),
)


def plan_table(case: Case, items: list[CommsItem], comms_filter: CommsFilter) -> ExportTable:
    return ExportTable(_("Viestintäsuunnitelma"), ITEM_COLUMNS, items, case.title, comms_filter.describe())
