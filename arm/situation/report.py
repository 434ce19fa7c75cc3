"""The progress report's situation picture section ("situation"): the indicators of the period's end month.

For each indicator with figures, every area's latest value up to the end month with its change from the
previous month, the same month a year earlier and the base year (2019, as in the seeds); the early-warning
flags; and a chart of the first indicator with figures. Fixed statements: those of `queries.picture`.
"""

from datetime import date

from arm.core.parts import ReportPeriod
from arm.core.reporting import N_, SectionContent, label, series
from arm.situation import queries, services


def _difference(change):
    return change.difference if change is not None else None


def build_section(period: ReportPeriod) -> dict:
    case = period.case
    end_month = date(period.ends_on.year, period.ends_on.month, 1)
    pictures = queries.picture(case, services.area_codes_of(case), until=end_month)
    content = SectionContent()
    with_data = [item for item in pictures if item.has_data]
    flags = [(item, figure) for item in with_data for figure in item.breaches]
    content.fact(N_("Kuukausi, jonka luvut näytetään"), end_month, "month")
    content.fact(N_("Indikaattoreita, joilla on lukuja"), len(with_data))
    content.fact(N_("Varhaisen varoituksen hälytyksiä"), len(flags))
    rows = []
    for item in with_data:
        for figure in item.figures:
            if figure.value is None:
                continue
            rows.append(
                [
                    item.info.name,
                    item.info.unit,
                    figure.area.name,
                    figure.month,
                    figure.value,
                    _difference(figure.changes.get("month")),
                    _difference(figure.changes.get("year")),
                    _difference(figure.changes.get("base")),
                    figure.breach,
                ]
            )
    content.table(
        N_("Indikaattorit alueittain"),
        [
            (N_("Indikaattori"), "text"),
            (N_("Yksikkö"), "text"),
            (N_("Alue"), "text"),
            (N_("Kuukausi"), "month"),
            (N_("Arvo"), "decimal"),
            (N_("Muutos edellisestä kuukaudesta"), "decimal"),
            (N_("Muutos vuodentakaisesta"), "decimal"),
            (label(N_("Muutos vuoden %(year)s samasta kuukaudesta"), year=queries.DEFAULT_BASE_YEAR), "decimal"),
            (N_("Hälytys"), "bool"),
        ],
        rows,
    )
    charted = next((item for item in with_data if item.chart is not None), None)
    if charted is not None:
        chart = charted.chart
        content.chart(
            label(N_("%(indicator)s: %(area)s"), indicator=charted.info.name, area=charted.chart_area.name),
            label(N_("%(indicator)s kuukausittain; katkoviivoilla vertailut."), indicator=charted.info.name),
            chart.x_labels,
            [series(line.label, line.values, "decimal", dashed=line.dashed, literal=True) for line in chart.series],
            x_type="text",
            unit=charted.info.unit,
        )
    if not with_data:
        content.note(N_("Tilannekuvaan ei ole vielä tuotu lukuja."))
    return content.as_json()
