"""An editor on a phone adds a risk, raises its likelihood and sees the heat map cell and the trend change
(issue 11's flow end to end)."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import screenshot
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def _cell(page, likelihood: int, impact: int):
    """The heat map table's number for a cell (the SVG shows the same one)."""
    table = page.locator("table.heat-map-table")
    return table.locator("tbody tr").nth(5 - likelihood).locator("td").nth(impact - 1)


def test_editor_adds_a_risk_raises_its_likelihood_and_sees_the_map_and_trend_change(live_server, page, app):
    people = factories.case_with_people()

    page.goto(f"{live_server}/login")
    page.get_by_label("Sähköpostiosoite").fill(people.editor.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.get_by_role("link", name=people.case.title).click()
    page.get_by_role("link", name="Riskit", exact=True).first.click()
    expect(page.get_by_role("heading", level=1, name="Riskirekisteri")).to_be_visible()

    page.get_by_role("link", name="Uusi riski").click()
    page.get_by_label("Riski", exact=True).fill("Rahoituspäätökset viivästyvät")
    page.get_by_label("Luokka", exact=True).select_option(label="Rahoitus")
    page.get_by_label("Todennäköisyys", exact=True).select_option("2")
    page.get_by_label("Vaikutus", exact=True).select_option("4")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Riski tallennettu: Rahoituspäätökset viivästyvät")).to_be_visible()
    expect(page.locator("#risk-trend")).to_have_text("Ennallaan")

    page.get_by_role("link", name="Riskirekisteri").first.click()
    expect(_cell(page, 2, 4)).to_have_text("1")
    expect(page.locator('svg.heat-map-svg a[data-cell="2-4"] text')).to_have_text("1")

    page.get_by_role("link", name="Rahoituspäätökset viivästyvät").click()
    page.get_by_role("link", name="Muokkaa").click()
    page.get_by_label("Todennäköisyys", exact=True).select_option("4")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.locator("#risk-trend")).to_have_text("Nouseva")
    expect(page.locator("#risk-score")).to_contain_text("16")

    page.get_by_role("link", name="Riskirekisteri").first.click()
    expect(_cell(page, 2, 4)).to_have_text("0")
    expect(_cell(page, 4, 4)).to_have_text("1")
    expect(page.get_by_role("cell", name="Nouseva")).to_be_visible()
    screenshot(page, "risk-register-phone")

    # The heat map's cell leads to the register filtered to it.
    _cell(page, 4, 4).get_by_role("link").click()
    expect(page.get_by_label("Todennäköisyys", exact=True)).to_have_value("4")
    expect(page.locator("table").filter(has_text="Riskiluku")).to_contain_text("Rahoituspäätökset viivästyvät")
