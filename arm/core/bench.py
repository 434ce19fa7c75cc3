"""Benchmark data: a fresh database filled with realistic, reproducible rows at national scale.

Each area writes its own rows through its part's `bench_data` hook (see arm.core.parts), in registration
order, into a shared `BenchContext`: the cases area makes the people and cases, the plan area their actions,
and so on. Rows go in with Core bulk inserts and ids chosen here, so that no row is read back and the ORM's
audit hook stays out of the way; the history is written last, from what the areas recorded as auditable.

The figures are those of scale 1 (see `BenchContext.count`); one random generator with a fixed seed makes
the same database every time for the same scale.
"""

import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice

from flask import Flask, g, has_request_context, render_template
from sqlalchemy import Table, event, func, insert, select, text

from arm.extensions import db

SEED = 20210608
BATCH = 5_000
# The data's "today": every moment is before it, whenever the data is made (so it is the same every time).
TODAY = datetime(2026, 12, 1, tzinfo=UTC)
# The history of the big case reaches past page 500 of the history (50 a page) at every scale.
BIG_CASE_MIN_EVENTS = 26_000


@dataclass
class BenchCase:
    """What the areas after the cases area need to know of one case, without reading it back."""

    id: int
    is_big: bool
    started: datetime
    membership_ids: list[int] = field(default_factory=list)
    member_user_ids: list[int] = field(default_factory=list)
    organisation_ids: list[int] = field(default_factory=list)


@dataclass
class Auditable:
    """A row the history will tell about: `changes` is what its update events changed."""

    case_id: int
    entity: str
    entity_id: int
    label: str
    fields: tuple[str, ...]


@dataclass
class BenchContext:
    scale: float
    rng: random.Random
    progress: Callable[[str, int], Callable[[int], None]]
    cases: list[BenchCase] = field(default_factory=list)
    user_ids: list[int] = field(default_factory=list)
    auditables: list[Auditable] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    _next_ids: dict[str, int] = field(default_factory=dict)

    def count(self, at_scale_one: int) -> int:
        """How many of something there are at this scale (at least one)."""
        return max(1, round(at_scale_one * self.scale))

    def ids(self, table: Table, how_many: int) -> range:
        """`how_many` fresh ids of `table`, following the ones handed out before."""
        first = self._next_ids.get(table.name, 1)
        self._next_ids[table.name] = first + how_many
        return range(first, first + how_many)

    def numbered(self, table: Table, rows: list[dict]) -> list[dict]:
        """`rows` with fresh ids of `table`, for rows that others refer to before they are inserted."""
        for row, row_id in zip(rows, self.ids(table, len(rows)), strict=True):
            row["id"] = row_id
        return rows

    def insert(self, table: Table, rows: Iterable[dict], total: int | None = None, label: str | None = None) -> None:
        """Insert `rows` in batches (a row without an id gets a fresh one), with a progress bar when `label`
        is given."""
        advance = self.progress(label, total or 0) if label else (lambda _n: None)
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            unnumbered = [row for row in batch if "id" not in row]
            if unnumbered:
                self.numbered(table, unnumbered)
            db.session.execute(insert(table), batch)
            self.counts[table.name] += len(batch)
            advance(len(batch))

    def moment(self, case: BenchCase, within_days: int = 900) -> datetime:
        """A moment in the case's life: within `within_days` of its start, never after the data's today."""
        days = max(1, min(within_days, (TODAY - case.started).days))
        return case.started + timedelta(seconds=self.rng.randrange(days * 86_400))


def write_history(context: BenchContext, events_at_scale_one: int = 2_000_000) -> None:
    """The audit events: a create for every auditable row, then updates spread over the rows, more in the big
    case, so that every history page the benchmark asks for exists."""
    from arm.core.models import AuditEvent

    table = AuditEvent.__table__
    total = context.count(events_at_scale_one)
    by_case: dict[int, list[Auditable]] = defaultdict(list)
    for row in context.auditables:
        by_case[row.case_id].append(row)
    big = next(case for case in context.cases if case.is_big)
    shares = _event_shares(context, by_case, big, total)
    actors = {case.id: case.member_user_ids or context.user_ids[:1] for case in context.cases}
    starts = {case.id: case for case in context.cases}

    def events() -> Iterator[dict]:
        ids = iter(context.ids(table, total))
        for case_id, how_many in shares.items():
            rows = by_case[case_id]
            case = starts[case_id]
            moments = sorted(context.moment(case) for _ in range(how_many))
            for index, at in enumerate(moments):
                row = rows[index] if index < len(rows) else context.rng.choice(rows)
                creating = index < len(rows)
                changed = context.rng.choice(row.fields) if row.fields and not creating else None
                yield {
                    "id": next(ids),
                    "case_id": case_id,
                    "actor_id": context.rng.choice(actors[case_id]),
                    "at": at,
                    "entity": row.entity,
                    "entity_id": row.entity_id,
                    "label": row.label,
                    "action": "create" if creating else "update",
                    "changes": {} if changed is None else {changed: [f"vanha {index}", f"uusi {index}"]},
                }

    context.insert(table, events(), total, "audit events")


def _event_shares(context: BenchContext, by_case: dict, big: BenchCase, total: int) -> dict[int, int]:
    """Events per case: the big case at least BIG_CASE_MIN_EVENTS, the rest in proportion to their rows."""
    big_share = min(total, max(BIG_CASE_MIN_EVENTS, total // 10))
    others = [case for case in context.cases if case.id != big.id and by_case[case.id]]
    weight = sum(len(by_case[case.id]) for case in others) or 1
    shares = {big.id: big_share}
    left = total - big_share
    for case in others:
        shares[case.id] = left * len(by_case[case.id]) // weight
    shares[big.id] += total - sum(shares.values())
    return {case_id: count for case_id, count in shares.items() if count > 0}


def reset_sequences() -> None:
    """PostgreSQL: the id sequences continue after the ids chosen here (SQLite needs nothing)."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.columns and table.columns["id"].primary_key:
            highest = db.session.scalar(select(func.max(table.columns["id"])))
            if highest:
                db.session.execute(
                    text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :highest)"),
                    {"table": table.name, "highest": highest},
                )


def database_is_fresh() -> bool:
    """No table holds a row (the bench data's ids start at 1 in every table)."""
    return all(
        db.session.execute(select(table).limit(1)).first() is None
        for table in db.metadata.sorted_tables
        if table.name != "alembic_version"
    )


def started_at(rng: random.Random) -> datetime:
    """When a case was announced: within the last six years."""
    return datetime(2020, 1, 1, tzinfo=UTC) + timedelta(days=rng.randrange(6 * 365))


def fill(scale: float, progress: Callable[[str, int], Callable[[int], None]]) -> BenchContext:
    """Every part's rows and the history at `scale`, committed once at the end."""
    from arm.core.parts import load_bench_data

    context = BenchContext(scale=scale, rng=random.Random(SEED), progress=progress)  # nosec B311 # reproducible, not secret
    load_bench_data(context)
    write_history(context)
    reset_sequences()
    db.session.commit()
    gather_statistics()
    return context


def gather_statistics() -> None:
    """On PostgreSQL, VACUUM ANALYZE: what autovacuum does to a database that has run a while, and without
    which a freshly bulk-loaded one is planned blind (no statistics; index-only scans go to the heap, since no
    page is yet marked all-visible). SQLite is left as production runs it."""
    if db.engine.dialect.name != "postgresql":
        return
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")


def register_benchmark_routes(app: Flask) -> None:
    """For the benchmark's servers only (ARM_BENCHMARK_ROUTES on), never in an ordinary deployment:

    - /_bench/baseline renders base.html and nothing else, with no query and no session: the yardstick;
    - every response says in `X-ARM-Statements` how many SQL statements its request issued, so that the
      benchmark counts them on the very requests it times.
    """
    app.add_url_rule("/_bench/baseline", "bench_baseline", lambda: render_template("bench/baseline.html"))
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def count_statement(*_arguments):
        if has_request_context():
            g.arm_statements = g.get("arm_statements", 0) + 1

    @app.after_request
    def tell_statements(response):
        response.headers["X-ARM-Statements"] = str(g.get("arm_statements", 0))
        return response
