"""Meetings' services: a one-off meeting and a weekly series, the default frame, carrying items over,
approval and amendments."""

from datetime import UTC, date, datetime, time

import pytest

from arm.core.errors import ValidationError
from arm.extensions import db
from arm.meetings import agenda, services
from arm.meetings.models import ItemKind, Outcome, Recurrence
from arm.meetings.times import local
from tests import factories


def meeting_data(**values) -> dict:
    data = {
        "title": "ÄRM-työryhmän viikkopalaveri",
        "date": date(2026, 6, 22),
        "start_time": time(13, 0),
        "end_time": time(14, 30),
        "recurrence": Recurrence.ONCE,
        "place": "Kemin kaupungintalo",
        "video_link": "",
        "subgroup_id": None,
        "chair_id": None,
        "secretary_id": None,
        "last_on": None,
    }
    data.update(values)
    return data


def test_a_meeting_invites_the_network_and_starts_from_the_default_frame(case_with_network):
    case = case_with_network.case
    meeting = services.create_meeting(case, meeting_data(), None)
    db.session.commit()
    assert local(meeting.starts_at).hour == 13  # Helsinki wall clock, stored in UTC
    assert len(meeting.invitees) == 4  # the four members; the outsider is not in the network
    assert [item.kind for item in meeting.items] == [ItemKind.STANDING] * 5
    assert [item.position for item in meeting.items] == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"end_time": time(12, 0)}, "end_time"),
        ({"end_time": time(13, 0)}, "end_time"),
        ({"recurrence": Recurrence.WEEKLY, "date": date(2026, 6, 1)}, "date"),
        ({"title": "  "}, "title"),
        ({"video_link": "javascript:alert(1)"}, "video_link"),
        ({"recurrence": Recurrence.WEEKLY, "last_on": date(2026, 6, 1)}, "last_on"),
    ],
)
def test_bad_meetings_are_refused_on_their_field(case_with_network, values, field):
    with pytest.raises(ValidationError) as refused:
        services.create_meeting(case_with_network.case, meeting_data(**values), None)
    assert field in [name for name, _message in refused.value.errors]


def test_an_invitee_from_outside_the_network_is_refused(case_with_network):
    stranger = factories.MembershipFactory()  # a member of another case
    with pytest.raises(ValidationError) as refused:
        services.create_meeting(case_with_network.case, meeting_data(), [stranger.id])
    assert "invitee_ids" in [name for name, _message in refused.value.errors]


def test_a_weekly_series_keeps_its_wall_clock_hour_over_the_change_of_time(case_with_network):
    case = case_with_network.case
    first = services.create_meeting(
        case,
        meeting_data(recurrence=Recurrence.WEEKLY, date=date(2026, 10, 21)),
        None,
        now=datetime(2026, 10, 1, tzinfo=UTC),
    )
    second = services.next_in_series(first)
    assert local(second.starts_at).date() == date(2026, 10, 28)  # after summer time ended on 25 October
    assert local(second.starts_at).hour == 13
    assert services.next_in_series(first).id == second.id  # not created twice


def test_unhandled_items_move_to_the_next_meeting_of_the_series(case_with_network):
    case = case_with_network.case
    first = services.create_meeting(case, meeting_data(recurrence=Recurrence.WEEKLY), None)
    handled = services.add_item(case, first, {"title": "Rahoitustilanne", "duration_minutes": 10})
    open_item = services.add_item(case, first, {"title": "Messujen valmistelu", "duration_minutes": 15})
    handled.outcome = Outcome.NOTED
    target, moved = services.carry_over(first)
    db.session.commit()
    assert moved == 1
    assert open_item.outcome is Outcome.POSTPONED
    copies = [item for item in target.items if item.carried_from_id == open_item.id]
    assert [copy.title for copy in copies] == ["Messujen valmistelu"]
    # Between the opening and the closing standing items.
    assert [item.title for item in sorted(target.items, key=lambda item: item.position)] == [
        "Kokouksen avaus",
        "Edellisen kokouksen muistion hyväksyminen",
        "Messujen valmistelu",
        "Muut asiat",
        "Seuraava kokous",
        "Kokouksen päättäminen",
    ]
    assert services.carry_over(first)[1] == 0  # a second click moves nothing twice


def test_durations_add_up_and_an_overrun_is_shown(case_with_network):
    case = case_with_network.case
    meeting = services.create_meeting(case, meeting_data(), None)  # 90 minutes, the frame takes 13
    services.add_item(case, meeting, {"title": "Pitkä asia", "duration_minutes": 90})
    assert agenda.total_minutes(meeting.items) == 103
    assert agenda.overrun_minutes(meeting) == 13


def test_approved_minutes_are_locked_and_corrected_by_amendments(case_with_network):
    case = case_with_network.case
    first = services.create_meeting(case, meeting_data(), None)
    later = services.create_meeting(case, meeting_data(date=date(2026, 6, 29)), None)
    item = first.items[0]
    services.approve_minutes(first, later)
    with pytest.raises(ValidationError):
        services.update_item(item, item.version, {"title": "Muutettu", "minutes": "uusi teksti"})
    amendment = services.amend_minutes(
        first, item.id, "Korjaus: paikalla oli myös sihteeri.", case_with_network.coordinator.id
    )
    assert amendment.agenda_item_id == item.id
    with pytest.raises(ValidationError):
        services.approve_minutes(first, later)
    with pytest.raises(ValidationError):
        services.approve_minutes(later, first)  # an earlier meeting approves nothing


def test_a_redraft_adds_nothing_twice(case_with_network):
    case = case_with_network.case
    meeting = services.create_meeting(case, meeting_data(), None)
    first = agenda.draft_agenda(meeting, datetime.now(UTC))
    again = agenda.draft_agenda(meeting, datetime.now(UTC))
    assert again.added == 0 and again.removed == 0
    assert first.added == len([item for item in meeting.items if item.kind is ItemKind.GENERATED])
