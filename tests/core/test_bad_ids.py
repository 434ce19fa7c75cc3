"""Ids and integer query parameters beyond what the id columns hold (2**31-1 on PostgreSQL, 2**63-1 on
SQLite; 2**64 overflows SQLite's driver): 404 or an ignored filter, never a 500."""

import re

import pytest
from werkzeug.routing import ValidationError

from arm.core.urls import MAX_ID
from arm.extensions import db
from tests import factories
from tests.conftest import sign_in_without_password
from tests.plans.conftest import build_plan_case

HUGE = 2**64
ARGUMENT = re.compile(r"<(?:(\w+)(?:\(([^)]*)\))?:)?(\w+)>")


def _path(rule, ids: dict) -> str:
    """The rule's path with every int argument from `ids` (default HUGE) and a plain value for the rest."""

    def value(match):
        converter, options, name = match.groups()
        if converter == "int":
            return str(ids.get(name, HUGE))
        if converter == "any":
            return options.split(",")[0].strip().strip("'\"")
        return "x"

    return ARGUMENT.sub(value, rule.rule)


def _int_rules(app):
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "static" and "<int:" in r.rule]
    assert len(rules) > 50  # every page of a case and of the registry has one
    return rules


@pytest.fixture
def coordinator_client(app, client):
    people = build_plan_case()
    people.coordinator.is_admin = True  # the admin pages' ids too
    db.session.commit()
    sign_in_without_password(client, people.coordinator)
    client.people = people
    return client


def test_the_int_converter_is_bounded(app):
    converter = app.url_map.converters["int"]
    assert converter(app.url_map).to_python(str(MAX_ID)) == MAX_ID
    with pytest.raises(ValidationError):
        converter(app.url_map).to_python(str(MAX_ID + 1))


@pytest.mark.parametrize("case_is_real", [False, True], ids=["every-id-huge", "real-case-other-ids-huge"])
def test_every_url_with_an_id_beyond_64_bits_is_404(app, coordinator_client, case_is_real):
    ids = {"case_id": coordinator_client.people.case.id} if case_is_real else {}
    answered = {}
    for rule in _int_rules(app):
        if case_is_real and re.findall(r"<int:(\w+)>", rule.rule) == ["case_id"]:
            continue  # nothing out of range left in it
        path = _path(rule, ids)
        for method in sorted(rule.methods & {"GET", "POST"}):
            answered[f"{method} {path}"] = coordinator_client.open(path, method=method).status_code
    assert answered
    # Werkzeug checks the method before the converter: a POST to a path whose only POST rule has a
    # GET twin answers 405, which also says nothing is there.
    assert {request: status for request, status in answered.items() if status not in (404, 405)} == {}
    assert sum(status == 404 for status in answered.values()) > len(answered) * 0.9


@pytest.mark.parametrize("action_id", [MAX_ID, MAX_ID + 1, 2**63 - 1, 2**63])
def test_ids_at_and_past_the_limit_are_unknown_ids(coordinator_client, action_id):
    case_id = coordinator_client.people.case.id
    assert coordinator_client.get(f"/cases/{action_id}").status_code == 404
    assert coordinator_client.get(f"/cases/{case_id}/actions/{action_id}").status_code == 404
    assert coordinator_client.get(f"/cases/{case_id}/actions/{action_id}/edit").status_code == 404


QUERY_PAGES = [
    ("/cases/{case}/plan", ["subgroup", "owner", "page"]),
    ("/cases/{case}/plan/timeline", ["subgroup", "owner", "page"]),
    ("/cases/{case}/plan/categories", ["subgroup", "owner"]),
    ("/cases/{case}/history", ["actor", "page"]),
    ("/cases/{case}/history?entity=Action", ["entity_id"]),
    ("/cases/{case}/network", ["organisation", "page"]),
    ("/cases/{case}/actions/new", ["subgroup"]),
    ("/cases/{case}/milestones/new", ["wave"]),
    ("/organisations", ["page"]),
    ("/admin/users", ["page"]),
    ("/", ["page"]),
]


@pytest.mark.parametrize("value", [str(HUGE), str(MAX_ID + 1), str(2**63), "-" + str(HUGE), "9" * 5000, "1e400", "abc"])
def test_integer_query_parameters_out_of_range_are_ignored(app, coordinator_client, value):
    case_id = coordinator_client.people.case.id
    for page, names in QUERY_PAGES:
        url = page.format(case=case_id)
        expected = coordinator_client.get(url).status_code
        assert expected == 200, url
        for name in names:
            separator = "&" if "?" in url else "?"
            response = coordinator_client.get(f"{url}{separator}{name}={value}")
            assert response.status_code == 200, (url, name, response.status_code)


def test_comparing_with_a_version_out_of_range_shows_the_plan_as_now(app, coordinator_client):
    from arm.plans import versions

    people = coordinator_client.people
    version = versions.approve_plan(people.case, people.coordinator, factories.NOW.date())
    db.session.commit()
    url = f"/cases/{people.case.id}/versions/{version.id}"
    huge = coordinator_client.get(f"{url}?to={HUGE}")
    assert huge.status_code == 200
    assert "<title>Versio 1 verrattuna nykyiseen suunnitelmaan" in huge.get_data(as_text=True)


def test_a_page_past_the_end_shows_the_last_page(app, coordinator_client):
    for _ in range(3):
        factories.OrganisationFactory()
    response = coordinator_client.get(f"/organisations?page={2**63 - 1}")
    assert response.status_code == 200
