"""A member on a phone: My actions, a quick update to 60 % with a note, seen on the timeline and dashboard."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.factories import PASSWORD
from tests.plans.conftest import build_plan_case

pytestmark = pytest.mark.browser


def test_member_updates_progress_from_my_actions(live_server, page, app):
    people = build_plan_case()
    action = people.own_action

    page.goto(f"{live_server}/login")
    page.get_by_label("Sähköpostiosoite").fill(people.member.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.get_by_role("link", name=people.case.title).click()
    page.get_by_role("link", name="Omat toimenpiteet").click()
    expect(page.get_by_role("heading", level=1, name="Omat toimenpiteet")).to_be_visible()

    card = page.locator(f"#action-{action.id}")
    card.get_by_label("Tila").select_option(label="Käynnissä")
    card.get_by_label("Edistyminen (%)").fill("60")
    card.get_by_label("Huomio").fill("Koulutusryhmä aloitti maanantaina")
    card.get_by_role("button", name=re.compile("Päivitä")).click()

    expect(page.get_by_role("status")).to_contain_text("Päivitys tallennettu")
    expect(page.locator(f"#action-{action.id}").get_by_role("progressbar")).to_have_attribute("aria-valuenow", "60")
    screenshot(page, "my-actions-phone")

    page.locator(f"#action-{action.id}").get_by_role("link", name=action.title).click()
    expect(page.locator("div.mt-1", has_text="Koulutusryhmä aloitti maanantaina")).to_be_visible()
    expect(page.get_by_text("20 % → 60 %")).to_be_visible()

    page.get_by_role("link", name="Yleiskuva").click()
    expect(page.get_by_text("Koulutusryhmä aloitti maanantaina")).to_be_visible()
    screenshot(page, "dashboard-after-update-phone")
