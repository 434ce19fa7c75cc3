"""The laid-off cohort in aggregate: snapshots at dates of how many of a group (the employer's own laid-off staff,
or the subcontractor network's) are employed, in training, entrepreneurs, retired, unemployed, moved away or of
unknown status. The rules and saves of a `CohortSnapshot`, and what the cohort page, the dashboard and the report
read. Aggregates only: no field names a person, and free text with a henkilötunnus is refused.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select

from arm.cases.models import Case
from arm.core.charts import Chart, Series
from arm.core.errors import EditConflict, ValidationError
from arm.core.i18n import format_date, format_decimal
from arm.core.queries import get_in_case
from arm.extensions import db
from arm.progress.models import (
    COHORT_STATUS_LABELS,
    COHORT_STATUSES,
    CohortBasis,
    CohortGroup,
    CohortSnapshot,
)
from arm.progress.outputs import count_errors, day_errors, text_errors

DAY_TAKEN = _l("Ryhmälle on jo kirjattu tilanne tälle päivälle: muokkaa sitä tai valitse toinen päivä.")

# The fields of a snapshot that its form sets.
SNAPSHOT_FIELDS = ("as_of", "cohort_group", "cohort", *COHORT_STATUSES, "basis", "source", "note")
# The most snapshots of a group a chart shows (the latest ones): a fixed size for the page and the report.
CHART_POINTS = 24


def difference_message(statuses_total: int, cohort: int) -> str:
    """What tells the person by how much the statuses miss the cohort size."""
    difference = statuses_total - cohort
    if difference > 0:
        return ngettext(
            "Tilanteiden summa %(total)s on %(num)s suurempi kuin irtisanottujen määrä %(cohort)s.",
            "Tilanteiden summa %(total)s on %(num)s suurempi kuin irtisanottujen määrä %(cohort)s.",
            difference,
            total=format_decimal(statuses_total),
            cohort=format_decimal(cohort),
        )
    return ngettext(
        "Tilanteiden summa %(total)s on %(num)s pienempi kuin irtisanottujen määrä %(cohort)s.",
        "Tilanteiden summa %(total)s on %(num)s pienempi kuin irtisanottujen määrä %(cohort)s.",
        -difference,
        total=format_decimal(statuses_total),
        cohort=format_decimal(cohort),
    )


def snapshot_field_errors(data: dict, *, today: date) -> list[tuple[str | None, str]]:
    """The rules on a snapshot's own values, shared by the form and the service."""
    errors: list[tuple[str | None, str]] = []
    errors += day_errors(data.get("as_of"), "as_of", today)
    if not isinstance(data.get("cohort_group"), CohortGroup):
        errors.append(("cohort_group", _("Valitse ryhmä.")))
    if not isinstance(data.get("basis"), CohortBasis):
        errors.append(("basis", _("Valitse, mihin luvut perustuvat.")))
    counts_ok = True
    for name in ("cohort", *COHORT_STATUSES):
        problems = count_errors(data.get(name), name)
        counts_ok = counts_ok and not problems
        errors += problems
    if counts_ok:
        if data["cohort"] == 0:
            errors.append(("cohort", _("Irtisanottujen määrän on oltava vähintään 1.")))
        total = sum(data[name] for name in COHORT_STATUSES)
        if total != data["cohort"]:
            message = difference_message(total, data["cohort"])
            errors.append(("cohort", message))
            errors.append((None, _("Kirjaa ne, joiden tilannetta ei tiedetä, kohtaan Tilanne ei tiedossa.")))
    if not (data.get("source") or "").strip():
        errors.append(("source", _("Kerro lukujen lähde, esim. TE-palvelujen työnvälitystilasto.")))
    errors += text_errors(data, ("source", "note"), multiline=("note",))
    return errors


def _check(case_id: int, data: dict, today: date | None, snapshot_id: int | None = None) -> None:
    errors = snapshot_field_errors(data, today=today or date.today())
    if not errors and _taken(case_id, data, snapshot_id):
        errors.append(("as_of", DAY_TAKEN))
    if errors:
        raise ValidationError(errors)


def _taken(case_id: int, data: dict, snapshot_id: int | None) -> bool:
    """Whether the group has another snapshot of the same day: the latest snapshot must be one."""
    statement = select(CohortSnapshot.id).where(
        CohortSnapshot.case_id == case_id,
        CohortSnapshot.cohort_group == data["cohort_group"],
        CohortSnapshot.as_of == data["as_of"],
    )
    if snapshot_id is not None:
        statement = statement.where(CohortSnapshot.id != snapshot_id)
    return db.session.scalar(statement.limit(1)) is not None


def _apply(snapshot: CohortSnapshot, data: dict) -> None:
    for key in SNAPSHOT_FIELDS:
        setattr(snapshot, key, data.get(key))
    snapshot.source = snapshot.source.strip()
    snapshot.note = (snapshot.note or "").strip()


def record_snapshot(case: Case, data: dict, *, today: date | None = None) -> CohortSnapshot:
    _check(case.id, data, today)
    snapshot = CohortSnapshot(case_id=case.id)
    _apply(snapshot, data)
    db.session.add(snapshot)
    db.session.flush()
    return snapshot


def update_snapshot(
    snapshot: CohortSnapshot, expected_version: int, data: dict, *, today: date | None = None
) -> CohortSnapshot:
    """Save an edit made on `expected_version`; EditConflict when someone saved in between."""
    if expected_version != snapshot.version:
        raise EditConflict(snapshot)
    _check(snapshot.case_id, data, today, snapshot.id)
    _apply(snapshot, data)
    db.session.flush()
    return snapshot


def delete_snapshot(snapshot: CohortSnapshot) -> None:
    db.session.delete(snapshot)
    db.session.flush()


# Reads


def get_snapshot(case_id: int, snapshot_id: int) -> CohortSnapshot:
    """404 when the snapshot belongs to another case."""
    return get_in_case(CohortSnapshot, snapshot_id, case_id)


def history(case_id: int):
    """Every snapshot, newest first (for `paginate`)."""
    return (
        select(CohortSnapshot)
        .where(CohortSnapshot.case_id == case_id)
        .order_by(CohortSnapshot.as_of.desc(), CohortSnapshot.cohort_group, CohortSnapshot.id.desc())
    )


def latest_by_group(case_id: int, *, until: date | None = None, points: int = CHART_POINTS) -> dict:
    """The latest `points` snapshots of each group (as of `until`, if given), oldest first: one statement.

    The last of each list is the group's latest snapshot and the one before it its previous.
    """
    rank = (
        func.row_number()
        .over(
            partition_by=CohortSnapshot.cohort_group,
            order_by=(CohortSnapshot.as_of.desc(), CohortSnapshot.id.desc()),
        )
        .label("rank")
    )
    criteria = [CohortSnapshot.case_id == case_id]
    if until is not None:
        criteria.append(CohortSnapshot.as_of <= until)
    ranked = select(CohortSnapshot.id, rank).where(*criteria).subquery()
    rows = db.session.scalars(
        select(CohortSnapshot)
        .join(ranked, ranked.c.id == CohortSnapshot.id)
        .where(ranked.c.rank <= points)
        .order_by(CohortSnapshot.as_of, CohortSnapshot.id)
    )
    by_group: dict[CohortGroup, list[CohortSnapshot]] = {}
    for snapshot in rows:
        by_group.setdefault(snapshot.cohort_group, []).append(snapshot)
    return {group: by_group[group] for group in CohortGroup if group in by_group}


@dataclass(frozen=True)
class GroupStatus:
    """A group's latest snapshot and what changed since the one before it (None: no earlier snapshot)."""

    group: CohortGroup
    latest: CohortSnapshot
    previous: CohortSnapshot | None

    def change(self, status: str) -> int | None:
        if self.previous is None:
            return None
        return getattr(self.latest, status) - getattr(self.previous, status)

    @property
    def employed_share(self) -> Decimal:
        """The employed as a per cent of the cohort, to one decimal."""
        if not self.latest.cohort:
            return Decimal(0)
        return (Decimal(self.latest.employed) * 100 / self.latest.cohort).quantize(Decimal("0.1"))


def group_statuses(snapshots_by_group: dict) -> list[GroupStatus]:
    return [
        GroupStatus(group, snapshots[-1], snapshots[-2] if len(snapshots) > 1 else None)
        for group, snapshots in snapshots_by_group.items()
    ]


def group_chart(group: CohortGroup, snapshots: list[CohortSnapshot]) -> Chart:
    """A stacked bar per snapshot: how the group's statuses shifted over time."""
    return Chart(
        title=_("%(group)s: tilanne ajankohdittain", group=group.label),
        description=_(
            "Pinottu pylväs kullekin kirjatulle ajankohdalle: irtisanottujen määrä tilanteittain, %(count)s "
            "viimeisintä ajankohtaa.",
            count=len(snapshots),
        ),
        x_labels=[format_date(snapshot.as_of, "short") for snapshot in snapshots],
        series=[
            Series(str(COHORT_STATUS_LABELS[status]), [getattr(snapshot, status) for snapshot in snapshots])
            for status in COHORT_STATUSES
        ],
        kind="stacked_bar",
        value_format=format_decimal,
    )


def holds_snapshots(case_id: int) -> bool:
    return db.session.scalar(select(CohortSnapshot.id).where(CohortSnapshot.case_id == case_id).limit(1)) is not None
