"""The case itself: my cases, opening one from the template, its dashboard, its facts and its history."""

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from arm.cases import network, queries, services
from arm.cases.forms import EditCaseForm, OpenCaseForm, RedactForm
from arm.cases.models import Organisation
from arm.cases.views.blueprint import bp
from arm.cases.views.registry import BUSINESS_ID_TAKEN
from arm.core.audit import entity_label
from arm.core.errors import ValidationError
from arm.core.forms import ConfirmForm, with_empty_choice
from arm.core.history import read_events
from arm.core.models import AuditEvent
from arm.core.pagination import paginate
from arm.core.parts import dashboard_panels
from arm.core.permissions import can, case_access, case_permission
from arm.core.queries import get_in_case
from arm.core.redaction import REDACTED, is_redactable, redact
from arm.core.saving import run_confirmed, save_form
from arm.core.urls import int_arg
from arm.extensions import db

SLUG_TAKEN = _l(
    "Samanniminen tapaus avattiin juuri toisessa istunnossa. Tarkista, onko se sama tapaus; jos ei ole, "
    "tallenna uudelleen."
)


@bp.get("/")
@login_required
def index():
    """The signed-in person's cases, current first; archived ones on their own list (`?archived=1`)."""
    archived = request.args.get("archived") == "1"
    return render_template(
        "cases/index.html",
        pagination=paginate(queries.my_memberships(current_user, archived)),
        archived=archived,
        archived_count=None if archived else queries.archived_count(current_user),
        invitation_count=len(queries.my_invitations(current_user)),
    )


@bp.route("/cases/new", methods=["GET", "POST"])
@login_required
def open_case():
    form = OpenCaseForm()
    form.organisation_id.choices = with_empty_choice([(o.id, o.name) for o in queries.registry_organisations()])

    def open_it():
        allow_duplicate, language = form.confirm_duplicate.data, form.template_language.data
        items = form.template_items.data or []
        if (new := form.new_organisation()) is not None:
            return services.open_case_with_new_organisation(
                current_user, new, allow_duplicate, language, items, **form.facts()
            )
        organisation = db.get_or_404(Organisation, form.organisation_id.data)
        return services.open_case(current_user, organisation, allow_duplicate, language, items, **form.facts())

    return save_form(
        form,
        open_it,
        done=lambda case: url_for("cases.dashboard", case_id=case.id),
        message=_("Tapaus avattu mallipohjasta. Seuraavaksi kokoa verkosto."),
        template="cases/open.html",
        unique={"slug": ("title", SLUG_TAKEN), "business_id": ("new_organisation_business_id", BUSINESS_ID_TAKEN)},
    )


@bp.get("/cases/<int:case_id>")
@case_permission("case.view")
def dashboard(case):
    return _dashboard_page(case)


def _dashboard_page(case) -> str:
    people_count, invited_count = queries.people_counts(case.id)
    current_links = [link for link in queries.network_links(case.id) if link.is_current]
    return render_template(
        "cases/dashboard.html",
        case=case,
        access=case_access(case.id),
        organisation_count=len(current_links),
        people_count=people_count,
        invited_count=invited_count,
        checklist=network.network_checklist(case, current_links),
        waves_total=queries.waves_total(case.layoff_waves),
        events=read_events(queries.recent_events(case.id), case.id),
        wide_panels=dashboard_panels(case, "wide"),
        side_panels=dashboard_panels(case, "side"),
        entity_label=entity_label,
        confirm_form=ConfirmForm(),
        # A case with more than its opener in it is never deletable: no need to ask the parts.
        deletable=people_count <= 1 and can("case.archive", case.id) and services.is_deletable(case),
    )


@bp.route("/cases/<int:case_id>/edit", methods=["GET", "POST"])
@case_permission("case.edit")
def edit_case(case):
    form = EditCaseForm(obj=case, municipality_codes=case.affected_municipality_codes)
    return save_form(
        form,
        lambda: services.update_case(case, **form.facts()),
        done=url_for("cases.dashboard", case_id=case.id),
        message=_("Tapauksen tiedot tallennettu."),
        template="cases/edit.html",
        case=case,
    )


@bp.get("/cases/<int:case_id>/history")
@case_permission("history.view")
def history(case):
    entities, actors = queries.history_filters(case.id)
    entity = request.args.get("entity") if request.args.get("entity") in entities else None
    entity_id = int_arg("entity_id") if entity else None
    actor_id = int_arg("actor")
    pagination = paginate(queries.history(case.id, entity, actor_id, entity_id))
    return render_template(
        "cases/history.html",
        case=case,
        entities=entities,
        actors=actors,
        entity=entity,
        actor_id=actor_id,
        entity_id=entity_id,
        pagination=pagination,
        events=read_events(pagination.items, case.id),
        entity_label=entity_label,
        redact_csrf=ConfirmForm(),
        REDACTED=REDACTED,
        is_redactable=is_redactable,
    )


@bp.post("/cases/<int:case_id>/archive")
@case_permission("case.archive")
def archive_case(case):
    return run_confirmed(
        ConfirmForm(),
        lambda: services.archive_case(case),
        done=url_for("cases.dashboard", case_id=case.id),
        message=_("Tapaus arkistoitu: se on nyt vain luettavissa eikä näy tapauslistalla."),
    )


@bp.post("/cases/<int:case_id>/restore")
@case_permission("case.archive")
def restore_case(case):
    return run_confirmed(
        ConfirmForm(),
        lambda: services.restore_case(case),
        done=url_for("cases.dashboard", case_id=case.id),
        message=_("Tapaus palautettu arkistosta."),
    )


@bp.post("/cases/<int:case_id>/delete")
@case_permission("case.archive")
def delete_case(case):
    """Only a case opened by mistake: its opener alone in it and nothing in its parts."""
    return run_confirmed(
        ConfirmForm(),
        lambda: services.delete_case(case),
        done=lambda _result: url_for("cases.index"),
        message=_("Tapaus %(title)s poistettu.", title=case.title),
        refused=lambda: _dashboard_page(case),
    )


@bp.post("/cases/<int:case_id>/history/<int:event_id>/redact")
@case_permission("history.redact")
def redact_history_value(case, event_id: int):
    """A coordinator removes a value (personal data typed by mistake) from the row and its whole history.

    404 when the event belongs to another case.
    """
    event = get_in_case(AuditEvent, event_id, case.id)
    form = RedactForm()

    def run():
        field, index = form.field_and_index
        values = event.changes.get(field) if field != REDACTED else None
        if not values:
            raise ValidationError.single(None, _("Muutoshistoriassa ei ole tätä arvoa."))
        if not is_redactable(event.entity, field):
            raise ValidationError.single(
                None,
                _("Tätä arvoa ei voi poistaa: se on pakollinen tieto, jota rivi ei voi olla ilman."),
            )
        return redact(event.entity, event.entity_id, field, values[index], case.id)

    return run_confirmed(
        form,
        run,
        done=url_for(
            "cases.history",
            case_id=case.id,
            entity=request.args.get("entity") or None,
            entity_id=int_arg("entity_id"),
        ),
        message=_("Arvo poistettu rivistä ja koko muutoshistoriasta. Poisto on kirjattu, sen sisältö ei."),
    )
