"""The outputs' and the cohort's benchmark rows: sixty outputs a case (three hundred in the big case) over the
kinds and three years, and a monthly cohort snapshot of each group for three years, so that the outputs list
paginates and the cohort chart is at its full width."""

from datetime import date

from arm.core.bench import Auditable, BenchContext
from arm.progress.models import CohortBasis, CohortGroup, CohortSnapshot, OutputEntry, OutputKind

OUTPUTS_PER_CASE = 60
OUTPUTS_IN_BIG_CASE = 300
SNAPSHOT_MONTHS = 36
COHORT_SIZES = {CohortGroup.OWN: 550, CohortGroup.SUBCONTRACTORS: 950}


def _snapshot(case_id: int, group: CohortGroup, month: int, created) -> dict:
    """A cohort whose unemployed fall and employed rise month by month; the statuses add up to the cohort."""
    size = COHORT_SIZES[group]
    employed = min(size, size * month // (SNAPSHOT_MONTHS + 12))
    in_training = size // 20
    entrepreneurs = size // 50
    retired = size // 25
    moved_away = size // 30
    unemployed = max(0, size // 2 - employed // 2)
    unknown = size - employed - in_training - entrepreneurs - retired - moved_away - unemployed
    if unknown < 0:
        employed += unknown
        unknown = 0
    return {
        "case_id": case_id,
        "as_of": date(2021 + (month + 5) // 12, (month + 5) % 12 + 1, 1),
        "cohort_group": group,
        "cohort": size,
        "employed": employed,
        "in_training": in_training,
        "entrepreneurs": entrepreneurs,
        "retired": retired,
        "unemployed": unemployed,
        "moved_away": moved_away,
        "unknown": unknown,
        "basis": CohortBasis.STATISTICS,
        "source": "TE-palvelujen työnvälitystilasto",
        "note": "",
        "created_at": created,
        "version": 1,
    }


def bench_data(context: BenchContext) -> None:
    rng = context.rng
    kinds = list(OutputKind)
    outputs, snapshots = [], []
    for case in context.cases:
        for number in range(OUTPUTS_IN_BIG_CASE if case.is_big else OUTPUTS_PER_CASE):
            kind = kinds[number % len(kinds)]
            outputs.append(
                {
                    "case_id": case.id,
                    "kind": kind,
                    "name": f"Muu tuotos {number % 3 + 1}" if kind is OutputKind.OTHER else "",
                    "dated_on": date(2022 + number % 3, rng.randint(1, 12), rng.randint(1, 28)),
                    "amount": rng.randint(1, 500),
                    "project_id": None,
                    "source": "Hankkeen raportti",
                    "note": "",
                    "created_at": context.moment(case, 600),
                    "version": 1,
                }
            )
        for group in CohortGroup:
            for month in range(SNAPSHOT_MONTHS):
                snapshots.append(_snapshot(case.id, group, month, context.moment(case, 600)))
    context.numbered(OutputEntry.__table__, outputs)
    context.numbered(CohortSnapshot.__table__, snapshots)
    context.insert(OutputEntry.__table__, outputs)
    context.insert(CohortSnapshot.__table__, snapshots)
    for row in outputs:
        label = row["name"] or row["kind"].name
        context.auditables.append(Auditable(row["case_id"], "OutputEntry", row["id"], label, ("amount", "source")))
    for row in snapshots:
        label = f"{row['as_of'].isoformat()} {row['cohort_group'].name}"
        context.auditables.append(Auditable(row["case_id"], "CohortSnapshot", row["id"], label, ("unemployed",)))
