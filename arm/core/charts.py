"""Charts drawn on the server as SVG with pygal, shown as an image beside their data as a table.

pygal (maintained, SVG only, no browser code needed) draws the chart. Its SVG carries an inline `<style>` and
`<script>`, which the app's Content-Security-Policy forbids in a page; as an image (`data:` URL, which the
policy allows for images) the SVG is a document of its own, runs no script and keeps its style. The image's
alternative text is the chart's title and description, and the macro `macros/charts.html` puts the figures
beside it as a table, so a screen reader and a printout read the numbers, not the picture. WeasyPrint draws
the same image into the PDF papers.
"""

import base64
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

import pygal
from flask import has_app_context
from flask_babel import get_locale
from pygal.style import Style

# Okabe & Ito's palette, readable with every common colour-vision deficiency; each is ≥ 3:1 on white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8a6d00", "#56B4E9", "#000000")
_SCRIPT = re.compile(r"<script\b.*?</script>", re.S)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float | int | None]
    dashed: bool = False  # a comparison line (the year before, a base year, a threshold)


@dataclass(frozen=True)
class Chart:
    """What a chart shows: `kind` is "line", "bar" or "stacked_bar"; `x_labels` name the points of every series."""

    title: str
    description: str
    x_labels: Sequence[str]
    series: Sequence[Series]
    kind: str = "line"
    unit: str = ""
    value_format: object = field(default=None, compare=False)  # formats a value for the axis and the table

    def formatted(self, value) -> str:
        if value is None:
            return "–"
        return self.value_format(value) if self.value_format else str(value)


@cache
def _style() -> Style:
    return Style(
        font_family="DejaVu Sans, Arial, sans-serif",
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#212529",
        foreground_strong="#212529",
        foreground_subtle="#495057",
        colors=PALETTE,
        title_font_size=16,
        label_font_size=12,
        major_label_font_size=12,
        legend_font_size=13,
        value_font_size=12,
    )


_KINDS = {"line": pygal.Line, "bar": pygal.Bar, "stacked_bar": pygal.StackedBar}


def render_svg(chart: Chart, width: int = 720, height: int = 360) -> str:
    """The chart as a standalone SVG document, without script."""
    drawing = _KINDS[chart.kind](
        js=[],
        disable_xml_declaration=True,
        style=_style(),
        width=width,
        height=height,
        title=chart.title,
        legend_at_bottom=True,
        legend_at_bottom_columns=min(len(chart.series), 3) or 1,
        truncate_legend=-1,
        x_label_rotation=0 if len(chart.x_labels) <= 8 else 30,
        show_minor_x_labels=len(chart.x_labels) <= 12,
        x_labels_major_every=max(1, len(chart.x_labels) // 8),
        value_formatter=chart.formatted,
        print_values=False,
        dots_size=3,
        include_x_axis=True,
        no_data_text="",
    )
    drawing.x_labels = list(chart.x_labels)
    for series in chart.series:
        options = {"stroke_style": {"dasharray": "6, 4", "width": 2}} if series.dashed else {}
        drawing.add(series.label, list(series.values), **options)
    return _SCRIPT.sub("", drawing.render(is_unicode=True))


def data_uri(chart: Chart, width: int = 720, height: int = 360) -> str:
    """The chart as a `data:` URL for an `<img>`: drawn once for the same figures, kept for the next reader."""
    drawing = _Drawing(chart, width, height)
    try:
        return _drawn(drawing)
    except TypeError:  # a value no key can hold: drawn every time
        return _draw(drawing)


@dataclass(frozen=True, eq=False)
class _Drawing:
    """A chart to draw, equal to another by everything the drawing is made of: the texts, every value, the
    formatter (a function is its own key) and the language it writes numbers in."""

    chart: Chart
    width: int
    height: int

    def key(self) -> tuple:
        chart = self.chart
        return (
            chart.kind,
            str(chart.title),
            str(chart.description),
            tuple(str(label) for label in chart.x_labels),
            tuple((str(series.label), tuple(series.values), series.dashed) for series in chart.series),
            chart.unit,
            chart.value_format,
            str(get_locale()) if has_app_context() else None,
            self.width,
            self.height,
        )

    def __hash__(self) -> int:
        return hash(self.key())

    def __eq__(self, other) -> bool:
        return isinstance(other, _Drawing) and self.key() == other.key()


def _draw(drawing: _Drawing) -> str:
    svg = render_svg(drawing.chart, drawing.width, drawing.height).encode("utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


# The last drawings of the process (≈ 20–60 kB each): pygal takes 50–500 ms a chart, more than half of the
# cohort page, and most page views show figures that have not changed since the last one.
_drawn = lru_cache(maxsize=128)(_draw)
