"""Two people edit one action in two browsers at once: the three-way merge keeps both changes."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from arm.extensions import db
from arm.plans.models import Action
from tests.browser.conftest import screenshot
from tests.factories import PASSWORD
from tests.plans.conftest import build_plan_case

pytestmark = pytest.mark.browser


def _signed_in(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1024, "height": 900}, locale="fi-FI")
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.get_by_label("Sähköpostiosoite").fill(user.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    return context, page


def test_both_changes_are_kept_and_only_a_field_both_changed_asks(live_server, browser, app):
    people = build_plan_case()
    action = people.other_action
    action.expected_jobs, action.budget = 150, Decimal("40000")
    db.session.commit()
    edit_url = f"{live_server}/cases/{people.case.id}/actions/{action.id}/edit"
    context_a, a = _signed_in(browser, live_server, people.coordinator)
    context_b, b = _signed_in(browser, live_server, people.editor)
    try:
        a.goto(edit_url)
        b.goto(edit_url)

        # A raises the expected jobs and saves; B, with the form open from before, changes the budget.
        a.get_by_label("Odotetut uudet työpaikat").fill("200")
        a.get_by_role("button", name="Tallenna").click()
        expect(a.get_by_role("status")).to_contain_text("Toimenpide tallennettu")
        b.get_by_label("Budjetti (€)").fill("45 000")
        b.get_by_role("button", name="Tallenna").click()

        expect(b.get_by_role("status").first).to_contain_text("Toimenpide tallennettu")
        expect(b.get_by_text("ne säilyivät: Odotetut uudet työpaikat")).to_be_visible()
        db.session.expire_all()
        saved = db.session.get(Action, action.id)
        assert (saved.expected_jobs, saved.budget) == (200, Decimal("45000"))

        # Now both change the title: B is asked, sees A's value and who saved it, and picks A's.
        a.goto(edit_url)
        b.goto(edit_url)
        a.get_by_label("Otsikko").fill("A:n otsikko")
        a.get_by_role("button", name="Tallenna").click()
        expect(a.get_by_role("status")).to_contain_text("Toimenpide tallennettu")
        b.get_by_label("Otsikko").fill("B:n otsikko")
        b.get_by_label("Kuvaus").fill("B:n kuvaus")
        b.get_by_role("button", name="Tallenna").click()

        expect(b.get_by_role("heading", level=1)).to_have_text("Toimenpidettä muutettiin samaan aikaan")
        expect(b.get_by_text(f"{people.coordinator.name} tallensi tämän")).to_be_visible()
        expect(b.get_by_role("group", name="Otsikko")).to_be_visible()
        screenshot(b, "merge-page")
        b.get_by_label("Tallennettu arvo:").check()
        b.get_by_role("button", name="Tallenna").click()

        expect(b.get_by_role("heading", level=1)).to_have_text("A:n otsikko")
        db.session.expire_all()
        saved = db.session.get(Action, action.id)
        assert (saved.title, saved.description, saved.expected_jobs) == ("A:n otsikko", "B:n kuvaus", 200)
    finally:
        context_a.close()
        context_b.close()
