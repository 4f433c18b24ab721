"""What each URL of congress.urls.progress needs, for the permission matrix (tests/test_permissions.py).

The progress pages read a plan: every role on the superior sees them; branch A's clerk, who has
no role on the superior, does not (404). None of them takes a POST."""

from .needs import PLAN, SUPERIOR_VIEW

MATRIX = {
    "plan_dashboard": (PLAN, SUPERIOR_VIEW, None),
    "plan_congresses": (PLAN, SUPERIOR_VIEW, None),
    "plan_calendar": (PLAN, SUPERIOR_VIEW, None),
}


def targets(**everyone):
    """The objects the URLs above name: only the plan, which the context already holds."""
    return {}
