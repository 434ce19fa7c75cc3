"""Network meetings' models: meetings and series (meetings.py), agenda items, decisions, amendments and
templates (agenda.py)."""

from arm.meetings.models.agenda import AgendaItem, AgendaTemplate, AgendaTemplateItem, Decision, MinutesAmendment
from arm.meetings.models.meetings import (
    DEFAULT_PAPER_HOURS,
    MAX_DURATION_MINUTES,
    Attendance,
    ItemKind,
    Meeting,
    MeetingGuest,
    MeetingInvitee,
    MeetingSeries,
    MeetingSettings,
    Outcome,
    Placement,
    Recurrence,
    member_subgroups,
)

__all__ = [
    "DEFAULT_PAPER_HOURS",
    "MAX_DURATION_MINUTES",
    "AgendaItem",
    "AgendaTemplate",
    "AgendaTemplateItem",
    "Attendance",
    "Decision",
    "ItemKind",
    "Meeting",
    "MeetingGuest",
    "MeetingInvitee",
    "MeetingSeries",
    "MeetingSettings",
    "MinutesAmendment",
    "Outcome",
    "Placement",
    "Recurrence",
    "member_subgroups",
]
