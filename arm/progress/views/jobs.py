"""The job ledger: the job targets with their totals and chart, the ledger and its entry form; the company
development and investment projects; the development grants. Every row of another case answers 404."""

from flask import render_template, request, url_for
from flask_babel import gettext as _

from arm.core.forms import ConfirmForm, with_empty_choice
from arm.core.i18n import format_decimal
from arm.core.pagination import paginate
from arm.core.permissions import case_permission
from arm.core.saving import Versioned, run_confirmed, save_form
from arm.progress import jobs, queries
from arm.progress.forms import CompanyProjectForm, DevelopmentGrantForm, JobEntryForm
from arm.progress.models import JobKind, JobSource
from arm.progress.views.blueprint import bp


def _targets_with_charts(case_id: int):
    targets, series = queries.targets_and_series(case_id)
    return [(target, queries.job_chart(target, series)) for target in targets], series.cut


@bp.get("/jobs", endpoint="jobs")
@case_permission("progress.view")
def jobs_page(case):
    """The job targets, their chart and the ledger; filters live in the URL, and a value that is no filter is
    named and ignored (400)."""
    ledger_filter = queries.LedgerFilter.from_args(request.args)
    targets, cut = _targets_with_charts(case.id)
    page = render_template(
        "progress/jobs.html",
        case=case,
        targets=targets,
        chart_cut=cut,
        ledger_filter=ledger_filter,
        pagination=paginate(queries.ledger(case.id, ledger_filter)),
        kinds=list(JobKind),
        sources=list(JobSource),
    )
    return page, 400 if ledger_filter.errors else 200


def _jobs_url(case_id: int, entry=None) -> str:
    return url_for("progress.jobs", case_id=case_id) + (f"#job-entry-{entry.id}" if entry is not None else "")


def _entry_form(case, entry, *, as_saved: bool = False) -> JobEntryForm:
    form = JobEntryForm(**({"formdata": None} if as_saved else {}), obj=entry, **_entry_defaults(entry))
    form.objective_id.choices = queries.job_target_choices(case.id)
    form.company_project_id.choices = with_empty_choice(queries.company_project_choices(case.id))
    form.project_id.choices = with_empty_choice(queries.plan_project_choices(case.id))
    return form


def _entry_defaults(entry) -> dict:
    """A new entry for a company project (`?company_project=`) starts linked to it, as realised jobs."""
    if entry is not None:
        return {}
    defaults = {"kind": JobKind.REALISED, "source": JobSource.COMPANY}
    company_project = request.args.get("company_project", "")
    if company_project.isdigit() and len(company_project) < 10:
        defaults["company_project_id"] = int(company_project)
    return defaults


def _save_entry(case, entry):
    form = _entry_form(case, entry)
    if entry is not None and request.method == "GET":
        form.remember_loaded(entry.version)

    def page(merge=None):
        return render_template(
            "progress/jobs_form.html", case=case, form=form, entry=entry, merge=merge, confirm_form=ConfirmForm()
        )

    return save_form(
        form,
        lambda: jobs.save_job_entry(
            case,
            entry,
            form.data_for_service(),
            confirmed=bool(form.confirm_large.data),
            expected_version=form.loaded_version,
        ),
        done=lambda saved: _jobs_url(case.id, saved),
        message=lambda saved: _("Työpaikkakirjaus tallennettu: %(jobs)s työpaikkaa.", jobs=format_decimal(saved.jobs)),
        versioned=Versioned(row=lambda: entry, saved_form=lambda row: _entry_form(case, row, as_saved=True), page=page)
        if entry is not None
        else None,
        render=page,
    )


@bp.route("/jobs/new", methods=["GET", "POST"])
@case_permission("progress.edit")
def new_job_entry(case):
    return _save_entry(case, None)


@bp.route("/jobs/<int:job_entry_id>/edit", methods=["GET", "POST"])
@case_permission("progress.edit")
def edit_job_entry(case, job_entry_id: int):
    """404 for an entry of another case; a save over someone else's newer save goes through the merge."""
    return _save_entry(case, queries.get_job_entry(case.id, job_entry_id))


@bp.post("/jobs/<int:job_entry_id>/delete")
@case_permission("progress.edit")
def delete_job_entry(case, job_entry_id: int):
    entry = queries.get_job_entry(case.id, job_entry_id)
    jobs_count = entry.jobs
    return run_confirmed(
        ConfirmForm(),
        lambda: jobs.delete_job_entry(entry),
        done=_jobs_url(case.id),
        message=_("Työpaikkakirjaus poistettu (%(jobs)s työpaikkaa).", jobs=format_decimal(jobs_count)),
    )


# Company development and investment projects


@bp.get("/company-projects")
@case_permission("progress.view")
def company_projects(case):
    pagination = paginate(queries.company_projects(case.id))
    return render_template(
        "progress/company_projects.html",
        case=case,
        pagination=pagination,
        created=queries.jobs_created([project.id for project in pagination.items]),
        totals=queries.company_project_totals(case.id),
    )


def _company_project_form(case, project, *, as_saved: bool = False) -> CompanyProjectForm:
    form = CompanyProjectForm(**({"formdata": None} if as_saved else {}), obj=project)
    form.project_id.choices = with_empty_choice(queries.plan_project_choices(case.id))
    return form


def _save_company_project(case, project):
    form = _company_project_form(case, project)
    if project is not None and request.method == "GET":
        form.remember_loaded(project.version)

    def page(merge=None):
        return render_template(
            "progress/company_project_form.html",
            case=case,
            form=form,
            project=project,
            merge=merge,
            confirm_form=ConfirmForm(),
        )

    return save_form(
        form,
        lambda: jobs.save_company_project(case, project, form.data_for_service(), expected_version=form.loaded_version),
        done=lambda saved: url_for("progress.company_projects", case_id=case.id) + f"#company-project-{saved.id}",
        message=lambda saved: _("Yrityshanke tallennettu: %(name)s", name=saved.name),
        versioned=Versioned(
            row=lambda: project, saved_form=lambda row: _company_project_form(case, row, as_saved=True), page=page
        )
        if project is not None
        else None,
        render=page,
    )


@bp.route("/company-projects/new", methods=["GET", "POST"])
@case_permission("progress.edit")
def new_company_project(case):
    return _save_company_project(case, None)


@bp.route("/company-projects/<int:company_project_id>/edit", methods=["GET", "POST"])
@case_permission("progress.edit")
def edit_company_project(case, company_project_id: int):
    """404 for a company project of another case."""
    return _save_company_project(case, queries.get_company_project(case.id, company_project_id))


@bp.post("/company-projects/<int:company_project_id>/delete")
@case_permission("progress.edit")
def delete_company_project(case, company_project_id: int):
    project = queries.get_company_project(case.id, company_project_id)
    name = project.name
    return run_confirmed(
        ConfirmForm(),
        lambda: jobs.delete_company_project(project),
        done=url_for("progress.company_projects", case_id=case.id),
        message=_("Yrityshanke poistettu: %(name)s", name=name),
    )


# Development grants


@bp.get("/development-grants")
@case_permission("progress.view")
def grants(case):
    return render_template(
        "progress/grants.html",
        case=case,
        pagination=paginate(queries.grants(case.id)),
        totals=queries.grant_totals(case.id),
    )


def _grant_form(case, grant, *, as_saved: bool = False) -> DevelopmentGrantForm:
    form = DevelopmentGrantForm(**({"formdata": None} if as_saved else {}), obj=grant)
    form.company_project_id.choices = with_empty_choice(queries.company_project_choices(case.id))
    return form


def _save_grant(case, grant):
    form = _grant_form(case, grant)
    if grant is not None and request.method == "GET":
        form.remember_loaded(grant.version)

    def page(merge=None):
        return render_template(
            "progress/grant_form.html", case=case, form=form, grant=grant, merge=merge, confirm_form=ConfirmForm()
        )

    return save_form(
        form,
        lambda: jobs.save_grant(case, grant, form.data_for_service(), expected_version=form.loaded_version),
        done=lambda saved: url_for("progress.grants", case_id=case.id) + f"#grant-{saved.id}",
        message=lambda saved: _("Kehittämisavustus tallennettu: %(company)s", company=saved.company),
        versioned=Versioned(row=lambda: grant, saved_form=lambda row: _grant_form(case, row, as_saved=True), page=page)
        if grant is not None
        else None,
        render=page,
    )


@bp.route("/development-grants/new", methods=["GET", "POST"])
@case_permission("progress.edit")
def new_grant(case):
    return _save_grant(case, None)


@bp.route("/development-grants/<int:development_grant_id>/edit", methods=["GET", "POST"])
@case_permission("progress.edit")
def edit_grant(case, development_grant_id: int):
    """404 for a grant of another case."""
    return _save_grant(case, queries.get_grant(case.id, development_grant_id))


@bp.post("/development-grants/<int:development_grant_id>/delete")
@case_permission("progress.edit")
def delete_grant(case, development_grant_id: int):
    grant = queries.get_grant(case.id, development_grant_id)
    company = grant.company
    return run_confirmed(
        ConfirmForm(),
        lambda: jobs.delete_grant(grant),
        done=url_for("progress.grants", case_id=case.id),
        message=_("Kehittämisavustus poistettu: %(company)s", company=company),
    )
