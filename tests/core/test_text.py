"""Search folds every Finnish and Swedish letter the same way on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import select

from arm.cases.models import Organisation
from arm.core.text import contains_text, same_text
from arm.extensions import db
from tests import factories
from tests.conftest import sign_in

NAMES = ["Äänekosken kaupunki", "Öljynjalostamo Oy", "Åbo Akademi", "Kemin Digipolis Oy", "100% Oy", "a_b Oy"]


@pytest.fixture
def registry(app):
    for name in NAMES:
        factories.OrganisationFactory(name=name)


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("ÄÄNEKOSKEN", ["Äänekosken kaupunki"]),
        ("äänekosken", ["Äänekosken kaupunki"]),
        ("ÖLJY", ["Öljynjalostamo Oy"]),
        ("åbo", ["Åbo Akademi"]),
        ("ÅBO", ["Åbo Akademi"]),
        ("DIGIPOLIS", ["Kemin Digipolis Oy"]),
        ("%", ["100% Oy"]),  # a percent sign is a letter to look for, not a wildcard
        ("_", ["a_b Oy"]),
    ],
)
def test_contains_ignores_the_case_of_every_letter(registry, typed, found):
    names = db.session.scalars(select(Organisation.name).where(contains_text(Organisation.name, typed)))
    assert sorted(names) == found


def test_same_name_in_other_case_is_the_same_name(registry):
    assert (
        db.session.scalar(select(Organisation.name).where(same_text(Organisation.name, "ÅBO AKADEMI"))) == "Åbo Akademi"
    )


def test_registry_search_page_finds_capital_umlauts(client, registry):
    sign_in(client, factories.UserFactory())
    page = client.get("/organisations?q=ÖLJYNJALOSTAMO").get_data(as_text=True)
    assert "Öljynjalostamo Oy" in page and "Åbo Akademi" not in page


def test_a_duplicate_name_with_other_capitals_is_refused(client, registry):
    sign_in(client, factories.UserFactory())
    response = client.post("/organisations/new", data={"name": "ÄÄNEKOSKEN KAUPUNKI", "type": "MUNICIPALITY"})
    assert response.status_code == 422 and "Samanniminen organisaatio" in response.get_data(as_text=True)
