"""The funding, the projects and the state-funding proposal as exports: one row per grant, project or request.

Each export is one table of columns (header, how to read it from the row, the kind of cell), so that a
column is added in one place.
"""

from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import contains_eager

from arm.cases.models import Case
from arm.exports.table import Cell, Column, ExportTable
from arm.extensions import db
from arm.plans import queries
from arm.plans.models import FundingRequest, Grant, Project


def _remaining(granted: Decimal | None, used: Decimal) -> Decimal | None:
    return None if granted is None else granted - used


def _used_share(granted: Decimal | None, used: Decimal) -> Decimal | None:
    """How much of the grant is used, in percents; nothing while the amount granted is not known or zero."""
    return used * 100 / granted if granted else None


FUNDING_COLUMNS = (
    Column(_l("Hanke"), lambda g: g.project.name),
    Column(_l("Rahoittaja"), lambda g: g.funder.label),
    Column(_l("Myönnetty (€)"), lambda g: g.amount_granted, Cell.AMOUNT),
    Column(_l("Käytetty (€)"), lambda g: g.amount_used, Cell.AMOUNT),
    Column(_l("Jäljellä (€)"), lambda g: _remaining(g.amount_granted, g.amount_used), Cell.AMOUNT),
    Column(_l("Käytetty (%)"), lambda g: _used_share(g.amount_granted, g.amount_used), Cell.PERCENT),
    Column(_l("Päätöksen numero"), lambda g: g.decision_number),
    Column(_l("Päätöspäivä"), lambda g: g.decided_on, Cell.DATE),
)


def _granted(project: Project) -> Decimal:
    return sum((g.amount_granted for g in project.grants if g.amount_granted is not None), Decimal(0))


def _used(project: Project) -> Decimal:
    return sum((g.amount_used for g in project.grants), Decimal(0))


def _funders(project: Project) -> str:
    return ", ".join(dict.fromkeys(g.funder.label for g in project.grants))


PROJECT_COLUMNS = (
    Column(_l("Hanke"), lambda p: p.name),
    Column(_l("Toteuttajat"), lambda p: ", ".join(i.organisation.name for i in p.implementers)),
    Column(_l("Alkaa"), lambda p: p.starts_on, Cell.DATE),
    Column(_l("Päättyy"), lambda p: p.ends_on, Cell.DATE),
    Column(_l("Toimenpiteet"), lambda p: "; ".join(link.action.title for link in p.action_links)),
    Column(_l("Toimenpiteiden määrä"), lambda p: len(p.action_links), Cell.INTEGER),
    Column(_l("Rahoittajat"), _funders),
    Column(_l("Myönnetty (€)"), _granted, Cell.AMOUNT),
    Column(_l("Käytetty (€)"), _used, Cell.AMOUNT),
    Column(_l("Jäljellä (€)"), lambda p: _granted(p) - _used(p), Cell.AMOUNT),
    Column(_l("Puuttuvia summia"), lambda p: sum(g.amount_granted is None for g in p.grants), Cell.INTEGER),
    Column(_l("Kuvaus"), lambda p: p.description, Cell.LONG_TEXT),
    Column(_l("Tulokset"), lambda p: p.results, Cell.LONG_TEXT),
)


def case_grants(case_id: int) -> list[Grant]:
    """Every grant of the case with its project, in the order of the projects page: one statement."""
    return list(
        db.session.scalars(
            select(Grant)
            .join(Grant.project)
            .where(Grant.case_id == case_id)
            .options(contains_eager(Grant.project))
            .order_by(Project.starts_on, Project.name, Project.id, Grant.id)
        )
    )


def funding_table(case: Case) -> ExportTable:
    return ExportTable(_("Rahoitus"), FUNDING_COLUMNS, case_grants(case.id), case.title)


def projects_table(case: Case) -> ExportTable:
    return ExportTable(_("Hankkeet"), PROJECT_COLUMNS, queries.projects(case.id), case.title)


FUNDING_REQUEST_COLUMNS = (
    Column(_l("Mihin"), lambda r: r.title),
    Column(_l("Ministeriö tai rahoittaja"), lambda r: r.funder.label if r.funder else ""),
    Column(_l("Ohjelma tai momentti"), lambda r: r.programme),
    Column(_l("Tila"), lambda r: r.status.label),
    Column(_l("Haettu (€)"), lambda r: r.amount_asked, Cell.AMOUNT),
    Column(_l("Myönnetty (€)"), lambda r: r.amount_granted, Cell.AMOUNT),
    Column(_l("Myönnetty enemmän kuin haettiin"), lambda r: r.granted_more_than_asked, Cell.YES_NO),
    Column(_l("Päätöspäivä"), lambda r: r.decided_on, Cell.DATE),
    Column(_l("Toimenpiteet"), lambda r: "; ".join(link.action.title for link in r.action_links)),
    Column(
        _l("Rahoitukset"),
        lambda r: "; ".join(f"{link.grant.project.name}: {link.grant.funder.label}" for link in r.grant_links),
    ),
    Column(_l("Kuvaus"), lambda r: r.description, Cell.LONG_TEXT),
    Column(_l("Huomiot"), lambda r: r.notes, Cell.LONG_TEXT),
)


def funding_requests_table(case: Case, requests: list[FundingRequest]) -> ExportTable:
    return ExportTable(_("Valtion rahoitusehdotus"), FUNDING_REQUEST_COLUMNS, requests, case.title)
