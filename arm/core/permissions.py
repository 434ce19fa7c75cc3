"""The one place that decides who may do what.

Access inside a case comes from the person's active membership. Someone with no active
membership is an outsider and gets 404 for every URL of the case, so that a case's existence
is not revealed; a member whose access level is too low gets 403. Views never compare levels
themselves: they name a permission, through `case_permission` or `can`.

The cases area tells this module how to read a person's access level and how to load a case
(`use_case_source`), so that `core` imports no area.
"""

import enum
from collections.abc import Callable
from functools import wraps

from flask import Flask, abort, current_app, g
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required


class Access(enum.IntEnum):
    """Access levels within a case, ordered: each level may do what the ones below it may."""

    OBSERVER = 10
    MEMBER = 20
    EDITOR = 30
    COORDINATOR = 40

    @property
    def label(self) -> str:
        return str(ACCESS_LABELS[self])


ACCESS_LABELS = {
    Access.COORDINATOR: _l("Koordinaattori"),
    Access.EDITOR: _l("Muokkaaja"),
    Access.MEMBER: _l("Jäsen"),
    Access.OBSERVER: _l("Tarkkailija"),
}

# permission -> lowest access level that holds it
REQUIRED_ACCESS: dict[str, Access] = {
    "case.view": Access.OBSERVER,
    "history.view": Access.OBSERVER,
    "network.view": Access.OBSERVER,
    "case.edit": Access.COORDINATOR,
    "network.manage": Access.COORDINATOR,
    "plan.view": Access.OBSERVER,
    "plan.edit": Access.EDITOR,
    "plan.approve": Access.COORDINATOR,
    "action.update": Access.MEMBER,
    "action.follow": Access.MEMBER,
    "resource.manage": Access.MEMBER,
    "case.archive": Access.COORDINATOR,
    "history.redact": Access.COORDINATOR,
    "update.correct": Access.MEMBER,
    "service.view": Access.OBSERVER,
    "service.edit": Access.EDITOR,
    "comms.view": Access.OBSERVER,
    "comms.edit": Access.EDITOR,
    "risk.view": Access.OBSERVER,
    "risk.edit": Access.EDITOR,
    "comment.add": Access.MEMBER,
    "meeting.view": Access.OBSERVER,
    "meeting.manage": Access.EDITOR,
    "progress.view": Access.OBSERVER,
    "progress.edit": Access.EDITOR,
    "situation.view": Access.OBSERVER,
    "situation.edit": Access.EDITOR,
    "report.view": Access.OBSERVER,
    "report.edit": Access.EDITOR,
    "report.submit": Access.COORDINATOR,
}

# What an archived case still allows: reading, and a coordinator restoring it.
ARCHIVED_CASE_PERMISSIONS = frozenset({"case.archive"})

# Permissions held for some objects only, below a level that holds them for every object of the case:
# there the object's `member_may(permission, user)` decides (a member's own and subgroup actions, their
# organisation's resources; a progress note's author may correct it, otherwise only coordinators; a
# member reads the meetings of the whole network and of their own subgroups, an observer all of them).
OBJECT_PERMISSIONS: dict[str, Access] = {
    "action.update": Access.EDITOR,
    "resource.manage": Access.EDITOR,
    "update.correct": Access.COORDINATOR,
    # A member reads the meetings of the whole network and of their own subgroups; observers read all.
    "meeting.view": Access.EDITOR,
}


def request_cached(key, compute):
    """Facts about access, computed once per request and forgotten when the request changes a membership."""
    cache = g.setdefault("arm_access_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


SOURCE_KEY = "arm.case_source"


def use_case_source(
    app: Flask,
    *,
    access_level: Callable[[int, int], tuple[Access, bool] | None],
    load_case: Callable[[int], object],
) -> None:
    """Name the functions that read `access_level(user_id, case_id)` — the level and whether the case is
    archived, or None for an outsider — and `load_case(case_id)`."""
    app.extensions[SOURCE_KEY] = {"access_level": access_level, "load_case": load_case}


def _source(name: str) -> Callable:
    return current_app.extensions[SOURCE_KEY][name]


def _membership_facts(case_id: int) -> tuple[Access, bool] | None:
    if not current_user.is_authenticated:
        return None
    return request_cached(("case_access", case_id), lambda: _source("access_level")(current_user.id, case_id))


def case_access(case_id: int) -> Access | None:
    """The current user's access level in a case, or None for an outsider."""
    facts = _membership_facts(case_id)
    return facts[0] if facts else None


def case_is_archived(case_id: int) -> bool:
    facts = _membership_facts(case_id)
    return bool(facts and facts[1])


def _effective_level(permission: str, case_id: int) -> Access | None:
    """The level that counts for `permission`: an archived case is read-only, whatever the level."""
    level = case_access(case_id)
    if level is not None and case_is_archived(case_id) and permission not in ARCHIVED_CASE_PERMISSIONS:
        return min(level, Access.OBSERVER)
    return level


def can(permission: str, case_id: int, obj=None) -> bool:
    level = _effective_level(permission, case_id)
    if level is None or level < REQUIRED_ACCESS[permission]:
        return False
    if obj is not None and permission in OBJECT_PERMISSIONS and level < OBJECT_PERMISSIONS[permission]:
        return obj.member_may(permission, current_user)
    return True


def require(permission: str, case_id: int, obj=None) -> None:
    """For a view that has loaded the object it acts on: 403 unless `can` allows it."""
    if not can(permission, case_id, obj):
        abort(403)


def case_permission(permission: str):
    """Decorate a view of a URL with `case_id`: 404 for outsiders (and unknown cases), 403 when the level
    is too low; otherwise the view is called with the loaded `case` in place of `case_id`."""
    required = REQUIRED_ACCESS[permission]

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, case_id: int, **kwargs):
            level = _effective_level(permission, case_id)
            if level is None:
                abort(404)
            if level < required:
                abort(403)
            return view(*args, case=_source("load_case")(case_id), **kwargs)

        wrapped.required_permission = permission
        return wrapped

    return decorator


def admin_required(view):
    """Platform administration (users, the organisation registry): 403 for everyone else."""

    @wraps(view)
    @login_required
    def wrapped(*args, **kwargs):
        if not current_user.is_admin:
            abort(403)
        return view(*args, **kwargs)

    wrapped.required_permission = "admin"
    return wrapped


def invalidate_case_access() -> None:
    """Forget cached access facts after the request itself changed a membership."""
    g.pop("arm_access_cache", None)
