"""Reading meetings: lists, one meeting with what its page shows, its neighbours in the same scope, the
backlog and the templates. Each function issues a fixed number of statements."""

from datetime import datetime

from flask import abort
from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from arm.cases.models import Membership
from arm.extensions import db
from arm.meetings.models import (
    DEFAULT_PAPER_HOURS,
    AgendaItem,
    AgendaTemplate,
    Decision,
    Meeting,
    MeetingGuest,
    MeetingInvitee,
    MeetingSettings,
    MinutesAmendment,
)


def _with_person(relationship):
    """A membership loaded in the same statement with its person and organisation."""
    return joinedload(relationship).options(joinedload(Membership.user), joinedload(Membership.organisation))


def get_meeting(case_id: int, meeting_id: int) -> Meeting:
    """The meeting with its agenda, decisions and invitees loaded, in four statements whatever their number;
    404 for another case's."""
    meeting = db.session.scalar(
        select(Meeting)
        .where(Meeting.id == meeting_id, Meeting.case_id == case_id)
        .options(
            joinedload(Meeting.subgroup),
            joinedload(Meeting.series),
            _with_person(Meeting.chair),
            _with_person(Meeting.secretary),
            selectinload(Meeting.invitees).options(_with_person(MeetingInvitee.membership)),
            selectinload(Meeting.items).options(
                _with_person(AgendaItem.presenter),
                selectinload(AgendaItem.decisions).joinedload(Decision.action),
            ),
        )
    )
    if meeting is None:
        abort(404)
    return meeting


def scope_criteria(meeting: Meeting):
    """The meetings of the same scope: the same series, else the same subgroup (or the whole network)."""
    if meeting.series_id is not None:
        return (Meeting.series_id == meeting.series_id,)
    if meeting.subgroup_id is None:
        return (Meeting.subgroup_id.is_(None),)
    return (Meeting.subgroup_id == meeting.subgroup_id,)


def previous_meeting(meeting: Meeting) -> Meeting | None:
    return db.session.scalar(
        select(Meeting)
        .where(
            Meeting.case_id == meeting.case_id,
            Meeting.id != meeting.id,
            Meeting.starts_at < meeting.starts_at,
            Meeting.cancelled.is_(False),
            *scope_criteria(meeting),
        )
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    )


def next_meeting(meeting: Meeting) -> Meeting | None:
    return db.session.scalar(
        select(Meeting)
        .where(
            Meeting.case_id == meeting.case_id,
            Meeting.id != meeting.id,
            Meeting.starts_at > meeting.starts_at,
            Meeting.cancelled.is_(False),
            *scope_criteria(meeting),
        )
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )


def meetings_list(case_id: int, *, upcoming: bool, now: datetime, subgroup_ids: set[int] | None = None):
    """Upcoming meetings soonest first, or past ones newest first. `subgroup_ids`, when given, limits the
    list to the whole network's meetings and those subgroups' (what a member may read)."""
    criteria = [Meeting.case_id == case_id, (Meeting.ends_at >= now) if upcoming else (Meeting.ends_at < now)]
    if subgroup_ids is not None:
        criteria.append(or_(Meeting.subgroup_id.is_(None), Meeting.subgroup_id.in_(subgroup_ids)))
    order = (Meeting.starts_at, Meeting.id) if upcoming else (Meeting.starts_at.desc(), Meeting.id.desc())
    return select(Meeting).where(*criteria).options(joinedload(Meeting.subgroup)).order_by(*order)


def item_counts(meeting_ids: list[int]) -> dict[int, int]:
    if not meeting_ids:
        return {}
    rows = db.session.execute(
        select(AgendaItem.meeting_id, func.count())
        .where(AgendaItem.meeting_id.in_(meeting_ids))
        .group_by(AgendaItem.meeting_id)
    )
    return dict(rows.all())


def backlog(case_id: int) -> list[AgendaItem]:
    return list(
        db.session.scalars(
            select(AgendaItem)
            .where(AgendaItem.case_id == case_id, AgendaItem.meeting_id.is_(None))
            .options(_with_person(AgendaItem.presenter))
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def get_backlog_item(case_id: int, item_id: int) -> AgendaItem:
    """An item of the case's backlog; 404 for another case's or one on an agenda."""
    item = db.session.scalar(
        select(AgendaItem).where(
            AgendaItem.id == item_id, AgendaItem.case_id == case_id, AgendaItem.meeting_id.is_(None)
        )
    )
    if item is None:
        abort(404)
    return item


def templates(case_id: int) -> list[AgendaTemplate]:
    return list(
        db.session.scalars(
            select(AgendaTemplate)
            .where(AgendaTemplate.case_id == case_id)
            .options(selectinload(AgendaTemplate.items))
            .order_by(AgendaTemplate.name, AgendaTemplate.id)
        )
    )


def get_template(case_id: int, template_id: int) -> AgendaTemplate:
    template = db.session.scalar(
        select(AgendaTemplate)
        .where(AgendaTemplate.id == template_id, AgendaTemplate.case_id == case_id)
        .options(selectinload(AgendaTemplate.items))
    )
    if template is None:
        abort(404)
    return template


def amendments(meeting_id: int) -> list[MinutesAmendment]:
    return list(
        db.session.scalars(
            select(MinutesAmendment)
            .where(MinutesAmendment.meeting_id == meeting_id)
            .options(joinedload(MinutesAmendment.author), joinedload(MinutesAmendment.item))
            .order_by(MinutesAmendment.created_at, MinutesAmendment.id)
        )
    )


def guests(meeting_id: int) -> list[MeetingGuest]:
    return list(
        db.session.scalars(select(MeetingGuest).where(MeetingGuest.meeting_id == meeting_id).order_by(MeetingGuest.id))
    )


def paper_hours(case_id: int) -> int:
    hours = db.session.scalar(select(MeetingSettings.paper_hours_before).where(MeetingSettings.case_id == case_id))
    return hours if hours is not None else DEFAULT_PAPER_HOURS


def holds_meetings(case_id: int) -> bool:
    return bool(db.session.scalar(select(exists().where(Meeting.case_id == case_id))))


def upcoming_meetings(case_id: int, now: datetime, subgroup_ids: set[int] | None, limit: int = 20) -> list[Meeting]:
    """The next meetings not cancelled, for a choice of where a backlog item goes."""
    statement = (
        meetings_list(case_id, upcoming=True, now=now, subgroup_ids=subgroup_ids)
        .where(Meeting.cancelled.is_(False), Meeting.minutes_approved_at.is_(None))
        .limit(limit)
    )
    return list(db.session.scalars(statement))
