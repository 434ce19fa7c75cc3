"""A meeting paper as a Word document (python-docx), in the app's DOCX conventions."""

import io

from flask_babel import gettext as _

from arm.exports.docx import add_markdown, set_language, set_page
from arm.meetings.exports.content import Paper, PaperItem
from arm.meetings.exports.markdown import (
    _amendment_heading,
    _decision_action_text,
    _duration_text,
    _item_line,
    _one_line,
    _presenter_text,
)


def _docx_label(document, label: str, value: str = "") -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}:").bold = True
    if value:
        paragraph.add_run(f" {value}")


def _docx_attendance(document, paper: Paper) -> None:
    document.add_heading(_("Osallistujat") if paper.is_minutes else _("Kutsutut"), level=2)
    headers = [_("Nimi"), _("Organisaatio")] + ([_("Läsnäolo")] if paper.is_minutes else [])
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for group in paper.attendance:
        for person in group.people:
            values = [person.name, person.organisation] + ([group.label] if paper.is_minutes else [])
            for cell, text in zip(grid.add_row().cells, values, strict=True):
                cell.paragraphs[0].add_run(text)


def _docx_item(document, paper: Paper, item: PaperItem) -> None:
    document.add_heading(f"{item.number}. {item.title}", level=3)
    facts = [fact for fact in (_presenter_text(item), _duration_text(item)) if fact]
    if facts:
        document.add_paragraph(" · ".join(facts))
    if item.description:
        add_markdown(document, item.description)
    if paper.is_minutes and item.minutes:
        _docx_label(document, _("Muistiinpanot"))
        add_markdown(document, item.minutes)
    if paper.options.outcomes and item.outcome:
        _docx_label(document, _("Käsittelyn tulos"), item.outcome)
    if paper.is_minutes and item.decisions:
        _docx_label(document, _("Päätökset"))
        for decision in item.decisions:
            document.add_paragraph(_one_line(decision.text), style="List Bullet")
            if action := _decision_action_text(decision):
                document.add_paragraph(action, style="List Bullet 2")


def paper_docx(paper: Paper) -> bytes:
    from docx import Document

    document = Document()
    set_page(document, 1)
    set_language(document)
    document.add_heading(f"{paper.heading}: {paper.meeting_title}", level=1)
    if paper.cancelled:
        document.add_paragraph().add_run(_("Kokous on peruttu.")).bold = True
    for label, value in paper.details:
        document.add_paragraph(f"{label}: {value}", style="List Bullet")

    if paper.attendance:
        _docx_attendance(document, paper)
    document.add_heading(_("Käsiteltävät asiat"), level=2)
    for item in paper.items:
        _docx_item(document, paper, item)
    document.add_paragraph(paper.duration_summary)

    if paper.options.backlog:
        document.add_heading(_("Odottavat asiat"), level=2)
        for item in paper.backlog:
            document.add_paragraph(_item_line(item), style="List Bullet")
        if not paper.backlog:
            document.add_paragraph(_("Ei odottavia asioita."))
    if paper.amendments:
        document.add_heading(_("Muistion korjaukset"), level=2)
        for amendment in paper.amendments:
            _docx_label(document, _amendment_heading(amendment))
            add_markdown(document, amendment.text)
    if paper.options.footer:
        document.add_paragraph(paper.options.footer)

    properties = document.core_properties
    properties.title = f"{paper.heading}: {paper.meeting_title}"
    properties.subject = paper.case_name
    properties.author = properties.last_modified_by = _("ÄRM-verkosto")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
