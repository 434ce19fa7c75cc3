"""The cases blueprint, one module per subject: the case itself, layoff waves, the network, the registry."""

from arm.cases.views import admin, case, invitations, network, registry, waves  # noqa: F401 - each module adds its routes to bp
from arm.cases.views.blueprint import bp

__all__ = ["bp"]
