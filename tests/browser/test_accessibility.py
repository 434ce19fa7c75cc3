"""WCAG 2.1 AA in a real browser: axe-core on every GET page of the URL map, and no sideways scrolling at 360 px.

Every GET endpoint needs a sample URL in PAGES, so a new page without one fails the test: an area joins by
adding a line. Samples are filled in from the Kemi 2021 demo case, which has data on every page, and
each page is checked signed in as the person who sees the most of it (the case's coordinator; the
platform admin for the admin pages; nobody for the pages before sign-in).
"""

import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from flask import render_template
from sqlalchemy import select

from arm.about.services import record_check
from arm.cases.models import Case, Organisation
from arm.core.errors import bare_500
from arm.core.permissions import Access
from arm.extensions import db
from arm.plans.models import Action
from tests import factories
from tests.browser.a11y import (
    PHONE,
    Axe,
    build_demo,
    describe,
    label_not_in_name,
    page_width,
    too_wide,
)
from tests.factories import PASSWORD
from tests.plans.conftest import build_plan_case

pytestmark = pytest.mark.browser

ANONYMOUS, COORDINATOR, ADMIN = "anonymous", "coordinator", "admin"


@dataclass(frozen=True)
class Page:
    who: str
    url: str  # filled in with the demo's ids, see tests/browser/a11y.py
    status: int = 200
    # Rules waived on this one page, each with the reason it is outside our control.
    waive: frozenset[str] = frozenset()


DOWNLOAD = None  # a GET endpoint that answers a file, not a page

PAGES: dict[str, Page | None] = {
    # Before sign-in
    "auth.login": Page(ANONYMOUS, "/login"),
    "auth.forgot_password": Page(ANONYMOUS, "/password/forgot"),
    "auth.accept_invitation": Page(ANONYMOUS, "/invitation/{invitation_token}"),
    "auth.reset_password": Page(ANONYMOUS, "/password/reset/{reset_token}"),
    "auth.unlock_login": Page(ANONYMOUS, "/login/unlock/{unlock_token}"),
    "about.accessibility": Page(ANONYMOUS, "/saavutettavuus"),
    "about.favicon": DOWNLOAD,
    # Signed in, outside a case
    "cases.index": Page(COORDINATOR, "/"),
    "cases.invitations": Page(ADMIN, "/invitations"),  # the admin has the demo case's invitation to answer
    "cases.open_case": Page(COORDINATOR, "/cases/new"),
    "cases.organisations": Page(COORDINATOR, "/organisations"),
    "cases.create_organisation": Page(COORDINATOR, "/organisations/new"),
    "auth.account": Page(COORDINATOR, "/account"),
    "auth.change_password": Page(COORDINATOR, "/account/password"),
    # The case
    "cases.dashboard": Page(COORDINATOR, "/cases/{case}"),
    "cases.edit_case": Page(COORDINATOR, "/cases/{case}/edit"),
    "cases.history": Page(COORDINATOR, "/cases/{case}/history"),
    "cases.network": Page(COORDINATOR, "/cases/{case}/network"),
    "cases.invite": Page(COORDINATOR, "/cases/{case}/network/invite"),
    "cases.add_organisation": Page(COORDINATOR, "/cases/{case}/network/organisations/add"),
    "cases.member": Page(COORDINATOR, "/cases/{case}/network/members/{member}"),
    "cases.edit_member": Page(COORDINATOR, "/cases/{case}/network/members/{member}/details"),
    "cases.edit_network_organisation": Page(COORDINATOR, "/cases/{case}/network/organisations/{link}/edit"),
    "cases.export_contacts": DOWNLOAD,
    "cases.waves": Page(COORDINATOR, "/cases/{case}/waves"),
    "cases.add_wave": Page(COORDINATOR, "/cases/{case}/waves/new"),
    "cases.edit_wave": Page(COORDINATOR, "/cases/{case}/waves/{wave}/edit"),
    # The action plan
    "plans.my_actions": Page(COORDINATOR, "/cases/{case}/my-actions"),
    "plans.feed": Page(COORDINATOR, "/cases/{case}/feed"),
    "plans.plan": Page(COORDINATOR, "/cases/{case}/plan"),
    "plans.categories": Page(COORDINATOR, "/cases/{case}/plan/categories"),
    "plans.timeline": Page(COORDINATOR, "/cases/{case}/plan/timeline"),
    "plans.import_plan": Page(COORDINATOR, "/cases/{case}/plan/import"),
    "plans.confirm_import": Page(COORDINATOR, "/cases/{case}/plan/import/{import_token}"),
    "plans.export_plan": DOWNLOAD,
    "plans.new_action": Page(COORDINATOR, "/cases/{case}/actions/new"),
    "plans.action": Page(COORDINATOR, "/cases/{case}/actions/{action}"),
    "plans.edit_action": Page(COORDINATOR, "/cases/{case}/actions/{action}/edit"),
    "plans.subgroups": Page(COORDINATOR, "/cases/{case}/subgroups"),
    "plans.new_subgroup": Page(COORDINATOR, "/cases/{case}/subgroups/new"),
    "plans.subgroup": Page(COORDINATOR, "/cases/{case}/subgroups/{subgroup}"),
    "plans.edit_subgroup": Page(COORDINATOR, "/cases/{case}/subgroups/{subgroup}/edit"),
    "plans.projects": Page(COORDINATOR, "/cases/{case}/projects"),
    "plans.new_project": Page(COORDINATOR, "/cases/{case}/projects/new"),
    "plans.project": Page(COORDINATOR, "/cases/{case}/projects/{project}"),
    "plans.edit_project": Page(COORDINATOR, "/cases/{case}/projects/{project}/edit"),
    "plans.edit_grant": Page(COORDINATOR, "/cases/{case}/projects/{project}/grants/{grant}/edit"),
    "plans.funding": Page(COORDINATOR, "/cases/{case}/funding"),
    "plans.funding_requests": Page(COORDINATOR, "/cases/{case}/funding-requests"),
    "plans.new_funding_request": Page(COORDINATOR, "/cases/{case}/funding-requests/new"),
    "plans.funding_request": Page(COORDINATOR, "/cases/{case}/funding-requests/{funding_request}"),
    "plans.edit_funding_request": Page(COORDINATOR, "/cases/{case}/funding-requests/{funding_request}/edit"),
    "plans.export_funding_requests": DOWNLOAD,
    "plans.export_funding": DOWNLOAD,
    "plans.export_projects": DOWNLOAD,
    "plans.resources": Page(COORDINATOR, "/cases/{case}/resources"),
    "plans.new_resource": Page(COORDINATOR, "/cases/{case}/resources/new"),
    "plans.edit_resource": Page(COORDINATOR, "/cases/{case}/resources/{resource}/edit"),
    "plans.objectives": Page(COORDINATOR, "/cases/{case}/objectives"),
    "plans.new_objective": Page(COORDINATOR, "/cases/{case}/objectives/new"),
    "plans.edit_objective": Page(COORDINATOR, "/cases/{case}/objectives/{objective}/edit"),
    "plans.plan_versions": Page(COORDINATOR, "/cases/{case}/versions"),
    "plans.version_diff": Page(COORDINATOR, "/cases/{case}/versions/{version}"),
    # Services for people
    "support.service_map": Page(COORDINATOR, "/cases/{case}/services"),
    "support.print_services": Page(COORDINATOR, "/cases/{case}/services/print"),
    "support.export_services": DOWNLOAD,
    "support.wave_timeline": Page(COORDINATOR, "/cases/{case}/services/timeline"),
    "support.new_service": Page(COORDINATOR, "/cases/{case}/services/new"),
    "support.edit_service": Page(COORDINATOR, "/cases/{case}/services/{service}/edit"),
    "support.new_milestone": Page(COORDINATOR, "/cases/{case}/milestones/new"),
    "support.edit_milestone": Page(COORDINATOR, "/cases/{case}/milestones/{milestone}/edit"),
    # The communications plan
    "comms.plan": Page(COORDINATOR, "/cases/{case}/comms"),
    "comms.calendar": Page(COORDINATOR, "/cases/{case}/comms/calendar?view=month&date=2021-06-01"),
    "comms.export_plan": DOWNLOAD,
    "comms.item": Page(COORDINATOR, "/cases/{case}/comms/{comms_item}"),
    "comms.new_item": Page(COORDINATOR, "/cases/{case}/comms/new"),
    "comms.edit_item": Page(COORDINATOR, "/cases/{case}/comms/{comms_item}/edit"),
    # The risk register
    "risks.register": Page(COORDINATOR, "/cases/{case}/risks"),
    "risks.risk": Page(COORDINATOR, "/cases/{case}/risks/{risk}"),
    "risks.new_risk": Page(COORDINATOR, "/cases/{case}/risks/new"),
    "risks.edit_risk": Page(COORDINATOR, "/cases/{case}/risks/{risk}/edit"),
    "risks.export_risks": DOWNLOAD,
    # Meetings
    "meetings.meetings": Page(COORDINATOR, "/cases/{case}/meetings"),
    "meetings.meeting": Page(COORDINATOR, "/cases/{case}/meetings/{meeting}"),
    "meetings.new_meeting": Page(COORDINATOR, "/cases/{case}/meetings/new"),
    "meetings.edit_meeting": Page(COORDINATOR, "/cases/{case}/meetings/{upcoming_meeting}/edit"),
    "meetings.edit_item": Page(COORDINATOR, "/cases/{case}/meetings/{upcoming_meeting}/items/{agenda_item}/edit"),
    "meetings.add_decision": Page(
        COORDINATOR, "/cases/{case}/meetings/{upcoming_meeting}/items/{agenda_item}/decisions"
    ),
    "meetings.backlog": Page(COORDINATOR, "/cases/{case}/meetings/backlog"),
    "meetings.templates": Page(COORDINATOR, "/cases/{case}/meetings/templates"),
    "meetings.new_template": Page(COORDINATOR, "/cases/{case}/meetings/templates/new"),
    "meetings.edit_template": Page(COORDINATOR, "/cases/{case}/meetings/templates/{template}/edit"),
    "meetings.add_amendment": Page(COORDINATOR, "/cases/{case}/meetings/{meeting}/amendments"),
    "meetings.papers": Page(COORDINATOR, "/cases/{case}/meetings/{meeting}/papers"),
    "meetings.meeting_paper": DOWNLOAD,
    "meetings.meeting_calendar": DOWNLOAD,
    "meetings.series_calendar": DOWNLOAD,
    "meeting_guest.guest_meeting": Page(ANONYMOUS, "/guest/meetings/{guest_token}"),
    # Platform administration
    "auth.users": Page(ADMIN, "/admin/users"),
    "auth.create_user": Page(ADMIN, "/admin/users/new"),
    "auth.edit_user": Page(ADMIN, "/admin/users/{user}"),
    "cases.edit_organisation": Page(ADMIN, "/organisations/{organisation}/edit"),
    "cases.admin_cases": Page(ADMIN, "/admin/cases"),
    "cases.rescue_case": Page(ADMIN, "/admin/cases/{case}/coordinator"),
    # issue 13: overview (the demo case publishes its public page)
    "overview.national": Page(COORDINATOR, "/overview"),
    "overview.public_case": Page(ANONYMOUS, "/public/cases/{case}"),
    # issue 13: outcomes
    "progress.outputs": Page(COORDINATOR, "/cases/{case}/outputs"),
    "progress.new_output": Page(COORDINATOR, "/cases/{case}/outputs/new"),
    "progress.edit_output": Page(COORDINATOR, "/cases/{case}/outputs/{output}/edit"),
    "progress.cohort": Page(COORDINATOR, "/cases/{case}/cohort"),
    "progress.new_cohort_snapshot": Page(COORDINATOR, "/cases/{case}/cohort/new"),
    "progress.edit_cohort_snapshot": Page(COORDINATOR, "/cases/{case}/cohort/{cohort_snapshot}/edit"),
    # issue 13: progress (jobs)
    "progress.jobs": Page(COORDINATOR, "/cases/{case}/jobs"),
    "progress.new_job_entry": Page(COORDINATOR, "/cases/{case}/jobs/new"),
    "progress.edit_job_entry": Page(COORDINATOR, "/cases/{case}/jobs/{job_entry}/edit"),
    "progress.company_projects": Page(COORDINATOR, "/cases/{case}/company-projects"),
    "progress.new_company_project": Page(COORDINATOR, "/cases/{case}/company-projects/new"),
    "progress.edit_company_project": Page(COORDINATOR, "/cases/{case}/company-projects/{company_project}/edit"),
    "progress.grants": Page(COORDINATOR, "/cases/{case}/development-grants"),
    "progress.new_grant": Page(COORDINATOR, "/cases/{case}/development-grants/new"),
    "progress.edit_grant": Page(COORDINATOR, "/cases/{case}/development-grants/{development_grant}/edit"),
    # issue 13: situation
    "situation.picture": Page(COORDINATOR, "/cases/{case}/situation"),
    "situation.new_indicator": Page(COORDINATOR, "/cases/{case}/situation/indicators/new"),
    "situation.edit_indicator": Page(COORDINATOR, "/cases/{case}/situation/indicators/{indicator}/edit"),
    "situation.threshold": Page(COORDINATOR, "/cases/{case}/situation/thresholds/unemployment_rate"),
    "situation.import_csv": Page(COORDINATOR, "/cases/{case}/situation/import"),
    # issue 13: reports
    "reports.reports": Page(COORDINATOR, "/cases/{case}/reports"),
    "reports.report": Page(COORDINATOR, "/cases/{case}/reports/{report}"),
    "reports.new_report": Page(COORDINATOR, "/cases/{case}/reports/new"),
    "reports.edit_report": Page(COORDINATOR, "/cases/{case}/reports/{report}/edit"),
    "reports.edit_narrative": Page(COORDINATOR, "/cases/{case}/reports/{report}/sections/{report_section}/text"),
    "reports.submit_report": Page(COORDINATOR, "/cases/{case}/reports/{report}/submit"),
    "reports.export_report": DOWNLOAD,
}

# More states of a page than its one sample shows, checked with the rest under the same name scheme.
MORE_SAMPLES: dict[str, Page] = {
    "meetings.meetings, past": Page(COORDINATOR, "/cases/{case}/meetings?past=1"),
    # issue 13: reports (a submitted report's page, and the refusal to edit it)
    "reports.report, submitted": Page(COORDINATOR, "/cases/{case}/reports/{submitted_report}"),
    "reports.edit_report, submitted": Page(COORDINATOR, "/cases/{case}/reports/{submitted_report}/edit", status=409),
}

# The pages checked again in Swedish: the case's main pages, a form and the statement.
SWEDISH = (
    "cases.dashboard",
    "cases.network",
    "plans.my_actions",
    "plans.plan",
    "plans.timeline",
    "plans.action",
    "plans.edit_action",
    "comms.plan",
    "comms.calendar",
    "risks.register",
    "meetings.meetings",
    "meetings.meeting",
    "about.accessibility",
    # issue 13: situation
    "situation.picture",
    # issue 13: reports
    "reports.report",
)


def get_endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods and rule.endpoint != "static"}


def test_every_get_endpoint_has_a_sample(app):
    endpoints = get_endpoints(app)
    assert sorted(endpoints - PAGES.keys()) == [], "add a sample URL for the new page to PAGES"
    assert sorted(PAGES.keys() - endpoints) == [], "PAGES names an endpoint that no longer exists"


def sign_in(page, base, user):
    page.goto(f"{base}/login")
    page.get_by_label("Sähköpostiosoite").fill(user.email)
    page.get_by_label("Salasana").fill(PASSWORD)
    submit(page.get_by_role("button", name="Kirjaudu sisään"))
    assert urlsplit(page.url).path == "/", page.url


def submit(button) -> int:
    """Click a submit button, wait until the page it leads to has loaded, and return that page's HTTP status."""
    with button.page.expect_navigation() as navigation:
        button.click()
    return navigation.value.status


class Checker:
    """Checks pages at 360 × 740 in a few tabs of one browser context: axe-core's WCAG 2.1 A/AA rules, no
    sideways scrolling, and Label in Name on the confirmation summaries. While axe runs in one tab the next
    page loads in another, so the two overlap when a core is free. Problems are collected, so that one run
    reports them all."""

    TABS = 2

    def __init__(self, context, base):
        self.axe = Axe(context)
        self.tabs = [context.new_page() for _ in range(self.TABS)]
        self.base = base
        self.pending: dict = {}  # tab -> (name, url, waived rules) of the run under way there
        self.turn = 0
        self.failures: list[str] = []
        self.checked = 0
        self.titles: dict[str, str] = {}  # by the name of the check
        # Everything a page needs comes from this server: no request may go to another host.
        self.outside: list[str] = []
        context.on("request", self._note_outside_request)

    def _note_outside_request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https") and parts.hostname != urlsplit(self.base).hostname:
            self.outside.append(request.url)

    @property
    def page(self):
        """The tab a test drives by hand (signing in, filling in forms)."""
        self.collect(self.tabs[0])
        return self.tabs[0]

    def visit(self, name: str, url: str, *, status: int = 200, waive=frozenset()) -> None:
        tab = self.tabs[self.turn]
        self.turn = (self.turn + 1) % len(self.tabs)
        self.collect(tab)
        response = tab.goto(self.base + url)
        if response.status != status:
            self.failures.append(f"{name} {url}: answered {response.status}, expected {status}")
            return
        self._start(tab, name, waive)

    def check(self, name: str, *, waive=frozenset()) -> None:
        """The driven tab as it is now, after what the test did in it."""
        self._start(self.page, name, waive)
        self.collect(self.tabs[0])

    def _start(self, tab, name, waive) -> None:
        url = tab.url.removeprefix(self.base)
        self.checked += 1
        self.titles[name] = tab.title()
        if (width := page_width(tab)) > PHONE["width"]:
            self.failures.append(f"{name} {url} scrolls sideways at 360 px: {width} px ({too_wide(tab)})")
        if mismatched := label_not_in_name(tab):
            self.failures.append(f"{name} {url}: a summary's aria-label does not begin with its text: {mismatched}")
        self.axe.start(tab)
        self.pending[tab] = (name, url, waive)

    def collect(self, tab) -> None:
        if tab in self.pending:
            name, url, waive = self.pending.pop(tab)
            if violations := self.axe.result(tab, waive):
                self.failures.append(f"{name} {url}:\n{describe(violations)}")

    def finish(self) -> None:
        for tab in self.tabs:
            self.collect(tab)
        assert self.outside == [], "requests to other hosts"
        assert not self.failures, f"{len(self.failures)} problems:\n" + "\n".join(self.failures)


def test_every_page_meets_wcag_21_aa(live_server, browser, app):
    """Every GET page with the demo case's data: axe-core, reflow, and a title of its own."""
    started = time.monotonic()
    # The situation picture's fetch button shows only with a PxWeb address; nothing is fetched unless it is pressed.
    app.config["PXWEB_URL"] = "http://127.0.0.1:9/pxweb"
    demo = build_demo()
    context = browser.new_context(viewport=PHONE, locale="fi-FI")
    checker = Checker(context, live_server)
    users = {COORDINATOR: demo.coordinator, ADMIN: demo.admin}
    for who in (ANONYMOUS, COORDINATOR, ADMIN):
        context.clear_cookies()
        if who != ANONYMOUS:
            sign_in(checker.page, live_server, users[who])
        for endpoint, sample in PAGES.items():
            if sample is not None and sample.who == who:
                checker.visit(endpoint, sample.url.format(**demo.ids), status=sample.status, waive=sample.waive)
        for name, sample in MORE_SAMPLES.items():
            if sample.who == who:
                checker.visit(name, sample.url.format(**demo.ids), status=sample.status, waive=sample.waive)

    # Swedish: the coordinator switches language in the footer, as anyone would.
    context.clear_cookies()
    page = checker.page
    sign_in(page, live_server, demo.coordinator)
    page.get_by_label("Kieli / Språk / Language").select_option("sv")
    submit(page.get_by_role("button", name="Vaihda"))
    assert page.locator("html").get_attribute("lang") == "sv"
    for endpoint in SWEDISH:
        sample = PAGES[endpoint]
        checker.visit(f"{endpoint} (sv)", sample.url.format(**demo.ids), status=sample.status, waive=sample.waive)
    checker.finish()
    context.close()
    assert_titles_of_their_own(
        {endpoint: checker.titles[endpoint] for endpoint, sample in PAGES.items() if sample is not None},
        db.session.get(Case, demo.ids["case"]).title,
    )
    print(f"\n{checker.checked} page checks in {time.monotonic() - started:.1f} s")
    # The statement says when the automated check last passed here (see arm/about/services.py).
    record_check(app, axe_version=checker.axe.version, browser=browser.version, pages=checker.checked)


def assert_titles_of_their_own(titles: dict[str, str], case_title: str) -> None:
    """WCAG 2.4.2: "page – case – ÄRM" on the pages of a case, "page – ÄRM" elsewhere, and no two endpoints
    with the same title."""
    for endpoint, title in titles.items():
        suffix = f" – {case_title} – ÄRM" if PAGES[endpoint].url.startswith("/cases/{case}") else " – ÄRM"
        assert title.endswith(suffix) and len(title) > len(suffix), f"{endpoint}: {title!r}"
    shared = {title: [e for e, t in titles.items() if t == title] for title in titles.values()}
    assert {title: endpoints for title, endpoints in shared.items() if len(endpoints) > 1} == {}


# A title of 183 characters with a 78-letter word, which must wrap on a phone.
LONG_TITLE = (
    "Pohjois-Pohjanmaan elinkeino-, liikenne- ja ympäristökeskuksen toimialueen äkillinen rakennemuutos: "
    "akkumateriaalitehdasinvestointikokonaisuudenperuuntumisentyöllisyysvaikutukset 2026"
)
# The list pages of a case with nothing in it yet.
EMPTY_LISTS = (
    "cases.dashboard",
    "cases.waves",
    "cases.history",
    "plans.my_actions",
    "plans.feed",
    "plans.plan",
    "plans.timeline",
    "plans.subgroups",
    "plans.projects",
    "plans.funding",
    "plans.resources",
    "comms.plan",
    "comms.calendar",
    "meetings.meetings",
    "meetings.backlog",
    "meetings.templates",
    # issue 13: outcomes
    "progress.outputs",
    "progress.cohort",
    # issue 13: progress (jobs)
    "progress.jobs",
    "progress.company_projects",
    "progress.grants",
)


def assert_error_summary(page, *, linked: int, unlinked: int = 0) -> None:
    """The GOV.UK pattern: the summary has focus and links to each field in error; only those fields are
    invalid, each described by its own visible message; following a link puts focus on the field."""
    found = page.evaluate(
        """() => {
          const summary = document.querySelector('[data-error-summary]');
          const describedBy = el =>
            (el.closest('fieldset[aria-describedby]') || el).getAttribute('aria-describedby') || '';
          return {
            focused: summary !== null && summary === document.activeElement,
            links: summary ? [...summary.querySelectorAll('a')].map(a => a.hash.slice(1)) : [],
            unlinked: summary ? summary.querySelectorAll('li:not(:has(a))').length : 0,
            invalid: [...document.querySelectorAll('[aria-invalid]')].map(el => ({
              id: el.id, value: el.getAttribute('aria-invalid'),
              errors: describedBy(el).split(' ').filter(id => id.endsWith('-error'))
                .map(id => document.getElementById(id)).filter(e => e && e.offsetParent !== null).length,
            })),
          };
        }"""
    )
    assert found["focused"], "the error summary does not have focus"
    assert len(found["links"]) == linked and found["unlinked"] == unlinked, found
    assert all(field["value"] == "true" and field["errors"] == 1 for field in found["invalid"]), found
    invalid = {field["id"] for field in found["invalid"]}
    assert set(found["links"]) <= invalid, found
    assert len(invalid) >= linked
    if linked:
        page.locator("[data-error-summary] a").first.click()
        assert page.evaluate("() => document.activeElement.id") == found["links"][0]


def test_error_pages_and_states_meet_wcag_21_aa(live_server, browser, app):
    """Forms re-rendered with errors (on visible and hidden fields), 404, the edit conflict (409), empty lists,
    a very long case name, the sign-in page signed out with a wrong password, and focus on the network page."""
    demo = build_demo()
    ids = demo.ids
    organisation = db.session.scalar(select(Organisation).limit(1))
    empty = factories.CaseFactory(title=LONG_TITLE, municipalities=[])
    factories.MembershipFactory(case=empty, user=demo.coordinator, organisation=organisation, access=Access.COORDINATOR)
    nobody = factories.UserFactory(name="Uusi Käyttäjä")
    context = browser.new_context(viewport=PHONE, locale="fi-FI")
    checker = Checker(context, live_server)
    page = checker.page

    page.goto(f"{live_server}/login")
    page.get_by_label("Sähköpostiosoite").fill(demo.coordinator.email)
    page.get_by_label("Salasana").fill("väärä salasana")
    assert submit(page.get_by_role("button", name="Kirjaudu sisään")) == 401
    assert_error_summary(page, linked=0, unlinked=1)
    checker.check("auth.login, wrong password")

    sign_in(page, live_server, demo.coordinator)
    checker.visit("404 in a case", "/cases/999999", status=404)
    checker.visit("404", "/ei-tallaista-sivua", status=404)
    check_pages_no_browser_request_reaches(checker, live_server, app)
    check_forms_with_errors(checker, live_server, ids)
    check_meeting_forms(checker, live_server, ids)
    check_focus_on_the_network_page(checker.page, live_server, ids["case"])

    for endpoint in EMPTY_LISTS:
        checker.visit(f"{endpoint}, empty case", PAGES[endpoint].url.format(**{**ids, "case": empty.id}))

    context.clear_cookies()
    sign_in(checker.page, live_server, nobody)
    checker.visit("cases.index, no cases", "/")
    checker.finish()
    context.close()


def check_pages_no_browser_request_reaches(checker, live_server, app) -> None:
    """The 400 page for an untrusted host (a browser sends the host it connects to), the 500 page and its
    bare fallback: rendered by the app, shown in the app's origin so that its style sheet applies."""
    untrusted = app.test_client().get("/login", headers={"Host": "evil.example"})
    assert untrusted.status_code == 400
    with app.test_request_context("/"):
        server_error = render_template("errors/500.html", error=None)
        fallback = bare_500()
    for name, html in (
        ("400, untrusted host", untrusted.get_data(as_text=True)),
        ("500", server_error),
        ("500, bare", fallback),
    ):
        checker.page.goto(f"{live_server}/login")
        checker.page.set_content(html)
        checker.check(name)


def check_forms_with_errors(checker, live_server, ids) -> None:
    page = checker.page
    page.goto(f"{live_server}/cases/{ids['case']}/actions/new")
    page.get_by_label("Edistyminen (%)").fill("150")
    page.get_by_label("Budjetti (€)").fill("paljon")
    assert submit(page.get_by_role("button", name="Tallenna")) == 422
    assert_error_summary(page, linked=3)  # title, progress, budget
    checker.check("plans.new_action with errors")

    # A garbled hidden field: named in the summary without a link, as nobody can type in it.
    page.goto(f"{live_server}/cases/{ids['case']}/actions/{ids['action']}/edit")
    page.locator("input[name=version]").evaluate("el => { el.value = 'abc'; }")
    assert submit(page.get_by_role("button", name="Tallenna")) == 422
    assert_error_summary(page, linked=0, unlinked=1)
    checker.check("plans.edit_action, garbled hidden field")

    # The edit conflict: someone else saves the same field while the form is open (the three-way merge
    # saves at once when only different fields changed, so both change the title here).
    page.goto(f"{live_server}/cases/{ids['case']}/actions/{ids['action']}/edit")
    action = db.session.get(Action, ids["action"])
    action.title = "Toisen käyttäjän otsikko"
    db.session.commit()
    page.get_by_label("Otsikko").fill("Oma otsikko")
    assert submit(page.get_by_role("button", name="Tallenna")) == 409
    checker.check("plans.edit_action, conflict (409)")

    # A quick update refused on My actions: the summary sits in that action's card.
    page.goto(f"{live_server}/cases/{ids['case']}/my-actions")
    card = page.locator("li[id^=action-]").first
    card.get_by_label("Edistyminen (%)").fill("101")
    assert submit(card.get_by_role("button", name=re.compile("Päivitä"))) == 422
    assert_error_summary(page, linked=1)
    checker.check("plans.my_actions with errors")


def test_progress_update_by_keyboard_alone(live_server, page):
    """A member signs in, finds My actions and posts 60 % with a note using Tab, Space and Enter only; every
    control on the way shows where focus is, and focus can always move on past the page's last control."""
    people = build_plan_case()
    action = people.own_action
    page.goto(f"{live_server}/login")

    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["text"] == "Siirry sisältöön" and skip["visible"] and skip["ring"], skip
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    tab_to(page, lambda el: el["id"] == "email")
    page.keyboard.type(people.member.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    tab_to(page, lambda el: el["id"] == "remember")
    page.keyboard.press("Space")
    assert page.locator("#remember").is_checked()
    tab_to(page, lambda el: el["text"] == "Kirjaudu sisään")
    press_and_load(page, "Enter")
    assert urlsplit(page.url).path == "/"

    tab_to(page, lambda el: el["text"] == people.case.title)
    press_and_load(page, "Enter")
    tab_to(page, lambda el: el["text"] == "Omat toimenpiteet")
    press_and_load(page, "Enter")
    assert urlsplit(page.url).path.endswith("/my-actions")

    tab_to(page, lambda el: el["name"] == f"a{action.id}-progress")
    page.keyboard.press("Control+A")
    page.keyboard.type("60")
    page.keyboard.press("Tab")
    page.keyboard.type("Koulutusryhmä aloitti maanantaina")
    tab_to(page, lambda el: el["text"] == "Päivitä")
    press_and_load(page, "Space")
    assert page.url.endswith(f"/my-actions#action-{action.id}")

    assert "Päivitys tallennettu" in page.get_by_role("status").inner_text()
    assert page.locator(f"#action-{action.id} [role=progressbar]").get_attribute("aria-valuenow") == "60"
    # No trap: from here Tab reaches the footer's last control and then leaves the page.
    tab_to(page, lambda el: el["text"] == "Vaihda", limit=80)
    page.keyboard.press("Tab")
    assert focused(page)["tag"] in ("body", None)


def check_meeting_forms(checker, live_server, ids) -> None:
    """The meeting page's own forms answer on pages of their own: an empty minutes amendment and guest (422),
    and the guest's link, shown once."""
    page = checker.page
    meeting = f"{live_server}/cases/{ids['case']}/meetings/{ids['meeting']}"
    page.goto(meeting)
    assert submit(page.get_by_role("button", name="Kirjaa korjaus")) == 422
    assert_error_summary(page, linked=1)
    checker.check("meetings.add_amendment with errors")

    page.goto(meeting)
    page.get_by_text("Kutsu vieras", exact=True).click()
    assert submit(page.get_by_role("button", name="Luo vieraan linkki")) == 422
    assert_error_summary(page, linked=1)
    checker.check("meetings.invite_guest with errors")
    page.get_by_label("Vieraan nimi").fill("Toinen Vieras")
    assert submit(page.get_by_role("button", name="Luo vieraan linkki")) == 200
    link = page.get_by_label("Linkki kokouksen esityslistaan ja hyväksyttyyn muistioon").input_value()
    assert link.startswith(f"{live_server}/guest/meetings/"), link
    checker.check("meetings.invite_guest, the link")


def check_focus_on_the_network_page(page, live_server, case_id) -> None:
    """Link buttons, confirmation summaries, scrolling table regions: each shows a focus ring when tabbed to,
    and an opened confirmation lets focus go on to its button."""
    page.goto(f"{live_server}/cases/{case_id}/network")
    seen = tab_to(page, lambda el: el["text"] == "Vaihda", limit=200)
    assert {"summary", "button", "a", "select", "div"} <= {el["tag"] for el in seen}
    page.locator("summary").first.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.confirm").first.get_attribute("open") is not None
    page.keyboard.press("Tab")
    assert focused(page)["text"].startswith("Vahvista")


def press_and_load(page, key: str) -> None:
    """Press a key that follows a link or submits a form, and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def focused(page) -> dict:
    """The element that has focus: what it is, and whether a focus ring shows on it."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          if (!el || el === document.body) return {tag: el ? 'body' : null, id: '', text: '', name: ''};
          const style = getComputedStyle(el);
          const box = el.getBoundingClientRect();
          return {
            tag: el.tagName.toLowerCase(), id: el.id, name: el.name || '',
            text: (el.innerText || el.value || '').trim(),
            ring: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
            visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0,
          };
        }"""
    )


def tab_to(page, wanted, limit: int = 60) -> list[dict]:
    """Press Tab until `wanted(focused element)`; every element on the way must show its focus."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        assert element["tag"] not in ("body", None), f"focus left the page before reaching it, after {seen[-3:]}"
        assert element["ring"], f"no visible focus on {element}"
        seen.append(element)
        if wanted(element):
            return seen
    raise AssertionError(f"not reached with {limit} presses of Tab; last: {seen[-3:]}")
