"""The risk register: the list with its heat map and filters, a risk's page, its form, the template's proposals
and the exports."""

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from arm.core.comments import CommentForm, comments_of
from arm.core.forms import ConfirmForm, with_empty_choice
from arm.core.pagination import paginate
from arm.core.permissions import case_permission
from arm.core.saving import Versioned, run_confirmed, save_form
from arm.exports.download import table_download
from arm.plans import queries as plan_queries
from arm.risks import exports, queries, services
from arm.risks.forms import AcceptForm, RiskForm
from arm.risks.heatmap import build_heat_map
from arm.risks.models import CHOSEN_STATUSES, RiskCategory, trend_of

bp = Blueprint("risks", __name__, url_prefix="/cases/<int:case_id>")


def accept_form_for(risk) -> AcceptForm:
    """Each proposal's form has its own prefix: the register shows several at once."""
    return AcceptForm(prefix=f"accept-{risk.id}")


@bp.get("/risks")
@case_permission("risk.view")
def register(case):
    """Filters and page live in the URL; a value that is no filter (likelihood 0, 6 or text) is named and
    ignored (400)."""
    risk_filter = queries.RiskFilter.from_args(request.args)
    pagination = paginate(queries.register(case.id, risk_filter))
    proposed = queries.proposed(case.id)
    page = render_template(
        "risks/register.html",
        case=case,
        risk_filter=risk_filter,
        pagination=pagination,
        trends=queries.trends([risk.id for risk in pagination.items]),
        risk_map=build_heat_map(queries.heat_map_counts(case.id)),
        proposed=[(risk, accept_form_for(risk)) for risk in proposed],
        categories=list(RiskCategory),
        statuses=list(CHOSEN_STATUSES),
        today=date.today(),
        confirm_form=ConfirmForm(),
    )
    return page, 400 if risk_filter.errors else 200


@bp.get("/risks/export.<any(csv, xlsx, docx):file_format>")
@case_permission("risk.view")
def export_risks(case, file_format: str):
    risk_filter = queries.RiskFilter.from_args(request.args)
    return table_download(file_format, case.slug + "-" + _("riskirekisteri"), exports.risks_table(case, risk_filter))


def _risk_url(risk, anchor: str = "") -> str:
    return url_for("risks.risk", case_id=risk.case_id, risk_id=risk.id) + anchor


@bp.get("/risks/<int:risk_id>")
@case_permission("risk.view")
def risk(case, risk_id: int):
    """404 for a risk of another case."""
    risk = queries.get_risk(case.id, risk_id)
    assessments = queries.assessments(risk.id)
    return render_template(
        "risks/risk.html",
        case=case,
        risk=risk,
        assessments=assessments,
        trend=trend_of([assessment.score for assessment in assessments[:2]]),
        actions=sorted((link.action for link in risk.action_links), key=lambda action: (action.title, action.id)),
        comments=comments_of(services.COMMENT_ENTITY, risk.id),
        comment_form=CommentForm(),
        accept_form=accept_form_for(risk) if risk.is_proposed else None,
        confirm_form=ConfirmForm(),
        today=date.today(),
    )


def _risk_form(case, risk, *, as_saved: bool = False) -> RiskForm:
    form = RiskForm(
        **({"formdata": None} if as_saved else {}),
        obj=risk,
        action_ids=[link.action_id for link in risk.action_links] if risk else [],
        **({} if risk is not None else _defaults_from_args()),
    )
    form.is_new = risk is None
    form.owner_id.choices = with_empty_choice(
        [(m.id, f"{m.user.name} ({m.organisation.name})") for m in plan_queries.current_memberships(case.id)]
    )
    form.action_ids.choices = [(a.id, a.title) for a in plan_queries.actions_for_choices(case.id)]
    return form


def _defaults_from_args() -> dict:
    """A new risk from a heat map cell starts at that cell's likelihood and impact."""
    defaults = {}
    for name in ("likelihood", "impact"):
        value = request.args.get(name, "")
        if value.isdigit() and 1 <= int(value) <= 5:
            defaults[name] = int(value)
    return defaults


def _save_risk(case, risk):
    form = _risk_form(case, risk)
    if risk is not None and request.method == "GET":
        form.remember_loaded(risk.version)

    def save():
        data, action_ids = form.data_for_service(), form.action_ids.data or []
        if risk is None:
            return services.create_risk(case, data, action_ids, current_user.id)
        return services.update_risk(risk, form.loaded_version or 0, data, action_ids, current_user.id)

    return save_form(
        form,
        save,
        done=_risk_url,
        message=lambda saved: _("Riski tallennettu: %(title)s", title=saved.title),
        versioned=Versioned(
            row=lambda: risk,
            saved_form=lambda row: _risk_form(case, row, as_saved=True),
            page=lambda merge: render_template("risks/conflict.html", case=case, form=form, current=risk, merge=merge),
        )
        if risk is not None
        else None,
        template="risks/risk_form.html",
        case=case,
        risk=risk,
    )


@bp.route("/risks/new", methods=["GET", "POST"])
@case_permission("risk.edit")
def new_risk(case):
    return _save_risk(case, None)


@bp.route("/risks/<int:risk_id>/edit", methods=["GET", "POST"])
@case_permission("risk.edit")
def edit_risk(case, risk_id: int):
    """404 for a risk of another case; a save over someone else's newer save goes through the merge."""
    return _save_risk(case, queries.get_risk(case.id, risk_id))


@bp.post("/risks/<int:risk_id>/accept")
@case_permission("risk.edit")
def accept_risk(case, risk_id: int):
    """A proposed starter risk joins the register as open, with the likelihood and impact chosen for it."""
    risk = queries.get_risk(case.id, risk_id)
    form = accept_form_for(risk)
    done = url_for("risks.register", case_id=case.id) + "#proposed"
    if not form.validate_on_submit():
        for messages in form.errors.values():
            for message in messages:
                flash(f"{risk.title}: {message}", "danger")
        return redirect(done)
    return run_confirmed(
        form,
        lambda: services.accept_risk(risk, form.likelihood.data, form.impact.data, current_user.id),
        done=_risk_url(risk),
        message=_("Riski hyväksytty rekisteriin: %(title)s", title=risk.title),
    )


@bp.post("/risks/<int:risk_id>/discard")
@case_permission("risk.edit")
def discard_risk(case, risk_id: int):
    risk = queries.get_risk(case.id, risk_id)
    title = risk.title
    return run_confirmed(
        ConfirmForm(),
        lambda: services.discard_risk(risk),
        done=url_for("risks.register", case_id=case.id),
        message=_("Ehdotettu riski hylätty: %(title)s", title=title),
    )
