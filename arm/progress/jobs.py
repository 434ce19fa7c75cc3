"""The job ledger's rules and saves: job entries, company development and investment projects, development grants.

Services flush and never commit; the view commits once through `core.saving`. A job target is a plan objective
of kind JOB_TARGET; its progress is what the ledger sums (`arm.progress.queries`), never a typed figure.

A realised entry of more than `CONFIRM_ABOVE` jobs is far above any case the seeds describe (Kemi: 226 + 86 by
2/2024) and most likely a typing slip (an extra zero): it is saved only when the person confirms it.
"""

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _

from arm.cases.models import Case
from arm.core.errors import EditConflict, ValidationError
from arm.core.forms import LARGEST_AMOUNT, format_amount
from arm.core.i18n import format_decimal
from arm.core.input import text_problem
from arm.core.queries import belongs_to_case
from arm.extensions import db
from arm.plans.models import Objective, ObjectiveKind, Project
from arm.plans.models.enums import Funder
from arm.progress.models import (
    LARGEST_COUNT,
    CompanyProject,
    CompanyProjectKind,
    DevelopmentGrant,
    JobEntry,
    JobKind,
    JobSource,
)

# A realised entry above this many jobs asks for a confirmation before it is saved (issue 13).
CONFIRM_ABOVE = 10_000

JOB_ENTRY_FIELDS = (
    "objective_id",
    "dated_on",
    "jobs",
    "kind",
    "source",
    "company",
    "company_project_id",
    "project_id",
    "verified",
    "evidence",
)
COMPANY_PROJECT_FIELDS = ("company", "name", "kind", "promised_jobs", "announced_on", "project_id", "note")
GRANT_FIELDS = ("company", "amount", "granted_on", "funder", "company_project_id", "note")


def _text_errors(data: dict, one_line: tuple[str, ...], long: tuple[str, ...]) -> list[tuple[str, str]]:
    errors = []
    for name in one_line + long:
        problem = text_problem(data.get(name) or "", multiline=name in long)
        if problem is not None:
            errors.append((name, str(problem)))
    return errors


def needs_confirmation(data: dict) -> bool:
    jobs = data.get("jobs")
    return data.get("kind") == JobKind.REALISED and isinstance(jobs, int) and jobs > CONFIRM_ABOVE


def job_entry_errors(data: dict, *, today: date, confirmed: bool = False) -> list[tuple[str, str]]:
    """The rules on a job entry's own values, shared by the form and the service."""
    errors = []
    jobs = data.get("jobs")
    if jobs is None:
        errors.append(("jobs", _("Anna työpaikkojen määrä kokonaislukuna, esim. 12.")))
    elif jobs <= 0:
        errors.append(
            (
                "jobs",
                _(
                    "Työpaikkojen määrän on oltava vähintään 1. Kirjaus kertoo syntyneet tai luvatut työpaikat; "
                    "jos aiempi luku oli liian suuri, korjaa se kirjaus."
                ),
            )
        )
    elif jobs > LARGEST_COUNT:
        errors.append(
            ("jobs", _("Yhdessä kirjauksessa voi olla enintään %(max)s työpaikkaa.", max=format_decimal(LARGEST_COUNT)))
        )
    if data.get("dated_on") is None:
        errors.append(("dated_on", _("Anna päivä, jolta työpaikat kirjataan.")))
    elif data.get("kind") == JobKind.REALISED and data["dated_on"] > today:
        errors.append(("dated_on", _("Toteutuneiden työpaikkojen päivä ei voi olla tulevaisuudessa.")))
    if not isinstance(data.get("kind"), JobKind):
        errors.append(("kind", _("Valitse, ovatko työpaikat suunniteltuja vai toteutuneita.")))
    if not isinstance(data.get("source"), JobSource):
        errors.append(("source", _("Valitse työpaikkojen lähde.")))
    if not ((data.get("company") or "").strip() or data.get("company_project_id") or data.get("project_id")):
        errors.append(("company", _("Anna yritys tai valitse yrityshanke tai suunnitelman hanke.")))
    errors += _text_errors(data, ("company",), ("evidence",))
    if not confirmed and needs_confirmation(data) and not any(name == "jobs" for name, _m in errors):
        errors.append(
            (
                "confirm_large",
                _(
                    "%(jobs)s toteutunutta työpaikkaa yhdessä kirjauksessa on poikkeuksellisen paljon (yli %(limit)s). "
                    "Tarkista luku ja vahvista se, jos se on oikein.",
                    jobs=format_decimal(jobs),
                    limit=format_decimal(CONFIRM_ABOVE),
                ),
            )
        )
    return errors


def _job_entry_links(case: Case, data: dict) -> list[tuple[str, str]]:
    errors = []
    if data.get("objective_id") is None:
        errors.append(("objective_id", _("Valitse työpaikkatavoite, johon kirjaus lasketaan.")))
    elif not belongs_to_case(Objective, data["objective_id"], case.id, Objective.kind == ObjectiveKind.JOB_TARGET):
        errors.append(("objective_id", _("Valitse tämän tapauksen työpaikkatavoite.")))
    if not belongs_to_case(CompanyProject, data.get("company_project_id"), case.id):
        errors.append(("company_project_id", _("Valitse tämän tapauksen yrityshanke.")))
    if not belongs_to_case(Project, data.get("project_id"), case.id):
        errors.append(("project_id", _("Valitse tämän tapauksen hanke.")))
    return errors


def _apply(row, fields: tuple[str, ...], data: dict, stripped: tuple[str, ...]) -> None:
    for name in fields:
        setattr(row, name, data.get(name))
    for name in stripped:
        setattr(row, name, (getattr(row, name) or "").strip())


def save_job_entry(
    case: Case,
    entry: JobEntry | None,
    data: dict,
    *,
    confirmed: bool = False,
    expected_version: int | None = None,
    today: date | None = None,
) -> JobEntry:
    """Record a job entry, or save an edit made on `expected_version` (EditConflict when someone saved in
    between). A realised entry above CONFIRM_ABOVE jobs is refused unless `confirmed`."""
    if entry is not None and expected_version != entry.version:
        raise EditConflict(entry)
    errors = job_entry_errors(data, today=today or date.today(), confirmed=confirmed) + _job_entry_links(case, data)
    if errors:
        raise ValidationError(errors)
    if entry is None:
        entry = JobEntry(case_id=case.id)
        db.session.add(entry)
    _apply(entry, JOB_ENTRY_FIELDS, data, ("company", "evidence"))
    entry.verified = bool(data.get("verified"))
    db.session.flush()
    return entry


def delete_job_entry(entry: JobEntry) -> None:
    db.session.delete(entry)
    db.session.flush()


# Company development and investment projects


def company_project_errors(data: dict) -> list[tuple[str, str]]:
    errors = []
    if not (data.get("company") or "").strip():
        errors.append(("company", _("Anna yrityksen nimi.")))
    if not (data.get("name") or "").strip():
        errors.append(("name", _("Anna hankkeen nimi.")))
    if not isinstance(data.get("kind"), CompanyProjectKind):
        errors.append(("kind", _("Valitse, onko kyse kehittämis- vai investointihankkeesta.")))
    promised = data.get("promised_jobs")
    if promised is not None and not 0 <= promised <= LARGEST_COUNT:
        errors.append(
            ("promised_jobs", _("Anna luvatut työpaikat väliltä 0–%(max)s.", max=format_decimal(LARGEST_COUNT)))
        )
    return errors + _text_errors(data, ("company", "name"), ("note",))


def save_company_project(
    case: Case, project: CompanyProject | None, data: dict, *, expected_version: int | None = None
) -> CompanyProject:
    if project is not None and expected_version != project.version:
        raise EditConflict(project)
    errors = company_project_errors(data)
    if not belongs_to_case(Project, data.get("project_id"), case.id):
        errors.append(("project_id", _("Valitse tämän tapauksen hanke.")))
    if errors:
        raise ValidationError(errors)
    if project is None:
        project = CompanyProject(case_id=case.id)
        db.session.add(project)
    _apply(project, COMPANY_PROJECT_FIELDS, data, ("company", "name", "note"))
    project.promised_jobs = data.get("promised_jobs") or 0
    db.session.flush()
    return project


def delete_company_project(project: CompanyProject) -> None:
    """The ledger entries and grants that named it stay, without the link (the database sets it to NULL)."""
    db.session.delete(project)
    db.session.flush()


# Development grants (kehittämisavustukset)


def grant_errors(data: dict) -> list[tuple[str, str]]:
    errors = []
    if not (data.get("company") or "").strip():
        errors.append(("company", _("Anna yritys, jolle avustus myönnettiin.")))
    amount = data.get("amount")
    if amount is None:
        errors.append(("amount", _("Anna avustuksen määrä euroina, esim. 45 000.")))
    elif not Decimal(0) <= amount <= LARGEST_AMOUNT:
        errors.append(("amount", _("Anna määrä väliltä 0–%(max)s €.", max=format_amount(LARGEST_AMOUNT))))
    if data.get("granted_on") is None:
        errors.append(("granted_on", _("Anna päivä, jona avustus myönnettiin.")))
    if not isinstance(data.get("funder"), Funder):
        errors.append(("funder", _("Valitse avustuksen myöntäjä.")))
    return errors + _text_errors(data, ("company",), ("note",))


def save_grant(
    case: Case, grant: DevelopmentGrant | None, data: dict, *, expected_version: int | None = None
) -> DevelopmentGrant:
    if grant is not None and expected_version != grant.version:
        raise EditConflict(grant)
    errors = grant_errors(data)
    if not belongs_to_case(CompanyProject, data.get("company_project_id"), case.id):
        errors.append(("company_project_id", _("Valitse tämän tapauksen yrityshanke.")))
    if errors:
        raise ValidationError(errors)
    if grant is None:
        grant = DevelopmentGrant(case_id=case.id)
        db.session.add(grant)
    _apply(grant, GRANT_FIELDS, data, ("company", "note"))
    db.session.flush()
    return grant


def delete_grant(grant: DevelopmentGrant) -> None:
    db.session.delete(grant)
    db.session.flush()
