"""The accessibility statement: public, in three languages, contacts from configuration, linked from every
page's footer, and never an error page whatever the record of the last automated check holds."""

import json

import pytest

from arm.about.services import last_check, record_check
from tests import factories
from tests.conftest import sign_in

HEADINGS = {"fi": "Saavutettavuusseloste", "sv": "Tillgänglighetsutlåtande", "en": "Accessibility statement"}
SUPERVISOR = {
    "fi": "Liikenne- ja viestintävirasto Traficom",
    "sv": "Transport- och kommunikationsverket Traficom",
    "en": "Finnish Transport and Communications Agency Traficom",
}


@pytest.fixture
def check_file(app, tmp_path):
    path = tmp_path / "accessibility-check.json"
    app.config["ACCESSIBILITY_CHECK_FILE"] = str(path)
    return path


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_statement_is_public_and_names_the_supervisor_in_each_language(client, check_file, language):
    client.post("/language", data={"locale": language, "next": "/saavutettavuus"})
    page = client.get("/saavutettavuus").get_data(as_text=True)
    assert f"<h1>{HEADINGS[language]}</h1>" in page
    assert SUPERVISOR[language] in page
    assert 'href="mailto:saavutettavuus@traficom.fi"' in page
    assert 'href="https://www.saavutettavuusvaatimukset.fi"' in page
    assert "029 534 5000" in page and 'href="tel:0295345000"' in page
    assert "306/2019" in page and "WCAG 2.1" in page


def test_feedback_address_provider_and_supervisor_come_from_configuration(app, client, check_file):
    app.config.update(
        ACCESSIBILITY_FEEDBACK_EMAIL="saavutettavuus@kemi.fi",
        ACCESSIBILITY_PROVIDER="Kemin kaupunki",
        ACCESSIBILITY_SUPERVISOR_NAME="Esimerkkivirasto",
        ACCESSIBILITY_SUPERVISOR_PHONE="",
        ACCESSIBILITY_STATEMENT_REVIEWED_ON="2026-11-30",
    )
    page = client.get("/saavutettavuus").get_data(as_text=True)
    assert 'href="mailto:saavutettavuus@kemi.fi"' in page
    assert "jota ylläpitää Kemin kaupunki" in page
    assert "Esimerkkivirasto" in page and "Traficom, saavutettavuuden valvonta" not in page
    assert "Puhelin (vaihde)" not in page
    assert "Seloste on tarkistettu viimeksi 30.11.2026." in page


def test_feedback_address_falls_back_to_the_mail_sender(client, check_file):
    assert 'href="mailto:arm@example.fi"' in client.get("/saavutettavuus").get_data(as_text=True)


def test_last_passing_run_is_shown_when_recorded(app, client, check_file):
    assert "ei ole tietoa automaattisen testin viimeisestä ajosta" in client.get("/saavutettavuus").get_data(
        as_text=True
    )
    record_check(app, axe_version="4.12.1", browser="156.0.8078.114", pages=55)
    assert last_check(app).pages == 55
    page = client.get("/saavutettavuus").get_data(as_text=True)
    assert "axe-core 4.12.1, Chromium 156.0.8078.114, 55 sivua." in page


@pytest.mark.parametrize(
    "content",
    ["not json", "[]", json.dumps({"checked_at": "eilen", "axe_version": "4", "browser": "x", "pages": 1}), "{}"],
)
def test_a_damaged_record_or_review_date_never_breaks_the_statement(app, client, check_file, content):
    check_file.write_text(content)
    app.config["ACCESSIBILITY_STATEMENT_REVIEWED_ON"] = "ei päivämäärä"
    response = client.get("/saavutettavuus")
    assert response.status_code == 200
    assert "ei ole tietoa automaattisen testin viimeisestä ajosta" in response.get_data(as_text=True)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_page_links_to_the_statement_in_its_footer(app, client, language):
    user = factories.UserFactory(locale=language)
    anonymous = app.test_client()
    anonymous.post("/language", data={"locale": language, "next": "/login"})
    sign_in(client, user)
    for response in (anonymous.get("/login"), anonymous.get("/ei-ole"), client.get("/"), client.get("/account")):
        footer = response.get_data(as_text=True).split("<footer", 1)[1]
        assert f'<a href="/saavutettavuus">{HEADINGS[language]}</a>' in footer


def test_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype in {"image/vnd.microsoft.icon", "image/x-icon"}
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an ICO file's header
