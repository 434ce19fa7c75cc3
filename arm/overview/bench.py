"""The overview's benchmark rows: none of its own; every case publishes its public page, so that the benchmark
measures it on the big case."""

from sqlalchemy import update

from arm.cases.models import Case
from arm.core.bench import BenchContext
from arm.extensions import db


def bench_data(context: BenchContext) -> None:
    db.session.execute(update(Case).where(Case.id.in_([case.id for case in context.cases])).values(is_public=True))
