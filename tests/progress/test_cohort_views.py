"""The cohort page through its requests: saves, sums that do not add up, identity codes, chart, merge, race."""

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from arm.extensions import db
from arm.progress.models import CohortBasis, CohortGroup, CohortSnapshot
from tests import factories
from tests.conftest import count_queries, sign_in
from tests.markup import field_error, page_of
from tests.progress.outcome_helpers import HETU, add_snapshot, bulk_snapshots, snapshot_form
from tests.races import post_at_once


@pytest.fixture
def people(case_with_network):
    return case_with_network


def _count() -> int:
    return db.session.scalar(select(func.count(CohortSnapshot.id)))


def test_editor_records_a_snapshot_and_the_page_shows_it_with_a_chart(client, people):
    sign_in(client, people.editor)
    response = client.post(f"/cases/{people.case.id}/cohort/new", data=snapshot_form())
    assert response.status_code == 302, response.get_data(as_text=True)
    snapshot = db.session.scalar(select(CohortSnapshot))
    assert (snapshot.cohort, snapshot.unemployed, snapshot.unknown, snapshot.basis) == (
        550,
        74,
        36,
        CohortBasis.STATISTICS,
    )
    page = page_of(client.get(f"/cases/{people.case.id}/cohort"))
    latest = page.find("table", **{"data-latest": "OWN"})
    assert latest.find("tr", **{"data-status": "unemployed"}).text.startswith("Työttömät 74 13,5 %")
    assert page.find("img", class_="chart-image") is not None
    assert "tarvittavat luvat" in page.by_id("cohort-privacy").text


def test_empty_statuses_count_as_none(client, people):
    sign_in(client, people.editor)
    values = snapshot_form(cohort="550", employed="", in_training="", entrepreneurs="", retired="")
    values.update(unemployed="74", moved_away="", unknown="476")
    assert client.post(f"/cases/{people.case.id}/cohort/new", data=values).status_code == 302
    assert db.session.scalar(select(CohortSnapshot.employed)) == 0


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"unknown": "26"}, "cohort", "Tilanteiden summa 540 on 10 pienempi kuin irtisanottujen määrä 550."),
        ({"unknown": "37"}, "cohort", "Tilanteiden summa 551 on 1 suurempi kuin irtisanottujen määrä 550."),
        ({"unemployed": "-1"}, "unemployed", "Määrä ei voi olla negatiivinen."),
        ({"cohort": "2000000"}, "cohort", "Määrä on liian suuri"),
        ({"employed": "paljon"}, "employed", "Anna kokonaisluku numeroina"),
        ({"cohort": ""}, "cohort", "Anna määrä kokonaislukuna."),
        (
            {
                "cohort": "0",
                "employed": "0",
                "in_training": "0",
                "entrepreneurs": "0",
                "retired": "0",
                "unemployed": "0",
                "moved_away": "0",
                "unknown": "0",
            },
            "cohort",
            "vähintään 1",
        ),
        ({"source": ""}, "source", "Kerro lukujen lähde"),
        ({"source": f"Seuranta {HETU}"}, "source", "henkilötunnuksen"),
        ({"note": f"Työtön: {HETU}"}, "note", "henkilötunnuksen"),
        ({"as_of": "2099-01-01"}, "as_of", "ei voi olla tulevaisuudessa"),
        ({"cohort_group": "FAMILY"}, "cohort_group", "Valitse jokin annetuista vaihtoehdoista."),
        ({"basis": ""}, "basis", "Valitse jokin annetuista vaihtoehdoista."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_the_text_kept(client, people, values, field, message):
    sign_in(client, people.editor)
    response = client.post(f"/cases/{people.case.id}/cohort/new", data=snapshot_form(**values))
    assert response.status_code == 422
    page = page_of(response)
    assert message in field_error(page, field)
    assert page.find(name="employed").attrs.get("value") == values.get("employed", "300")
    assert _count() == 0


def test_the_summary_says_by_how_much_the_statuses_differ(client, people):
    sign_in(client, people.editor)
    response = client.post(f"/cases/{people.case.id}/cohort/new", data=snapshot_form(unknown="0"))
    assert response.status_code == 422
    summary = page_of(response).find("div", class_="error-summary").text
    assert "Tilanteiden summa 514 on 36 pienempi kuin irtisanottujen määrä 550." in summary
    assert "Tilanne ei tiedossa" in summary


def test_the_database_refuses_a_sum_that_does_not_add_up_too(people):
    from sqlalchemy.exc import IntegrityError

    db.session.add(
        CohortSnapshot(
            case_id=people.case.id,
            as_of=date(2024, 1, 1),
            cohort_group=CohortGroup.OWN,
            cohort=10,
            unemployed=5,
            basis=CohortBasis.ESTIMATE,
            source="x",
        )
    )
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_no_field_takes_a_name_or_identity_number():
    from arm.progress.forms import CohortSnapshotForm

    names = {name for name in CohortSnapshotForm.__dict__ if not name.startswith("_")}
    assert not names & {"name", "person", "hetu", "identity_code", "first_name", "last_name"}


def test_a_snapshot_of_another_case_is_not_found(app, client, people):
    other = add_snapshot(factories.CaseFactory())
    sign_in(client, people.coordinator)
    base = f"/cases/{people.case.id}/cohort/{other.id}"
    assert client.get(base + "/edit").status_code == 404
    assert client.post(base + "/edit", data=snapshot_form(version="1")).status_code == 404
    assert client.post(base + "/delete").status_code == 404
    outsider = app.test_client()
    sign_in(outsider, people.outsider)
    assert outsider.get(f"/cases/{people.case.id}/cohort").status_code == 404
    assert _count() == 1


def test_latest_per_group_and_change_from_the_previous(client, people):
    add_snapshot(people.case, as_of=date(2023, 5, 31), unemployed=120, unknown=0, employed=290)
    add_snapshot(people.case, as_of=date(2024, 5, 31))
    add_snapshot(
        people.case,
        cohort_group=CohortGroup.SUBCONTRACTORS,
        cohort=950,
        employed=0,
        in_training=0,
        entrepreneurs=0,
        retired=0,
        unemployed=0,
        moved_away=0,
        unknown=950,
        basis=CohortBasis.ESTIMATE,
    )
    sign_in(client, people.observer)
    page = page_of(client.get(f"/cases/{people.case.id}/cohort"))
    own = page.find("table", **{"data-latest": "OWN"})
    assert own.find("tr", **{"data-status": "unemployed"}).text.endswith("-46")
    assert own.find("tr", **{"data-status": "employed"}).text.endswith("+10")
    subcontractors = page.find("table", **{"data-latest": "SUBCONTRACTORS"})
    assert subcontractors.find("tr", **{"data-status": "unknown"}).text == "Tilanne ei tiedossa 950 100 % –"
    assert len(page.find_all("img", class_="chart-image")) == 2


def test_edit_merge_and_delete(client, people):
    snapshot = add_snapshot(people.case)
    edit = f"/cases/{people.case.id}/cohort/{snapshot.id}/edit"
    sign_in(client, people.editor)
    loaded = page_of(client.get(edit)).find(name="loaded").attrs["value"]
    base = snapshot_form(note="", version="1", loaded=loaded)
    assert client.post(edit, data={**base, "unemployed": "70", "unknown": "40"}).status_code == 302
    assert client.post(edit, data={**base, "note": "Tarkistettu"}).status_code == 302  # on the old version
    saved = db.session.get(CohortSnapshot, snapshot.id)
    assert (saved.unemployed, saved.unknown, saved.note) == (70, 40, "Tarkistettu")
    response = client.post(edit, data={**base, "unemployed": "60", "unknown": "50"})
    assert response.status_code == 409
    assert "Irtisanottujen tilannetta muutettiin samaan aikaan" in response.get_data(as_text=True)
    assert client.post(f"/cases/{people.case.id}/cohort/{snapshot.id}/delete").status_code == 302
    assert _count() == 0


def test_two_threads_saving_the_same_snapshot_at_once(app, people):
    snapshot = add_snapshot(people.case)
    edit = f"/cases/{people.case.id}/cohort/{snapshot.id}/edit"
    loaded = json.dumps({"unemployed": ["74"], "unknown": ["36"]})
    clients = []
    for person in (people.editor, people.coordinator):
        client = app.test_client()
        sign_in(client, person)
        clients.append(client)

    def save(client, index):
        values = snapshot_form(unemployed=str(70 - index), unknown=str(40 + index), version="1", loaded=loaded)
        return client.post(edit, data=values)

    statuses = post_at_once(app, clients, save, rounds=5)
    assert set(statuses) <= {302, 409}, statuses
    assert 302 in statuses
    db.session.expire_all()
    saved = db.session.get(CohortSnapshot, snapshot.id)
    assert saved.unemployed + saved.unknown == 110  # whichever won, the row still adds up


def test_the_statement_count_does_not_grow_with_rows(app, client, people):
    sign_in(client, people.observer)
    counts = []
    for rows, first_year in ((4, 2000), (200, 2010)):
        bulk_snapshots(people.case, rows, first_year)
        with count_queries(app) as statements:
            assert client.get(f"/cases/{people.case.id}/cohort").status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1], counts


def test_a_group_has_one_snapshot_a_day(client, people):
    existing = add_snapshot(people.case)
    add_snapshot(people.case, cohort_group=CohortGroup.SUBCONTRACTORS, as_of=date(2024, 4, 30))
    sign_in(client, people.editor)
    response = client.post(f"/cases/{people.case.id}/cohort/new", data=snapshot_form())
    assert response.status_code == 422
    assert "Ryhmälle on jo kirjattu tilanne tälle päivälle" in field_error(page_of(response), "as_of")
    other_group = snapshot_form(cohort_group="SUBCONTRACTORS")
    assert client.post(f"/cases/{people.case.id}/cohort/new", data=other_group).status_code == 302
    edit = f"/cases/{people.case.id}/cohort/{existing.id}/edit"
    loaded = page_of(client.get(edit)).find(name="loaded").attrs["value"]
    assert client.post(edit, data=snapshot_form(version="1", loaded=loaded, note="Sama päivä")).status_code == 302


def test_two_coordinators_recording_the_same_day_at_once_make_one_snapshot(app, people):
    """The service's check and the database's unique key: one row, and the other save back with its message."""
    clients = []
    for person in (people.editor, people.coordinator):
        client = app.test_client()
        sign_in(client, person)
        clients.append(client)

    def save(client, index):
        return client.post(f"/cases/{people.case.id}/cohort/new", data=snapshot_form(note=f"Tallennus {index}"))

    statuses = post_at_once(app, clients, save)
    assert sorted(statuses) == [302, 422], statuses
    db.session.expire_all()
    count = db.session.scalar(
        select(func.count()).select_from(CohortSnapshot).where(CohortSnapshot.case_id == people.case.id)
    )
    assert count == 1
