"""What the outputs and the cohort give the case's other pages: the progress report's sections "outputs" and
"cohort", and the dashboard's side panel. Each issues a fixed number of statements whatever the case's size
(the outputs section one, the cohort section one, the panel one)."""

from flask_babel import lazy_gettext as _l

from arm.core.parts import DashboardPanel, ReportPeriod, ReportSection
from arm.core.reporting import N_, SectionContent, series
from arm.progress import cohort, outputs
from arm.progress.models import COHORT_STATUS_LABELS, COHORT_STATUSES, CohortGroup, OutputKind


def cohort_panel(case) -> dict:
    """The latest snapshot of each group: one statement."""
    return {"statuses": cohort.group_statuses(cohort.latest_by_group(case.id, points=1))}


def build_outputs_section(period: ReportPeriod) -> dict:
    """Each output's total in the period and up to its end, for the case as a whole and per project."""
    rows = outputs.period_rows(period.case.id, period.starts_on, period.ends_on)
    content = SectionContent()
    order = list(OutputKind)
    by_output: dict[tuple, list[int]] = {}
    for row in rows:
        sums = by_output.setdefault((row.kind, row.name), [0, 0])
        sums[0] += row.in_period
        sums[1] += row.cumulative
    ordered = sorted(by_output.items(), key=lambda item: (order.index(item[0][0]), item[0][1].casefold()))
    columns = [
        (N_("Laji"), "label"),
        (N_("Nimi"), "text"),
        (N_("Kaudella"), "int"),
        (N_("Kertymä kauden loppuun"), "int"),
    ]
    content.table(
        N_("Tuotokset yhteensä"),
        columns,
        [[kind, name, in_period, cumulative] for (kind, name), (in_period, cumulative) in ordered],
    )
    content.table(
        N_("Koko tapauksen tuotokset"),
        columns,
        [[row.kind, row.name, row.in_period, row.cumulative] for row in rows if row.project_id is None],
    )
    content.table(
        N_("Tuotokset hankkeittain"),
        [(N_("Hanke"), "text"), *columns],
        [[row.project_name, row.kind, row.name, row.in_period, row.cumulative] for row in rows if row.project_id],
    )
    if not rows:
        content.note(N_("Kaudelle tai sitä ennen ei ole kirjattu tuotoksia."))
    content.note(N_("Kertymä laskee yhteen kaikki kirjaukset kauden loppuun asti."))
    return content.as_json()


# Every label names its group in its own message id, so that a frozen report reads in every language.
GROUP_TEXTS = {
    CohortGroup.OWN: {
        "cohort": N_("Työnantajan omat irtisanotut: yhteensä"),
        "unemployed": N_("Työnantajan omat irtisanotut: työttömänä"),
        "employed_share": N_("Työnantajan omat irtisanotut: työllistyneiden osuus"),
        "as_of": N_("Työnantajan omat irtisanotut: tilanteen päivä"),
        "table": N_("Työnantajan omat irtisanotut: viimeisin tilanne ja muutos edellisestä"),
        "basis": N_("Työnantajan omat irtisanotut: peruste ja lähde"),
        "chart": N_("Työnantajan omat irtisanotut: tilanne ajankohdittain"),
    },
    CohortGroup.SUBCONTRACTORS: {
        "cohort": N_("Alihankintaverkoston irtisanotut: yhteensä"),
        "unemployed": N_("Alihankintaverkoston irtisanotut: työttömänä"),
        "employed_share": N_("Alihankintaverkoston irtisanotut: työllistyneiden osuus"),
        "as_of": N_("Alihankintaverkoston irtisanotut: tilanteen päivä"),
        "table": N_("Alihankintaverkoston irtisanotut: viimeisin tilanne ja muutos edellisestä"),
        "basis": N_("Alihankintaverkoston irtisanotut: peruste ja lähde"),
        "chart": N_("Alihankintaverkoston irtisanotut: tilanne ajankohdittain"),
    },
}


def build_cohort_section(period: ReportPeriod) -> dict:
    """Each group's latest snapshot at the period's end, the change from the snapshot before it, and the chart."""
    by_group = cohort.latest_by_group(period.case.id, until=period.ends_on)
    content = SectionContent()
    for status in cohort.group_statuses(by_group):
        latest, previous = status.latest, status.previous
        texts = GROUP_TEXTS[status.group]
        content.fact(texts["cohort"], latest.cohort)
        content.fact(texts["unemployed"], latest.unemployed)
        content.fact(texts["employed_share"], status.employed_share, "percent")
        content.fact(texts["as_of"], latest.as_of, "date")
        content.table(
            texts["table"],
            [
                (N_("Tilanne"), "label"),
                (N_("Henkilöä"), "int"),
                (N_("Edellinen kirjaus"), "int"),
                (N_("Muutos"), "int"),
            ],
            [
                [
                    COHORT_STATUS_LABELS[name],
                    getattr(latest, name),
                    getattr(previous, name) if previous else None,
                    status.change(name),
                ]
                for name in COHORT_STATUSES
            ],
        )
        content.table(
            texts["basis"],
            [(N_("Päivä"), "date"), (N_("Peruste"), "label"), (N_("Lähde"), "text"), (N_("Huomio"), "text")],
            [[latest.as_of, latest.basis, latest.source, latest.note]]
            + ([[previous.as_of, previous.basis, previous.source, previous.note]] if previous else []),
        )
        snapshots = by_group[status.group]
        content.chart(
            texts["chart"],
            N_("Pinottu pylväs kullekin kirjatulle ajankohdalle: irtisanottujen määrä tilanteittain."),
            [snapshot.as_of for snapshot in snapshots],
            [series(COHORT_STATUS_LABELS[name], [getattr(s, name) for s in snapshots]) for name in COHORT_STATUSES],
            kind="stacked_bar",
            x_type="date",
        )
    if not by_group:
        content.note(N_("Irtisanottujen tilannetta ei ole kirjattu kauden loppuun mennessä."))
    content.note(N_("Luvut ovat yhteenvetoja: alustalle ei tallenneta tietoja yksittäisistä irtisanotuista."))
    return content.as_json()


# What arm/progress/part.py registers for the outputs and the cohort.
PANELS = (DashboardPanel("progress/_dashboard_cohort.html", cohort_panel, 35, "side"),)
REPORT_SECTIONS = (
    ReportSection(
        "outputs",
        _l("Tuotokset"),
        40,
        build_outputs_section,
        description=_l("Tuotokset lajeittain kaudella ja kertymänä, koko tapaukselle ja hankkeittain."),
    ),
    ReportSection(
        "cohort",
        _l("Irtisanottujen tilanne"),
        50,
        build_cohort_section,
        description=_l("Kunkin ryhmän viimeisin tilanne kauden lopussa, muutos edellisestä ja kuvio."),
    ),
)


def holds_work(case_id: int) -> bool:
    return outputs.holds_outputs(case_id) or cohort.holds_snapshots(case_id)
