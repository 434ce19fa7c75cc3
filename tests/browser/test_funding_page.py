"""The funding page with planned and granted funding, and the grant forms, on a phone."""

import pytest

from tests import factories
from tests.browser.a11y import PHONE
from tests.browser.test_accessibility import Checker, sign_in, submit
from tests.plans.conftest import add_plan_funding, build_plan_case

pytestmark = pytest.mark.browser


def test_funding_and_grant_forms_on_a_phone(live_server, browser, app):
    """axe-core and no sideways scrolling at 360 px, with an action of several funders, a 100-character
    decision number without spaces, and the add-grant form refusing a decision date in the future."""
    people = build_plan_case()
    project = add_plan_funding(people)
    grant = factories.GrantFactory(project=project, decision_number="D" * 100)
    context = browser.new_context(viewport=PHONE, locale="fi-FI")
    checker = Checker(context, live_server)
    sign_in(checker.page, live_server, people.coordinator)
    case_url = f"/cases/{people.case.id}"
    checker.visit("funding", f"{case_url}/funding")
    checker.visit("project", f"{case_url}/projects/{project.id}")
    checker.visit("edit grant", f"{case_url}/projects/{project.id}/grants/{grant.id}/edit")
    page = checker.page
    page.goto(f"{live_server}{case_url}/projects/{project.id}")
    page.get_by_label("Päätöksen numero").fill("VN/99/2021")
    page.get_by_label("Päätöspäivä").fill("2999-01-01")
    assert submit(page.get_by_role("button", name="Tallenna rahoitus")) == 422
    assert page.get_by_label("Päätöksen numero").input_value() == "VN/99/2021"
    assert page.get_by_text("Päätöspäivä ei voi olla tulevaisuudessa.").first.is_visible()
    checker.check("add grant refused")
    checker.finish()
    context.close()
