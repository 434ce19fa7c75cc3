"""The service map's rules and saves, the change-security milestones, and the gap rule of the wave timeline.

Services flush and audit; the views commit (see core.saving).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from arm.cases.models import Case, CaseOrganisation, LayoffWave
from arm.core.errors import EditConflict, ValidationError
from arm.core.i18n import format_date, format_decimal
from arm.core.months import days_after
from arm.extensions import db
from arm.support.models import MilestoneKind, ServiceKind, SupportService, WaveMilestone

# Our own design, not a TEM rule: a wave is covered for a kind when a service of that kind runs on some
# day of the two weeks that start on the wave's date.
GAP_WINDOW = timedelta(days=14)

SERVICE_FIELDS = (
    "name",
    "kind",
    "provider_id",
    "description",
    "reach",
    "language_list",
    "age_group",
    "audience_list",
    "starts_on",
    "ends_on",
    "is_illustrative",
)


def period_errors(starts_on: date | None, ends_on: date | None) -> list[tuple[str, str]]:
    if starts_on and ends_on and ends_on < starts_on:
        return [("ends_on", _("Päättymispäivä ei voi olla ennen alkamispäivää."))]
    return []


def service_field_errors(data: dict) -> list[tuple[str, str]]:
    """The rules on a service's own values (the provider's place in the network is checked on save)."""
    errors = []
    if not data.get("provider_id"):
        errors.append(("provider_id", _("Valitse palvelun järjestäjä: palvelua ilman järjestäjää ei voi kirjata.")))
    return errors + period_errors(data.get("starts_on"), data.get("ends_on"))


def _in_network(case: Case, organisation_id: int) -> bool:
    return (
        db.session.scalar(
            select(CaseOrganisation.id).where(
                CaseOrganisation.case_id == case.id,
                CaseOrganisation.organisation_id == organisation_id,
                CaseOrganisation.left_on.is_(None),
            )
        )
        is not None
    )


def _check_service(case: Case, data: dict) -> None:
    errors = service_field_errors(data)
    if data.get("provider_id") and not _in_network(case, data["provider_id"]):
        errors.append(("provider_id", _("Järjestäjän on oltava tapauksen verkostossa.")))
    if errors:
        raise ValidationError(errors)


def _apply(service: SupportService, data: dict) -> None:
    for key in SERVICE_FIELDS:
        setattr(service, key, data[key])
    service.name = service.name.strip()
    service.description = (service.description or "").strip()
    service.reach = (service.reach or "").strip()


def create_service(case: Case, data: dict) -> SupportService:
    _check_service(case, data)
    service = SupportService(case_id=case.id)
    _apply(service, data)
    db.session.add(service)
    db.session.flush()
    return service


def update_service(service: SupportService, expected_version: int, data: dict) -> SupportService:
    """Save an edit made on `expected_version`; EditConflict when someone saved in between."""
    if expected_version != service.version:
        raise EditConflict(service)
    _check_service(service.case, data)
    _apply(service, data)
    db.session.flush()
    return service


def delete_service(service: SupportService) -> None:
    db.session.delete(service)
    db.session.flush()


def save_milestone(
    case: Case,
    milestone: WaveMilestone | None,
    *,
    wave_id: int,
    kind: MilestoneKind,
    occurs_on: date,
    is_done: bool,
    note: str = "",
) -> WaveMilestone:
    wave = db.session.get(LayoffWave, wave_id) if wave_id else None
    if wave is None or wave.case_id != case.id:
        raise ValidationError.single("wave_id", _("Valitse tämän tapauksen irtisanomisaalto."))
    if milestone is None:
        milestone = WaveMilestone(case_id=case.id)
        db.session.add(milestone)
    milestone.wave_id, milestone.kind, milestone.occurs_on = wave.id, kind, occurs_on
    milestone.is_done, milestone.note = is_done, note.strip()
    db.session.flush()
    return milestone


def delete_milestone(milestone: WaveMilestone) -> None:
    db.session.delete(milestone)
    db.session.flush()


@dataclass
class WaveCoverage:
    """One wave and, for each of the five kinds, the services that run in the two weeks from its date."""

    wave: LayoffWave
    window_ends_on: date
    services_by_kind: dict[ServiceKind, list[SupportService]] = field(default_factory=dict)
    milestones: list[WaveMilestone] = field(default_factory=list)

    @property
    def missing_kinds(self) -> list[ServiceKind]:
        return [kind for kind in ServiceKind if not self.services_by_kind.get(kind)]


def runs_within(service: SupportService, first: date, last: date) -> bool:
    """Whether the service runs on some day from `first` to `last` (both included)."""
    return service.starts_on <= last and (service.ends_on is None or service.ends_on >= first)


def wave_coverage(waves, services, milestones=()) -> list[WaveCoverage]:
    """Each wave (in date order) with the services of each kind open in its window: the gap rule."""
    by_wave: dict[int, list[WaveMilestone]] = {}
    for milestone in sorted(milestones, key=lambda m: (m.occurs_on, m.id or 0)):
        by_wave.setdefault(milestone.wave_id, []).append(milestone)
    coverage = []
    for wave in sorted(waves, key=lambda w: (w.occurs_on, w.id or 0)):
        last = days_after(wave.occurs_on, GAP_WINDOW)
        found = {kind: [] for kind in ServiceKind}
        for service in services:
            if runs_within(service, wave.occurs_on, last):
                found[service.kind].append(service)
        coverage.append(WaveCoverage(wave, last, found, by_wave.get(wave.id, [])))
    return coverage


def gap_message(kind: ServiceKind, wave: LayoffWave) -> str:
    """The flag of a kind missing at a wave, e.g. "Ei koulutuspalvelua kahden viikon sisällä aallosta …"."""
    values = {"num": wave.headcount, "headcount": format_decimal(wave.headcount), "date": format_date(wave.occurs_on)}
    if kind is ServiceKind.EMPLOYMENT:
        return ngettext(
            "Ei työllisyyspalvelua kahden viikon sisällä aallosta %(headcount)s henkilö %(date)s.",
            "Ei työllisyyspalvelua kahden viikon sisällä aallosta %(headcount)s henkilöä %(date)s.",
            **values,
        )
    if kind is ServiceKind.SOCIAL_HEALTH:
        return ngettext(
            "Ei sosiaali- ja terveyspalvelua kahden viikon sisällä aallosta %(headcount)s henkilö %(date)s.",
            "Ei sosiaali- ja terveyspalvelua kahden viikon sisällä aallosta %(headcount)s henkilöä %(date)s.",
            **values,
        )
    if kind is ServiceKind.BUSINESS:
        return ngettext(
            "Ei yrityspalvelua kahden viikon sisällä aallosta %(headcount)s henkilö %(date)s.",
            "Ei yrityspalvelua kahden viikon sisällä aallosta %(headcount)s henkilöä %(date)s.",
            **values,
        )
    if kind is ServiceKind.EDUCATION:
        return ngettext(
            "Ei koulutuspalvelua kahden viikon sisällä aallosta %(headcount)s henkilö %(date)s.",
            "Ei koulutuspalvelua kahden viikon sisällä aallosta %(headcount)s henkilöä %(date)s.",
            **values,
        )
    return ngettext(
        "Ei seurakunnan tai järjestöjen tukea kahden viikon sisällä aallosta %(headcount)s henkilö %(date)s.",
        "Ei seurakunnan tai järjestöjen tukea kahden viikon sisällä aallosta %(headcount)s henkilöä %(date)s.",
        **values,
    )


def services_by_kind(services) -> list[tuple[ServiceKind, list[SupportService]]]:
    """The services grouped by kind, in the order of the kinds, leaving out kinds with none."""
    groups = {kind: [] for kind in ServiceKind}
    for service in services:
        groups[service.kind].append(service)
    return [(kind, group) for kind, group in groups.items() if group]
