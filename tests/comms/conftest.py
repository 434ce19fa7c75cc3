from datetime import date

import pytest

from tests import factories
from tests.plans.conftest import build_plan_case
from tests.support.helpers import add_service


@pytest.fixture
def people(app):
    """A case with people at every level, three actions, a layoff wave on 30.6.2021 and a service."""
    people = build_plan_case()
    people.wave = factories.LayoffWaveFactory(case=people.case, occurs_on=date(2021, 6, 30), headcount=180)
    people.service = add_service(people.case, people.organisation, name="Pointti")
    return people


def item_form(people, **values) -> dict:
    """The new-item form as a browser sends it, filled in; `values` replace fields."""
    data = {
        "title": "Ensimmäinen infotilaisuus Pointissa",
        "audience": "LAID_OFF",
        "channel": "SERVICE_POINT",
        "message": "Palvelut **irtisanotuille**: työnhaku, muutosturva ja koulutus.",
        "owner_id": str(people.membership["editor"].id),
        "planned_on": "2021-06-21",
        "recurrence": "NONE",
        "repeats_until": "",
        "language_list": ["FI", "PLAIN_FI"],
        "status": "PLANNED",
        "wave_id": str(people.wave.id),
        "service_id": str(people.service.id),
        "action_ids": [str(people.own_action.id)],
        "published_on": "",
        "reach": "",
        "feedback": "",
    }
    data.update(values)
    return data
