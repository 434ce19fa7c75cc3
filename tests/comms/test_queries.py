"""The list, the calendar (week and month), the dashboard and an export issue a fixed number of statements,
at 10 items as at 1 000."""

from datetime import date

import pytest

from arm.cases.models import Membership
from arm.extensions import db
from tests import factories
from tests.comms.helpers import bulk_items
from tests.conftest import count_queries, sign_in_without_password
from tests.markup import parse

PAGES = [
    "comms",
    "comms?audience=NETWORK_ACTORS&from=2021-06-01&to=2021-06-30",
    "comms/calendar?view=month&date=2021-06-15",
    "comms/calendar?view=week&date=2021-06-15",
    None,  # the dashboard, with its next 14 days
    "comms/export.csv",
]


@pytest.mark.parametrize("page", PAGES)
def test_pages_issue_a_fixed_number_of_statements(app, client, page):
    counts = []
    for size in (10, 1000):
        people = factories.case_with_people()
        wave = factories.LayoffWaveFactory(case=people.case, occurs_on=date(2021, 6, 10))
        owner = db.session.scalar(db.select(Membership.id).where(Membership.case_id == people.case.id))
        bulk_items(people.case, size, first=date(2021, 6, 1), owner_id=owner, wave_id=wave.id)
        sign_in_without_password(client, people.observer)
        with count_queries(app) as statements:
            response = client.get(f"/cases/{people.case.id}" + (f"/{page}" if page else ""))
        assert response.status_code == 200
        if page and "export" not in page:
            assert "Viesti 00000" in parse(response.get_data(as_text=True)).text
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    # The dashboard's budget and its reasons are in tests/cases/test_queries.py; signed in here without the
    # password, the page reads the account once more.
    assert counts[0] <= (21 if page is None else 20), counts
