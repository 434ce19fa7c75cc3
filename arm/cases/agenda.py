"""What the case proposes for a meeting's agenda (`CasePart.agenda_items`): the layoff waves added since the
previous meeting. A wave keeps no time of its own, so "added" is read from the audit trail (its "create"
event). At most `CAP` waves, the earliest date first, and one item more counts the rest: one statement.
Waves concern the whole network, so a subgroup's meeting sees them too.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import exists, func, select

from arm.cases.models import LayoffWave
from arm.core.i18n import format_date
from arm.core.models import AuditEvent
from arm.core.parts import AgendaSection, AgendaSuggestion, AgendaWindow
from arm.core.urls import app_path
from arm.extensions import db

CAP = 10
SECTION = AgendaSection("waves", _l("Irtisanomisaallot"), 40, "LayoffWave")


def agenda_items(window: AgendaWindow) -> list[AgendaSuggestion]:
    created = [
        AuditEvent.case_id == window.case_id,
        AuditEvent.entity == LayoffWave.__name__,
        AuditEvent.entity_id == LayoffWave.id,
        AuditEvent.action == "create",
        AuditEvent.at < window.until,
    ]
    if window.since is not None:
        created.append(AuditEvent.at >= window.since)
    rows = db.session.execute(
        select(
            LayoffWave.id,
            LayoffWave.occurs_on,
            LayoffWave.headcount,
            LayoffWave.employer,
            LayoffWave.note,
            func.count().over().label("total"),
        )
        .where(LayoffWave.case_id == window.case_id, exists().where(*created))
        .order_by(LayoffWave.occurs_on, LayoffWave.id)
        .limit(CAP)
    ).all()
    url = app_path("cases.waves", case_id=window.case_id)
    suggestions = []
    for row in rows:
        title = ngettext(
            "Uusi irtisanomisaalto %(date)s: %(num)s henkilö",
            "Uusi irtisanomisaalto %(date)s: %(num)s henkilöä",
            row.headcount,
            date=format_date(row.occurs_on, "short"),
        )
        detail = " – ".join(part for part in (row.employer, row.note) if part)
        suggestions.append(SECTION.suggestion(f"wave:{row.id}:new", title, detail, url, row.id))
    if rows and (more := rows[0].total - len(rows)) > 0:
        suggestions.append(
            SECTION.suggestion(
                "wave:new:more",
                ngettext("… ja %(num)s muu uusi irtisanomisaalto", "… ja %(num)s muuta uutta irtisanomisaaltoa", more),
                _("Kaikki aallot näkyvät irtisanomisaaltojen sivulla."),
                url,
            )
        )
    return suggestions
