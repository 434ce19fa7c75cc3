"""The service map and the wave timeline issue a fixed number of statements, at 10 services as at 1 000."""

from datetime import date

import pytest

from tests import factories
from tests.conftest import count_queries, sign_in_without_password
from tests.markup import parse
from tests.support.helpers import add_milestone, bulk_services


@pytest.mark.parametrize("page", ["services", "services/timeline", "services/print"])
def test_pages_issue_a_fixed_number_of_statements(app, client, page):
    counts = []
    for size in (10, 1000):
        people = factories.case_with_people()
        for month in (3, 6, 9):
            wave = factories.LayoffWaveFactory(case=people.case, occurs_on=date(2021, month, 1))
            add_milestone(wave, occurs_on=date(2021, month, 2))
        bulk_services(people.case, people.organisation, size)
        sign_in_without_password(client, people.observer)
        with count_queries(app) as statements:
            response = client.get(f"/cases/{people.case.id}/{page}")
        assert response.status_code == 200
        assert "Palvelu 00009" in parse(response.get_data(as_text=True)).text
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 12, counts
