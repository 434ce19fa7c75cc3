"""The risk register as an export: one row per risk, in the language of the user."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from arm.cases.models import Case
from arm.exports.table import Cell, Column, ExportTable
from arm.risks import queries
from arm.risks.queries import RiskFilter

RISK_COLUMNS = (
    Column(_l("Riski"), lambda r: r.title),
    Column(_l("Luokka"), lambda r: r.category.label),
    Column(_l("Tila"), lambda r: r.status.label),
    Column(_l("Todennäköisyys (1–5)"), lambda r: r.likelihood, Cell.INTEGER),
    Column(_l("Vaikutus (1–5)"), lambda r: r.impact, Cell.INTEGER),
    Column(_l("Riskiluku (todennäköisyys × vaikutus)"), lambda r: r.score, Cell.INTEGER),
    Column(_l("Vastuuhenkilö"), lambda r: r.owner.user.name if r.owner else ""),
    Column(_l("Seuraava arviointi"), lambda r: r.next_review_on, Cell.DATE),
    Column(_l("Kuvaus"), lambda r: r.description, Cell.LONG_TEXT),
    Column(_l("Hallintakeinot"), lambda r: r.mitigation, Cell.LONG_TEXT),
    Column(
        _l("Toimenpiteet"),
        lambda r: "; ".join(sorted(link.action.title for link in r.action_links)),
        Cell.LONG_TEXT,
    ),
)


def filter_text(risk_filter: RiskFilter) -> str:
    parts = []
    if risk_filter.category is not None:
        parts.append(f"{_('Luokka')}: {risk_filter.category.label}")
    if risk_filter.status == queries.ACTIVE:
        parts.append(f"{_('Tila')}: {_('Avoimet ja hallinnassa olevat')}")
    elif risk_filter.status is not None:
        parts.append(f"{_('Tila')}: {risk_filter.status.label}")
    if risk_filter.likelihood is not None:
        parts.append(f"{_('Todennäköisyys')}: {risk_filter.likelihood}")
    if risk_filter.impact is not None:
        parts.append(f"{_('Vaikutus')}: {risk_filter.impact}")
    return "; ".join(parts)


def risks_table(case: Case, risk_filter: RiskFilter) -> ExportTable:
    return ExportTable(
        _("Riskirekisteri"),
        RISK_COLUMNS,
        queries.register_rows(case.id, risk_filter),
        case.title,
        filters=filter_text(risk_filter),
    )
