"""Fixtures: a fresh database per test (SQLite by default, PostgreSQL with ARM_TEST_DATABASE_URL)."""

import copy
import os
from contextlib import contextmanager

import pytest
from flask import session as flask_session
from flask.testing import FlaskClient
from flask_login import login_user
from freezegun import freeze_time
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import make_url

import arm.models  # noqa: F401 (every table's module, loaded before a test freezes the clock: see below)
from arm import create_app
from arm.auth.sessions import start_session
from arm.extensions import db
from config import TestConfig, normalise_database_url
from tests import factories
from tests.factories import PASSWORD

if os.environ.get("ARM_TEST_DATABASE_URL"):
    # Loaded before any test freezes the clock: psycopg's C extension checks the size of datetime.date on
    # import and fails under freezegun's stand-in when a module's first PostgreSQL connection is its own.
    import psycopg  # noqa: F401
# A model module first imported under freezegun would annotate its dates with freezegun's stand-in, which
# SQLAlchemy cannot map; `arm.models` above loads them all first.


@pytest.fixture(scope="module", autouse=True)
def _frozen_now():
    """Every test starts on the same day whatever the real date: time starts at `factories.NOW` and runs on.

    Per module, because starting freezegun walks every loaded module. The browser tests override this
    fixture: their live server runs in another thread on the real clock.
    """
    # pytest's own clock (test durations) and xdist's stay real.
    with freeze_time(factories.NOW, tick=True, ignore=["_pytest", "xdist"]):
        yield


class RequestPerContextClient(FlaskClient):
    """Each request gets its own app context (own `g`, own database session), as on a real server.

    The test's own session is expired afterwards so that it reads what the request wrote.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        db.session.expire_all()
        return response


@pytest.fixture(scope="session")
def database_url(tmp_path_factory, worker_id):
    """SQLite in the session's temporary folder, or a PostgreSQL database of its own per xdist worker."""
    if not (url := os.environ.get("ARM_TEST_DATABASE_URL")):
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    url = make_url(normalise_database_url(url))
    if worker_id == "master":
        return url.render_as_string(hide_password=False)
    worker_url = url.set(database=f"{url.database}_{worker_id}")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{worker_url.database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{worker_url.database}"'))
    admin.dispose()
    return worker_url.render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def config_class(database_url):
    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = database_url

    return Config


@pytest.fixture(scope="session")
def _schema(config_class):
    app = create_app(config_class)
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _test_app(config_class):
    app = create_app(config_class)
    app.test_client_class = RequestPerContextClient
    return app


@pytest.fixture(scope="session")
def _shared_app(config_class, _schema):
    """One app per test worker: building one (compiling its thousand URL rules) took more of a test's time
    than most tests. Each test gets back the configuration the app started with and an empty outbox."""
    app = _test_app(config_class)
    return app, copy.deepcopy(dict(app.config))


@pytest.fixture
def app(request, config_class, _shared_app):
    """The app, in an app context of the test's own; rows are deleted after the test.

    A test that adds routes or other setup of its own marks itself `fresh_app` and gets an app of its own
    (Flask refuses setup on an app that has served a request)."""
    shared, starting_config = _shared_app
    fresh = request.node.get_closest_marker("fresh_app") is not None
    app = _test_app(config_class) if fresh else shared
    app.extensions.pop("arm_outbox", None)
    with app.app_context():
        yield app
        db.session.remove()
        delete_all_rows()
        db.engine.dispose()
    if not fresh:
        app.config.clear()
        app.config.update(copy.deepcopy(starting_config))


def delete_all_rows() -> None:
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


def take_snapshot() -> dict:
    """Every row of every table, to put back with `restore_snapshot` (for data built once per module)."""
    with db.engine.connect() as connection:
        return {
            table.name: [dict(row) for row in connection.execute(table.select()).mappings()]
            for table in db.metadata.sorted_tables
        }


def restore_snapshot(snapshot: dict) -> None:
    """Replace whatever the tables hold with the snapshot's rows, primary keys included, in one transaction.

    Core statements: the audit hook, which listens to the ORM session, records nothing.
    """
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())
        for table in db.metadata.sorted_tables:
            if rows := snapshot[table.name]:
                connection.execute(table.insert(), rows)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def outbox(app):
    return app.extensions.setdefault("arm_outbox", [])


def sign_in(client, user, password=PASSWORD):
    response = client.post("/login", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def sign_in_without_password(client, user):
    """Put `user` in the client's session as Flask-Login's `login_user` does, skipping /login and its hash check.

    `login_user` runs in a request context built from the client's own environ, so that the session
    identifier that strong session protection checks (address and user agent) is the one the client sends.
    For tests that are about something other than signing in; `sign_in` goes through the real page.
    """
    with client.application.test_request_context(environ_base=client.environ_base):
        start_session(user)  # a sign-in the user loader accepts (arm/auth/sessions.py)
        db.session.commit()
        assert login_user(user), user
        signed_in = dict(flask_session)
    with client.session_transaction() as session:
        session.clear()
        session.update(signed_in)


def invitation_path(mail) -> str:
    """The path of the set-password link in an invitation e-mail."""
    link = next(line for line in mail.text.splitlines() if "/invitation/" in line)
    return link[link.index("/invitation/") :].strip()


def accept_by_setting_password(client, mail, password: str = "uusi salasana 123"):
    """A new account accepts its invitation as people do: the e-mailed link, a password (then signed in)."""
    client.post("/logout")
    response = client.post(invitation_path(mail), data={"password": password, "password_again": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


@pytest.fixture
def login(client):
    def do(user):
        return sign_in(client, user)

    return do


@contextmanager
def count_queries(app):
    """Count the SQL statements issued inside the block."""
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def case_with_network(app):
    """A case with a coordinator, an editor, a member, an observer and an outsider."""
    return factories.case_with_people()
