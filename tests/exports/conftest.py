"""The plan fixtures, for the exports of the plan, the funding and the projects."""

from tests.plans.conftest import plan_case  # noqa: F401
