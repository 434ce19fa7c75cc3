"""Progress reports' rules and saves: a draft's sections and period, its narratives, submission (the frozen
snapshot), a new version, and the case's report template.

The engine knows no section: it loops over `arm.core.parts.report_sections()`. A draft's figures are built
whenever it is read (`build_document`); `submit_report` builds every chosen section once and freezes the result
(schema `SCHEMA_VERSION`, docs/report-schema.md) into `Report.snapshot`; a submitted report is read from its
snapshot alone. Services flush and audit; the views commit (see arm.core.saving).
"""

from datetime import date, datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from arm.core.errors import EditConflict, ValidationError
from arm.core.models import utcnow
from arm.core.parts import ReportPeriod, report_sections
from arm.core.reporting import msgid_of
from arm.extensions import db
from arm.reports.models import Report, ReportNarrative, ReportStatus, ReportTemplate

SCHEMA_VERSION = "1"
MAX_NARRATIVE = 20_000
MAX_TITLE = 300


class ReportLocked(Exception):
    """The report is submitted: its figures, sections and narratives are frozen (the views answer 409)."""

    def __init__(self, report: Report):
        super().__init__(report.id)
        self.report = report


# --- sections -------------------------------------------------------------------------------------------


def default_keys() -> list[str]:
    """The registry's default set, in its order."""
    return [key for key, section in report_sections().items() if section.default]


def template_keys(case_id: int) -> list[str]:
    """The case's saved template (keys no longer offered dropped), else the registry's defaults."""
    template = db.session.scalar(select(ReportTemplate).where(ReportTemplate.case_id == case_id))
    if template is None:
        return default_keys()
    known = report_sections()
    return [key for key in template.sections if key in known]


def section_errors(keys: list[str], field: str = "sections") -> list[tuple[str, str]]:
    """The chosen keys must be offered sections, each once, and at least one."""
    known = report_sections()
    errors = []
    unknown = [key for key in keys if key not in known]
    if unknown:
        errors.append((field, _("Tuntematon raportin osio: %(keys)s.", keys=", ".join(unknown))))
    if len(keys) != len(set(keys)):
        errors.append((field, _("Sama osio on valittu kahdesti.")))
    if not keys:
        errors.append((field, _("Valitse raporttiin ainakin yksi osio.")))
    return errors


def report_errors(data: dict) -> list[tuple[str, str]]:
    errors = []
    if not (data.get("title") or "").strip():
        errors.append(("title", _("Anna raportille otsikko.")))
    elif len(data["title"]) > MAX_TITLE:
        errors.append(("title", _("Otsikko on liian pitkä.")))
    start, end = data.get("period_start"), data.get("period_end")
    if start is None:
        errors.append(("period_start", _("Anna raportointikauden alkupäivä.")))
    if end is None:
        errors.append(("period_end", _("Anna raportointikauden loppupäivä.")))
    if start is not None and end is not None and end < start:
        errors.append(("period_end", _("Raportointikausi ei voi päättyä ennen kuin se alkaa.")))
    return errors + section_errors(list(data.get("sections") or []))


def save_template(case_id: int, keys: list[str]) -> ReportTemplate:
    template = db.session.scalar(select(ReportTemplate).where(ReportTemplate.case_id == case_id))
    if template is None:
        template = ReportTemplate(case_id=case_id, sections=list(keys))
        db.session.add(template)
    else:
        template.sections = list(keys)
    db.session.flush()
    return template


def _next_number(case_id: int) -> int:
    return (db.session.scalar(select(func.max(Report.number)).where(Report.case_id == case_id)) or 0) + 1


def create_report(case, data: dict, user_id: int | None, *, as_template: bool = False) -> Report:
    if errors := report_errors(data):
        raise ValidationError(errors)
    report = Report(
        case_id=case.id,
        number=_next_number(case.id),
        title=data["title"].strip(),
        period_start=data["period_start"],
        period_end=data["period_end"],
        sections=list(data["sections"]),
        status=ReportStatus.DRAFT,
        created_by_id=user_id,
    )
    db.session.add(report)
    if as_template:
        save_template(case.id, report.sections)
    db.session.flush()
    return report


def update_report(report: Report, loaded_version: int, data: dict, *, as_template: bool = False) -> Report:
    """A draft's title, period and sections; a submitted report is refused."""
    if report.is_submitted:
        raise ReportLocked(report)
    if loaded_version and loaded_version != report.version:
        raise EditConflict(report)
    if errors := report_errors(data):
        raise ValidationError(errors)
    report.title = data["title"].strip()
    report.period_start, report.period_end = data["period_start"], data["period_end"]
    report.sections = list(data["sections"])
    if as_template:
        save_template(report.case_id, report.sections)
    db.session.flush()
    return report


# --- narratives -----------------------------------------------------------------------------------------


def narrative_of(report: Report, key: str) -> ReportNarrative | None:
    return next((narrative for narrative in report.narratives if narrative.section_key == key), None)


def save_narrative(report: Report, key: str, loaded_version: int, text: str) -> ReportNarrative:
    """The coordinator's Markdown for one chosen section of a draft. `loaded_version` 0: none existed."""
    if report.is_submitted:
        raise ReportLocked(report)
    if key not in report.sections:
        raise ValidationError.single(None, _("Osio ei kuulu tähän raporttiin."))
    if len(text or "") > MAX_NARRATIVE:
        raise ValidationError.single("text", _("Teksti on liian pitkä."))
    narrative = narrative_of(report, key)
    if narrative is None:
        if loaded_version:
            raise EditConflict(None)
        narrative = ReportNarrative(case_id=report.case_id, report=report, section_key=key, text=text or "")
        db.session.add(narrative)
    else:
        if loaded_version != narrative.version:
            raise EditConflict(narrative)
        narrative.text = text or ""
    db.session.flush()
    return narrative


# --- building and freezing ------------------------------------------------------------------------------


def case_facts(case) -> dict:
    """What the snapshot keeps of the case, as it was on the day the figures were read."""
    return {
        "id": case.id,
        "title": case.title,
        "slug": case.slug,
        "kind": msgid_of(case.kind),
        "phase": msgid_of(case.phase),
        "employer": case.employer or "",
        "announced_on": case.announced_on.isoformat() if case.announced_on else None,
        "direct_layoffs": case.direct_layoffs,
        "indirect_job_losses": case.indirect_job_losses,
    }


class SectionBuildError(Exception):
    """A section's figures could not be built: the report is not submitted with a hole in it."""

    def __init__(self, key: str, label):
        super().__init__(key)
        self.key = key
        self.label = label


def _build_one(section, period, *, strict: bool) -> dict | None:
    try:
        return section.build(period)
    except Exception as error:
        if strict:
            raise SectionBuildError(section.key, section.label) from error
        current_app.logger.exception("report section %s could not be built", section.key)
        return None


def build_sections(report: Report, case, today: date, *, strict: bool = True, only: str | None = None) -> list[dict]:
    """Every chosen section built for the report's period, in the report's order, with its narrative.

    A section no longer offered, or (not `strict`: a draft being read) one whose figures fail to build, is
    kept with no figures and `available` false, so that the rest of the draft still reads."""
    registry = report_sections()
    period = ReportPeriod(case=case, starts_on=report.period_start, ends_on=report.period_end, today=today)
    built = []
    for key in report.sections if only is None else [only]:
        section = registry.get(key)
        narrative = narrative_of(report, key)
        content = _build_one(section, period, strict=strict) if section is not None else None
        built.append(
            {
                "key": key,
                "label": msgid_of(section.label) if section is not None else key,
                "available": content is not None,
                "content": content if content is not None else _empty_content(),
                "narrative": narrative.text if narrative is not None else "",
            }
        )
    return built


def _empty_content() -> dict:
    return {"facts": [], "tables": [], "charts": [], "notes": []}


def build_document(report: Report, case, today: date, *, only: str | None = None) -> dict:
    """The report as the snapshot's JSON: a submitted report's stored snapshot, or a draft's built afresh
    (with `only`: that one section, for the page that edits its text)."""
    if report.is_submitted and report.snapshot is not None:
        return report.snapshot
    return _document(report, case, today, submitted_at=None, submitted_by=None, strict=False, only=only)


def _document(
    report: Report,
    case,
    today: date,
    *,
    submitted_at: datetime | None,
    submitted_by: str | None,
    strict: bool = True,
    only: str | None = None,
) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "report": {
            "number": report.number,
            "title": report.title,
            "period_start": report.period_start.isoformat(),
            "period_end": report.period_end.isoformat(),
            "status": report.status.value if submitted_at is None else ReportStatus.SUBMITTED.value,
            "submitted_at": submitted_at.isoformat() if submitted_at else None,
            "submitted_by": submitted_by,
            "based_on_number": report.based_on.number if report.based_on_id and report.based_on else None,
        },
        "case": case_facts(case),
        "figures_on": today.isoformat(),
        "sections": build_sections(report, case, today, strict=strict, only=only),
    }


def submit_report(report: Report, case, user, today: date) -> Report:
    """Freeze the draft: every section built once, with its narrative, into the snapshot; status submitted.

    The row's version decides a race: of two coordinators submitting at once exactly one UPDATE matches the
    version both read; the other gets StaleDataError (or the database's lock refusal), and `submission_refused`
    tells it that the report is now submitted."""
    if report.is_submitted:
        raise ReportLocked(report)
    now = utcnow()
    report.snapshot = _document(report, case, today, submitted_at=now, submitted_by=user.name)
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = now
    report.submitted_by_id = user.id
    db.session.flush()
    return report


def submission_refused(report_id: int) -> bool:
    """After a lost race (rolled back): whether the report is now submitted by someone else."""
    db.session.rollback()
    status = db.session.scalar(select(Report.status).where(Report.id == report_id))
    return status == ReportStatus.SUBMITTED


def new_version(report: Report, user_id: int | None) -> Report:
    """A draft opened from a submitted report: its title, period and sections, narratives copied, next number."""
    if not report.is_submitted:
        raise ValidationError.single(None, _("Uuden version voi avata vain lähetetystä raportista."))
    draft = Report(
        case_id=report.case_id,
        number=_next_number(report.case_id),
        title=report.title,
        period_start=report.period_start,
        period_end=report.period_end,
        sections=list(report.sections),
        status=ReportStatus.DRAFT,
        based_on_id=report.id,
        created_by_id=user_id,
    )
    db.session.add(draft)
    for narrative in report.narratives:
        draft.narratives.append(
            ReportNarrative(case_id=report.case_id, section_key=narrative.section_key, text=narrative.text)
        )
    db.session.flush()
    return draft
