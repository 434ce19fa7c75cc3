"""The meeting papers as files: the agenda and the minutes as Markdown, DOCX and PDF, and the meeting (or its
weekly series) as an ICS calendar invitation.

Everything is written in the current locale's language (the user's in a request, the one the scheduler forces
with `flask_babel.force_locale` outside one), and nothing here needs a request: the PDF is rendered from the
Jinja templates `meetings/paper.html` and `meetings/paper_body.html`, with a print stylesheet read from the app's
static folder and no other URL fetched (`LocalStaticFetcher`). Times are shown in Europe/Helsinki.
"""

from collections.abc import Sequence

from arm.meetings.exports.calendar import cancelled_days, ics_filename, meeting_ics, series_ics
from arm.meetings.exports.content import (
    DOCX_MIMETYPE,
    FOOTER_MAX_LENGTH,
    ICS_MIMETYPE,
    MARKDOWN_MIMETYPE,
    PAPER_FORMATS,
    PDF_MIMETYPE,
    PaperOptions,
    PaperOptionsError,
    build_paper,
    meeting_when,
    paper_filename_stem,
)
from arm.meetings.exports.docx import paper_docx
from arm.meetings.exports.markdown import paper_markdown
from arm.meetings.exports.pdf import paper_pdf
from arm.meetings.models import AgendaItem, Meeting

__all__ = [
    "DOCX_MIMETYPE",
    "FOOTER_MAX_LENGTH",
    "ICS_MIMETYPE",
    "PaperOptions",
    "PaperOptionsError",
    "cancelled_days",
    "ics_filename",
    "meeting_ics",
    "meeting_when",
    "render_paper",
    "series_ics",
]


def render_paper(
    meeting: Meeting,
    kind: str,
    file_format: str,
    options: PaperOptions | None = None,
    backlog_items: Sequence[AgendaItem] = (),
) -> tuple[bytes, str, str]:
    """The agenda or the minutes of `meeting` as (content, mimetype, filename): `kind` "agenda" or "minutes",
    `file_format` "md", "docx" or "pdf". `backlog_items` (queries.backlog) are listed when options.backlog.
    Works in a bare app context; the language is the current locale's."""
    if file_format not in PAPER_FORMATS:
        raise ValueError(file_format)
    paper = build_paper(meeting, kind, options or PaperOptions(), backlog_items)
    stem = paper_filename_stem(meeting, kind)
    if file_format == "md":
        return paper_markdown(paper).encode("utf-8"), MARKDOWN_MIMETYPE, f"{stem}.md"
    if file_format == "docx":
        return paper_docx(paper), DOCX_MIMETYPE, f"{stem}.docx"
    return paper_pdf(paper), PDF_MIMETYPE, f"{stem}.pdf"
