"""What the job ledger proposes for a meeting's agenda (`CasePart.agenda_items`): the job entries recorded or
changed since the previous meeting (their history events in the window), the latest first. At most `CAP`
entries, and one item more counts the rest and links to the ledger: one statement. Entries deleted since are
left out (there is nothing to open). The ledger belongs to the whole network, so a subgroup's meeting sees the
same entries.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import case, func, select

from arm.core.i18n import format_date, format_decimal
from arm.core.models import AuditEvent
from arm.core.parts import AgendaSection, AgendaSuggestion, AgendaWindow
from arm.core.urls import app_path
from arm.extensions import db
from arm.progress.models import JobEntry

CAP = 10
SECTION = AgendaSection("jobs", _l("Työpaikat"), 35, "JobEntry")


def agenda_items(window: AgendaWindow) -> list[AgendaSuggestion]:
    in_window = [AuditEvent.case_id == window.case_id, AuditEvent.entity == "JobEntry", AuditEvent.at < window.until]
    if window.since is not None:
        in_window.append(AuditEvent.at >= window.since)
    changed = (
        select(
            AuditEvent.entity_id.label("entry_id"),
            func.max(case((AuditEvent.action == "create", 1), else_=0)).label("created"),
            func.max(AuditEvent.at).label("at"),
        )
        .where(*in_window)
        .group_by(AuditEvent.entity_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            JobEntry.id,
            JobEntry.jobs,
            JobEntry.kind,
            JobEntry.dated_on,
            JobEntry.company,
            JobEntry.verified,
            changed.c.created,
            func.count().over().label("total"),
        )
        .join(changed, changed.c.entry_id == JobEntry.id)
        .where(JobEntry.case_id == window.case_id)
        .order_by(changed.c.at.desc(), JobEntry.id.desc())
        .limit(CAP)
    ).all()
    suggestions = []
    for row in rows:
        values = {
            "jobs": format_decimal(row.jobs),
            "kind": row.kind.label.lower(),
            "date": format_date(row.dated_on, "short"),
        }
        title = (
            _("Uusi työpaikkakirjaus: %(jobs)s %(kind)s, %(date)s", **values)
            if row.created
            else _("Muutettu työpaikkakirjaus: %(jobs)s %(kind)s, %(date)s", **values)
        )
        checked = _("varmennettu") if row.verified else _("ei varmennettu")
        detail = f"{row.company} · {checked}" if row.company else checked
        suggestions.append(
            SECTION.suggestion(
                f"job_entry:{row.id}:{'new' if row.created else 'changed'}",
                title,
                detail,
                app_path("progress.jobs", case_id=window.case_id) + f"#job-entry-{row.id}",
                row.id,
            )
        )
    if rows and (more := rows[0].total - len(rows)) > 0:
        suggestions.append(
            SECTION.suggestion(
                "job_entry:more",
                ngettext("… ja %(num)s muu työpaikkakirjaus", "… ja %(num)s muuta työpaikkakirjausta", more),
                _("Kaikki kirjaukset näkyvät työpaikkakirjanpidossa."),
                app_path("progress.jobs", case_id=window.case_id),
            )
        )
    return suggestions
