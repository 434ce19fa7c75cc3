"""The 5 × 5 heat map of a case's open and mitigating risks, laid out for the server-rendered SVG and its table.

Hand-built geometry, on purpose: a grid of 25 squares with a number each is a few lines, and a chart library
would add a dependency (and inline styles, which the pages' content security policy refuses) for nothing.
The score bands and their colours are our design, as the 1–5 × 1–5 scoring is: the seeds give no method.
Each band pairs a light fill with a dark text colour whose contrast is above 7:1.
"""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from arm.risks.models import SCALE

CELL = 56
LEFT = 64  # room for the likelihood axis
TOP = 8
BOTTOM = 52  # room for the impact axis
WIDTH = LEFT + CELL * len(SCALE) + 8
HEIGHT = TOP + CELL * len(SCALE) + BOTTOM


@dataclass(frozen=True)
class Band:
    key: str
    label: object  # a lazy translation
    lowest: int  # the lowest score of the band
    fill: str
    text: str


BANDS = (
    Band("very_high", _l("Erittäin suuri"), 15, "#f8d7da", "#58151c"),
    Band("high", _l("Suuri"), 10, "#ffe5d0", "#5c2a05"),
    Band("moderate", _l("Kohtalainen"), 5, "#fff3cd", "#4d3a02"),
    Band("low", _l("Pieni"), 1, "#d1e7dd", "#0a3622"),
)


def band_of(score: int) -> Band:
    return next(band for band in BANDS if score >= band.lowest)


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    count: int
    band: Band
    x: int
    y: int

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def centre(self) -> tuple[int, int]:
        return self.x + CELL // 2, self.y + CELL // 2


@dataclass(frozen=True)
class HeatMap:
    rows: list[list[HeatCell]]  # likelihood 5 first (the top row), each row by impact 1–5
    total: int

    width: int = WIDTH
    height: int = HEIGHT
    cell: int = CELL
    left: int = LEFT
    top: int = TOP

    @property
    def cells(self) -> list[HeatCell]:
        return [cell for row in self.rows for cell in row]

    @property
    def bands(self) -> tuple[Band, ...]:
        return BANDS


def build_heat_map(counts: dict[tuple[int, int], int]) -> HeatMap:
    """`counts` by (likelihood, impact), as `queries.heat_map_counts` reads them."""
    rows = []
    for row_number, likelihood in enumerate(reversed(SCALE)):
        rows.append(
            [
                HeatCell(
                    likelihood,
                    impact,
                    counts.get((likelihood, impact), 0),
                    band_of(likelihood * impact),
                    LEFT + (impact - 1) * CELL,
                    TOP + row_number * CELL,
                )
                for impact in SCALE
            ]
        )
    return HeatMap(rows, sum(counts.values()))
