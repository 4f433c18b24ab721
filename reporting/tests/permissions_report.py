"""What each URL of reporting.urls.report needs, for the permission matrix (tests/test_permissions.py)."""

from congress.tests.needs import PLAN, POST_ONLY, SUPERIOR_EDIT

MATRIX = {
    # Drafts the summary report of a scope (the whole plan without `scope`): a clerk of the plan's committee.
    "plan_report_draft": (PLAN, POST_ONLY, SUPERIOR_EDIT),
}


def targets(**context):
    return {}
