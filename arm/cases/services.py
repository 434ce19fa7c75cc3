"""Opening a case from the template, keeping its facts and layoff waves, and the organisation registry.

The network itself (organisations in it, people, roles) is `arm/cases/network.py`.

Services change objects and flush; the view commits once. Business rules raise ValidationError
with the form field they concern.
"""

import re
import unicodedata
from collections.abc import Collection
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from arm.auth.models import User
from arm.cases import queries
from arm.cases.enums import RECOMMENDED_ACTOR_TYPES, NetworkRole, OrganisationType
from arm.cases.models import Case, CaseMunicipality, ChecklistItem, LayoffWave, Membership, Organisation, RoleAssignment
from arm.cases.network import add_organisation
from arm.cases.reference import industries, municipalities, normalise_business_id
from arm.core.errors import ValidationError
from arm.core.i18n import TEMPLATE_LANGUAGES, format_date
from arm.core.links import sync_links
from arm.core.models import utcnow
from arm.core.parts import case_holds_work, case_opened, unknown_template_items
from arm.core.permissions import Access, invalidate_case_access
from arm.core.text import same_text
from arm.extensions import db

ANNOUNCEMENT_MAX_DAYS_AHEAD = 365


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80] or "tapaus"


def _unique_slug(title: str) -> str:
    base = _slugify(title)
    taken = set(db.session.scalars(select(Case.slug).where(Case.slug.startswith(base))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def case_fact_errors(facts: dict) -> list[tuple[str, str]]:
    """The rules on a case's facts, shared by its form (all reported at once) and the services."""
    errors = []
    known = municipalities()
    if facts.get("lead_municipality_code") not in known:
        errors.append(("lead_municipality_code", _("Tuntematon kuntakoodi.")))
    unknown = [code for code in facts.get("municipality_codes") or [] if code not in known]
    if unknown:
        errors.append(("municipality_codes", _("Tuntemattomat kuntakoodit: %(codes)s", codes=", ".join(unknown))))
    if facts.get("industry_code") and facts["industry_code"] not in industries():
        errors.append(("industry_code", _("Tuntematon toimiala.")))
    announced_on = facts.get("announced_on")
    if announced_on and announced_on > date.today() + timedelta(days=ANNOUNCEMENT_MAX_DAYS_AHEAD):
        errors.append(("announced_on", _("Ilmoituspäivä voi olla enintään vuoden päässä tulevaisuudessa.")))
    for field in ("direct_layoffs", "indirect_job_losses"):
        if facts.get(field) is not None and facts[field] < 0:
            errors.append((field, _("Luku ei voi olla negatiivinen.")))
    if not (facts.get("title") or "").strip():
        errors.append(("title", _("Anna tapaukselle otsikko.")))
    return errors


def _check_facts(facts: dict) -> None:
    errors = case_fact_errors(facts)
    if errors:
        raise ValidationError(errors)


def _set_facts(case: Case, facts: dict) -> None:
    codes = list(dict.fromkeys(facts.pop("municipality_codes", [])))
    if facts["lead_municipality_code"] not in codes:
        codes.insert(0, facts["lead_municipality_code"])
    for key, value in facts.items():
        setattr(case, key, value.strip() if isinstance(value, str) else value)
    sync_links(case.municipalities, "code", codes, lambda code: CaseMunicipality(code=code))


def _refuse_likely_duplicate(facts: dict) -> None:
    twin = queries.likely_duplicate(facts.get("title") or "", facts.get("lead_municipality_code") or "")
    if twin is not None:
        raise ValidationError.single(
            "title",
            _(
                "Samanniminen tapaus on jo avattu samalle vastuukunnalle %(date)s. Jos tämä on eri tapaus, "
                "vahvista alla ja tallenna uudelleen; jos sama, pyydä sen koordinaattoria kutsumaan sinut.",
                date=format_date(twin.created_at.date()),
            ),
        )


def open_case(
    opener: User,
    organisation: Organisation,
    allow_duplicate: bool = False,
    template_language: str = "fi",
    template_items: Collection[str] | None = None,
    **facts,
) -> Case:
    """A new case from the template (each area adds its part); the opener becomes its coordinator.

    A likely duplicate (the same title for the same lead municipality) is refused unless `allow_duplicate`.
    The template's names are written in `template_language`, Finnish or Swedish; `template_items` are the
    keys of the optional items the parts offer (the Kemi model's subgroups and crisis group), None for all.
    """
    if template_language not in TEMPLATE_LANGUAGES:
        raise ValidationError.single("template_language", _("Valitse suomi tai ruotsi."))
    if template_items is not None and (unknown := unknown_template_items(template_items)):
        raise ValidationError.single(
            "template_items", _("Tuntematon mallipohjan osa: %(keys)s", keys=", ".join(unknown))
        )
    _check_facts(facts)
    if not allow_duplicate:
        _refuse_likely_duplicate(facts)
    case = Case(slug=_unique_slug(facts["title"]), created_by_id=opener.id)
    _set_facts(case, facts)
    case.checklist = [ChecklistItem(organisation_type=t) for t in RECOMMENDED_ACTOR_TYPES]
    db.session.add(case)
    db.session.flush()
    case_opened(case, template_language, template_items)
    add_organisation(case, organisation)
    membership = Membership(
        case_id=case.id, user=opener, organisation=organisation, access=Access.COORDINATOR, accepted_at=utcnow()
    )
    membership.roles.append(RoleAssignment(role=NetworkRole.COORDINATOR))
    db.session.add(membership)
    db.session.flush()
    invalidate_case_access()
    return case


def open_case_with_new_organisation(
    opener: User,
    organisation_facts: dict,
    allow_duplicate: bool = False,
    template_language: str = "fi",
    template_items: Collection[str] | None = None,
    **facts,
) -> Case:
    """Open a case on behalf of an organisation that is new to the registry, adding both at once."""
    try:
        organisation = create_organisation(**organisation_facts)
    except ValidationError as error:
        raise ValidationError(
            [(f"new_organisation_{field}" if field else None, m) for field, m in error.errors]
        ) from None
    return open_case(opener, organisation, allow_duplicate, template_language, template_items, **facts)


def archive_case(case: Case) -> None:
    """Read-only for everyone and out of the default list; a coordinator can restore it."""
    case.archived_at = utcnow()
    db.session.flush()
    invalidate_case_access()


def restore_case(case: Case) -> None:
    case.archived_at = None
    db.session.flush()
    invalidate_case_access()


def is_deletable(case: Case) -> bool:
    """Opened by mistake: its opener is its only member (ever) and no part holds work of it."""
    members = db.session.scalar(select(func.count()).select_from(Membership).where(Membership.case_id == case.id))
    return members <= 1 and not case_holds_work(case.id)


def delete_case(case: Case) -> None:
    """Remove a case opened by mistake (see `is_deletable`); anything else is archived instead."""
    if not is_deletable(case):
        raise ValidationError.single(
            None,
            _(
                "Tapausta ei voi poistaa, koska sillä on muita jäseniä tai toimenpiteitä. "
                "Arkistoi se, jos sitä ei enää käytetä."
            ),
        )
    db.session.delete(case)
    db.session.flush()
    invalidate_case_access()


def update_case(case: Case, **facts) -> None:
    _check_facts(facts)
    _set_facts(case, facts)
    db.session.flush()


# Layoff waves


def _check_wave(headcount: int | None, occurs_on: date | None) -> None:
    errors = []
    if headcount is None or headcount < 1:
        errors.append(("headcount", _("Henkilömäärän on oltava vähintään 1.")))
    if occurs_on is None:
        errors.append(("occurs_on", _("Anna päivämäärä.")))
    if errors:
        raise ValidationError(errors)


def save_layoff_wave(
    case: Case, wave: LayoffWave | None, *, occurs_on: date, headcount: int, employer: str = "", note: str = ""
) -> LayoffWave:
    """Record a new wave (`wave` None) or correct one; the employer defaults to the case's."""
    _check_wave(headcount, occurs_on)
    if wave is None:
        wave = LayoffWave()
        case.layoff_waves.append(wave)
    wave.occurs_on, wave.headcount = occurs_on, headcount
    wave.employer, wave.note = employer.strip() or case.employer, note.strip()
    db.session.flush()
    return wave


def delete_layoff_wave(wave: LayoffWave) -> None:
    db.session.delete(wave)
    db.session.flush()


# The organisation registry


def organisation_field_errors(business_id: str | None, municipality_code: str | None) -> list[tuple[str, str]]:
    """The rules on an organisation's own values (the registry's uniqueness is checked on save)."""
    errors = []
    if municipality_code and municipality_code not in municipalities():
        errors.append(("municipality_code", _("Tuntematon kuntakoodi.")))
    if business_id and business_id.strip() and normalise_business_id(business_id) is None:
        errors.append(("business_id", _("Y-tunnus on virheellinen: tarkista muoto 1234567-8 ja tarkistenumero.")))
    return errors


def _check_organisation(
    organisation: Organisation | None, name: str, business_id: str | None, municipality_code: str | None
) -> str | None:
    """The normalised Business ID; ValidationError for a malformed or taken key or an unknown municipality."""
    errors = organisation_field_errors(business_id, municipality_code)
    normalised = normalise_business_id(business_id) if business_id and business_id.strip() else None
    others = select(Organisation).where(Organisation.id != (organisation.id if organisation else -1))
    if normalised and db.session.scalar(others.where(Organisation.business_id == normalised)):
        errors.append(("business_id", _("Organisaatio tällä Y-tunnuksella on jo rekisterissä.")))
    if db.session.scalar(others.where(same_text(Organisation.name, name.strip()))):
        errors.append(("name", _("Samanniminen organisaatio on jo rekisterissä.")))
    if errors:
        raise ValidationError(errors)
    return normalised


def create_organisation(
    *,
    name: str,
    type: OrganisationType,
    business_id: str | None = None,
    municipality_code: str | None = None,
    website: str = "",
) -> Organisation:
    normalised = _check_organisation(None, name, business_id, municipality_code)
    organisation = Organisation(
        name=name.strip(),
        type=type,
        business_id=normalised,
        municipality_code=municipality_code or None,
        website=(website or "").strip(),
    )
    db.session.add(organisation)
    db.session.flush()
    return organisation


def update_organisation(
    organisation: Organisation,
    *,
    name: str,
    type: OrganisationType,
    business_id: str | None = None,
    municipality_code: str | None = None,
    website: str = "",
) -> None:
    organisation.business_id = _check_organisation(organisation, name, business_id, municipality_code)
    organisation.name, organisation.type = name.strip(), type
    organisation.municipality_code, organisation.website = municipality_code or None, (website or "").strip()
    db.session.flush()
