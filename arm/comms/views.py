"""The communications plan: the filtered list, the calendar, its exports, an item's page and its forms."""

from datetime import date

from flask import Blueprint, render_template, request, url_for
from flask_babel import gettext as _

from arm.comms import exports, queries, services
from arm.comms.forms import CommsItemForm
from arm.comms.models import CommsAudience, CommsChannel, CommsStatus
from arm.comms.periods import by_day, period_from_args
from arm.core.comments import CommentForm, comments_of
from arm.core.forms import ConfirmForm, with_empty_choice
from arm.core.i18n import format_date
from arm.core.pagination import paginate
from arm.core.permissions import case_permission
from arm.core.saving import Versioned, run_confirmed, save_form
from arm.exports.download import table_download

bp = Blueprint("comms", __name__, url_prefix="/cases/<int:case_id>/comms")

FILTER_ENUMS = {"audience": CommsAudience, "channel": CommsChannel, "status": CommsStatus}


@bp.get("")
@case_permission("comms.view")
def plan(case):
    """The list: filters and page live in the URL. Arguments it cannot use are named on the page (400)."""
    comms_filter = queries.CommsFilter.from_args(request.args)
    page = render_template(
        "comms/plan.html",
        case=case,
        comms_filter=comms_filter,
        pagination=paginate(queries.plan_items(case.id, comms_filter)),
        enums=FILTER_ENUMS,
    )
    return page, 400 if comms_filter.problems else 200


@bp.get("/export.<any(csv, xlsx, docx):file_format>")
@case_permission("comms.view")
def export_plan(case, file_format: str):
    comms_filter = queries.CommsFilter.from_args(request.args)
    table = exports.plan_table(case, queries.export_items(case.id, comms_filter), comms_filter)
    return table_download(file_format, case.slug + "-" + _("viestintasuunnitelma"), table)


@bp.get("/calendar")
@case_permission("comms.view")
def calendar(case):
    """A week or a month, each recurring item on each of its dates; a `view` or `date` it cannot use is 400."""
    period = period_from_args(request.args, date.today())
    items = queries.items_between(case.id, period.first, period.last)
    page = render_template(
        "comms/calendar.html",
        case=case,
        period=period,
        days=by_day(period, services.schedule(items, period.first, period.last)),
        today=date.today(),
    )
    return page, 400 if period.problems else 200


def _item_form(case, item, *, as_saved: bool = False) -> CommsItemForm:
    form = CommsItemForm(
        **({"formdata": None} if as_saved else {}),
        obj=item,
        language_list=item.language_list if item else None,
        action_ids=[link.action_id for link in item.action_links] if item else [],
    )
    form.owner_id.choices = with_empty_choice(queries.owner_choices(case.id))
    form.wave_id.choices = with_empty_choice(
        [(w.id, f"{format_date(w.occurs_on)} ({w.headcount})") for w in queries.waves(case.id)]
    )
    form.service_id.choices = with_empty_choice(queries.service_choices(case.id))
    form.action_ids.choices = queries.action_choices(case.id)
    return form


def _item_url(item) -> str:
    return url_for("comms.item", case_id=item.case_id, comms_item_id=item.id)


def _save_item(case, item):
    form = _item_form(case, item)
    if item is not None and request.method == "GET":
        form.remember_loaded(item.version)
    return save_form(
        form,
        lambda: services.save_item(
            case, item, form.data_for_service(), form.action_ids.data or [], form.loaded_version
        ),
        done=_item_url,
        message=lambda saved: _("Viesti tallennettu: %(title)s", title=saved.title),
        versioned=Versioned(
            row=lambda: item,
            saved_form=lambda row: _item_form(case, row, as_saved=True),
            page=lambda merge: render_template("comms/conflict.html", case=case, form=form, item=item, merge=merge),
        )
        if item is not None
        else None,
        template="comms/item_form.html",
        case=case,
        item=item,
        confirm_form=ConfirmForm(),
    )


@bp.route("/new", methods=["GET", "POST"])
@case_permission("comms.edit")
def new_item(case):
    return _save_item(case, None)


@bp.get("/<int:comms_item_id>")
@case_permission("comms.view")
def item(case, comms_item_id: int):
    """404 when the item belongs to another case."""
    return render_template(
        "comms/item.html",
        case=case,
        item=queries.get_item(case.id, comms_item_id),
        comments=comments_of(services.COMMENT_ENTITY, comms_item_id),
        comment_form=CommentForm(),
    )


@bp.route("/<int:comms_item_id>/edit", methods=["GET", "POST"])
@case_permission("comms.edit")
def edit_item(case, comms_item_id: int):
    """404 for an item of another case; a save over someone else's newer save goes through the merge."""
    return _save_item(case, queries.get_item(case.id, comms_item_id))


@bp.post("/<int:comms_item_id>/delete")
@case_permission("comms.edit")
def delete_item(case, comms_item_id: int):
    item = queries.get_item(case.id, comms_item_id)
    title = item.title
    return run_confirmed(
        ConfirmForm(),
        lambda: services.delete_item(item),
        done=url_for("comms.plan", case_id=case.id),
        message=_("Viesti poistettu: %(title)s", title=title),
    )
