"""Three people updating one action's progress at the same moment, over and over: never a 500.

Against the real database file (SQLite in WAL mode; PostgreSQL with ARM_TEST_DATABASE_URL), each
request in a thread of its own with its own session, as two browsers are.
"""

import json
import os
import sqlite3
import threading

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm.exc import StaleDataError

from arm.extensions import db
from arm.plans import services as plan_services
from arm.plans.models import Action, ActionUpdate
from tests.conftest import sign_in
from tests.plans.conftest import build_plan_case

# Posts per person; RACE_ROUNDS=300 for a longer hunt.
ROUNDS = int(os.environ.get("RACE_ROUNDS", "40"))


def test_progress_posts_racing_on_the_version_never_fail(app):
    people = build_plan_case()
    action = people.own_action  # the member updates it, as the editor and coordinator may
    url = f"/cases/{people.case.id}/actions/{action.id}/progress"
    clients = []
    for person in (people.editor, people.coordinator, people.member):
        client = app.test_client()
        sign_in(client, person)
        clients.append(client)
    statuses, errors = [], []
    start = threading.Barrier(len(clients), timeout=10)

    def post_many(client, index):
        try:
            with app.app_context():
                start.wait()
                for round_ in range(ROUNDS):
                    version, status, progress = db.session.execute(
                        select(Action.version, Action.status, Action.progress).where(Action.id == action.id)
                    ).one()
                    db.session.rollback()  # the request reads and writes on a session of its own
                    response = client.post(
                        url,
                        data={
                            "status": "ONGOING",
                            "progress": str((round_ + index) % 3 * 10),
                            "note": f"{index}/{round_}",
                            "version": str(version),
                            # what the form showed, as the page sends it: the base of the three-way merge
                            "loaded": json.dumps({"status": [status.name], "progress": [str(progress)]}),
                        },
                    )
                    statuses.append(response.status_code)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=post_many, args=(client, i)) for i, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert not errors, errors
    assert len(statuses) == len(clients) * ROUNDS
    assert set(statuses) <= {302, 409}, sorted(set(statuses))
    # Every post that was answered "saved" is on the timeline once; none that was refused is.
    updates = db.session.scalar(
        select(func.count()).select_from(ActionUpdate).where(ActionUpdate.action_id == action.id)
    )
    assert updates == statuses.count(302)


def _progress_post(client, action, **fields):
    data = {
        "status": action.status.name,
        "progress": str(action.progress),
        "note": "Tilanne ennallaan",
        "version": str(action.version),
        "loaded": json.dumps({"status": [action.status.name], "progress": [str(action.progress)]}),
    }
    data.update(fields)
    return client.post(f"/cases/{action.case_id}/actions/{action.id}/progress", data=data)


CHANGED_MEANWHILE = "Tietoja muutettiin samaan aikaan toisaalla"


@pytest.mark.parametrize(
    "refusal",
    [
        OperationalError("UPDATE actions", {}, sqlite3.OperationalError("database is locked")),
        OperationalError("UPDATE actions", {}, type("DeadlockDetected", (Exception,), {"sqlstate": "40P01"})()),
        OperationalError("UPDATE actions", {}, type("SerializationFailure", (Exception,), {"sqlstate": "40001"})()),
    ],
    ids=["sqlite-locked", "postgresql-deadlock", "postgresql-serialization"],
)
def test_a_write_the_database_refuses_for_a_concurrent_one_is_a_conflict(app, client, monkeypatch, refusal):
    people = build_plan_case()
    action = people.own_action
    sign_in(client, people.member)

    def busy(*args, **kwargs):
        raise refusal

    monkeypatch.setattr(plan_services, "record_progress", busy)
    response = _progress_post(client, action, progress="50")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert CHANGED_MEANWHILE in page
    assert 'value="50"' in page  # the input is kept


def test_other_database_errors_are_not_taken_for_a_conflict(app, client, monkeypatch):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    people = build_plan_case()
    sign_in(client, people.member)

    def broken(*args, **kwargs):
        raise OperationalError("UPDATE actions", {}, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(plan_services, "record_progress", broken)
    assert _progress_post(client, people.own_action, progress="50").status_code == 500


def test_a_save_that_loses_the_race_twice_says_so(app, client, monkeypatch):
    """Merged once after a lost race and lost again: the page says what happened (409), not a silent form."""
    people = build_plan_case()
    action = people.own_action
    sign_in(client, people.member)
    calls = []

    def always_stale(*args, **kwargs):
        calls.append(1)
        raise StaleDataError("UPDATE statement on table 'actions' expected to update 1 row(s); 0 were matched.")

    monkeypatch.setattr(plan_services, "record_progress", always_stale)
    response = _progress_post(client, action)
    assert len(calls) == 2
    assert response.status_code == 409
    assert CHANGED_MEANWHILE in response.get_data(as_text=True)
