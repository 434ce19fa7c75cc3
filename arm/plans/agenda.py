"""What the action plan proposes for a meeting's agenda (`CasePart.agenda_items`): the actions whose status or
progress changed since the previous meeting, those that became overdue and those due before the next one.

A subgroup's meeting sees only that subgroup's actions. Each kind lists at most `CAP` actions, the most
important first, and one item more says how many others there are and links to the plan: a case of
thousands of actions still gets a readable agenda, from two statements. The order is our own design:
an action that became delayed first, then finished, cancelled or otherwise changed status, then progress
alone, each by the size of the change; overdue and due ones by their due date.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import and_, case, func, or_, select

from arm.core.i18n import format_date
from arm.core.parts import AgendaSection, AgendaSuggestion, AgendaWindow
from arm.core.urls import app_path
from arm.extensions import db
from arm.meetings.times import local_date
from arm.plans.models import FINISHED_STATUSES, Action, ActionStatus, ActionUpdate

CAP = 10  # actions of one kind on an agenda; the rest are counted in one item
SECTION = AgendaSection("actions", _l("Toimenpiteet"), 10, "Action")

OVERDUE, DUE = "overdue", "due"


def agenda_items(window: AgendaWindow) -> list[AgendaSuggestion]:
    return changed_actions(window) + deadlines(window)


def _suggestion(key: str, title: str, detail: str = "", *, action_id: int | None = None, **url_args):
    if action_id is not None:
        url = app_path("plans.action", case_id=url_args.pop("case_id"), action_id=action_id)
    else:
        url = app_path("plans.plan", **{name: value for name, value in url_args.items() if value is not None})
    return SECTION.suggestion(key, title, detail, url, action_id)


def _in_scope(window: AgendaWindow) -> list:
    conditions = [Action.case_id == window.case_id]
    if window.subgroup_id is not None:
        conditions.append(Action.subgroup_id == window.subgroup_id)
    return conditions


def _status_word(status: ActionStatus) -> str:
    return status.label.lower()  # mid-sentence: "käynnissä → valmis"


def change_text(old_status, new_status, old_progress: int, new_progress: int) -> str:
    """The net change in words: "käynnissä → valmis, 40 % → 100 %" (only what changed)."""
    parts = []
    if old_status != new_status:
        parts.append(f"{_status_word(old_status)} → {_status_word(new_status)}")
    if old_progress != new_progress:
        parts.append(f"{old_progress} % → {new_progress} %")
    return ", ".join(parts)


def changed_actions(window: AgendaWindow) -> list[AgendaSuggestion]:
    """One item per action with its net change over the window (first update's old values against the last
    one's new values; a change that was undone in the window is no change): one statement."""
    changed = or_(
        ActionUpdate.old_status != ActionUpdate.new_status, ActionUpdate.old_progress != ActionUpdate.new_progress
    )
    criteria = [ActionUpdate.case_id == window.case_id, ActionUpdate.at < window.until, changed]
    if window.since is not None:
        criteria.append(ActionUpdate.at >= window.since)
    oldest_first = (ActionUpdate.at, ActionUpdate.id)
    by_action = ActionUpdate.action_id
    updates = (
        select(
            ActionUpdate.action_id,
            ActionUpdate.at,
            ActionUpdate.new_status,
            ActionUpdate.new_progress,
            func.first_value(ActionUpdate.old_status, type_=ActionUpdate.old_status.type)
            .over(partition_by=by_action, order_by=oldest_first)
            .label("old_status"),
            func.first_value(ActionUpdate.old_progress, type_=ActionUpdate.old_progress.type)
            .over(partition_by=by_action, order_by=oldest_first)
            .label("old_progress"),
            func.count().over(partition_by=by_action).label("updates"),
            func.row_number()
            .over(partition_by=by_action, order_by=(ActionUpdate.at.desc(), ActionUpdate.id.desc()))
            .label("newest"),
        )
        .where(*criteria)
        .subquery()
    )
    status_changed = updates.c.old_status != updates.c.new_status
    importance = case(
        (and_(status_changed, updates.c.new_status == ActionStatus.DELAYED), 0),
        (and_(status_changed, updates.c.new_status == ActionStatus.DONE), 1),
        (and_(status_changed, updates.c.new_status == ActionStatus.CANCELLED), 2),
        (status_changed, 3),
        else_=4,
    )
    rows = db.session.execute(
        select(
            Action.id,
            Action.title,
            updates.c.old_status,
            updates.c.new_status,
            updates.c.old_progress,
            updates.c.new_progress,
            updates.c.updates,
            updates.c.at,
            func.count().over().label("total"),
        )
        .join(updates, updates.c.action_id == Action.id)
        .where(
            *_in_scope(window),
            updates.c.newest == 1,
            or_(status_changed, updates.c.old_progress != updates.c.new_progress),
        )
        .order_by(
            importance,
            func.abs(updates.c.new_progress - updates.c.old_progress).desc(),
            Action.title,
            Action.id,
        )
        .limit(CAP)
    ).all()
    suggestions = [
        _suggestion(
            f"action:{row.id}:change",
            f"{row.title}: {change_text(row.old_status, row.new_status, row.old_progress, row.new_progress)}",
            ngettext(
                "%(num)s päivitys, viimeisin %(date)s.",
                "%(num)s päivitystä, viimeisin %(date)s.",
                row.updates,
                date=format_date(local_date(row.at), "short"),
            ),
            action_id=row.id,
            case_id=window.case_id,
        )
        for row in rows
    ]
    if rows and (more := rows[0].total - len(rows)) > 0:
        suggestions.append(
            _suggestion(
                "action:change:more",
                ngettext(
                    "… ja %(num)s muu toimenpide, jonka tila tai edistyminen muuttui",
                    "… ja %(num)s muuta toimenpidettä, joiden tila tai edistyminen muuttui",
                    more,
                ),
                _("Kaikki toimenpiteet näkyvät toimenpidesuunnitelmassa."),
                case_id=window.case_id,
                subgroup=window.subgroup_id,
                sort="status",
            )
        )
    return suggestions


def deadlines(window: AgendaWindow) -> list[AgendaSuggestion]:
    """Unfinished actions that became overdue in the window (due from the previous meeting's date up to the day
    before this one), then those due from this meeting's date until the next one's: one statement."""
    today, next_day = window.today, local_date(window.next_until)
    kind = case((Action.due_on < today, 0), else_=1)  # 0 overdue, 1 due
    criteria = [*_in_scope(window), Action.status.not_in(FINISHED_STATUSES), Action.due_on < next_day]
    if window.since is not None:
        criteria.append(Action.due_on >= local_date(window.since))
    ranked = (
        select(
            Action.id,
            Action.title,
            Action.due_on,
            Action.status,
            Action.progress,
            kind.label("kind"),
            func.row_number().over(partition_by=kind, order_by=(Action.due_on, Action.id)).label("rank"),
            func.count().over(partition_by=kind).label("total"),
        )
        .where(*criteria)
        .subquery()
    )
    rows = db.session.execute(select(ranked).where(ranked.c.rank <= CAP).order_by(ranked.c.kind, ranked.c.rank)).all()
    overdue = [row for row in rows if row.kind == 0]
    due = [row for row in rows if row.kind == 1]
    return _overdue_items(window, overdue) + _due_items(window, due)


def _state(row) -> str:
    return _("tila %(status)s, edistyminen %(progress)s %%", status=_status_word(row.status), progress=row.progress)


def _overdue_items(window: AgendaWindow, rows) -> list[AgendaSuggestion]:
    suggestions = [
        _suggestion(
            f"action:{row.id}:{OVERDUE}",
            _("Myöhässä: %(title)s", title=row.title),
            _("Määräpäivä oli %(date)s; %(state)s.", date=format_date(row.due_on, "short"), state=_state(row)),
            action_id=row.id,
            case_id=window.case_id,
        )
        for row in rows
    ]
    if rows and (more := rows[0].total - len(rows)) > 0:
        suggestions.append(
            _suggestion(
                f"action:{OVERDUE}:more",
                ngettext(
                    "… ja %(num)s muu myöhässä oleva toimenpide",
                    "… ja %(num)s muuta myöhässä olevaa toimenpidettä",
                    more,
                ),
                _("Kaikki myöhässä olevat toimenpiteet näkyvät toimenpidesuunnitelmassa."),
                case_id=window.case_id,
                subgroup=window.subgroup_id,
                overdue="1",
            )
        )
    return suggestions


def _due_items(window: AgendaWindow, rows) -> list[AgendaSuggestion]:
    suggestions = [
        _suggestion(
            f"action:{row.id}:{DUE}",
            _("Määräpäivä %(date)s: %(title)s", date=format_date(row.due_on, "short"), title=row.title),
            _("Määräpäivä on ennen seuraavaa kokousta; %(state)s.", state=_state(row)),
            action_id=row.id,
            case_id=window.case_id,
        )
        for row in rows
    ]
    if rows and (more := rows[0].total - len(rows)) > 0:
        suggestions.append(
            _suggestion(
                f"action:{DUE}:more",
                ngettext(
                    "… ja %(num)s muu toimenpide, jonka määräpäivä on ennen seuraavaa kokousta",
                    "… ja %(num)s muuta toimenpidettä, joiden määräpäivä on ennen seuraavaa kokousta",
                    more,
                ),
                _("Toimenpidesuunnitelma määräpäivän mukaan järjestettynä."),
                case_id=window.case_id,
                subgroup=window.subgroup_id,
                sort="due",
            )
        )
    return suggestions
