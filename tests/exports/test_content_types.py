"""Every CSV download says its charset once (Werkzeug adds it to text types), every XLSX download its type."""

import re

import pytest

from arm.exports.download import XLSX_MIMETYPE
from tests.conftest import sign_in_without_password
from tests.plans.conftest import build_plan_case


@pytest.fixture
def downloads(app):
    rules = [r.rule for r in app.url_map.iter_rules() if "<any(csv, xlsx):file_format>" in r.rule]
    assert len(rules) >= 6
    return rules


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_every_download_has_one_content_type(app, client, downloads, file_format):
    people = build_plan_case()
    sign_in_without_password(client, people.coordinator)
    for rule in downloads:
        url = re.sub(r"<any\(csv, xlsx\):file_format>", file_format, rule.replace("<int:case_id>", str(people.case.id)))
        response = client.get(url)
        assert response.status_code == 200, url
        expected = "text/csv; charset=utf-8" if file_format == "csv" else XLSX_MIMETYPE
        assert response.headers["Content-Type"] == expected, url
        assert response.headers.getlist("Content-Type") == [expected]
