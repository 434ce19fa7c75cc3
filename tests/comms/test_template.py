"""The case template's skeleton plan: four items, named in the template's language, each one left out at will."""

from datetime import date

from flask_babel import force_locale
from sqlalchemy import select

from arm.cases import services as case_services
from arm.comms.models import CommsAudience, CommsChannel, CommsItem, CommsLanguage, Recurrence
from arm.extensions import db
from tests import factories
from tests.cases.test_services import _facts

KEYS = ["comms_first_info", "comms_press_release", "comms_info_session", "comms_weekly_update"]


def _items(case) -> list[CommsItem]:
    return list(db.session.scalars(select(CommsItem).where(CommsItem.case_id == case.id).order_by(CommsItem.id)))


def test_the_skeleton_plan_in_finnish(app):
    user, organisation = factories.UserFactory(), factories.OrganisationFactory()
    with force_locale("en"):  # the opener's UI language does not name the items
        case = case_services.open_case(user, organisation, template_language="fi", **_facts())
    items = _items(case)
    assert [item.template_key for item in items] == KEYS
    assert [item.title for item in items] == [
        "Ensimmäinen tiedote irtisanotuille",
        "Ensimmäinen lehdistötiedote",
        "Infotilaisuus yhteispalvelupisteessä",
        "Viikkotiedote verkostolle",
    ]
    first, press, session, weekly = items
    assert (first.audience, press.channel, session.channel) == (
        CommsAudience.LAID_OFF,
        CommsChannel.PRESS_RELEASE,
        CommsChannel.SERVICE_POINT,
    )
    assert weekly.audience.is_internal and weekly.recurrence is Recurrence.WEEKLY
    assert first.planned_on == date(2021, 4, 21) and session.planned_on == date(2021, 4, 28)
    assert all(item.message and item.language_list == [CommsLanguage.FI] for item in items)
    assert case_services.is_deletable(case)  # the untouched skeleton is no work to lose


def test_the_skeleton_plan_in_swedish_and_only_what_was_chosen(app):
    user, organisation = factories.UserFactory(), factories.OrganisationFactory()
    case = case_services.open_case(
        user, organisation, template_language="sv", template_items=["comms_weekly_update"], **_facts()
    )
    (item,) = _items(case)
    assert item.title == "Veckobrev till nätverket"
    assert item.language_list == [CommsLanguage.SV]


def test_no_skeleton_when_left_out(app):
    user, organisation = factories.UserFactory(), factories.OrganisationFactory()
    case = case_services.open_case(user, organisation, template_items=[], **_facts())
    assert _items(case) == []


def test_an_item_someone_added_is_work_of_the_case(app):
    user, organisation = factories.UserFactory(), factories.OrganisationFactory()
    case = case_services.open_case(user, organisation, template_items=[], **_facts())
    factories.CommsItemFactory(case=case)
    assert not case_services.is_deletable(case)
