"""The demo case's job ledger: the seed's figures on the Kemi job target, and the benchmark's ledger rows."""

from sqlalchemy import func, select

from arm.core.bench import fill
from arm.extensions import db
from arm.plans.models import Objective, ObjectiveKind
from arm.progress import queries
from arm.progress.models import CompanyProject, JobEntry
from tests.conftest import sign_in_without_password
from tests.markup import page_of


def test_the_demo_counts_the_seed_figures_toward_the_kemi_job_target(app, client):
    from arm.demo import DEMO_COORDINATOR_EMAIL, load_demo_case

    case = load_demo_case("demo password 123")
    targets = queries.job_targets(case.id)
    assert len(targets) == 1
    target = targets[0]
    assert (target.objective.title, target.target) == ("1 000 uutta työpaikkaa", 1000)
    assert (target.totals.planned, target.totals.realised, target.totals.verified) == (486, 312, 0)
    entries = db.session.scalars(select(JobEntry).where(JobEntry.case_id == case.id).order_by(JobEntry.id)).all()
    assert [(entry.jobs, entry.dated_on.isoformat()) for entry in entries] == [
        (486, "2024-02-29"),
        (226, "2024-02-29"),
        (86, "2024-02-29"),
    ]
    # No company project is invented: the seed names none of the 56 with figures.
    assert db.session.scalar(select(func.count(CompanyProject.id))) == 0
    from arm.auth.models import User

    coordinator = db.session.scalar(select(User).where(User.email == DEMO_COORDINATOR_EMAIL))
    sign_in_without_password(client, coordinator)
    page = page_of(client.get(f"/cases/{case.id}/jobs"))
    assert "TOTEUTUNUT 2/2024 MENNESSÄ 226 + 86" in page.text
    assert page.find("figure", class_="chart")


def _quiet(_label, _total):
    return lambda _n: None


def test_bench_data_gives_every_case_a_job_target_and_a_ledger(app):
    context = fill(0.01, _quiet)
    cases = context.counts["arm_case"]
    assert (
        db.session.scalar(select(func.count(Objective.id)).where(Objective.kind == ObjectiveKind.JOB_TARGET)) == cases
    )
    assert context.counts["job_entry"] >= 24 * (cases - 1)
    assert context.counts["company_project"] >= 1 and context.counts["development_grant"] >= 1
    orphans = db.session.scalar(
        select(func.count(JobEntry.id))
        .outerjoin(Objective, Objective.id == JobEntry.objective_id)
        .where(Objective.id.is_(None))
    )
    assert orphans == 0
