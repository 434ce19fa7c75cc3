"""The national view of a person's cases and a case's public page."""

from datetime import date

from flask import Blueprint, make_response, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from arm.core.charts import Chart, Series
from arm.core.i18n import format_decimal
from arm.core.pagination import paginate
from arm.overview import queries

bp = Blueprint("overview", __name__)

# A published page may be kept this long by the browser or a shared cache.
PUBLIC_MAX_AGE = 300


@bp.get("/overview")
@login_required
def national():
    """Every case the person is a current member of (observer or above), not archived, side by side."""
    pagination = paginate(queries.national_cases(current_user.id))
    cases = list(pagination.items)
    return render_template(
        "overview/national.html",
        pagination=pagination,
        cases=cases,
        figures=queries.case_figures([case.id for case in cases]),
    )


def job_chart(points: list[queries.JobPoint], target) -> Chart | None:
    if not points:
        return None
    series = [
        Series(_("Suunnitellut"), [point.planned for point in points]),
        Series(_("Toteutuneet"), [point.realised for point in points]),
        Series(_("Varmennetut"), [point.verified for point in points]),
    ]
    if target:
        series.append(Series(_("Tavoite"), [int(target)] * len(points), dashed=True))
    return Chart(
        title=_("Työpaikat vuoden lopussa"),
        description=_(
            "Suunnitellut, toteutuneet ja varmennetut työpaikat kertyneinä vuosittain tavoitteeseen verrattuna."
        ),
        x_labels=[str(point.year) for point in points],
        series=series,
        value_format=format_decimal,
    )


@bp.get("/public/cases/<int:public_case_id>")
def public_case(public_case_id: int):
    """Anyone may read it, signed in or not. 404 unless the case is published and not archived, the same as for
    a case that does not exist. Shows the job target's progress, the plan's actions counted by kind and status,
    and the summary of the latest submitted report: no person, organisation, note or draft."""
    case = queries.public_case(public_case_id)
    jobs = queries.job_progress([case.id])[case.id]
    page = render_template(
        "overview/public_case.html",
        case=case,
        jobs=jobs,
        chart=job_chart(queries.job_timeline(case.id), jobs.target),
        plan=queries.plan_status(case.id),
        summary=queries.published_summary(case.id),
        today=date.today(),
    )
    return _cached_publicly(page)


def _cached_publicly(page: str):
    """Kept for a short while by anyone, for a visitor; a signed-in person's response is not stored (it passes
    through their session)."""
    response = make_response(page)
    if not current_user.is_authenticated:
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    return response
