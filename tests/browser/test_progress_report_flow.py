"""A coordinator records jobs, submits a progress report, changes the job entry afterwards and finds the
submitted report unchanged while the ledger shows the new figure (issue 13's flow end to end)."""

import pytest
from playwright.sync_api import expect

from arm.extensions import db
from tests import factories
from tests.browser.conftest import screenshot
from tests.factories import PASSWORD
from tests.progress.jobs_helpers import job_target

pytestmark = pytest.mark.browser

TARGET = "1 000 uutta työpaikkaa"


def _realised_fact(page):
    """The objectives section's "realised jobs" figure of the report page."""
    facts = page.locator("#section-objectives-facts")
    return facts.locator("div").filter(has_text=f"{TARGET}: toteutuneet työpaikat").locator("dd")


def test_a_submitted_report_keeps_its_figures_when_the_ledger_changes(live_server, page, app):
    people = factories.case_with_people()
    job_target(people.case, target=1000, title=TARGET)
    db.session.commit()

    page.goto(f"{live_server}/login")
    page.get_by_label("Sähköpostiosoite").fill(people.coordinator.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.get_by_role("link", name=people.case.title).click()

    # Record 120 realised jobs.
    page.get_by_role("link", name="Tulokset", exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name="Työpaikat")).to_be_visible()
    page.get_by_role("link", name="Uusi työpaikkakirjaus").click()
    page.get_by_label("Päivä", exact=True).fill("2026-11-02")
    page.get_by_label("Työpaikat", exact=True).fill("120")
    page.get_by_label("Laji", exact=True).select_option(label="Toteutunut")
    page.get_by_label("Yritys tai työnantaja").fill("Esimerkki Oy")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("heading", level=1, name="Työpaikat")).to_be_visible()
    expect(page.locator("main")).to_contain_text("120")

    # A report over the year, submitted.
    page.get_by_role("link", name="Raportit", exact=True).first.click()
    page.get_by_role("link", name="Uusi raportti").click()
    page.get_by_label("Otsikko").fill("Seurantaraportti 2026")
    page.get_by_label("Raportointikausi alkaa").fill("2026-01-01")
    page.get_by_label("Raportointikausi päättyy").fill("2026-11-30")
    page.get_by_role("button", name="Tallenna").click()
    expect(_realised_fact(page)).to_have_text("120")
    page.get_by_role("link", name="Lähetä raportti").click()
    page.get_by_role("button", name="Vahvista lähetys").click()
    expect(_realised_fact(page)).to_have_text("120")
    report_url = page.url

    # The entry is corrected to 150 afterwards.
    page.get_by_role("link", name="Tulokset", exact=True).first.click()
    page.get_by_role("link", name="Muokkaa kirjausta").first.click()
    page.get_by_label("Työpaikat", exact=True).fill("150")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.locator("main")).to_contain_text("150")

    # The submitted report still says 120; its new version reads the ledger as it is now.
    page.goto(report_url)
    expect(_realised_fact(page)).to_have_text("120")
    expect(page.get_by_role("link", name="Lähetä raportti")).to_have_count(0)
    screenshot(page, "submitted-report-unchanged")
    page.get_by_role("button", name="Avaa uusi versio").click()
    expect(_realised_fact(page)).to_have_text("150")
