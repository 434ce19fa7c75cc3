"""The progress area's blueprint, one module per subject: the job ledger with the company projects and the
development grants (jobs), the outputs the funders ask for (outputs) and the laid-off cohort (cohort)."""

from arm.progress.views import jobs  # noqa: F401
from arm.progress.views.blueprint import bp

__all__ = ["bp"]
