"""The national view: a person's cases side by side, only their own, in a fixed number of statements."""

from datetime import UTC, date, datetime
from decimal import Decimal

from arm.cases.enums import CaseKind, CasePhase
from arm.core.permissions import Access
from arm.extensions import db
from arm.plans.models import Funder
from arm.progress.models import CohortGroup
from tests import factories
from tests.conftest import count_queries, sign_in, sign_in_without_password
from tests.markup import page_of
from tests.overview.helpers import cohort_snapshot, job_target, kemi_ledger, report


def _rows(page) -> dict[str, list[str]]:
    """The table's rows by the case's title."""
    rows = {}
    for row in page.find_all("tr")[1:]:
        cells = [cell.text for cell in row.children if not isinstance(cell, str)]
        rows[cells[0]] = cells[1:]
    return rows


def test_the_national_view_asks_to_sign_in(client):
    response = client.get("/overview")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_a_person_without_cases_sees_the_empty_state(client):
    sign_in(client, factories.UserFactory())
    page = page_of(client.get("/overview"))
    assert "Et ole mukana yhdessäkään käynnissä olevassa tapauksessa" in page.text
    assert page.find_all("table") == []


def test_the_header_links_to_the_national_view(client):
    sign_in(client, factories.UserFactory())
    page = page_of(client.get("/"))
    assert page.find_all("a", href="/overview")


def test_each_case_shows_its_kind_phase_jobs_cohort_funding_and_last_report(client):
    observer = factories.UserFactory()
    kemi = factories.CaseFactory(title="Kemi 2021", kind=CaseKind.NEGATIVE, phase=CasePhase.ACTIVE)
    factories.MembershipFactory(case=kemi, user=observer, access=Access.OBSERVER)
    kemi_ledger(kemi)
    cohort_snapshot(kemi, date(2023, 3, 1), cohort=550, unemployed=120)
    cohort_snapshot(kemi, date(2024, 3, 1), cohort=550, unemployed=70)  # the latest of its group
    cohort_snapshot(kemi, date(2024, 1, 1), CohortGroup.SUBCONTRACTORS, cohort=950, unemployed=40)
    project = factories.ProjectFactory(case=kemi)
    factories.GrantFactory(project=project, amount_granted=Decimal("100000.00"), amount_used=Decimal("25000.00"))
    factories.GrantFactory(
        project=project, funder=Funder.ELY, amount_granted=Decimal("50000.50"), amount_used=Decimal("0.50")
    )
    factories.GrantFactory(project=project, amount_granted=None, amount_used=Decimal(0))  # not decided yet
    report(kemi, 1, submitted_on=date(2024, 3, 15))
    report(kemi, 2, submitted_on=date(2024, 9, 16))
    report(kemi, 3, submitted_on=None)  # a draft is no submitted report
    # Another case of theirs, with nothing recorded yet.
    empty = factories.CaseFactory(title="Anjalankoski", kind=CaseKind.PREPAREDNESS, phase=CasePhase.PREPARING)
    factories.MembershipFactory(case=empty, user=observer, access=Access.COORDINATOR)
    sign_in(client, observer)

    rows = _rows(page_of(client.get("/overview")))

    assert list(rows) == ["Anjalankoski", "Kemi 2021"]  # by title
    kind, jobs, cohort, money, last = rows["Kemi 2021"]
    assert kind == "Äkillinen rakennemuutos (negatiivinen) Käynnissä"
    assert jobs == "Tavoite 1 000 toteutunut 312 (31 %) varmennettu 226 (23 %)"
    assert cohort == (
        "Työnantajan omat irtisanotut: työttömänä 70 / 550 (1.3.2024)"
        " Alihankintaverkoston irtisanotut: työttömänä 40 / 950 (1.1.2024)"
    )
    assert money == "myönnetty 150 000,50 € käytetty 25 000,50 €"
    assert last == "16.9.2024"
    assert rows["Anjalankoski"][1:] == [
        "Ei työpaikkatavoitetta",
        "Ei tilannetietoa",
        "Ei myönnettyä rahoitusta",
        "Ei lähetettyä raporttia",
    ]


def test_a_person_sees_only_their_own_current_cases(client):
    person = factories.UserFactory()
    own = factories.CaseFactory(title="Oma tapaus")
    factories.MembershipFactory(case=own, user=person, access=Access.OBSERVER)
    factories.CaseFactory(title="Toisen tapaus")  # an outsider's
    invited = factories.CaseFactory(title="Kutsu odottaa")
    factories.MembershipFactory(case=invited, user=person, accepted_at=None, invited_name="Kutsuttu")
    left = factories.CaseFactory(title="Lähdetty tapaus")
    factories.MembershipFactory(case=left, user=person, ended_on=date(2025, 1, 1))
    archived = factories.CaseFactory(title="Arkistoitu tapaus", archived_at=datetime(2025, 1, 1, tzinfo=UTC))
    factories.MembershipFactory(case=archived, user=person, access=Access.COORDINATOR)
    sign_in(client, person)

    page = page_of(client.get("/overview"))

    assert list(_rows(page)) == ["Oma tapaus"]
    for title in ("Toisen tapaus", "Kutsu odottaa", "Lähdetty tapaus", "Arkistoitu tapaus"):
        assert title not in page.text


def _statements_for(app, client, cases: int) -> int:
    person = factories.UserFactory()
    for n in range(cases):
        case = factories.CaseFactory(title=f"Tapaus {n:03}")
        factories.MembershipFactory(case=case, user=person, access=Access.OBSERVER)
        objective = job_target(case)
        kemi_ledger(case) if n % 2 else None
        cohort_snapshot(case, date(2024, 1, 1))
        cohort_snapshot(case, date(2024, 2, 1), CohortGroup.SUBCONTRACTORS)
        factories.GrantFactory(project=factories.ProjectFactory(case=case))
        report(case, 1, submitted_on=date(2024, 3, 1))
        del objective
    sign_in_without_password(client, person)
    with count_queries(app) as statements:
        response = client.get("/overview")
    assert response.status_code == 200
    db.session.remove()
    return len(statements)


def test_the_national_view_issues_the_same_statements_for_3_and_100_cases(app, client):
    few = _statements_for(app, client, 3)
    many = _statements_for(app, client, 100)
    assert few == many
    # The sign-in (2), the count and the page of cases (2), and five grouped figures.
    assert few <= 10, few


def test_many_cases_are_paginated(app, client):
    app.config["PAGE_SIZE"] = 2
    person = factories.UserFactory()
    for title in ("C", "A", "B"):
        factories.MembershipFactory(case=factories.CaseFactory(title=title), user=person)
    sign_in(client, person)
    assert list(_rows(page_of(client.get("/overview")))) == ["A", "B"]
    assert list(_rows(page_of(client.get("/overview?page=2")))) == ["C"]
