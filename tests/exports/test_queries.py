"""Each export issues a fixed number of SQL statements whatever the number of rows (eager loading)."""

import io

import pytest
from openpyxl import load_workbook

from tests.conftest import count_queries, sign_in_without_password
from tests.plans.conftest import build_plan_case
from tests.plans.test_queries import _funding_page

# Built by the funding page's helper: `size` projects, each with four grants, an implementer and an action.
EXPORTS = {
    "/funding/export.csv": lambda size: 1 + size * 4,
    "/funding/export.xlsx": lambda size: 1 + size * 4,
    "/projects/export.csv": lambda size: 1 + size,
    "/projects/export.xlsx": lambda size: 1 + size,
}


@pytest.mark.parametrize("export", EXPORTS)
def test_query_count_does_not_grow_with_the_export(app, client, export):
    counts = []
    for size in (2, 40):
        people = build_plan_case()
        page = _funding_page(people, size)
        sign_in_without_password(client, people.observer)
        with count_queries(app) as statements:
            response = client.get(page.removesuffix("/funding") + export)
        assert response.status_code == 200
        if export.endswith(".csv"):
            rows = len(response.get_data(as_text=True).strip().splitlines())
        else:
            rows = load_workbook(io.BytesIO(response.data)).active.max_row
        assert rows == EXPORTS[export](size)  # the export holds what was built
        counts.append(len(statements))
    assert counts[0] == counts[1], (export, counts)
    assert counts[0] <= 12, (export, counts)
