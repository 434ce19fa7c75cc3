"""The report section "objectives" on a case with known figures, the agenda's proposals and the demo's entries."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select, update

from arm.core.models import AuditEvent
from arm.core.parts import AgendaWindow, ReportPeriod, report_sections
from arm.extensions import db
from arm.plans.models import Objective, ObjectiveAction
from arm.plans.models.enums import Funder
from arm.progress import agenda, report
from arm.progress.demo import ENTRIES
from arm.progress.models import DevelopmentGrant, JobEntry, JobKind
from tests import factories
from tests.conftest import count_queries
from tests.progress.jobs_helpers import bulk_company_projects, bulk_entries, company_project, entry, job_target

PERIOD = (date(2024, 1, 1), date(2024, 6, 30))


def _known_case():
    """Target 1 000; 486 planned in 2023; 226 (verified) and 86 realised in 2/2024, the 86 through a company
    project promising 40; 50 realised after the period; a general objective served by an action at 20 %;
    a grant in the period and one before it."""
    case = factories.CaseFactory()
    target = job_target(case)
    project = company_project(case, promised=40, company="Biotehdas Oy", name="Laajennus")
    entry(target, 486, kind=JobKind.PLANNED, dated_on=date(2023, 6, 1))
    entry(target, 226, verified=True, dated_on=date(2024, 2, 29))
    entry(target, 86, dated_on=date(2024, 2, 29), company_project_id=project.id)
    entry(target, 50, dated_on=date(2024, 8, 1))
    general = Objective(case_id=case.id, title="Veitsiluodon yrityspuisto")
    action = factories.ActionFactory(case=case, progress=20)
    general.action_links.append(ObjectiveAction(case_id=case.id, action_id=action.id))
    db.session.add(general)
    for granted_on, amount in ((date(2024, 3, 1), "45000.50"), (date(2023, 1, 1), "10000")):
        db.session.add(
            DevelopmentGrant(
                case_id=case.id,
                company="Biotehdas Oy",
                amount=Decimal(amount),
                granted_on=granted_on,
                funder=Funder.ELY,
                company_project_id=project.id,
            )
        )
    db.session.commit()
    return case


def _build(case):
    return report.build(ReportPeriod(case, *PERIOD, today=date(2026, 6, 15)))


def _facts(section) -> dict:
    def key(label):
        return label if isinstance(label, str) else label["msgid"] % label["args"]

    return {key(fact["label"]): fact["value"] for fact in section["facts"]}


def test_the_section_is_registered_at_position_30(app):
    section = report_sections()["objectives"]
    assert (section.position, str(section.label)) == (30, "Tavoitteet ja työpaikkatavoite")


def test_the_figures_of_a_case_with_known_numbers(app):
    section = _build(_known_case())
    facts = _facts(section)
    title = "1 000 uutta työpaikkaa"
    assert facts[f"{title}: tavoite"] == "1000"
    assert facts[f"{title}: suunnitellut työpaikat"] == 486
    assert facts[f"{title}: toteutuneet työpaikat"] == 312  # the 50 of August is after the period
    assert facts[f"{title}: varmennetut työpaikat"] == 226
    assert facts[f"{title}: toteutuneita tavoitteesta"] == "31.2"
    assert facts[f"{title}: toteutuneet kaudella"] == 312
    assert facts["Yrityshankkeita"] == 1
    assert facts["Yrityshankkeiden luvatut työpaikat"] == 40
    assert facts["Yrityshankkeissa syntyneet työpaikat"] == 86
    assert facts["Kehittämisavustuksia kaudella"] == 1
    assert facts["Kehittämisavustukset kaudella yhteensä (€)"] == "45000.50"
    tables = {table["title"]: table for table in section["tables"]}
    objectives = tables["Tavoitteet"]["rows"]
    assert [row[0] for row in objectives] == [title, "Veitsiluodon yrityspuisto"]
    assert objectives[0][4] == "31.2" and objectives[1][4] == "20"
    entries = tables["Työpaikkakirjaukset kaudella"]["rows"]
    assert [(row[0], row[1], row[5]) for row in entries] == [("2024-02-29", 226, True), ("2024-02-29", 86, False)]
    assert tables["Yritysten kehittämis- ja investointihankkeet"]["rows"] == [
        ["Biotehdas Oy", "Laajennus", "Investointihanke", 40, 86]
    ]
    assert [row[2] for row in tables["Kehittämisavustukset kaudella"]["rows"]] == ["45000.50"]
    chart = section["charts"][0]
    assert chart["x"][0] == "2023-06" and chart["x"][-1] == "2024-06"
    realised = next(s for s in chart["series"] if s["label"] == "Toteutuneet (kertymä)")
    assert realised["values"][-1] == 312


def test_the_section_issues_a_fixed_number_of_statements(app):
    counts = []
    for size in (3, 500):
        case = factories.CaseFactory()
        target = job_target(case)
        bulk_entries(target, size)
        bulk_company_projects(case, 2 if size == 3 else 200)
        with count_queries(app) as statements:
            _build(case)
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_an_empty_case_builds_an_empty_section(app):
    section = _build(factories.CaseFactory())
    assert section["charts"] == [] and all(table["rows"] == [] for table in section["tables"])


def _window(case, since):
    now = datetime.now(UTC)
    return AgendaWindow(case.id, since, now + timedelta(hours=1), now + timedelta(days=7), now.date())


def test_the_agenda_lists_new_and_changed_entries_since_the_previous_meeting(app):
    case = factories.CaseFactory()
    target = job_target(case)
    old = entry(target, 10, company="Vanha Oy")
    untouched = entry(target, 20, company="Koskematon Oy")
    long_ago = datetime.now(UTC) - timedelta(days=30)
    db.session.execute(update(AuditEvent).where(AuditEvent.entity == "JobEntry").values(at=long_ago))
    db.session.commit()
    old.jobs = 12
    db.session.commit()
    new = entry(target, 5, company="Uusi Oy")
    window = _window(case, datetime.now(UTC) - timedelta(days=7))
    with count_queries(app) as statements:
        items = agenda.agenda_items(window)
    assert len(statements) == 1
    assert [item.key for item in items] == [f"job_entry:{new.id}:new", f"job_entry:{old.id}:changed"]
    assert items[0].title.startswith("Uusi työpaikkakirjaus: 5 toteutunut")
    assert untouched.id not in [item.entity_id for item in items]
    first_meeting = agenda.agenda_items(_window(case, None))
    assert len(first_meeting) == 3


def test_the_agenda_is_capped_with_a_summary(app):
    case = factories.CaseFactory()
    target = job_target(case)
    for n in range(agenda.CAP + 3):
        entry(target, n + 1)
    items = agenda.agenda_items(_window(case, datetime.now(UTC) - timedelta(days=1)))
    assert len(items) == agenda.CAP + 1
    assert items[-1].key == "job_entry:more" and "3 muuta" in items[-1].title


def test_the_demo_records_the_seed_figures_only(app):
    assert [(e["jobs"], e["kind"]) for e in ENTRIES] == [
        (486, JobKind.PLANNED),
        (226, JobKind.REALISED),
        (86, JobKind.REALISED),
    ]
    for demo_entry in ENTRIES[1:]:
        assert "TOTEUTUNUT 2/2024 MENNESSÄ 226 + 86" in demo_entry["evidence"]
        assert "Lähde ei kerro" in demo_entry["evidence"]
    assert "esimerkki" in ENTRIES[0]["evidence"]
    assert db.session.scalar(select(JobEntry.id)) is None
