"""`flask arm backup` while someone writes, and `flask arm restore` into an empty instance: the copy is one
consistent moment of the database (SQLite's online backup API, pg_dump on PostgreSQL)."""

import hashlib
import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, func, insert, select, text
from sqlalchemy.engine import make_url

from arm import create_app
from arm.core.bench import fill
from arm.extensions import db
from arm.plans.models import Action, ActionStatus, ActionUpdate

WRITES = 5_000  # a bound: the writer stops as soon as the copy is made


def _digest(connection, table) -> tuple[int, str]:
    rows = connection.execute(select(table).order_by(*table.primary_key.columns)).all()
    return len(rows), hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()


def _updates_up_to(connection, highest: int) -> str:
    table = ActionUpdate.__table__
    rows = connection.execute(select(table).where(table.c.id <= highest).order_by(table.c.id)).all()
    return hashlib.sha256(repr([tuple(row) for row in rows]).encode()).hexdigest()


@pytest.fixture
def empty_instance(config_class, tmp_path):
    """A second instance with an empty database of its own (a new SQLite file, or a new PostgreSQL database)."""
    url = make_url(config_class.SQLALCHEMY_DATABASE_URI)
    if url.get_backend_name() == "sqlite":
        target = url.set(database=str(tmp_path / "restored.sqlite"))
        admin = None
    else:
        target = url.set(database=f"{url.database}_restored")
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))

    class Restored(config_class):
        SQLALCHEMY_DATABASE_URI = target.render_as_string(hide_password=False)

    app = create_app(Restored)
    yield app
    with app.app_context():
        db.engine.dispose()
    if admin is not None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        admin.dispose()


def test_a_backup_under_concurrent_writes_restores_to_one_consistent_moment(app, empty_instance, tmp_path):
    fill(0.01, lambda label, total: lambda advance: None)
    action = db.session.scalar(select(Action).order_by(Action.id).limit(1))
    author_id = db.session.scalar(select(func.min(ActionUpdate.author_id)))
    before = db.session.scalar(select(func.count(ActionUpdate.id)))
    url, stop, written = db.engine.url, threading.Event(), []

    def write() -> None:
        engine = create_engine(url)
        with engine.connect() as connection:
            for number in range(WRITES):
                if stop.is_set():
                    break
                with connection.begin():
                    connection.execute(
                        insert(ActionUpdate.__table__).values(
                            case_id=action.case_id,
                            action_id=action.id,
                            author_id=author_id,
                            at=datetime.now(UTC),
                            old_status=ActionStatus.ONGOING,
                            new_status=ActionStatus.ONGOING,
                            old_progress=number % 100,
                            new_progress=(number + 1) % 100,
                            note=f"kirjoitus {number}",
                        )
                    )
                written.append(number)
        engine.dispose()

    writer = threading.Thread(target=write)
    writer.start()
    while len(written) < 20 and writer.is_alive():
        threading.Event().wait(0.01)
    path = tmp_path / "copy.backup"
    app.test_cli_runner().invoke(args=["arm", "backup", str(path)], catch_exceptions=False)
    stop.set()
    writer.join()
    assert len(written) >= 20, "the writer wrote during the backup"

    with empty_instance.app_context():  # the CLI runs in the app context it finds
        result = empty_instance.test_cli_runner().invoke(args=["arm", "restore", str(path)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        restored = db.engine.connect()
    source = db.engine.connect()
    try:
        for table in db.metadata.sorted_tables:
            if table.name == "action_update":
                continue
            assert _digest(restored, table) == _digest(source, table), table.name
        copied = restored.execute(select(func.count()).select_from(ActionUpdate.__table__)).scalar()
        highest = restored.execute(select(func.max(ActionUpdate.id))).scalar()
        # Every update committed before the copy's moment and none after it: a prefix of the ids, row for row.
        assert before + 20 <= copied <= before + len(written)
        assert copied == highest
        assert _updates_up_to(restored, highest) == _updates_up_to(source, highest)
        if restored.dialect.name == "sqlite":
            assert restored.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        restored.close()
        source.close()


def test_restore_refuses_a_database_that_is_not_empty(app, tmp_path):
    app.test_cli_runner().invoke(args=["arm", "backup", str(tmp_path / "copy.backup")], catch_exceptions=False)
    result = app.test_cli_runner().invoke(args=["arm", "restore", str(tmp_path / "copy.backup")])
    assert result.exit_code == 1 and "not empty" in result.output


def test_restore_refuses_a_file_that_is_no_copy(empty_instance, tmp_path):
    not_a_copy = tmp_path / "notes.txt"
    not_a_copy.write_text("ei varmuuskopio")
    with empty_instance.app_context():
        result = empty_instance.test_cli_runner().invoke(args=["arm", "restore", str(not_a_copy)])
    assert result.exit_code == 1 and ("not an SQLite database" in result.output or "pg_restore failed" in result.output)
