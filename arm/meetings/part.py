"""The meetings' part of a case: its tab, whether the case holds meetings of its own, its share of the demo
case and of the benchmark data."""

from flask import Flask
from flask_babel import lazy_gettext as _l

from arm.core.parts import CasePart, NavEntry, register_part
from arm.meetings import bench, demo, queries

PART = CasePart(
    name="meetings",
    nav=(NavEntry("meetings.meetings", _l("Kokoukset"), 70),),
    holds_work=queries.holds_meetings,
    load_demo=demo.load_demo,
    bench_data=bench.bench_data,
)


def register(app: Flask) -> None:
    from arm.meetings.views import bp, guest_bp

    app.register_blueprint(bp)
    app.register_blueprint(guest_bp)
    register_part(app, PART)
