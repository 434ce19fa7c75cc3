"""Every `next`/`back` taken from a request goes through `arm.core.urls.safe_target`: same-site paths only."""

import pytest
from sqlalchemy import func, select

from arm.cases.models import Organisation
from arm.core.urls import safe_target
from arm.extensions import db
from tests import factories
from tests.conftest import sign_in_without_password
from tests.factories import PASSWORD

# As the view reads them (query strings and forms decoded): browsers drop tabs and line breaks inside a
# URL and read a backslash as a slash, so several of these would leave the site.
HOSTILE = [
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\t/evil.example",  # back=/%09/evil.example
    "/\n/evil.example",  # back=/%0a/x: a line break in the Location header was a 500 after the commit
    "/\r\n/evil.example",
    "/x\r\nSet-Cookie: a=b",
    " /evil.example",
    "/ /evil.example",
    "/x\x00",
    "/\x0b/evil.example",
    "/\u2028/evil.example",
    "https://evil.example/",
    "http:/evil.example",
    "HTTPS://evil.example",
    "javascript:alert(1)",
    "evil.example",
    "",
]
ORGANISATION = {"name": "Uusi Oy", "type": "COMPANY", "municipality_code": "240"}
SAFE = ["/account", "/cases/1?tab=plan&x=%2F%2Fy", "/cases/1#action-3"]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_targets_fall_back(target):
    assert safe_target(target, "/fallback") == "/fallback"


@pytest.mark.parametrize("target", SAFE)
def test_same_site_paths_are_kept(target):
    assert safe_target(target, "/fallback") == target


def test_nothing_falls_back_to_nothing():
    assert safe_target(None, "/fallback") == "/fallback"


@pytest.mark.parametrize("target", HOSTILE)
def test_sign_in_next(client, target):
    user = factories.UserFactory()
    response = client.post("/login", query_string={"next": target}, data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.location == "/"


@pytest.mark.parametrize("target", HOSTILE)
def test_language_switch_next(client, target):
    response = client.post("/language", data={"locale": "sv", "next": target})
    assert response.status_code == 302
    assert response.location == "/"


@pytest.mark.parametrize("target", HOSTILE)
def test_organisation_form_back(client, target):
    sign_in_without_password(client, factories.UserFactory())
    response = client.post("/organisations/new", query_string={"back": target}, data=ORGANISATION)
    assert response.status_code == 302
    assert response.location == "/organisations"
    assert db.session.scalar(select(func.count()).select_from(Organisation).where(Organisation.name == "Uusi Oy")) == 1


@pytest.mark.parametrize(
    "query", ["back=/%09/evil.example", "back=/%0a/x", "back=/%5cevil.example", "back=%2F%2Fevil.example"]
)
def test_organisation_form_back_as_the_probe_sent_it(client, query):
    sign_in_without_password(client, factories.UserFactory())
    response = client.post(f"/organisations/new?{query}", data=ORGANISATION)
    assert (response.status_code, response.location) == (302, "/organisations")


def test_a_same_site_back_is_followed(client):
    sign_in_without_password(client, factories.UserFactory())
    case = factories.CaseFactory()
    back = f"/cases/{case.id}/network/organisations/add"
    response = client.post("/organisations/new", query_string={"back": back}, data=ORGANISATION)
    assert response.location == back
