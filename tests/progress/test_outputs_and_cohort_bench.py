"""The outputs' and the cohort's benchmark rows arrive at the bench scale and their pages open."""

from sqlalchemy import select

from arm.auth.models import User
from arm.cases.bench import BENCH_COORDINATOR, BENCH_PASSWORD
from arm.core.bench import fill
from arm.extensions import db
from arm.progress.outcome_bench import OUTPUTS_IN_BIG_CASE, SNAPSHOT_MONTHS
from tests.conftest import sign_in


def test_bench_rows_and_pages(app, client):
    context = fill(0.01, lambda label, total: lambda advance: None)
    cases = context.counts["arm_case"]
    assert context.counts["output_entry"] >= OUTPUTS_IN_BIG_CASE
    assert context.counts["cohort_snapshot"] == cases * 2 * SNAPSHOT_MONTHS
    db.session.commit()
    coordinator = db.session.scalar(select(User).where(User.email == BENCH_COORDINATOR))
    sign_in(client, coordinator, BENCH_PASSWORD)
    big = next(case for case in context.cases if case.is_big)
    for path in ("outputs", "outputs?kind=EVENT_PARTICIPANTS&page=2", "cohort"):
        assert client.get(f"/cases/{big.id}/{path}").status_code == 200, path
