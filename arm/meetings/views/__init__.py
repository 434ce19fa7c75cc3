"""The meetings blueprint, one module per subject: meetings and their agenda, the minutes, the exports,
the backlog and templates, guests."""

from arm.meetings.views import agenda, backlog, exports, meetings  # noqa: F401 - each module adds its routes to bp
from arm.meetings.views.blueprint import bp
from arm.meetings.views.guests import guest_bp

__all__ = ["bp", "guest_bp"]
