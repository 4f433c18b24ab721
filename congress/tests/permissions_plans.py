"""What each URL of congress.urls.plans needs, for the permission matrix (tests/test_permissions.py)."""

from branches.tests.permissions import ORG

from .needs import CONGRESS, DRAFT_PLAN, EDIT, PLAN, POST_ONLY, SUPERIOR_EDIT, SUPERIOR_STAFF, SUPERIOR_VIEW, VIEW

WORKING_GROUP = "working group"  # a working group of DRAFT_PLAN following branch A

MATRIX = {
    # Branch A's page: its congresses under the superior's plans (and its own plans: none).
    "organization_congresses": (ORG, VIEW, None),
    # Branch A's clerk may open the form; it refuses (no branch below a branch).
    "plan_create": (ORG, EDIT, EDIT),
    "plan_detail": (PLAN, SUPERIOR_VIEW, None),
    "plan_update": (DRAFT_PLAN, SUPERIOR_EDIT, SUPERIOR_EDIT),
    "plan_scope": (DRAFT_PLAN, SUPERIOR_EDIT, SUPERIOR_EDIT),
    "plan_guidance": (PLAN, SUPERIOR_EDIT, SUPERIOR_EDIT),  # allowed after the plan is issued
    "plan_issue": (DRAFT_PLAN, POST_ONLY, SUPERIOR_EDIT),
    "working_group_create": (DRAFT_PLAN, SUPERIOR_EDIT, SUPERIOR_EDIT),
    "working_group_update": (WORKING_GROUP, SUPERIOR_EDIT, SUPERIOR_EDIT),
    "working_group_delete": (WORKING_GROUP, POST_ONLY, SUPERIOR_EDIT),
    # Branch A's congress: its own clerk corrects the ordinal, as does the superior's clerk.
    "congress_ordinal": (CONGRESS, EDIT, EDIT),
    # Its kind (members' or delegates'): everyone reading the congress reads it; the superior decides.
    "congress_kind": (CONGRESS, VIEW, SUPERIOR_STAFF),
}


def targets(*, draft_plan, branch_a, superior_clerk, superior_leader, **everyone):
    """The objects the URLs above name."""
    from congress.services.plans import working_group_save

    group = working_group_save(
        acting_user=superior_clerk, plan=draft_plan, name="Tổ công tác số 1", members=[superior_leader],
        organizations=[branch_a],
    )
    return {WORKING_GROUP: group}
