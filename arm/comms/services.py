"""The communications plan's rules and saves, and the skeleton plan of the case template.

Services flush and audit; the views commit (see core.saving).
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from arm.cases.models import Case, LayoffWave, Membership
from arm.comms.models import (
    LARGEST_REACH,
    CommsAudience,
    CommsChannel,
    CommsItem,
    CommsItemAction,
    CommsLanguage,
    CommsStatus,
    Recurrence,
)
from arm.core.comments import delete_comments_of
from arm.core.errors import EditConflict, ValidationError
from arm.core.i18n import format_decimal
from arm.core.links import sync_links
from arm.core.parts import TemplateItem
from arm.core.queries import all_belong_to_case, belongs_to_case
from arm.extensions import db
from arm.plans.models import Action
from arm.support.models import SupportService

# The fields of an item that its form sets (the linked actions travel beside them).
ITEM_FIELDS = (
    "title",
    "audience",
    "channel",
    "message",
    "owner_id",
    "planned_on",
    "recurrence",
    "repeats_until",
    "language_list",
    "status",
    "is_crisis",
    "wave_id",
    "service_id",
    "published_on",
    "reach",
    "feedback",
)

EMPTY_MESSAGE = _l("Kirjoita viesti: tyhjää viestiä ei voi tallentaa.")


def item_field_errors(data: dict) -> list[tuple[str, str]]:
    """The rules on an item's own values, shared by the form and the service."""
    errors = []
    if not (data.get("title") or "").strip():
        errors.append(("title", _("Anna viestille otsikko.")))
    if not (data.get("message") or "").strip():
        errors.append(("message", str(EMPTY_MESSAGE)))
    if not data.get("language_list"):
        errors.append(("language_list", _("Valitse ainakin yksi kieli.")))
    planned, until = data.get("planned_on"), data.get("repeats_until")
    if until is not None and data.get("recurrence") in (None, Recurrence.NONE):
        errors.append(("repeats_until", _("Toiston päättymispäivä annetaan vain toistuvalle viestille.")))
    elif until is not None and planned is not None and until < planned:
        errors.append(("repeats_until", _("Toisto ei voi päättyä ennen aloituspäivää.")))
    reach = data.get("reach")
    if reach is not None and not 0 <= reach <= LARGEST_REACH:
        errors.append(("reach", _("Anna tavoitettujen määrä väliltä 0–%(max)s.", max=format_decimal(LARGEST_REACH))))
    published = data.get("status") is CommsStatus.PUBLISHED
    if published and data.get("published_on") is None:
        errors.append(("published_on", _("Anna päivä, jona viesti julkaistiin.")))
    if not published and data.get("published_on") is not None:
        errors.append(("published_on", _("Julkaisupäivä kirjataan, kun viestin tila on Julkaistu.")))
    if not published and reach is not None:
        errors.append(("reach", _("Tavoitettujen määrä kirjataan, kun viestin tila on Julkaistu.")))
    return errors


def _link_errors(case: Case, data: dict, action_ids: list[int]) -> list[tuple[str, str]]:
    errors = []
    if not belongs_to_case(Membership, data.get("owner_id"), case.id, Membership.is_current):
        errors.append(("owner_id", _("Vastuuhenkilön on oltava tapauksen nykyinen jäsen.")))
    if not belongs_to_case(LayoffWave, data.get("wave_id"), case.id):
        errors.append(("wave_id", _("Valitse tämän tapauksen irtisanomisaalto.")))
    if not belongs_to_case(SupportService, data.get("service_id"), case.id):
        errors.append(("service_id", _("Valitse tämän tapauksen palvelu.")))
    if not all_belong_to_case(Action, action_ids, case.id):
        errors.append(("action_ids", _("Toimenpiteiden on kuuluttava tähän tapaukseen.")))
    return errors


def save_item(
    case: Case, item: CommsItem | None, data: dict, action_ids: list[int], expected_version: int | None = None
) -> CommsItem:
    """Create an item or save an edit made on `expected_version` (EditConflict when someone saved in between)."""
    if item is not None and expected_version is not None and expected_version != item.version:
        raise EditConflict(item)
    errors = item_field_errors(data) + _link_errors(case, data, action_ids)
    if errors:
        raise ValidationError(errors)
    if item is None:
        item = CommsItem(case_id=case.id)
        db.session.add(item)
    for key in ITEM_FIELDS:
        setattr(item, key, data.get(key))
    item.title = item.title.strip()
    item.message = item.message.strip()
    item.feedback = (item.feedback or "").strip()
    item.recurrence = item.recurrence or Recurrence.NONE
    sync_links(item.action_links, "action_id", action_ids, lambda i: CommsItemAction(case_id=case.id, action_id=i))
    db.session.flush()
    return item


COMMENT_ENTITY = "comms_item"


def delete_item(item: CommsItem) -> None:
    delete_comments_of(COMMENT_ENTITY, item.id)
    db.session.delete(item)
    db.session.flush()


# The schedule


def _add_months(day: date, months: int) -> date:
    """The same day of a later month, or that month's last day when it is shorter (31.1. → 28.2.)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def occurrences(item: CommsItem, first: date, last: date) -> list[date]:
    """The item's dates from `first` to `last` (both included): its planned day, or each day it recurs on."""
    if not item.is_recurring:
        return [item.planned_on] if first <= item.planned_on <= last else []
    end = min(last, item.repeats_until) if item.repeats_until else last
    days = []
    if item.recurrence is Recurrence.WEEKLY:
        skip = max(0, (first - item.planned_on).days // 7)
        day = item.planned_on + timedelta(weeks=skip)
        while day <= end:
            if day >= first:
                days.append(day)
            day += timedelta(weeks=1)
        return days
    months = max(0, (first.year - item.planned_on.year) * 12 + first.month - item.planned_on.month - 1)
    while (day := _add_months(item.planned_on, months)) <= end:
        if day >= first:
            days.append(day)
        months += 1
    return days


@dataclass(frozen=True)
class Occurrence:
    day: date
    item: CommsItem


def schedule(items, first: date, last: date) -> list[Occurrence]:
    """Every date of every item in the period, in date order (an item recurring weekly comes once a week)."""
    found = [Occurrence(day, item) for item in items for day in occurrences(item, first, last)]
    return sorted(found, key=lambda o: (o.day, o.item.title, o.item.id))


# The case template's skeleton plan


@dataclass(frozen=True)
class TemplateMessage:
    key: str
    title: str
    audience: CommsAudience
    channel: CommsChannel
    message: str
    days_after: int  # after the announcement
    recurrence: Recurrence = Recurrence.NONE


def template_messages() -> list[TemplateMessage]:
    """The skeleton plan in the current locale: the first messages every case needs, for the coordinator to fill."""
    return [
        TemplateMessage(
            "comms_first_info",
            _("Ensimmäinen tiedote irtisanotuille"),
            CommsAudience.LAID_OFF,
            CommsChannel.LETTER,
            _("Mitä on tapahtunut, mitä palveluja irtisanotuille ja heidän perheilleen on tarjolla ja mistä saa apua."),
            0,
        ),
        TemplateMessage(
            "comms_press_release",
            _("Ensimmäinen lehdistötiedote"),
            CommsAudience.MEDIA,
            CommsChannel.PRESS_RELEASE,
            _(
                "Tilanne, verkoston kokoaminen ja ensimmäiset toimenpiteet: tulevaisuuteen suuntautuva ja "
                "ratkaisuja hakeva viesti."
            ),
            0,
        ),
        TemplateMessage(
            "comms_info_session",
            _("Infotilaisuus yhteispalvelupisteessä"),
            CommsAudience.LAID_OFF,
            CommsChannel.SERVICE_POINT,
            _("Palvelut, muutosturva ja koulutusmahdollisuudet: kaikki toimijat samassa paikassa."),
            7,
        ),
        TemplateMessage(
            "comms_weekly_update",
            _("Viikkotiedote verkostolle"),
            CommsAudience.NETWORK_ACTORS,
            CommsChannel.EMAIL,
            _("Mitä viikolla tehtiin, mitä seuraavaksi ja mitä verkostolta tarvitaan."),
            0,
            Recurrence.WEEKLY,
        ),
    ]


def template_items() -> tuple[TemplateItem, ...]:
    """The skeleton plan as the open-case form offers it, in the opener's UI language."""
    return tuple(
        TemplateItem(message.key, _("Viestintäsuunnitelma: %(title)s", title=message.title))
        for message in template_messages()
    )


def add_template_items(case: Case, language: str, chosen: frozenset[str]) -> None:
    """The chosen skeleton items, named in the language the opener chose for the template (fi or sv)."""
    with force_locale(language):
        messages = [message for message in template_messages() if message.key in chosen]
    start = case.announced_on or date.today()
    for message in messages:
        db.session.add(
            CommsItem(
                case_id=case.id,
                title=message.title,
                audience=message.audience,
                channel=message.channel,
                message=message.message,
                planned_on=start + timedelta(days=message.days_after),
                recurrence=message.recurrence,
                languages=(CommsLanguage.SV if language == "sv" else CommsLanguage.FI).name,
                template_key=message.key,
            )
        )
    db.session.flush()
