"""`flask arm bench-data` at a small scale: the rows arrive, they are the same every time, and the big
case's pages open for the benchmark's accounts (the smoke version of the benchmark)."""

from sqlalchemy import func, select

from arm.auth.models import User
from arm.cases.bench import BENCH_COORDINATOR, BENCH_MEMBER, BENCH_PASSWORD
from arm.cases.models import Membership
from arm.core.bench import fill
from arm.core.models import AuditEvent
from arm.extensions import db
from arm.plans.models import Action, ActionUpdate
from tests.conftest import delete_all_rows, sign_in

SCALE = 0.01


def _quiet(label, total):
    return lambda advance: None


def _fingerprint() -> tuple:
    return (
        tuple(db.session.scalars(select(Action.title).order_by(Action.id))),
        db.session.scalar(select(func.sum(ActionUpdate.new_progress))),
        db.session.scalar(select(func.count(AuditEvent.id))),
    )


def test_bench_data_fills_every_part_the_same_way_every_time(app):
    context = fill(SCALE, _quiet)
    assert context.counts["arm_case"] == 1
    assert context.counts["user_account"] == 30
    assert context.counts["action"] == 20
    assert context.counts["action_update"] == 1_000
    assert context.counts["audit_event"] == 20_000
    assert context.counts["project_grant"] == 3 * context.counts["project"]
    assert context.counts["support_service"] == 5
    assert context.counts["comms_item"] == 20
    assert context.counts["risk"] == 20
    assert context.counts["risk_assessment"] == 60
    assert context.counts["meeting"] == 12
    assert context.counts["agenda_item"] == 12 * 14
    first = _fingerprint()
    delete_all_rows()
    fill(SCALE, _quiet)
    assert _fingerprint() == first


def test_the_big_case_opens_for_the_benchmark_accounts(app, client):
    fill(SCALE, _quiet)
    case_id = db.session.scalar(select(Action.case_id).limit(1))
    sign_in(client, db.session.scalar(select(User).where(User.email == BENCH_COORDINATOR)), BENCH_PASSWORD)
    for path in (
        "",
        "/network",
        "/plan",
        "/risks",
        "/comms",
        "/comms/calendar",
        "/history",
        "/history?page=2",
        "/meetings",
    ):
        assert client.get(f"/cases/{case_id}{path}").status_code == 200, path
    client.post("/logout")
    member = db.session.scalar(select(User).where(User.email == BENCH_MEMBER))
    owned = db.session.scalars(
        select(Action.title).join(Membership, Membership.id == Action.owner_id).where(Membership.user_id == member.id)
    ).all()
    assert len(owned) >= 2  # one action in ten of the big case, and some drawn at random
    sign_in(client, member, BENCH_PASSWORD)
    page = client.get(f"/cases/{case_id}/my-actions").get_data(as_text=True)
    assert all(title in page for title in owned)
