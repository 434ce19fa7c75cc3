"""The situation picture: the picture page, a case's own indicators and thresholds, and the imports.

An import is two steps: the upload (or the PxWeb fetch) is checked in full and shown as a report, nothing
stored; the confirmation stores the parked rows all or nothing (arm.situation.imports, services.store_import).
"""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from arm.core.errors import ValidationError
from arm.core.forms import with_empty_choice
from arm.core.permissions import case_permission
from arm.core.saving import Versioned, save_form
from arm.extensions import db
from arm.situation import areas, catalogue, imports, pxweb, queries, services
from arm.situation.forms import ConfirmImportForm, FetchForm, IndicatorForm, ThresholdForm, UploadForm

bp = Blueprint("situation", __name__, url_prefix="/cases/<int:case_id>/situation")


def _base_year() -> tuple[int, str | None]:
    text = request.args.get("base_year", "").strip()
    if not text:
        return queries.DEFAULT_BASE_YEAR, None
    if text.isdigit() and 1990 <= int(text) <= 2100:
        return int(text), None
    return queries.DEFAULT_BASE_YEAR, _("Vertailuvuosi on vuosi väliltä 1990–2100; käytetään vuotta 2019.")


@bp.get("")
@case_permission("situation.view")
def picture(case):
    """`base_year` (default 2019) and `area` (the charts' area) live in the URL; a bad base year is named (400)."""
    base_year, problem = _base_year()
    area_codes = services.area_codes_of(case)
    pictures = queries.picture(case, area_codes, base_year=base_year, chart_area=request.args.get("area", ""))
    page = render_template(
        "situation/picture.html",
        case=case,
        pictures=pictures,
        base_year=base_year,
        base_year_problem=problem,
        case_areas=areas.case_areas(services.municipality_codes_of(case)),
        chart_area=request.args.get("area", ""),
        imports=queries.recent_imports(case.id),
        month_label=queries.month_label,
        change_text=queries.change_text,
        fetch_form=FetchForm() if current_app.config["PXWEB_URL"] else None,
    )
    return page, 400 if problem else 200


def _area_choices(case) -> list[tuple]:
    return with_empty_choice(
        [(area.code, area.name) for area in areas.case_areas(services.municipality_codes_of(case))]
    )


def _indicator_form(case, indicator, *, as_saved: bool = False) -> IndicatorForm:
    form = IndicatorForm(**({"formdata": None} if as_saved else {}), obj=indicator)
    form.threshold_area.choices = _area_choices(case)
    return form


def _threshold_form(case, indicator, *, as_saved: bool = False) -> ThresholdForm:
    form = ThresholdForm(**({"formdata": None} if as_saved else {}), obj=indicator)
    form.threshold_area.choices = _area_choices(case)
    return form


def _save(case, indicator, form, save, *, saved_form, title, row=None):
    """`row` reads the versioned row again for the merge (default: `indicator`; None for a new indicator)."""
    versioned = saved_form is not None
    if versioned and request.method == "GET":
        form.remember_loaded(indicator.version if indicator is not None else 0)
    return save_form(
        form,
        save,
        done=url_for("situation.picture", case_id=case.id),
        message=lambda saved: _("Indikaattori tallennettu: %(name)s", name=saved.name or title),
        versioned=Versioned(
            row=row or (lambda: indicator),
            saved_form=saved_form,
            page=lambda merge: render_template(
                "situation/conflict.html", case=case, form=form, merge=merge, title=title
            ),
        )
        if versioned
        else None,
        template="situation/indicator_form.html",
        case=case,
        indicator=indicator,
        title=title,
    )


@bp.route("/indicators/new", methods=["GET", "POST"])
@case_permission("situation.edit")
def new_indicator(case):
    form = _indicator_form(case, None)
    area_codes = services.area_codes_of(case)
    return _save(
        case,
        None,
        form,
        lambda: services.create_indicator(case, form.data_for_service(), area_codes),
        saved_form=None,
        title=_("Uusi indikaattori"),
    )


@bp.route("/indicators/<int:indicator_id>/edit", methods=["GET", "POST"])
@case_permission("situation.edit")
def edit_indicator(case, indicator_id: int):
    """404 for an indicator of another case or of the catalogue; a save over a newer one goes through the merge."""
    indicator = queries.get_custom_indicator(case.id, indicator_id)
    form = _indicator_form(case, indicator)
    area_codes = services.area_codes_of(case)
    return _save(
        case,
        indicator,
        form,
        lambda: services.update_indicator(indicator, form.loaded_version or 0, form.data_for_service(), area_codes),
        saved_form=lambda row: _indicator_form(case, row, as_saved=True),
        title=indicator.name,
    )


@bp.route("/thresholds/<indicator_key>", methods=["GET", "POST"])
@case_permission("situation.edit")
def threshold(case, indicator_key: str):
    """A catalogue indicator's threshold for this case (404 for a key not in the catalogue)."""
    entry = catalogue.entry(indicator_key)
    if entry is None:
        abort(404)
    indicator = services.find_catalogue_row(case.id, indicator_key)
    form = _threshold_form(case, indicator)
    area_codes = services.area_codes_of(case)
    return _save(
        case,
        indicator,
        form,
        lambda: services.save_threshold(case, indicator_key, form.loaded_version, form.data_for_service(), area_codes),
        saved_form=lambda row: _threshold_form(case, row, as_saved=True),
        title=str(entry.name),
        row=lambda: services.find_catalogue_row(case.id, indicator_key),
    )


def _preview(case, parsed: imports.Parsed, status: int = 200):
    token = None
    comparison = None
    if parsed.ok:
        comparison = services.compare(case.id, parsed.rows)
        token = imports.park(parsed, user_id=current_user.id, case_id=case.id)
    return render_template(
        "situation/import.html",
        case=case,
        form=UploadForm(formdata=None),
        parsed=parsed,
        comparison=comparison,
        confirm_form=ConfirmImportForm(token=token) if token else None,
        max_mb=current_app.config["SITUATION_IMPORT_MAX_MB"],
    ), (status if parsed.ok else 422)


@bp.route("/import", methods=["GET", "POST"])
@case_permission("situation.edit")
def import_csv(case):
    """Upload and check a CSV file or a PxWeb JSON-stat 2 response: the report first, nothing stored (422 when
    the file is refused)."""
    form = UploadForm()
    limit = current_app.config["SITUATION_IMPORT_MAX_MB"]
    page = lambda status=200: (  # noqa: E731
        render_template(
            "situation/import.html", case=case, form=form, parsed=None, comparison=None, confirm_form=None, max_mb=limit
        ),
        status,
    )
    if request.method == "GET" or not form.validate_on_submit():
        return page(200 if request.method == "GET" else 422)
    upload = form.file.data
    raw = upload.stream.read(limit * 1024 * 1024 + 1)
    if len(raw) > limit * 1024 * 1024:
        form.file.errors = [_("Tiedosto on liian suuri: enintään %(max)s Mt.", max=limit)]
        return page(422)
    reader = pxweb.parse_pxweb if form.kind.data == "pxweb" else imports.parse_csv
    parsed = reader(raw, upload.filename or "", services.known_keys(case.id), set(services.area_codes_of(case)))
    return _preview(case, parsed)


@bp.post("/fetch")
@case_permission("situation.edit")
def fetch(case):
    """Ask Statistics Finland's PxWeb (ARM_PXWEB_URL) for the case's areas and latest months; the answer is
    checked and shown as an import's report. A network failure is a message on the picture page."""
    if not FetchForm().validate_on_submit():
        abort(400)
    area_codes = services.area_codes_of(case)
    try:
        url, raw = services.fetch_pxweb(area_codes)
    except services.FetchFailed as failure:
        flash(str(failure), "danger")
        return redirect(url_for("situation.picture", case_id=case.id))
    return _preview(case, pxweb.parse_pxweb(raw, url, services.known_keys(case.id), set(area_codes)))


@bp.post("/import/confirm")
@case_permission("situation.edit")
def confirm_import(case):
    """Store a checked upload all or nothing; a token of another user or case, or an expired one, is refused."""
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    payload = imports.unpark(form.token.data or "", user_id=current_user.id, case_id=case.id)
    if payload is None:
        flash(_("Tarkistettua tiedostoa ei enää löydy (vanhentunut tai jo tallennettu). Lataa se uudelleen."), "danger")
        return redirect(url_for("situation.import_csv", case_id=case.id))
    try:
        record = services.store_import(case, payload, current_user.id)
        db.session.commit()
    except ValidationError as error:
        db.session.rollback()
        for _field, message in error.errors:
            flash(message, "danger")
        return redirect(url_for("situation.import_csv", case_id=case.id))
    except Exception:
        db.session.rollback()
        raise
    imports.discard(form.token.data)
    flash(
        _(
            "Luvut tallennettu: %(created)s uutta, %(updated)s päivitettyä, %(unchanged)s ennallaan.",
            created=record.created,
            updated=record.updated,
            unchanged=record.unchanged,
        ),
        "success",
    )
    return redirect(url_for("situation.picture", case_id=case.id))
