"""The outputs and the cohort in a browser: forms refused with errors, the edit conflict and empty pages meet
WCAG 2.1 AA at 360 px (the pages with the demo's data are in test_accessibility.py's table)."""

import pytest
from sqlalchemy import select

from arm.cases.models import Organisation
from arm.core.permissions import Access
from arm.extensions import db
from arm.progress.models import CohortSnapshot
from tests import factories
from tests.browser.a11y import PHONE, build_demo
from tests.browser.test_accessibility import Checker, assert_error_summary, sign_in, submit

pytestmark = pytest.mark.browser


def test_outcome_forms_with_errors_conflict_and_empty_pages(live_server, browser):
    demo = build_demo()
    ids = demo.ids
    case = f"{live_server}/cases/{ids['case']}"
    organisation = db.session.scalar(select(Organisation).limit(1))
    empty = factories.CaseFactory(title="Tyhjä tapaus")
    factories.MembershipFactory(case=empty, user=demo.coordinator, organisation=organisation, access=Access.COORDINATOR)
    context = browser.new_context(viewport=PHONE, locale="fi-FI")
    checker = Checker(context, live_server)
    page = checker.page
    sign_in(page, live_server, demo.coordinator)

    page.goto(f"{case}/outputs/new")
    page.get_by_label("Määrä").fill("-5")
    page.get_by_label("Lähde").fill("")
    assert submit(page.get_by_role("button", name="Tallenna")) == 422
    assert_error_summary(page, linked=3)  # date, amount, source
    checker.check("progress.new_output with errors")

    page.goto(f"{case}/cohort/new")
    page.get_by_label("Päivä").fill("2024-05-31")
    page.get_by_label("Irtisanottuja yhteensä").fill("100")
    page.get_by_label("Työttömät").fill("10")
    page.get_by_label("Lähde").fill("Tilasto")
    assert submit(page.get_by_role("button", name="Tallenna")) == 422
    assert "Tilanteiden summa 10 on 90 pienempi" in page.locator("[data-error-summary]").inner_text()
    assert_error_summary(page, linked=1, unlinked=1)
    checker.check("progress.new_cohort_snapshot, statuses do not add up")

    page.goto(f"{case}/cohort/{ids['cohort_snapshot']}/edit")
    snapshot = db.session.get(CohortSnapshot, ids["cohort_snapshot"])
    snapshot.unemployed, snapshot.unknown = snapshot.unemployed - 4, snapshot.unknown + 4
    db.session.commit()
    page.get_by_label("Työttömät").fill(str(snapshot.unemployed + 2))
    page.get_by_label("Tilanne ei tiedossa").fill(str(snapshot.unknown - 2))
    assert submit(page.get_by_role("button", name="Tallenna")) == 409
    checker.check("progress.edit_cohort_snapshot, conflict (409)")

    for path in ("outputs", "cohort"):
        checker.visit(f"progress {path}, empty case", f"/cases/{empty.id}/{path}")
    checker.finish()
