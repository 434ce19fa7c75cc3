"""Edits of an item go through the three-way merge: different fields are both kept, the same field is a
choice, and two people saving at once (each in a thread of its own) never get a 500 nor lose a save."""

import json
import threading

from sqlalchemy import select

from arm.comms.models import CommsChannel, CommsItem
from arm.extensions import db
from tests.comms.conftest import item_form
from tests.conftest import sign_in
from tests.markup import field_value, page_of


def _new_item(client, people) -> CommsItem:
    sign_in(client, people.editor)
    assert client.post(f"/cases/{people.case.id}/comms/new", data=item_form(people)).status_code == 302
    return db.session.scalar(select(CommsItem))


def _loaded_form(client, url) -> dict:
    """What the edit page would send back untouched: the values it shows, its version and its base."""
    page = page_of(client.get(url))
    loaded = page.find("input", name="loaded").attrs["value"]
    data = {name: values for name, values in json.loads(loaded).items()}
    return {**data, "version": page.find("input", name="version").attrs["value"], "loaded": loaded}


def test_changes_to_different_fields_are_both_kept(client, people, app):
    item = _new_item(client, people)
    url = f"/cases/{people.case.id}/comms/{item.id}/edit"
    mine = _loaded_form(client, url)
    other = app.test_client()
    sign_in(other, people.coordinator)
    theirs = _loaded_form(other, url)
    assert other.post(url, data={**theirs, "channel": "INFO_SESSION"}).status_code == 302
    response = client.post(url, data={**mine, "title": "Infotilaisuus Pointissa 21.6."})
    assert response.status_code == 302
    saved = db.session.get(CommsItem, item.id)
    assert (saved.title, saved.channel) == ("Infotilaisuus Pointissa 21.6.", CommsChannel.INFO_SESSION)


def test_the_same_field_changed_by_both_is_a_choice(client, people, app):
    item = _new_item(client, people)
    url = f"/cases/{people.case.id}/comms/{item.id}/edit"
    mine = _loaded_form(client, url)
    other = app.test_client()
    sign_in(other, people.coordinator)
    assert other.post(url, data={**_loaded_form(other, url), "message": "Koordinaattorin viesti"}).status_code == 302
    response = client.post(url, data={**mine, "message": "Muokkaajan viesti"})
    assert response.status_code == 409
    page = page_of(response)
    assert field_value(page, "message") == "Muokkaajan viesti"
    assert "Koordinaattorin viesti" in page.find("fieldset", class_="merge-choice").text
    merged = {**mine, "message": "Muokkaajan viesti", "version": page.find("input", name="version").attrs["value"]}
    merged["loaded"] = page.find("input", name="loaded").attrs["value"]
    assert client.post(url, data={**merged, "merge-message": "theirs"}).status_code == 302
    assert db.session.get(CommsItem, item.id).message == "Koordinaattorin viesti"


ROUNDS = 8


def test_two_people_saving_at_once_never_fail_and_every_save_counts(client, people, app):
    item = _new_item(client, people)
    url = f"/cases/{people.case.id}/comms/{item.id}/edit"
    clients = []
    for person in (people.editor, people.coordinator):
        racer = app.test_client()
        sign_in(racer, person)
        clients.append(racer)
    statuses, errors = [], []
    start = threading.Barrier(len(clients), timeout=10)
    # The editor changes the title, the coordinator the feedback: fields of their own, so the merge keeps both.
    fields = ("title", "feedback")

    def save_many(racer, index):
        try:
            with app.app_context():
                start.wait()
                for round_ in range(ROUNDS):
                    data = _loaded_form(racer, url)
                    db.session.rollback()
                    response = racer.post(url, data={**data, fields[index]: f"{fields[index]} {index}/{round_}"})
                    statuses.append(response.status_code)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=save_many, args=(racer, i)) for i, racer in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert not errors, errors
    assert len(statuses) == len(clients) * ROUNDS
    assert set(statuses) <= {302, 409}, sorted(set(statuses))
    saved = db.session.get(CommsItem, item.id)
    # Every save answered "saved" is one new version; none refused wrote anything.
    assert saved.version == 1 + statuses.count(302)
    assert saved.title.startswith("title ") or saved.title == "Ensimmäinen infotilaisuus Pointissa"
