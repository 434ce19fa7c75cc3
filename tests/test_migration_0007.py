"""Migration 0007 moves the STATE_FUNDING actions of a live database into funding requests, with their history.

The database is built at revision 0006 with plain SQL (the models describe the schema after 0007), on
SQLite or on the PostgreSQL that ARM_TEST_DATABASE_URL names.
"""

import json
from datetime import UTC, date, datetime

import flask_migrate
import pytest
import sqlalchemy as sa

from arm import create_app
from arm.extensions import db
from arm.plans.models import FundingRequest, FundingRequestStatus
from config import TestConfig
from tests.test_migrations import empty_database_url  # noqa: F401 - the fixture

BEFORE, AFTER = "0006_grant_decision", "0007_funding_requests"
AT = datetime(2021, 3, 1, 9, 0, tzinfo=UTC)


def _filler(column):
    """A value for a required column the test does not care about."""
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.DateTime):
        return AT
    if isinstance(kind, sa.Date):
        return date(2021, 3, 1)
    if isinstance(kind, (sa.Integer, sa.Numeric)):
        return 0
    if isinstance(kind, sa.JSON):
        return {}
    return ""


def _insert(connection, table_name: str, **values) -> int:
    table = sa.Table(table_name, sa.MetaData(), autoload_with=connection)
    for column in table.columns:
        if (
            column.name not in values
            and not column.nullable
            and not column.primary_key
            and column.server_default is None
        ):
            values[column.name] = _filler(column)
    return connection.execute(table.insert().values(**values)).inserted_primary_key[0]


def _action(connection, case_id, title, category, status, *, budget=None, funders=""):
    return _insert(
        connection,
        "action",
        case_id=case_id,
        title=title,
        description=f"{title}: kuvaus",
        category=category,
        horizon="MEDIUM",
        status=status,
        progress=40,
        target_group="WHOLE_REGION",
        budget=budget,
        funding_sources=funders,
        version=1,
    )


def _build_at_0006(connection) -> dict:
    user = _insert(
        connection, "user_account", email="koordinaattori@example.fi", name="Kaisa Koordinaattori", locale="fi"
    )
    case = _insert(connection, "arm_case", title="Kemi", slug="kemi")
    kept = _action(connection, case, "Rekrytointimessut", "RE_EMPLOYMENT", "ONGOING", budget=1_000_000)
    moved = _action(
        connection,
        case,
        "Ehdotus valtion rahoituksesta",
        "STATE_FUNDING",
        "ONGOING",
        budget=125_000_050,
        funders="TEM_ARM,OKM",
    )
    planned = _action(connection, case, "Toinen ehdotus", "STATE_FUNDING", "PLANNED")
    project = _insert(connection, "project", case_id=case, name="Satamahanke")
    _insert(connection, "project_action", case_id=case, project_id=project, action_id=moved)
    _insert(connection, "action_follower", action_id=moved, user_id=user)
    for day, note in ((2, "Valmisteltu maakunnan kanssa."), (9, "Jätetty ministeriöön.")):
        _insert(
            connection,
            "action_update",
            case_id=case,
            action_id=moved,
            author_id=user,
            at=datetime(2021, 3, day, 12, tzinfo=UTC),
            old_status="PLANNED",
            new_status="ONGOING",
            old_progress=0,
            new_progress=40,
            note=note,
        )
    for target, label in ((moved, "Ehdotus valtion rahoituksesta"), (kept, "Rekrytointimessut")):
        _insert(
            connection,
            "audit_event",
            case_id=case,
            actor_id=user,
            at=AT,
            entity="Action",
            entity_id=target,
            label=label,
            action="create",
            changes={"title": [None, label], "category": [None, "state_funding"]},
        )
    return {"case": case, "kept": kept, "moved": moved, "planned": planned, "user": user}


def _events(connection, entity, entity_id):
    return connection.execute(
        sa.text("SELECT action, actor_id, changes FROM audit_event WHERE entity = :e AND entity_id = :i ORDER BY id"),
        {"e": entity, "i": entity_id},
    ).all()


@pytest.fixture
def migration_app(empty_database_url):  # noqa: F811 - the fixture imported above
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Config)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_state_funding_actions_become_requests_with_their_history(migration_app, capfd):
    flask_migrate.upgrade(revision=BEFORE)
    with db.engine.begin() as connection:
        ids = _build_at_0006(connection)
    flask_migrate.upgrade(revision=AFTER)

    requests = {r.title: r for r in db.session.scalars(sa.select(FundingRequest))}
    assert set(requests) == {"Ehdotus valtion rahoituksesta", "Toinen ehdotus"}
    moved, planned = requests["Ehdotus valtion rahoituksesta"], requests["Toinen ehdotus"]
    assert moved.case_id == ids["case"] and moved.description == "Ehdotus valtion rahoituksesta: kuvaus"
    assert str(moved.amount_asked) == "1250000.50" and moved.amount_granted is None and moved.decided_on is None
    assert moved.status is FundingRequestStatus.SUBMITTED and moved.funder.name == "TEM_ARM"
    assert planned.status is FundingRequestStatus.DRAFTED and planned.amount_asked is None and planned.funder is None
    # The updates' notes, dated and by their author, and what the action was.
    assert "2021-03-02, Kaisa Koordinaattori: Käynnissä, 40 % – Valmisteltu maakunnan kanssa." in moved.notes
    assert "2021-03-09, Kaisa Koordinaattori: Käynnissä, 40 % – Jätetty ministeriöön." in moved.notes
    assert moved.notes.index("Valmisteltu") < moved.notes.index("Jätetty")
    assert f"toimenpiteestä #{ids['moved']}" in moved.notes and "Satamahanke" in moved.notes
    assert "TEM_ARM, OKM" in moved.notes

    with db.engine.connect() as connection:
        # The action's own events now belong to the request, and one more records the move.
        events = _events(connection, "FundingRequest", moved.id)
        assert [(e.action, e.actor_id) for e in events] == [("create", ids["user"]), ("update", None)]
        changes = events[1].changes
        changes = json.loads(changes) if isinstance(changes, str) else changes  # SQLite gives the text
        assert changes["category"] == ["state_funding", None] and changes["status"] == ["ongoing", "submitted"]
        assert _events(connection, "Action", ids["moved"]) == []
        assert len(_events(connection, "Action", ids["kept"])) == 1  # other actions keep theirs
        remaining = connection.execute(sa.text("SELECT id, category FROM action")).all()
        assert remaining == [(ids["kept"], "RE_EMPLOYMENT")]
        for table in ("action_update", "action_follower", "project_action"):
            assert connection.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar() == 0, table

    # Requests cannot become actions again: the downgrade is refused, and nothing is lost.
    db.session.remove()
    with pytest.raises(SystemExit):  # flask_migrate logs the migration's error and exits
        flask_migrate.downgrade(revision=BEFORE)
    assert "cannot be downgraded while funding requests exist" in "".join(capfd.readouterr())
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT COUNT(*) FROM funding_request")).scalar() == 2
    with db.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM funding_request"))
    flask_migrate.downgrade(revision=BEFORE)
    assert "funding_request" not in sa.inspect(db.engine).get_table_names()


def test_a_database_without_state_funding_actions_upgrades_and_downgrades(migration_app):
    flask_migrate.upgrade(revision=BEFORE)
    flask_migrate.upgrade(revision=AFTER)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(FundingRequest)) == 0
    db.session.remove()  # PostgreSQL: the session's open transaction would hold the table the downgrade drops
    flask_migrate.downgrade(revision=BEFORE)
    assert "funding_request" not in sa.inspect(db.engine).get_table_names()
