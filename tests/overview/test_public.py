"""A case's public page: anyone reads it when the case is published, nothing else of the case shows on it, and
it issues a fixed number of statements."""

from datetime import UTC, date, datetime

from sqlalchemy import select

from arm.auth.models import User
from arm.cases.models import Case, CaseMunicipality, Membership
from arm.core.comments import Comment
from arm.extensions import db
from arm.plans.models import Action, ActionStatus, ActionUpdate
from arm.progress.models import (
    CompanyProject,
    CompanyProjectKind,
    DevelopmentGrant,
    JobKind,
    OutputEntry,
    OutputKind,
)
from tests import factories
from tests.conftest import count_queries, sign_in
from tests.markup import page_of
from tests.overview.helpers import actions, cohort_snapshot, job_entries, job_target, kemi_ledger, report


def _public_case(**fields) -> Case:
    return factories.CaseFactory(is_public=True, **fields)


def _url(case) -> str:
    return f"/public/cases/{case.id}"


def test_a_case_not_published_is_not_found_as_a_case_that_does_not_exist(client):
    hidden = factories.CaseFactory(title="Salainen tapaus")
    missing = client.get("/public/cases/999999")
    response = client.get(_url(hidden))
    assert response.status_code == missing.status_code == 404
    # The same page, but for the address it names.
    assert response.get_data(as_text=True).replace(_url(hidden), "URL") == missing.get_data(as_text=True).replace(
        "/public/cases/999999", "URL"
    )
    assert "Salainen tapaus" not in response.get_data(as_text=True)


def test_an_archived_case_has_no_public_page(client):
    case = _public_case(archived_at=datetime(2025, 1, 1, tzinfo=UTC))
    assert client.get(_url(case)).status_code == 404


def test_members_too_get_404_for_a_case_not_published(client):
    people = factories.case_with_people()
    sign_in(client, people.coordinator)
    assert client.get(_url(people.case)).status_code == 404


def test_anyone_reads_a_published_case_without_signing_in(client):
    case = _public_case(title="Kemin äkillinen rakennemuutos 2021")
    case.municipalities.append(CaseMunicipality(code="851"))
    db.session.commit()
    kemi_ledger(case)
    actions(case, 9)
    report(case, 1, submitted_on=date(2024, 3, 15), narratives={"summary": "Ensimmäinen **tiivistelmä**."})
    report(case, 2, submitted_on=date(2024, 9, 16), narratives={"summary": "Uusin *tiivistelmä*."})

    response = client.get(_url(case))

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert "Set-Cookie" not in response.headers  # nothing of a session: the page is the same for everyone
    page = page_of(response)
    assert page.find("h1").text == "Kemin äkillinen rakennemuutos 2021"
    assert "Kemi, Tornio" in page.text
    facts = [element.text for element in page.find_all("dd")]
    assert facts == ["1 000", "486", "312 (31 % tavoitteesta)", "226 (23 % tavoitteesta)"]
    assert page.find_all("img", class_="chart-image")
    plan = page.by_id("plan-heading").parent.find("table").table_rows()
    assert plan[0] == ["Uudelleentyöllistymisen tukeminen", "1", "1", "1", "0", "0", "3"]
    assert sum(int(row[-1]) for row in plan) == 9
    summary = page.by_id("summary-heading").parent
    assert "Uusin tiivistelmä" in summary.text and "Ensimmäinen" not in summary.text
    assert "16.9.2024" in summary.text
    assert summary.find("em").text == "tiivistelmä"


def test_a_signed_in_reader_gets_the_same_page_not_stored(client):
    case = _public_case()
    sign_in(client, factories.UserFactory())
    response = client.get(_url(case))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_a_case_with_nothing_recorded_says_so(client):
    page = page_of(client.get(_url(_public_case())))
    assert [element.text for element in page.find_all("dd")] == ["Ei asetettu", "0", "0", "0"]
    assert page.find_all("img") == []
    assert "Tapaukselta ei ole vielä lähetetty seurantaraporttia" in page.text


def test_the_summary_comes_from_the_submitted_reports_frozen_copy_when_it_holds_it(client):
    case = _public_case()
    snapshot = {"schema_version": 1, "sections": [{"key": "summary", "narrative": "Jäädytetty tiivistelmä."}]}
    report(case, 1, submitted_on=date(2024, 3, 15), narratives={"summary": "Muutettu myöhemmin."}, snapshot=snapshot)
    report(case, 2, submitted_on=None, narratives={"summary": "Luonnoksen teksti."})
    text = page_of(client.get(_url(case))).text
    assert "Jäädytetty tiivistelmä." in text
    assert "Muutettu myöhemmin." not in text and "Luonnoksen teksti." not in text


def test_the_summary_is_sanitised(client):
    case = _public_case()
    report(
        case,
        1,
        submitted_on=date(2024, 3, 15),
        narratives={"summary": "<script>alert(1)</script>[x](javascript:alert(1)) ok"},
    )
    html = client.get(_url(case)).get_data(as_text=True)
    assert "<script>alert" not in html and "javascript:" not in html


# --- nothing else leaks ----------------------------------------------------------------------------

MARKER = "VUOTO"


def _fill_every_text_column(marker: str) -> None:
    """Every free-text column of every row (as the permission matrix's escape test picks them), numbered."""
    counter = iter(range(1_000_000))
    for table in db.metadata.sorted_tables:
        if table.name in {"audit_event", "alembic_version"}:
            continue
        for column in table.columns:
            if (
                isinstance(column.type, db.String)
                and not isinstance(column.type, db.Enum)
                and not column.unique
                and not column.primary_key
                and (column.type.length is None or column.type.length >= 100)
                and not column.name.endswith(("_hash", "token", "url", "website", "email"))
            ):
                db.session.execute(table.update().values({column.name: f"{marker}{next(counter)}x"}))
    db.session.commit()


def _leaky_case() -> Case:
    """A published case with a person at every level and a row of every kind, each text a marker."""
    people = factories.case_with_people()
    case = people.case
    case.is_public = True
    case.summary = "VUOTO tapauksen sisäinen tiivistelmä"
    for n, user in enumerate(db.session.scalars(select(User))):
        user.email = f"henkilo{n}@vuoto.example"
        user.phone = "040 VUOTO"
    objective = job_target(case, description="VUOTO tavoitteen kuvaus")
    job_entries(
        objective,
        (30, JobKind.REALISED, True, date(2023, 1, 1)),
        evidence="VUOTO näyttö palkkalistasta",
        company="VUOTO Yritys Oy",
    )
    cohort_snapshot(case, date(2024, 3, 1), note="VUOTO huomio", source="VUOTO lähde")
    actions(case, 4, title="VUOTO sisäinen toimenpide", description="VUOTO kuvaus")
    action = db.session.scalars(select(Action)).first()
    db.session.add(
        ActionUpdate(
            case_id=case.id,
            action_id=action.id,
            author_id=people.member.id,
            old_status=ActionStatus.PLANNED,
            new_status=ActionStatus.ONGOING,
            old_progress=0,
            new_progress=10,
            note="VUOTO edistymisen huomio",
        )
    )
    risk = factories.RiskFactory(case=case, title="VUOTO riski", description="VUOTO riskin kuvaus")
    db.session.add(
        Comment(case_id=case.id, entity="risk", entity_id=risk.id, author_id=people.editor.id, body="VUOTO kommentti")
    )
    project = factories.ProjectFactory(case=case, name="VUOTO hanke")
    factories.GrantFactory(project=project, decision_number="VUOTO-123")
    company = CompanyProject(
        case_id=case.id, company="VUOTO Oy", name="VUOTO", kind=CompanyProjectKind.INVESTMENT, note="VUOTO"
    )
    db.session.add_all(
        [
            company,
            DevelopmentGrant(
                case_id=case.id, company="VUOTO Oy", amount=1000, granted_on=date(2023, 1, 1), note="VUOTO"
            ),
            OutputEntry(
                case_id=case.id,
                kind=OutputKind.STUDIES,
                dated_on=date(2023, 1, 1),
                amount=3,
                source="VUOTO",
                note="VUOTO",
            ),
        ]
    )
    factories.CommsItemFactory(case=case, message="VUOTO viesti")
    db.session.commit()
    snapshot = {
        "schema_version": 1,
        "sections": [
            {"key": "summary", "narrative": "Julkinen tiivistelmä."},
            {"key": "risks", "narrative": "VUOTO riskiosion teksti", "facts": [{"label": "VUOTO", "value": 1}]},
        ],
    }
    report(
        case,
        1,
        submitted_on=date(2024, 3, 15),
        narratives={"summary": "VUOTO tallennettu teksti", "risks": "VUOTO riskit"},
        snapshot=snapshot,
    )
    report(case, 2, submitted_on=None, narratives={"summary": "VUOTO luonnoksen tiivistelmä"})
    return case


def test_the_public_page_shows_nothing_but_what_it_names(client):
    case = _leaky_case()
    title = case.title
    names = [user.name for user in db.session.scalars(select(User))]
    organisations = [membership.organisation.name for membership in db.session.scalars(select(Membership))]
    html = client.get(_url(case)).get_data(as_text=True)
    assert MARKER not in html and "vuoto.example" not in html
    for text in [*names, *organisations]:
        assert text not in html
    assert "Julkinen tiivistelmä." in html and "30" in html

    # And whatever else any table holds as text: every free-text column of every row a marker of its own.
    _fill_every_text_column(MARKER)
    db.session.execute(db.update(Case).values(title=title))
    db.session.commit()
    html = client.get(_url(case)).get_data(as_text=True)
    assert MARKER not in html
    assert title in html


# --- a fixed number of statements ---------------------------------------------------------------------


def _statements_for(app, client, rows: int) -> int:
    case = _public_case()
    objective = job_target(case)
    job_entries(
        objective,
        *[
            (1 + n, JobKind.REALISED if n % 3 else JobKind.PLANNED, n % 2 == 0, date(2021 + n % 4, 1 + n % 12, 1))
            for n in range(rows)
        ],
    )
    actions(case, rows)
    for n in range(rows):
        report(case, n + 1, submitted_on=date(2024, 1, 1) if n % 2 else None, narratives={"summary": f"Teksti {n}"})
    with count_queries(app) as statements:
        response = client.get(_url(case))
    assert response.status_code == 200
    return len(statements)


def test_the_public_page_issues_the_same_statements_for_3_and_100_rows(app, client):
    few = _statements_for(app, client, 3)
    many = _statements_for(app, client, 100)
    assert few == many
    # The case, its municipalities, the target, the ledger, the ledger by day, the plan, the summary (and the
    # request's own reads).
    assert few <= 8, few


def test_the_page_answers_alike_at_every_level_and_for_a_visitor(client):
    """Membership gives nothing more and nothing less: 404 for all while the case is not published, the same
    page for all once it is."""
    people = factories.case_with_people()
    users = [people.coordinator, people.editor, people.member, people.observer, people.outsider, None]
    for published, status in ((False, 404), (True, 200)):
        db.session.get(Case, people.case.id).is_public = published
        db.session.commit()
        for user in users:
            client.post("/logout")
            if user is not None:
                sign_in(client, user)
            assert client.get(_url(people.case)).status_code == status, (published, user)
