"""A coordinator approves the plan, sees the version, edits an action and sees the change in the diff."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.factories import PASSWORD
from tests.plans.conftest import build_plan_case

pytestmark = pytest.mark.browser


def test_coordinator_approves_the_plan_and_sees_an_edit_in_the_diff(live_server, page, app):
    people = build_plan_case()
    action = people.other_action

    page.goto(f"{live_server}/login")
    page.get_by_label("Sähköpostiosoite").fill(people.coordinator.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.goto(f"{live_server}/cases/{people.case.id}/plan")
    page.get_by_role("link", name="Versiot").click()
    expect(page.get_by_role("heading", level=1, name="Suunnitelman versiot")).to_be_visible()
    page.get_by_label("Huomio").fill("Kunnat ja työryhmä hyväksyivät")
    page.get_by_role("button", name="Hyväksy suunnitelma").click()
    expect(page.get_by_role("status")).to_contain_text("Suunnitelma hyväksytty: versio 1")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Versio 1 verrattuna nykyiseen suunnitelmaan")
    expect(page.get_by_text("Ei muutoksia.").first).to_be_visible()

    page.get_by_role("link", name="Kaikki versiot").click()
    expect(page.locator("#version-1")).to_contain_text("Kunnat ja työryhmä hyväksyivät")

    page.goto(f"{live_server}/cases/{people.case.id}/actions/{action.id}/edit")
    page.get_by_label("Otsikko").fill("Rekrytointimessut Kemissä")
    page.get_by_label("Tila", exact=True).select_option(label="Viivästynyt")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_role("status")).to_contain_text("Toimenpide tallennettu")

    page.goto(f"{live_server}/cases/{people.case.id}/versions")
    page.get_by_role("link", name="Versio 1 verrattuna nykyiseen suunnitelmaan").click()
    changed = page.locator("#actions-diff table")
    expect(changed).to_contain_text("Muiden toimenpide")
    expect(changed).to_contain_text("Rekrytointimessut Kemissä")
    expect(changed).to_contain_text("Viivästynyt")
    screenshot(page, "plan-version-diff-phone")
