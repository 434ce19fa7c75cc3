"""A coordinator on a phone adds a layoff wave, sees the education gap flagged, adds a service and sees it go,
then approves the plan and sees its version (issue 8's flow end to end)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from arm.support.models import ServiceKind
from tests import factories
from tests.browser.conftest import screenshot
from tests.factories import PASSWORD
from tests.support.helpers import add_service

pytestmark = pytest.mark.browser


def test_coordinator_adds_a_wave_and_a_service_sees_the_gap_flag_go_and_approves_the_plan(live_server, page, app):
    people = factories.case_with_people()
    for kind in (ServiceKind.EMPLOYMENT, ServiceKind.SOCIAL_HEALTH, ServiceKind.BUSINESS, ServiceKind.SUPPORT_NETWORK):
        add_service(people.case, people.organisation, kind=kind, starts_on=date(2021, 1, 1))
    factories.ActionFactory(case=people.case, title="Koulutuspolut irtisanotuille")

    page.goto(f"{live_server}/login")
    page.get_by_label("Sähköpostiosoite").fill(people.coordinator.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.get_by_role("link", name=people.case.title).click()

    page.get_by_role("link", name="Irtisanomisaallot", exact=True).click()
    new_wave = page.locator("section", has=page.get_by_role("heading", name="Kirjaa uusi aalto"))
    new_wave.get_by_label("Päivämäärä").fill("2021-03-01")
    new_wave.get_by_label("Henkilömäärä").fill("200")
    new_wave.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Irtisanomisaalto tallennettu.")).to_be_visible()

    page.get_by_role("link", name="Palvelut", exact=True).click()
    page.get_by_role("link", name="Aallot ja palvelut").click()
    flag = page.get_by_text("Ei koulutuspalvelua kahden viikon sisällä aallosta 200 henkilöä 1.3.2021.")
    expect(flag).to_be_visible()
    screenshot(page, "wave-timeline-gap-phone")

    page.get_by_role("link", name="Uusi palvelu").first.click()
    page.get_by_label("Nimi").fill("Koulutusneuvonta Pointissa")
    page.get_by_label("Palvelun laji").select_option(label="Koulutuspalvelut")
    page.get_by_label("Järjestäjä").select_option(label=people.organisation.name)
    page.get_by_label("Alkaa").fill("2021-03-08")
    page.get_by_label("Irtisanotut", exact=True).check()
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Palvelu tallennettu: Koulutusneuvonta Pointissa")).to_be_visible()

    page.get_by_role("link", name="Aallot ja palvelut").click()
    covered = page.get_by_text("Kaikkia viittä palvelun lajia on tarjolla kahden viikon sisällä aallosta.")
    expect(covered).to_be_visible()
    expect(flag).to_have_count(0)
    screenshot(page, "wave-timeline-covered-phone")

    page.goto(f"{live_server}/cases/{people.case.id}/versions")
    page.get_by_label("Huomio").fill("Aallot ja palvelut tarkistettu")
    page.get_by_role("button", name="Hyväksy suunnitelma").click()
    expect(page.get_by_role("status")).to_contain_text("Suunnitelma hyväksytty: versio 1")
    page.get_by_role("link", name="Kaikki versiot").click()
    expect(page.locator("#version-1")).to_contain_text("Aallot ja palvelut tarkistettu")
