"""Progress reports: the list and the new-report form, a report's page (live figures of a draft, the frozen
snapshot of a submitted one), its settings and narratives, submission, a new version and the exports."""

from datetime import date

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from arm.core.forms import ConfirmForm
from arm.core.pagination import paginate
from arm.core.permissions import case_permission
from arm.core.saving import Versioned, is_busy, save_form
from arm.exports.download import content_disposition
from arm.extensions import db
from arm.reports import queries, services
from arm.reports.forms import NarrativeForm, ReportForm
from arm.reports.render.document import read_document
from arm.reports.services import ReportLocked, SectionBuildError

bp = Blueprint("reports", __name__, url_prefix="/cases/<int:case_id>")

LOCKED = 409


def _report_url(report) -> str:
    return url_for("reports.report", case_id=report.case_id, report_id=report.id)


def _locked_page(case, report):
    """A submitted report refuses every change: said plainly, with the way forward (a new version)."""
    return (
        render_template("reports/locked.html", case=case, report=report, confirm_form=ConfirmForm()),
        LOCKED,
    )


def _document(case, report):
    return read_document(services.build_document(report, case, date.today()))


@bp.get("/reports")
@case_permission("report.view")
def reports(case):
    return render_template("reports/reports.html", case=case, pagination=paginate(queries.reports_list(case.id)))


def _report_form(case, report, *, as_saved: bool = False) -> ReportForm:
    if report is None:
        today = date.today()
        start = date(today.year, 1, 1)
        form = ReportForm(
            title=_("Seurantaraportti %(year)s", year=today.year),
            period_start=start,
            period_end=today,
            sections=services.template_keys(case.id),
        )
    else:
        form = ReportForm(**({"formdata": None} if as_saved else {}), obj=report)
    form.is_new = report is None
    return form


def _save_report(case, report):
    form = _report_form(case, report)
    if report is not None and request.method == "GET":
        form.remember_loaded(report.version)

    def save():
        if report is None:
            return services.create_report(
                case, form.data_for_service(), current_user.id, as_template=form.as_template.data
            )
        return services.update_report(
            report, form.loaded_version or 0, form.data_for_service(), as_template=form.as_template.data
        )

    try:
        return save_form(
            form,
            save,
            done=_report_url,
            message=lambda saved: _("Raportti tallennettu: %(title)s", title=saved.title),
            versioned=Versioned(
                row=lambda: report,
                saved_form=lambda row: _report_form(case, row, as_saved=True),
                page=lambda merge: render_template(
                    "reports/report_form.html", case=case, form=form, report=report, merge=merge
                ),
            )
            if report is not None
            else None,
            template="reports/report_form.html",
            unique={"number": (None, str(_("Raportin numero varattiin samaan aikaan: tallenna uudelleen.")))},
            case=case,
            report=report,
            merge=None,
        )
    except ReportLocked:
        db.session.expire_all()
        return _locked_page(case, report)


@bp.route("/reports/new", methods=["GET", "POST"])
@case_permission("report.edit")
def new_report(case):
    return _save_report(case, None)


@bp.get("/reports/<int:report_id>")
@case_permission("report.view")
def report(case, report_id: int):
    report = queries.get_report(case.id, report_id)
    return render_template(
        "reports/report.html",
        case=case,
        report=report,
        document=_document(case, report),
        confirm_form=ConfirmForm(),
    )


@bp.route("/reports/<int:report_id>/edit", methods=["GET", "POST"])
@case_permission("report.edit")
def edit_report(case, report_id: int):
    report = queries.get_report(case.id, report_id)
    if report.is_submitted:
        return _locked_page(case, report)
    return _save_report(case, report)


def _narrative_form(narrative, *, as_saved: bool = False) -> NarrativeForm:
    return NarrativeForm(**({"formdata": None} if as_saved else {}), obj=narrative)


@bp.route("/reports/<int:report_id>/sections/<key>/text", methods=["GET", "POST"])
@case_permission("report.edit")
def edit_narrative(case, report_id: int, key: str):
    report = queries.get_report(case.id, report_id)
    if report.is_submitted:
        return _locked_page(case, report)
    if key not in report.sections:
        abort(404)
    narrative = services.narrative_of(report, key)
    form = _narrative_form(narrative)
    if request.method == "GET":
        form.remember_loaded(narrative.version if narrative is not None else 0)
    section = read_document(services.build_document(report, case, date.today(), only=key)).sections[0]
    context = {"case": case, "report": report, "section": section, "merge": None}

    def current():
        return services.narrative_of(report, key)

    try:
        return save_form(
            form,
            lambda: services.save_narrative(report, key, form.loaded_version or 0, form.text.data or ""),
            done=lambda saved: _report_url(report) + f"#section-{key}",
            message=_("Osion teksti tallennettu: %(section)s", section=section.label),
            versioned=Versioned(
                row=current,
                saved_form=lambda row: _narrative_form(row, as_saved=True),
                page=lambda merge: render_template(
                    "reports/narrative_form.html", form=form, **(context | {"merge": merge})
                ),
            )
            if narrative is not None
            else None,
            unique={
                "section_key": (
                    "text",
                    str(_("Toinen käyttäjä tallensi osion tekstin samaan aikaan: tarkista ja tallenna uudelleen.")),
                )
            },
            template="reports/narrative_form.html",
            **context,
        )
    except ReportLocked:
        db.session.expire_all()
        return _locked_page(case, report)


@bp.route("/reports/<int:report_id>/submit", methods=["GET", "POST"])
@case_permission("report.submit")
def submit_report(case, report_id: int):
    """A confirmation page, then one submission: a second one (or the loser of a race) is refused with 409."""
    report = queries.get_report(case.id, report_id)
    if report.is_submitted:
        return _locked_page(case, report)
    form = ConfirmForm()
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("reports/submit.html", case=case, report=report, form=form), status
    return _submit(case, report, form)


def _submit(case, report, form):
    report_id = report.id
    try:
        services.submit_report(report, case, current_user, date.today())
        db.session.commit()
    except ReportLocked:
        db.session.rollback()
        return _locked_page(case, report)
    except SectionBuildError as error:
        db.session.rollback()
        current_app.logger.exception("report %s not submitted", report_id)
        flash(
            _(
                "Osion %(section)s lukuja ei saatu koottua, joten raporttia ei lähetetty. Yritä myöhemmin uudelleen.",
                section=error.label,
            ),
            "danger",
        )
        report = queries.get_report(case.id, report_id)
        return render_template("reports/submit.html", case=case, report=report, form=form), 422
    except (StaleDataError, OperationalError) as error:
        if isinstance(error, OperationalError) and not is_busy(error):
            raise
        if services.submission_refused(report_id):
            return _locked_page(case, queries.get_report(case.id, report_id))
        flash(_("Raporttia muutettiin samaan aikaan toisaalla. Tarkista se ja lähetä uudelleen."), "danger")
        return redirect(url_for("reports.submit_report", case_id=case.id, report_id=report_id))
    flash(_("Raportti lähetetty: %(title)s. Sen luvut on jäädytetty.", title=report.title), "success")
    return redirect(_report_url(report))


@bp.post("/reports/<int:report_id>/new-version")
@case_permission("report.edit")
def new_version(case, report_id: int):
    report = queries.get_report(case.id, report_id)
    form = ConfirmForm()
    if not report.is_submitted:
        flash(_("Uuden version voi avata vain lähetetystä raportista."), "danger")
        return redirect(_report_url(report))
    if not form.validate_on_submit():
        flash(_("Lomake vanheni: yritä uudelleen."), "danger")
        return redirect(_report_url(report))
    draft = services.new_version(report, current_user.id)
    db.session.commit()
    flash(_("Uusi versio avattu luonnoksena: %(title)s", title=draft.title), "success")
    return redirect(_report_url(draft))


EXPORT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


@bp.get("/reports/<int:report_id>/export.<any(docx, pdf, xlsx, json):file_format>")
@case_permission("report.view")
def export_report(case, report_id: int, file_format: str):
    """A draft's live figures or a submitted report's snapshot, in the reader's language."""
    from arm.reports.render import docx, json_export, pdf, xlsx

    report = queries.get_report(case.id, report_id)
    document = _document(case, report)
    writers = {
        "docx": docx.report_docx,
        "pdf": pdf.report_pdf,
        "xlsx": xlsx.report_xlsx,
        "json": json_export.report_json,
    }
    body = writers[file_format](document)
    filename = f"{case.slug}-{_('seurantaraportti')}-{report.number}.{file_format}"
    return Response(
        body, mimetype=EXPORT_TYPES[file_format], headers={"Content-Disposition": content_disposition(filename)}
    )
