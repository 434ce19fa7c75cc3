"""The meetings' benchmark rows: a weekly series a case with its past meetings, each with an agenda of
standing, generated and manual items, the network invited and attendance recorded."""

from datetime import time, timedelta

from arm.core.bench import TODAY, BenchContext
from arm.meetings.models import AgendaItem, Attendance, ItemKind, Meeting, MeetingInvitee, MeetingSeries, Outcome

MEETINGS_PER_CASE = 12  # the last eleven weeks and the next one
ITEMS_PER_MEETING = 14
INVITEES_PER_MEETING = 12


def bench_data(context: BenchContext) -> None:
    rng = context.rng
    series_rows, meetings, items, invitees = [], [], [], []
    first_monday = (TODAY - timedelta(days=TODAY.weekday() + 7 * (MEETINGS_PER_CASE - 1))).replace(
        hour=7, minute=0, second=0, microsecond=0
    )
    for case in context.cases:
        series_rows.append(
            {
                "case_id": case.id,
                "title": "ÄRM-työryhmän viikkopalaveri",
                "weekday": 0,
                "start_time": time(9, 0),
                "duration_minutes": 90,
                "first_on": first_monday.date(),
                "place": "",
                "video_link": "",
                "created_at": first_monday - timedelta(days=7),
            }
        )
        for week in range(MEETINGS_PER_CASE):
            starts = first_monday + timedelta(days=7 * week)
            meetings.append(
                {
                    "case_id": case.id,
                    "_series": len(series_rows) - 1,
                    "title": "ÄRM-työryhmän viikkopalaveri",
                    "starts_at": starts,
                    "ends_at": starts + timedelta(minutes=90),
                    "place": "",
                    "video_link": "",
                    "chair_id": case.membership_ids[0] if case.membership_ids else None,
                    "cancelled": False,
                    "agenda_built_at": starts - timedelta(days=1),
                    "minutes_approved_at": starts + timedelta(days=7) if week < MEETINGS_PER_CASE - 2 else None,
                    "created_at": starts - timedelta(days=7),
                    "updated_at": starts,
                    "version": 1,
                }
            )
            held = starts < TODAY
            for position in range(ITEMS_PER_MEETING):
                kind = ItemKind.STANDING if position in (0, 1, ITEMS_PER_MEETING - 1) else ItemKind.GENERATED
                items.append(
                    {
                        "case_id": case.id,
                        "_meeting": len(meetings) - 1,
                        "kind": kind if position != ITEMS_PER_MEETING - 2 else ItemKind.MANUAL,
                        "closing": position == ITEMS_PER_MEETING - 1,
                        "position": position + 1,
                        "title": f"Kohta {position + 1}",
                        "description": "Kohdan kuvaus.",
                        "section": "actions" if kind is ItemKind.GENERATED else "",
                        "source_key": f"bench:{position}" if kind is ItemKind.GENERATED else None,
                        "entity": "",
                        "url": "",
                        "duration_minutes": rng.choice((2, 5, 10, 15)),
                        "minutes": "Muistiinpanot kohdasta." if held else "",
                        "outcome": rng.choice((Outcome.NOTED, Outcome.DECIDED)) if held else None,
                        "created_at": starts - timedelta(days=1),
                        "updated_at": starts,
                        "version": 1,
                    }
                )
            for membership_id in case.membership_ids[:INVITEES_PER_MEETING]:
                invitees.append(
                    {
                        "case_id": case.id,
                        "_meeting": len(meetings) - 1,
                        "membership_id": membership_id,
                        "attendance": rng.choice((Attendance.PRESENT, Attendance.EXCUSED)) if held else None,
                    }
                )
    context.numbered(MeetingSeries.__table__, series_rows)
    for row in meetings:
        row["series_id"] = series_rows[row.pop("_series")]["id"]
    context.numbered(Meeting.__table__, meetings)
    for row in (*items, *invitees):
        row["meeting_id"] = meetings[row.pop("_meeting")]["id"]
    context.insert(MeetingSeries.__table__, series_rows)
    context.insert(Meeting.__table__, meetings)
    context.insert(AgendaItem.__table__, items)
    context.insert(MeetingInvitee.__table__, invitees)
