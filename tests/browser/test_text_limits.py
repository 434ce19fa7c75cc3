"""The counter of a text field with a limit (macros/forms.html `_limit`, arm/static/js/forms.js) in a real browser."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_a_title_counts_its_characters_and_a_long_paste_is_not_cut(live_server, page):
    user = factories.UserFactory()
    page.goto(f"{live_server}/login")
    page.get_by_label("Sähköpostiosoite").fill(user.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.goto(f"{live_server}/cases/new")

    title = page.get_by_label("Otsikko")
    hint = page.locator("#title-limit")
    announcer = page.locator("#title-limit + [data-char-announce]")
    expect(hint).to_have_text("Enintään 200 merkkiä.0/200")
    expect(announcer).to_have_attribute("aria-live", "polite")

    title.fill("Kemin rakennemuutos")
    expect(hint).to_contain_text("19/200")
    page.wait_for_timeout(900)
    expect(announcer).to_have_text("")  # far from the limit: nothing is said

    title.fill("ä" * 195)
    expect(hint).to_contain_text("195/200")
    expect(announcer).to_have_text("Merkkejä jäljellä: 5")

    title.fill("x" * 210)  # as a paste: the browser keeps all of it
    assert len(title.input_value()) == 210
    expect(hint).to_contain_text("210/200")
    expect(announcer).to_have_text("Merkkejä liikaa: 10")

    page.get_by_role("button", name="Avaa tapaus").click()
    expect(page.locator("#title-error")).to_contain_text("200")
    assert len(page.get_by_label("Otsikko").input_value()) == 210
