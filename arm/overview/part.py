"""The overview's part of a case: nothing inside a case's pages; the demo case publishes its public page, so
that the demo shows it, and so do the benchmark's cases."""

from flask import Flask

from arm.core.parts import CasePart, DemoContext, register_part
from arm.overview import bench


def load_demo(context: DemoContext) -> None:
    context.case.is_public = True


PART = CasePart(name="overview", load_demo=load_demo, bench_data=bench.bench_data)


def register(app: Flask) -> None:
    from arm.overview.views import bp

    app.register_blueprint(bp)
    register_part(app, PART)
