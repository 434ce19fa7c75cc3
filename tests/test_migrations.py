"""The Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import os

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from arm import create_app
from arm.extensions import db
from config import TestConfig, normalise_database_url


@pytest.fixture
def empty_database_url(tmp_path):
    if not os.environ.get("ARM_TEST_DATABASE_URL"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    server_url = make_url(normalise_database_url(os.environ["ARM_TEST_DATABASE_URL"]))
    # One database per xdist worker: two migration tests on two workers must not share (or race to create) it.
    name = f"{server_url.database}_migrations_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield server_url.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_upgrade_matches_models_and_downgrade_empties(empty_database_url):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Config)
    with app.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            assert compare_metadata(context, db.metadata) == []
        flask_migrate.downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()


def test_case_phase_and_action_horizon_take_new_members_without_a_migration(empty_database_url):
    """Enums are plain strings without a CHECK constraint, so a new member (HANDOVER) needs no migration."""

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Config)
    with app.app_context():
        flask_migrate.upgrade()
        inspector = inspect(db.engine)
        assert inspector.get_check_constraints("arm_case") == []
        assert not [c for c in inspector.get_check_constraints("action") if "horizon" in c["sqltext"].lower()]
        phase = next(column for column in inspector.get_columns("arm_case") if column["name"] == "phase")
        assert phase["type"].length == 30 >= len("HANDOVER")
        flask_migrate.downgrade(revision="base")
        db.engine.dispose()


def test_0011_marks_every_existing_membership_accepted(empty_database_url):
    """People who joined before invitations asked for consent stay members: their memberships are accepted."""
    from datetime import UTC, datetime

    from tests.test_migration_0007 import _insert

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    joined = datetime(2021, 5, 3, 8, 0, tzinfo=UTC)
    app = create_app(Config)
    with app.app_context():
        flask_migrate.upgrade(revision="0009_support_services")
        with db.engine.begin() as connection:
            user = _insert(connection, "user_account", email="jasen@example.fi", name="Jäsen", locale="fi")
            case = _insert(connection, "arm_case", title="Kemi", slug="kemi")
            organisation = _insert(connection, "organisation", name="Kemin kaupunki", type="MUNICIPALITY")
            for access in ("COORDINATOR", "OBSERVER"):
                membership = _insert(
                    connection,
                    "membership",
                    case_id=case,
                    user_id=user,
                    organisation_id=organisation,
                    access=access,
                    created_at=joined,
                )
            # Rows referring to the memberships and the account, which a table rebuild must keep.
            _insert(connection, "role_assignment", membership_id=membership, role="COORDINATOR")
        flask_migrate.upgrade(revision="0011_invitation_consent")
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT accepted_at, declined_at, invited_name, invited_by_id FROM membership")
            ).all()
        assert len(rows) == 2
        for accepted_at, declined_at, invited_name, invited_by_id in rows:
            assert accepted_at is not None and declined_at is None and invited_by_id is None
            assert invited_name == ""
        flask_migrate.downgrade(revision="0009_support_services")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM membership")).scalar() == 2
            assert connection.execute(text("SELECT count(*) FROM role_assignment")).scalar() == 1
        db.engine.dispose()
