"""The meeting papers as files: the agenda and the minutes (Markdown, DOCX, PDF), the calendar invitations of
the meeting and of its weekly series, and the page that chooses what the papers include."""

from flask import Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _

from arm.core.permissions import case_permission, require
from arm.exports.download import content_disposition
from arm.meetings import exports, queries
from arm.meetings.exports import PaperOptions, PaperOptionsError
from arm.meetings.models import Meeting
from arm.meetings.views.blueprint import bp


def readable_meeting(case, meeting_id: int) -> Meeting:
    """404 for another case's or a deleted meeting; 403 for a member outside the meeting's subgroup."""
    meeting = queries.get_meeting(case.id, meeting_id)
    require("meeting.view", case.id, meeting)
    return meeting


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    # Werkzeug adds "; charset=utf-8" to the text types (Markdown, calendar).
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": content_disposition(filename)})


def _meeting_page(case, meeting) -> str:
    """The meeting's own page, or the list of meetings where that page is not there."""
    if "meetings.meeting" in current_app.view_functions:
        return url_for("meetings.meeting", case_id=case.id, meeting_id=meeting.id)
    return url_for("meetings.meetings", case_id=case.id)


def _papers_page(case, meeting, options: PaperOptions, error: str | None = None) -> str:
    return render_template(
        "meetings/papers.html",
        case=case,
        meeting=meeting,
        options=options,
        error=error,
        footer_max_length=exports.FOOTER_MAX_LENGTH,
        kinds=(("agenda", _("Esityslista")), ("minutes", _("Muistio"))),
        meeting_url=_meeting_page(case, meeting),
    )


@bp.get("/meetings/<int:meeting_id>/papers")
@case_permission("meeting.view")
def papers(case, meeting_id: int):
    """The options of the papers (attendance, backlog, outcomes, a footer) and a button per paper and format.
    404/403 as readable_meeting; an option that means nothing is shown as an error with the defaults (400)."""
    meeting = readable_meeting(case, meeting_id)
    try:
        options = PaperOptions.from_args(request.args)
    except PaperOptionsError as error:
        return _papers_page(case, meeting, PaperOptions(), error.message), 400
    return _papers_page(case, meeting, options)


@bp.get("/meetings/<int:meeting_id>/<any(agenda, minutes):kind>.<any(md, docx, pdf):file_format>")
@case_permission("meeting.view")
def meeting_paper(case, meeting_id: int, kind: str, file_format: str):
    """The agenda or the minutes as a file, with the options as query arguments (see PaperOptions.from_args).
    404/403 as readable_meeting; an option that means nothing answers 400 with the options page and its message."""
    meeting = readable_meeting(case, meeting_id)
    try:
        options = PaperOptions.from_args(request.args)
    except PaperOptionsError as error:
        return _papers_page(case, meeting, PaperOptions(), error.message), 400
    backlog = queries.backlog(case.id) if options.backlog else ()
    return _download(*exports.render_paper(meeting, kind, file_format, options, backlog))


@bp.get("/meetings/<int:meeting_id>/meeting.ics")
@case_permission("meeting.view")
def meeting_calendar(case, meeting_id: int):
    """The meeting as a calendar invitation (one event). 404/403 as readable_meeting."""
    meeting = readable_meeting(case, meeting_id)
    return _download(exports.meeting_ics(meeting), exports.ICS_MIMETYPE, exports.ics_filename(meeting))


@bp.get("/meetings/<int:meeting_id>/series.ics")
@case_permission("meeting.view")
def series_calendar(case, meeting_id: int):
    """The meeting's weekly series as one recurring event. 404/403 as readable_meeting; 404 for a one-off meeting."""
    meeting = readable_meeting(case, meeting_id)
    if meeting.series is None:
        abort(404)
    body = exports.series_ics(meeting.series, exports.cancelled_days(meeting.series))
    return _download(body, exports.ICS_MIMETYPE, exports.ics_filename(meeting, series=True))
