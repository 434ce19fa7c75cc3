"""The funding and the projects as CSV and XLSX, for whoever may read their pages."""

from flask_babel import gettext as _

from arm.core.permissions import case_permission
from arm.exports.download import table_download
from arm.plans import exports
from arm.plans.views.blueprint import bp


@bp.get("/funding/export.<any(csv, xlsx):file_format>")
@case_permission("plan.view")
def export_funding(case, file_format: str):
    return table_download(file_format, case.slug + "-" + _("rahoitus"), exports.funding_table(case))


@bp.get("/projects/export.<any(csv, xlsx):file_format>")
@case_permission("plan.view")
def export_projects(case, file_format: str):
    return table_download(file_format, case.slug + "-" + _("hankkeet"), exports.projects_table(case))
