"""What the communications plan proposes for a meeting's agenda (`CasePart.agenda_items`): the planned and
ready messages dated in the 14 days from the meeting's day (the meeting's day included), as the dashboard's
panel counts them; a recurring message comes once for each of its dates. At most `CAP` dates, the soonest
first, and one item more counts the rest and links to the plan for those days: two statements.

Messages belong to the whole network, so a subgroup's meeting sees the same ones.
"""

from datetime import timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select

from arm.comms import queries, services
from arm.comms.models import OPEN_STATUSES, CommsItem, Recurrence
from arm.core.i18n import format_date
from arm.core.parts import AgendaSection, AgendaSuggestion, AgendaWindow
from arm.core.urls import app_path
from arm.extensions import db

CAP = 10
DUE_WINDOW = timedelta(days=14)
SECTION = AgendaSection("comms", _l("Viestintä"), 30, "CommsItem")


def due_in(case_id: int, first, last) -> tuple[list[services.Occurrence], int]:
    """The first `CAP` dates of open messages from `first` to `last` (both included), and how many there are:
    one statement for the one-off messages (only the first `CAP` of them can be among the first `CAP` dates)
    and one for the recurring ones, which a plan holds few of."""
    open_items = (CommsItem.case_id == case_id, CommsItem.status.in_(OPEN_STATUSES))
    rows = db.session.execute(
        select(CommsItem, func.count().over())
        .where(
            *open_items,
            CommsItem.recurrence == Recurrence.NONE,
            CommsItem.planned_on >= first,
            CommsItem.planned_on <= last,
        )
        .order_by(CommsItem.planned_on, CommsItem.title, CommsItem.id)
        .limit(CAP)
    ).all()
    recurring = list(
        db.session.scalars(
            select(CommsItem).where(*open_items, CommsItem.recurrence != Recurrence.NONE, queries.within(first, last))
        )
    )
    recurring_dates = services.schedule(recurring, first, last)
    due = services.schedule([item for item, _total in rows] + recurring, first, last)
    return due[:CAP], (rows[0][1] if rows else 0) + len(recurring_dates)


def agenda_items(window: AgendaWindow) -> list[AgendaSuggestion]:
    first = window.today
    last = first + DUE_WINDOW - timedelta(days=1)
    due, total = due_in(window.case_id, first, last)
    suggestions = []
    for occurrence in due:
        item = occurrence.item
        key = f"comms:{item.id}:due" + (f":{occurrence.day.isoformat()}" if item.is_recurring else "")
        facts = [item.audience.label, item.channel.label, item.status.label.lower()]
        if item.is_crisis:
            facts.append(_("kriisiviestintä"))
        suggestions.append(
            SECTION.suggestion(
                key,
                _("Viestintä %(date)s: %(title)s", date=format_date(occurrence.day, "short"), title=item.title),
                ", ".join(str(fact) for fact in facts) + ".",
                app_path("comms.item", case_id=window.case_id, comms_item_id=item.id),
                item.id,
            )
        )
    if (more := total - len(due)) > 0:
        suggestions.append(
            SECTION.suggestion(
                "comms:due:more",
                ngettext(
                    "… ja %(num)s muu viesti seuraavan kahden viikon aikana",
                    "… ja %(num)s muuta viestiä seuraavan kahden viikon aikana",
                    more,
                ),
                _(
                    "Viestintäsuunnitelman viestit %(first)s–%(last)s.",
                    first=format_date(first, "short"),
                    last=format_date(last, "short"),
                ),
                app_path("comms.plan", case_id=window.case_id, **{"from": first.isoformat(), "to": last.isoformat()}),
            )
        )
    return suggestions
