"""The action plan's blueprint, one module per subject."""

from arm.plans.views import (  # noqa: F401 - each module adds its routes to bp
    actions,
    exports,
    imports,
    my_actions,
    objectives,
    plan,
    projects,
    requests,
    resources,
    subgroups,
    versions,
)
from arm.plans.views.blueprint import bp

__all__ = ["bp"]
