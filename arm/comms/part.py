"""The communications plan's part of a case: its tab, its dashboard panel, the skeleton plan it offers the
template, and its share of the demo case and of the benchmark data."""

from datetime import date, timedelta

from flask import Flask, url_for
from flask_babel import lazy_gettext as _l

from arm.comms import agenda, bench, demo, queries, report, services
from arm.comms.models import OPEN_STATUSES, CommsItem
from arm.core.comments import register_commentable
from arm.core.parts import CasePart, DashboardPanel, NavEntry, register_part

DUE_WINDOW = timedelta(days=14)
DUE_SHOWN = 8  # the panel lists the first ones and links to the calendar for the rest


def due_panel(case) -> dict:
    """Planned and ready items with a date in the next 14 days (today included): one statement."""
    first = date.today()
    last = first + DUE_WINDOW - timedelta(days=1)
    due = services.schedule(queries.items_between(case.id, first, last, OPEN_STATUSES), first, last)
    return {"due": due[:DUE_SHOWN], "more": max(0, len(due) - DUE_SHOWN), "days": DUE_WINDOW.days}


PART = CasePart(
    name="comms",
    nav=(NavEntry("comms.plan", _l("Viestintä"), 60),),
    panels=(DashboardPanel("comms/_dashboard_due.html", due_panel, 40, "side"),),
    template_items=services.template_items,
    add_template_items=services.add_template_items,
    holds_work=queries.holds_items,
    load_demo=demo.load_demo,
    bench_data=bench.bench_data,
    agenda_items=agenda.agenda_items,
    report_sections=report.SECTIONS,
)


def register(app: Flask) -> None:
    from arm.comms.views import bp

    app.register_blueprint(bp)
    register_part(app, PART)
    register_commentable(
        services.COMMENT_ENTITY,
        CommsItem,
        url=lambda item: url_for("comms.item", case_id=item.case_id, comms_item_id=item.id),
    )
