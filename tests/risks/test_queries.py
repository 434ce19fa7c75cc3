"""The register, a risk's page and the dashboard's heat map issue a fixed number of statements, at 10 risks as
at 1 000."""

import pytest
from sqlalchemy import select

from arm.extensions import db
from arm.risks.models import Risk
from tests import factories
from tests.conftest import count_queries, sign_in_without_password
from tests.markup import parse
from tests.risks.helpers import bulk_risks


@pytest.mark.parametrize("page", ["risks", "risks?likelihood=3&impact=2&status=active", "", "risk"])
def test_pages_issue_a_fixed_number_of_statements(app, client, page):
    counts = []
    for size in (10, 1000):
        people = factories.case_with_people()
        bulk_risks(people.case, size, assessments=3)
        factories.ActionFactory(case=people.case)
        sign_in_without_password(client, people.observer)
        if page == "risk":
            risk_id = db.session.scalar(select(Risk.id).where(Risk.case_id == people.case.id).limit(1))
            url = f"/cases/{people.case.id}/risks/{risk_id}"
        else:
            url = f"/cases/{people.case.id}/{page}".rstrip("/")
        with count_queries(app) as statements:
            response = client.get(url)
        assert response.status_code == 200
        text = parse(response.get_data(as_text=True)).text
        assert "Riskikartta" in text or page == "risk"
        counts.append(len(statements))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 25, counts
