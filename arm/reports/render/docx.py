"""The report as a Word document (python-docx), what the ministry and the ELY centre work in.

Headings per section, the facts as a two-column table, each table with its title above it, the narrative's
Markdown as paragraphs. A chart is given as its figures in a table: python-docx embeds only raster images and
pygal draws PNG only through cairosvg, which the app does not carry, so the document says that the chart is on
the report's page and in the PDF."""

import io

from docx import Document as WordDocument
from flask_babel import gettext as _

from arm.core.input import without_control_characters
from arm.exports.docx import add_markdown, repeat_as_header, set_language, set_page
from arm.reports.render.document import Document, Table


def _clean(text) -> str:
    return without_control_characters(str(text), multiline=True)


def _table(word, table: Table) -> None:
    if table.title:
        word.add_paragraph().add_run(_clean(table.title)).bold = True
    grid = word.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    repeat_as_header(grid.rows[0])
    for cell, column in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.paragraphs[0].add_run(_clean(column.label)).bold = True
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, row, strict=False):
            cell.paragraphs[0].add_run(_clean(value.text))
    word.add_paragraph()


def report_docx(document: Document) -> bytes:
    word = WordDocument()
    set_page(word, 1)
    set_language(word)
    word.add_heading(_clean(document.heading), level=1)
    for label, value in document.details():
        word.add_paragraph(f"{label}: {_clean(value.text)}", style="List Bullet")
    if not document.is_submitted:
        word.add_paragraph(_("Luonnos: luvut on luettu tietokannasta tänään, ja ne muuttuvat tietojen muuttuessa."))
    for number, section in enumerate(document.sections, start=1):
        word.add_heading(f"{number}. {_clean(section.label)}", level=2)
        if not section.available:
            word.add_paragraph(_("Tämä osio ei ole enää saatavilla: sen luvut puuttuvat."))
        if section.facts:
            grid = word.add_table(rows=0, cols=2)
            grid.style = "Table Grid"
            for fact in section.facts:
                cells = grid.add_row().cells
                cells[0].paragraphs[0].add_run(_clean(fact.label))
                cells[1].paragraphs[0].add_run(_clean(fact.value.text))
            word.add_paragraph()
        for table in section.tables:
            _table(word, table)
        for chart, table in zip(section.charts, section.chart_tables, strict=True):
            word.add_paragraph(
                _("Kuvio: %(title)s. %(description)s", title=_clean(chart.title), description=_clean(chart.description))
            )
            word.add_paragraph(_("Kuvio on raportin sivulla ja PDF-tiedostossa; tässä sen luvut taulukkona."))
            _table(word, table)
        for note in section.notes:
            word.add_paragraph(_clean(note))
        if section.narrative.strip():
            add_markdown(word, section.narrative)
    properties = word.core_properties
    properties.title = _clean(document.heading)
    properties.subject = _clean(document.case_title)
    properties.author = properties.last_modified_by = _("ÄRM-verkosto")
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
