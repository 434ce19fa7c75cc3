"""Outputs and cohort snapshots for tests, and the forms' values as a browser sends them."""

from datetime import UTC, date, datetime

from arm.extensions import db
from arm.progress.models import CohortBasis, CohortGroup, CohortSnapshot, OutputEntry, OutputKind

# A valid Finnish personal identity code of the kind published as an example: the checks refuse it.
HETU = "131052-308T"


def add_output(case, **values) -> OutputEntry:
    data = {
        "case_id": case.id,
        "kind": OutputKind.EVENT_PARTICIPANTS,
        "name": "",
        "dated_on": date(2023, 7, 31),
        "amount": 100,
        "source": "Hankkeen loppuraportti",
        "note": "",
    }
    data.update(values)
    entry = OutputEntry(**data)
    db.session.add(entry)
    db.session.commit()
    return entry


def add_snapshot(case, **values) -> CohortSnapshot:
    data = {
        "case_id": case.id,
        "as_of": date(2024, 5, 31),
        "cohort_group": CohortGroup.OWN,
        "cohort": 550,
        "employed": 300,
        "in_training": 50,
        "entrepreneurs": 20,
        "retired": 40,
        "unemployed": 74,
        "moved_away": 30,
        "unknown": 36,
        "basis": CohortBasis.STATISTICS,
        "source": "TE-palvelujen työnvälitystilasto",
        "note": "",
    }
    data.update(values)
    snapshot = CohortSnapshot(**data)
    db.session.add(snapshot)
    db.session.commit()
    return snapshot


def bulk_outputs(case, count: int) -> None:
    kinds = list(OutputKind)
    rows = [
        {
            "case_id": case.id,
            "kind": kinds[n % len(kinds)].name,
            "name": f"Muu {n % 3}" if kinds[n % len(kinds)] is OutputKind.OTHER else "",
            "dated_on": date(2021 + n % 4, 1 + n % 12, 1 + n % 28),
            "amount": n + 1,
            "source": "Raportti",
            "note": "",
            "created_at": datetime(2024, 1, 1, tzinfo=UTC),
            "version": 1,
        }
        for n in range(count)
    ]
    db.session.execute(OutputEntry.__table__.insert(), rows)
    db.session.commit()


def bulk_snapshots(case, count: int, first_year: int = 2021) -> None:
    """`count` snapshots, a month apart for each group from January of `first_year` (one a group and day)."""
    rows = []
    for n in range(count):
        group = CohortGroup.OWN if n % 2 else CohortGroup.SUBCONTRACTORS
        rows.append(
            {
                "case_id": case.id,
                "as_of": date(first_year + n // 24, 1 + (n // 2) % 12, 1),
                "cohort_group": group.name,
                "cohort": 100,
                "employed": n % 100,
                "in_training": 0,
                "entrepreneurs": 0,
                "retired": 0,
                "unemployed": 100 - n % 100,
                "moved_away": 0,
                "unknown": 0,
                "basis": CohortBasis.STATISTICS.name,
                "source": "Tilasto",
                "note": "",
                "created_at": datetime(2024, 1, 1, tzinfo=UTC),
                "version": 1,
            }
        )
    db.session.execute(CohortSnapshot.__table__.insert(), rows)
    db.session.commit()


def output_form(**values) -> dict:
    data = {
        "kind": "EVENT_PARTICIPANTS",
        "name": "",
        "dated_on": "2023-07-31",
        "amount": "3500",
        "project_id": "",
        "source": "Hankkeen loppuraportti",
        "note": "Oppilaitosten tapahtumat",
    }
    data.update(values)
    return data


def snapshot_form(**values) -> dict:
    data = {
        "as_of": "2024-05-31",
        "cohort_group": "OWN",
        "cohort": "550",
        "employed": "300",
        "in_training": "50",
        "entrepreneurs": "20",
        "retired": "40",
        "unemployed": "74",
        "moved_away": "30",
        "unknown": "36",
        "basis": "STATISTICS",
        "source": "TE-palvelujen työnvälitystilasto",
        "note": "Kevään tilanne",
    }
    data.update(values)
    return data
