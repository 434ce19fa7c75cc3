"""Meetings through their pages: a meeting from its form to its approved minutes, refusals with the input
kept, permissions by scope, guests, the backlog and templates."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from arm.cases.models import Membership
from arm.extensions import db
from arm.meetings.models import AgendaItem, Attendance, Decision, ItemKind, Meeting, MeetingGuest, Outcome
from arm.plans.models import Action, ActionStatus, SubgroupMember
from tests import factories
from tests.conftest import sign_in_without_password as sign_in
from tests.markup import field_error, field_value, page_of
from tests.races import post_at_once


@pytest.fixture
def people(case_with_network):
    return case_with_network


def membership_of(people, user) -> Membership:
    return db.session.scalar(
        select(Membership).where(Membership.case_id == people.case.id, Membership.user_id == user.id)
    )


def meeting_form(**values) -> dict:
    data = {
        "title": "ÄRM-työryhmän viikkopalaveri",
        "subgroup_id": "",
        "date": "2026-06-22",
        "start_time": "13.00",
        "end_time": "14.30",
        "recurrence": "ONCE",
        "last_on": "",
        "template_id": "",
        "place": "Kaupungintalo",
        "video_link": "",
        "chair_id": "",
        "secretary_id": "",
    }
    data.update(values)
    return data


def base(people) -> str:
    return f"/cases/{people.case.id}/meetings"


def test_a_coordinator_runs_a_meeting_from_its_form_to_approved_minutes(client, people):
    sign_in(client, people.coordinator)
    chair = membership_of(people, people.editor)
    response = client.post(f"{base(people)}/new", data=meeting_form(chair_id=str(chair.id), recurrence="WEEKLY"))
    assert response.status_code == 302, response.get_data(as_text=True)
    meeting = db.session.scalar(select(Meeting))
    assert meeting.chair_id == chair.id and meeting.series_id is not None
    page = page_of(client.get(f"{base(people)}/{meeting.id}"))
    assert "Kokouksen avaus" in page.text and "maanantaina 22.6.2026 klo 13.00–14.30" in page.text

    assert client.post(f"{base(people)}/{meeting.id}/draft").status_code == 302
    response = client.post(
        f"{base(people)}/{meeting.id}/items", data={"item-title": "Messujen valmistelu", "item-duration_minutes": "20"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.title == "Messujen valmistelu"))
    assert item.kind is ItemKind.MANUAL

    edit = f"{base(people)}/{meeting.id}/items/{item.id}/edit"
    loaded = page_of(client.get(edit))
    form = {
        name: field_value(loaded, name) or ""
        for name in ("version", "loaded", "title", "description", "duration_minutes")
    }
    form.update({"minutes": "Messut pidetään **syyskuussa**.", "outcome": "NOTED", "presenter_id": ""})
    assert client.post(edit, data=form).status_code == 302
    owner = membership_of(people, people.member)
    response = client.post(
        f"{base(people)}/{meeting.id}/items/{item.id}/decisions",
        data={
            "text": "Järjestetään rekrytointimessut.",
            "create_action": "y",
            "action_title": "Rekrytointimessut syyskuussa",
            "category": "RE_EMPLOYMENT",
            "target_group": "LAID_OFF",
            "owner_id": str(owner.id),
            "due_on": "2026-09-15",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    decision = db.session.scalar(select(Decision))
    action = db.session.get(Action, decision.action_id)
    assert (action.title, action.owner_id, action.status) == (
        "Rekrytointimessut syyskuussa",
        owner.id,
        ActionStatus.PLANNED,
    )
    assert db.session.get(AgendaItem, item.id).outcome is Outcome.DECIDED

    invitee = meeting.invitees[0]
    response = client.post(f"{base(people)}/{meeting.id}/attendance", data={f"attendance-{invitee.id}": "PRESENT"})
    assert response.status_code == 302
    db.session.refresh(invitee)
    assert invitee.attendance is Attendance.PRESENT

    page = page_of(client.get(f"{base(people)}/{meeting.id}"))
    assert "Messut pidetään syyskuussa." in page.text and "Rekrytointimessut syyskuussa" in page.text

    # The next meeting of the series approves these minutes, which locks them.
    assert client.post(f"{base(people)}/{meeting.id}/carry-over").status_code == 302
    following = db.session.scalar(select(Meeting).where(Meeting.id != meeting.id))
    assert following.starts_at - meeting.starts_at == timedelta(days=7)
    assert client.post(f"{base(people)}/{following.id}/approve-previous").status_code == 302
    db.session.refresh(meeting)
    assert meeting.minutes_locked
    form["minutes"] = "Muutettu jälkikäteen"
    response = client.post(edit, data=form)
    assert response.status_code == 422
    assert "Muistio on hyväksytty ja lukittu" in response.get_data(as_text=True)
    assert "Muutettu jälkikäteen" in response.get_data(as_text=True)  # the input is kept
    response = client.post(
        f"{base(people)}/{meeting.id}/amendments",
        data={"amendment-agenda_item_id": str(item.id), "amendment-text": "Messut ovat lokakuussa."},
    )
    assert response.status_code == 302
    assert "Messut ovat lokakuussa." in client.get(f"{base(people)}/{meeting.id}").get_data(as_text=True)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"end_time": "12.00"}, "end_time", "Kokous ei voi päättyä ennen kuin se alkaa."),
        ({"start_time": "25.00"}, "start_time", "Anna kellonaika muodossa 13.00."),
        (
            {"recurrence": "WEEKLY", "date": "2026-06-01"},
            "date",
            "Uusi viikoittainen sarja ei voi alkaa menneisyydessä",
        ),
        ({"video_link": "ftp://x"}, "video_link", "Anna etäyhteyden osoite muodossa https://"),
        ({"date": "9999-99-99"}, "date", "Anna päivämäärä muodossa"),
        ({"chair_id": "2147483647"}, "chair_id", ""),
    ],
)
def test_a_bad_meeting_is_refused_with_the_input_kept(client, people, values, field, message):
    sign_in(client, people.coordinator)
    response = client.post(f"{base(people)}/new", data=meeting_form(title="Tärkeä palaveri", **values))
    assert response.status_code == 422
    page = page_of(response)
    assert message in field_error(page, field)
    assert page.by_id("title").attrs.get("value") == "Tärkeä palaveri"
    assert db.session.scalar(select(Meeting)) is None


def test_an_invitee_from_outside_the_network_is_refused(client, people):
    sign_in(client, people.coordinator)
    stranger = factories.MembershipFactory()
    response = client.post(f"{base(people)}/new", data={**meeting_form(), "invitee_ids": [str(stranger.id)]})
    assert response.status_code == 422
    assert "Kutsua voi vain tapauksen verkoston nykyisiä jäseniä." in response.get_data(as_text=True)


def test_members_read_only_their_own_subgroups_meetings(client, people):
    theirs = factories.SubgroupFactory(case=people.case, name="Yrityspalvelut")
    others = factories.SubgroupFactory(case=people.case, name="Koulutus")
    db.session.add(
        SubgroupMember(case_id=people.case.id, subgroup=theirs, membership=membership_of(people, people.member))
    )
    network = factories.MeetingFactory(case=people.case, title="Koko verkosto")
    own = factories.MeetingFactory(case=people.case, subgroup=theirs, title="Yrityspalvelujen kokous")
    hidden = factories.MeetingFactory(case=people.case, subgroup=others, title="Koulutuksen kokous")
    sign_in(client, people.member)
    listing = client.get(base(people)).get_data(as_text=True)
    assert "Koko verkosto" in listing and "Yrityspalvelujen kokous" in listing and "Koulutuksen kokous" not in listing
    assert client.get(f"{base(people)}/{network.id}").status_code == 200
    assert client.get(f"{base(people)}/{own.id}").status_code == 200
    assert client.get(f"{base(people)}/{hidden.id}").status_code == 403
    assert client.post(f"{base(people)}/{own.id}/draft").status_code == 403
    sign_in(client, people.observer)
    assert client.get(f"{base(people)}/{hidden.id}").status_code == 200
    sign_in(client, people.outsider)
    assert client.get(f"{base(people)}/{network.id}").status_code == 404
    assert client.get(base(people)).status_code == 404


def test_another_cases_meeting_is_not_found(client, people):
    other = factories.MeetingFactory()
    sign_in(client, people.coordinator)
    assert client.get(f"{base(people)}/{other.id}").status_code == 404
    assert client.post(f"{base(people)}/{other.id}/draft").status_code == 404


def test_a_guest_link_shows_the_agenda_and_only_approved_minutes(client, people, app):
    app.config["PUBLIC_BASE_URL"] = "https://arm.example.fi"
    meeting = factories.MeetingFactory(case=people.case, title="Ohjausryhmä")
    db.session.add(
        AgendaItem(case_id=people.case.id, meeting=meeting, title="Rahoitus", minutes="Salainen luonnos", position=1)
    )
    db.session.commit()
    sign_in(client, people.coordinator)
    response = client.post(f"{base(people)}/{meeting.id}/guests", data={"guest-name": "Vieras Henkilö"})
    assert response.status_code == 200
    link = page_of(response).by_id("guest-link").attrs.get("value")
    path = link.removeprefix("https://arm.example.fi")
    client.post("/logout")
    page = client.get(path).get_data(as_text=True)
    assert "Rahoitus" in page and "Salainen luonnos" not in page
    meeting = db.session.get(Meeting, meeting.id)
    meeting.minutes_approved_at = factories.NOW
    db.session.commit()
    assert "Salainen luonnos" in client.get(path).get_data(as_text=True)
    assert client.get(path + "x").status_code == 404
    guest = db.session.scalar(select(MeetingGuest))
    guest.expires_at = factories.NOW - timedelta(minutes=1)
    db.session.commit()
    assert client.get(path).status_code == 404


def test_a_bad_attendance_value_is_refused(client, people):
    meeting = factories.MeetingFactory(case=people.case)
    sign_in(client, people.coordinator)
    response = client.post(f"{base(people)}/{meeting.id}/attendance", data={"attendance-1": "MAYBE"})
    assert response.status_code == 422
    assert "Valitse läsnäolo annetuista vaihtoehdoista" in response.get_data(as_text=True)


def test_backlog_items_wait_and_join_a_meeting(client, people):
    meeting = factories.MeetingFactory(case=people.case, starts_at=factories.NOW + timedelta(days=3))
    meeting.ends_at = meeting.starts_at + timedelta(hours=1)
    db.session.commit()
    sign_in(client, people.coordinator)
    response = client.post(f"{base(people)}/backlog", data={"item-title": "Kesätyöllistäminen"})
    assert response.status_code == 302
    item = db.session.scalar(select(AgendaItem))
    assert item.meeting_id is None
    assert "Kesätyöllistäminen" in client.get(f"{base(people)}/backlog").get_data(as_text=True)
    response = client.post(f"{base(people)}/backlog/{item.id}/schedule", data={"schedule-meeting_id": str(meeting.id)})
    assert response.status_code == 302
    assert db.session.get(AgendaItem, item.id).meeting_id == meeting.id
    response = client.post(f"{base(people)}/backlog", data={"item-title": ""})
    assert response.status_code == 422


def test_a_template_gives_a_meeting_its_frame(client, people):
    sign_in(client, people.coordinator)
    response = client.post(
        f"{base(people)}/templates/new",
        data={
            "name": "Ohjausryhmän kuukausikokous",
            "lines-0-title": "Avaus",
            "lines-0-placement": "START",
            "lines-0-duration_minutes": "5",
            "lines-1-title": "Päättäminen",
            "lines-1-placement": "END",
            "lines-1-duration_minutes": "",
            "lines-2-title": "",
            "lines-2-placement": "START",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    from arm.meetings.models import AgendaTemplate

    template = db.session.scalar(select(AgendaTemplate))
    assert [line.title for line in template.items] == ["Avaus", "Päättäminen"]
    response = client.post(f"{base(people)}/new", data=meeting_form(template_id=str(template.id)))
    assert response.status_code == 302
    meeting = db.session.scalar(select(Meeting))
    assert [item.title for item in meeting.items] == ["Avaus", "Päättäminen"]
    response = client.post(f"{base(people)}/settings", data={"paper_hours_before": "999"})
    assert response.status_code == 422
    assert client.post(f"{base(people)}/settings", data={"paper_hours_before": "48"}).status_code == 302


def test_the_action_a_decision_created_links_back_to_it(client, people):
    meeting = factories.MeetingFactory(case=people.case, title="Viikkopalaveri [kesä]")
    item = AgendaItem(case_id=people.case.id, meeting=meeting, title="Messut", position=1)
    db.session.add(item)
    db.session.commit()
    sign_in(client, people.coordinator)
    response = client.post(
        f"{base(people)}/{meeting.id}/items/{item.id}/decisions",
        data={
            "text": "Messut pidetään.",
            "create_action": "y",
            "action_title": "Messut",
            "category": "RE_EMPLOYMENT",
            "target_group": "LAID_OFF",
        },
    )
    assert response.status_code == 302
    action = db.session.scalar(select(Action))
    page = page_of(client.get(f"/cases/{people.case.id}/actions/{action.id}"))
    link = page.find("a", href=f"{base(people)}/{meeting.id}#item-{item.id}")
    assert link.text == "Viikkopalaveri [kesä] 22.6.2026"


def test_a_decision_without_the_actions_facts_is_refused_with_the_text_kept(client, people):
    meeting = factories.MeetingFactory(case=people.case)
    item = AgendaItem(case_id=people.case.id, meeting=meeting, title="Messut", position=1)
    db.session.add(item)
    db.session.commit()
    sign_in(client, people.coordinator)
    response = client.post(
        f"{base(people)}/{meeting.id}/items/{item.id}/decisions",
        data={"text": "Messut pidetään.", "create_action": "y", "action_title": ""},
    )
    assert response.status_code == 422
    page = page_of(response)
    assert "Anna toimenpiteelle otsikko." in field_error(page, "action_title")
    assert "Messut pidetään." in page.by_id("text").text
    assert db.session.scalar(select(Decision)) is None


def _clients(app, people):
    clients = []
    for person in (people.editor, people.coordinator):
        client = app.test_client()
        sign_in(client, person)
        clients.append(client)
    return clients


def test_two_people_drafting_the_same_agenda_at_once_add_nothing_twice(app, people):
    meeting = factories.MeetingFactory(case=people.case)
    factories.ActionFactory(case=people.case, due_on=factories.TODAY + timedelta(days=9))  # due before the next
    db.session.commit()
    statuses = post_at_once(
        app, _clients(app, people), lambda client, _i: client.post(f"{base(people)}/{meeting.id}/draft"), rounds=3
    )
    assert set(statuses) == {302}, statuses
    db.session.expire_all()
    keys = db.session.scalars(select(AgendaItem.source_key).where(AgendaItem.source_key.is_not(None))).all()
    assert len(keys) == len(set(keys))


def test_two_people_saving_the_same_minutes_at_once_lose_nothing_silently(app, people):
    meeting = factories.MeetingFactory(case=people.case)
    item = AgendaItem(case_id=people.case.id, meeting=meeting, title="Rahoitus", position=1)
    db.session.add(item)
    db.session.commit()
    edit = f"{base(people)}/{meeting.id}/items/{item.id}/edit"
    loaded = json.dumps({"title": ["Rahoitus"], "minutes": [""]})

    def save(client, index):
        data = {
            "version": "1",
            "loaded": loaded,
            "title": "Rahoitus",
            "minutes": f"Muistiinpano {index}",
            "outcome": "",
        }
        return client.post(edit, data=data)

    statuses = post_at_once(app, _clients(app, people), save, rounds=3)
    assert set(statuses) <= {302, 409}, statuses
    assert 302 in statuses and 409 in statuses  # both wrote the minutes: the later one chooses on the merge page
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id).minutes in ("Muistiinpano 0", "Muistiinpano 1")
