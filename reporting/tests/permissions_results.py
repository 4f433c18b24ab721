"""What each URL of reporting.urls.results needs, for the permission matrix (tests/test_permissions.py).

The results page and its exports read a plan: every role on the plan's committee sees them;
branch A's clerk, who has no role on the superior, does not (404). None takes a POST."""

from congress.tests.needs import PLAN, SUPERIOR_VIEW

MATRIX = {
    "plan_results": (PLAN, SUPERIOR_VIEW, None),
    "plan_results_xlsx": (PLAN, SUPERIOR_VIEW, None),
    "plan_results_json": (PLAN, SUPERIOR_VIEW, None),
}


def targets(**context):
    """The plan is already among the targets."""
    return {}
