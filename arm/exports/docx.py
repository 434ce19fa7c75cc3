"""DOCX documents through python-docx, for the exports people print or paste into meeting papers.

A4, landscape when the table is wide; the title and the case as a heading, what was exported and when as
a short list, then the table with a header row that repeats on every page. Numbers and dates are written
as the CSV of the same language writes them (`conventions.py`); text is written as typed (a document runs
no formula, so no guard character), with the control characters XML cannot hold taken out. The document's
language is the export's, so that a screen reader and the spelling checker read it right.
"""

import io
from html.parser import HTMLParser

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from flask_babel import get_locale
from flask_babel import gettext as _

from arm.core.input import without_control_characters
from arm.core.markdown import render_markdown
from arm.exports import conventions
from arm.exports.csv import csv_value
from arm.exports.table import Cell, ExportTable

A4 = (Mm(210), Mm(297))
WIDE = 6  # columns from which the page turns to landscape
LANGUAGE_TAGS = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}


def docx_value(value, kind: Cell, rules: conventions.Conventions) -> str:
    if value is None or value == "":
        return ""
    if kind in (Cell.TEXT, Cell.LONG_TEXT):
        return without_control_characters(str(value), multiline=kind is Cell.LONG_TEXT)
    return csv_value(value, kind, rules)


def set_page(document, columns: int) -> None:
    section = document.sections[0]
    width, height = A4
    if columns >= WIDE:
        section.orientation = WD_ORIENT.LANDSCAPE
        width, height = height, width
    section.page_width, section.page_height = width, height
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))


def set_language(document) -> None:
    tag = LANGUAGE_TAGS.get(str(get_locale()), "fi-FI")
    style = document.styles["Normal"]
    style.font.size = Pt(10)
    properties = style.element.get_or_add_rPr()
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), tag)
    properties.append(language)
    document.core_properties.language = tag


def repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


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


def add_markdown(document, text: str) -> None:
    """The Markdown text (sanitised by arm.core.markdown) as paragraphs of the document."""
    writer = _MarkdownToDocx(document)
    writer.feed(str(render_markdown(text)))
    writer.close()


def render_docx(table: ExportTable) -> bytes:
    rules = conventions.current()
    document = Document()
    set_page(document, len(table.columns))
    set_language(document)
    title = without_control_characters(str(table.title))
    case_name = without_control_characters(table.case_name)
    document.add_heading(f"{title}: {case_name}", level=1)
    for label, value, kind in table.details()[2:]:  # the case and the content are in the heading
        document.add_paragraph(f"{label}: {docx_value(value, kind, rules)}", style="List Bullet")

    kinds = table.cells
    grid = document.add_table(rows=1, cols=len(kinds))
    grid.style = "Table Grid"
    header = grid.rows[0]
    repeat_as_header(header)
    for cell, text in zip(header.cells, table.headers, strict=True):
        cell.paragraphs[0].add_run(without_control_characters(text)).bold = True
    for row in table.rows():
        cells = grid.add_row().cells
        for cell, value, kind in zip(cells, row, kinds, strict=True):
            cell.paragraphs[0].add_run(docx_value(value, kind, rules))

    properties = document.core_properties
    properties.title = f"{title}: {case_name}"
    properties.subject = case_name
    properties.author = properties.last_modified_by = _("ÄRM-verkosto")
    properties.created = properties.modified = table.exported_at
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
