"""A meeting paper as a Word document (python-docx), in the app's DOCX conventions."""

import io
from html.parser import HTMLParser

from flask_babel import gettext as _

from arm.core.markdown import render_markdown
from arm.meetings.exports.content import Paper, PaperItem
from arm.meetings.exports.markdown import (
    _amendment_heading,
    _decision_action_text,
    _duration_text,
    _item_line,
    _one_line,
    _presenter_text,
)


class _MarkdownToDocx(HTMLParser):
    """Writes the sanitised HTML of a Markdown text (arm.core.markdown) as paragraphs: lists, headings, bold and
    italic; a link keeps its address in brackets, since a printed page cannot be clicked."""

    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph = None
        self.bold = 0
        self.italic = 0
        self.lists: list[list] = []  # [kind, number] per open list
        self.href = None
        self.link_text = ""

    def _new(self, style: str | None = None):
        self.paragraph = self.document.add_paragraph(style=style)
        return self.paragraph

    def handle_starttag(self, tag, attrs):
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li":
            depth = max(len(self.lists), 1)
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                self._new("List Paragraph").add_run(f"{self.lists[-1][1]}. ")
            else:
                self._new("List Bullet" if depth == 1 else "List Bullet 2")
        elif tag == "p":
            if not (self.lists and self.paragraph is not None and not self.paragraph.text.strip()):
                self._new()
        elif tag in ("h3", "h4", "h5", "h6", "pre", "blockquote", "tr"):
            self._new()
            if tag.startswith("h"):
                self.bold += 1
        elif tag in ("strong", "b", "th"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()
        elif tag in ("td", "th") and self.paragraph is not None and self.paragraph.text:
            self.paragraph.add_run(" | ")
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.link_text = ""
        if tag == "th" and self.paragraph is not None and self.paragraph.text:
            self.paragraph.add_run(" | ")

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.paragraph = None
        elif tag in ("p", "li", "pre", "blockquote", "tr"):
            self.paragraph = None
        elif tag in ("h3", "h4", "h5", "h6"):
            self.bold = max(0, self.bold - 1)
            self.paragraph = None
        elif tag in ("strong", "b", "th"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)
        elif tag == "a":
            if self.href and self.href != self.link_text.strip() and self.paragraph is not None:
                self.paragraph.add_run(f" ({self.href})")
            self.href = None

    def handle_data(self, data):
        if self.paragraph is None:
            if not data.strip():
                return
            self._new()
        if self.href is not None:
            self.link_text += data
        run = self.paragraph.add_run(data)
        run.bold = bool(self.bold) or None
        run.italic = bool(self.italic) or None


def _docx_markdown(document, text: str) -> None:
    writer = _MarkdownToDocx(document)
    writer.feed(str(render_markdown(text)))
    writer.close()


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
        _docx_markdown(document, item.description)
    if paper.is_minutes and item.minutes:
        _docx_label(document, _("Muistiinpanot"))
        _docx_markdown(document, item.minutes)
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

    from arm.exports.docx import _language, _page

    document = Document()
    _page(document, 1)
    _language(document)
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
            _docx_markdown(document, amendment.text)
    if paper.options.footer:
        document.add_paragraph(paper.options.footer)

    properties = document.core_properties
    properties.title = f"{paper.heading}: {paper.meeting_title}"
    properties.subject = paper.case_name
    properties.author = properties.last_modified_by = _("ÄRM-verkosto")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
