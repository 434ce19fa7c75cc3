"""The progress area's blueprint, one module per subject: the job ledger with the company projects and the
development grants (jobs), the outputs the funders ask for (outputs) and the laid-off cohort (cohort)."""

from arm.progress.views import cohort, jobs, outputs  # noqa: F401 - each module adds its routes to bp
from arm.progress.views.blueprint import bp

__all__ = ["bp"]
