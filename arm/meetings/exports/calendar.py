"""A meeting, or its weekly series, as an ICS calendar invitation (Europe/Helsinki)."""

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from arm.core.i18n import format_date, format_time
from arm.extensions import db
from arm.meetings.exports.content import (
    DATE_PATTERNS,
    TIME_PATTERNS,
    _clean,
    _language,
    _name,
    _pattern,
    _slug_part,
    meeting_when,
)
from arm.meetings.models import Meeting, MeetingSeries
from arm.meetings.times import HELSINKI, local, to_utc


def _calendar_host() -> str:
    base = current_app.config.get("PUBLIC_BASE_URL") or ""
    return urlsplit(base).hostname or "arm.local"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.id}@{_calendar_host()}"


def series_uid(series: MeetingSeries) -> str:
    return f"meeting-series-{series.id}@{_calendar_host()}"


def _public_link(endpoint: str, **values) -> str:
    from werkzeug.routing import BuildError

    from arm.core.urls import public_url
    from config import ConfigurationError

    try:
        return public_url(endpoint, **values)
    except (ConfigurationError, BuildError):  # no public address configured: the invitation goes without a link
        return ""


def _meeting_link(meeting: Meeting) -> str:
    endpoint = "meetings.meeting" if "meetings.meeting" in current_app.view_functions else "meetings.meetings"
    values = {"meeting_id": meeting.id} if endpoint == "meetings.meeting" else {}
    return _public_link(endpoint, case_id=meeting.case_id, **values)


def _calendar():
    from icalendar import Calendar

    calendar = Calendar()
    calendar.add("prodid", "-//ÄRM//meetings//" + _language().upper())
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    return calendar


def _location(place: str, video_link: str) -> str:
    return ", ".join(part for part in (_clean(place), _clean(video_link)) if part)


def _description(lines: list[str]) -> str:
    return "\n".join(line for line in lines if line)


def _meeting_event(meeting: Meeting, url: str):
    from icalendar import Event

    event = Event()
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", local(meeting.starts_at))
    event.add("dtend", local(meeting.ends_at))
    event.add("summary", _clean(meeting.title))
    if location := _location(meeting.place, meeting.video_link):
        event.add("location", location)
    if url:
        event.add("url", url)
    items = [f"{number}. {_clean(item.title)}" for number, item in enumerate(meeting.items, start=1)]
    event.add(
        "description",
        _description(
            [
                f"{_('Tapaus')}: {_clean(meeting.case.title)}",
                f"{_('Kokous')}: {_clean(meeting.subgroup.name) if meeting.subgroup else _('Koko verkosto')}",
                f"{_('Aika')}: {meeting_when(meeting)}",
                f"{_('Puheenjohtaja')}: {_name(meeting.chair)}" if meeting.chair else "",
                f"{_('Etäyhteys')}: {_clean(meeting.video_link)}" if meeting.video_link else "",
                f"{_('Esityslista')}:\n" + "\n".join(items) if items else "",
                url,
            ]
        ),
    )
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    event.add("sequence", max(0, (meeting.version or 1) - 1))
    return event


def meeting_ics(meeting: Meeting, series_occurrence: bool = False) -> bytes:
    """The meeting as a calendar invitation: one VEVENT (UID meeting-ID@host). With `series_occurrence`, a
    meeting of a weekly series is written as that occurrence of the series (the series' UID and a
    RECURRENCE-ID), so that a calendar holding the series updates, or cancels, that one week only."""
    calendar = _calendar()
    event = _meeting_event(meeting, _meeting_link(meeting))
    series = meeting.series if series_occurrence else None
    if series is not None:
        event.add("uid", series_uid(series))
        event.add(
            "recurrence-id", datetime.combine(local(meeting.starts_at).date(), series.start_time, tzinfo=HELSINKI)
        )
    else:
        event.add("uid", meeting_uid(meeting))
    calendar.add_component(event)
    start = local(meeting.starts_at).date()
    calendar.add_missing_timezones(first_date=date(start.year, 1, 1), last_date=date(start.year + 2, 1, 1))
    return calendar.to_ical()


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def series_ics(series: MeetingSeries, cancelled_on: Iterable[date] = ()) -> bytes:
    """The weekly series as one VEVENT with an RRULE (UNTIL its last meeting, when it has one); the days of its
    cancelled meetings (`cancelled_on`, Helsinki dates) are left out with EXDATE."""
    from icalendar import Event

    calendar = _calendar()
    event = Event()
    first = datetime.combine(series.first_on, series.start_time, tzinfo=HELSINKI)
    event.add("uid", series_uid(series))
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", first)
    event.add("dtend", first + timedelta(minutes=series.duration_minutes))
    rule = {"freq": "weekly", "byday": WEEKDAYS[series.weekday]}
    if series.last_on is not None:
        rule["until"] = to_utc(series.last_on, series.start_time)
    event.add("rrule", rule)
    for day in sorted(set(cancelled_on)):
        event.add("exdate", datetime.combine(day, series.start_time, tzinfo=HELSINKI))
    event.add("summary", _clean(series.title))
    if location := _location(series.place, series.video_link):
        event.add("location", location)
    url = _public_link("meetings.meetings", case_id=series.case_id)
    if url:
        event.add("url", url)
    first_day = format_date(series.first_on, _pattern(DATE_PATTERNS))
    weekday = format_date(series.first_on, "EEEE")
    event.add(
        "description",
        _description(
            [
                f"{_('Tapaus')}: {_clean(series.case.title)}",
                f"{_('Kokous')}: {_clean(series.subgroup.name) if series.subgroup else _('Koko verkosto')}",
                _(
                    "Viikoittain %(weekday)s klo %(time)s, ensimmäinen kokous %(date)s.",
                    weekday=weekday,
                    time=format_time(series.start_time, _pattern(TIME_PATTERNS)),
                    date=first_day,
                ),
                f"{_('Etäyhteys')}: {_clean(series.video_link)}" if series.video_link else "",
                url,
            ]
        ),
    )
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones(first_date=date(series.first_on.year, 1, 1))
    return calendar.to_ical()


def cancelled_days(series: MeetingSeries) -> list[date]:
    """The Helsinki dates of the series' cancelled meetings, in one statement."""
    moments = db.session.scalars(
        select(Meeting.starts_at).where(Meeting.series_id == series.id, Meeting.cancelled.is_(True))
    )
    return [local(moment).date() for moment in moments]


def ics_filename(meeting: Meeting, *, series: bool = False) -> str:
    if series:
        return f"{meeting.case.slug}-{_slug_part(_('kokoussarja'))}.ics"
    return f"{meeting.case.slug}-{_slug_part(_('kokous'))}-{local(meeting.starts_at).date().isoformat()}.ics"
