"""What each URL of elections.urls.personnel needs, for the permission matrix (tests/test_permissions.py).

The congress of the context is planned, when the personnel plan may already be prepared: its
page reads (200), and the writes either act or answer with a message and a redirect (302)."""

from congress.tests.needs import CONGRESS, EDIT, LEAD, POST_ONLY, VIEW

PERSONNEL_PLAN = "personnel plan"  # revision 1 of branch A's plan, a draft
NOMINEE = "nominee"  # a nominee of that revision
NOMINATION_STEP = "nomination step"  # a step of that revision, not recorded yet

MATRIX = {
    "personnel_plan": (CONGRESS, VIEW, None),
    "personnel_plan_create": (CONGRESS, POST_ONLY, EDIT),
    "personnel_plan_edit": (PERSONNEL_PLAN, EDIT, EDIT),
    "personnel_plan_nominee_add": (PERSONNEL_PLAN, POST_ONLY, EDIT),
    "personnel_plan_nominee_remove": (NOMINEE, POST_ONLY, EDIT),
    "personnel_plan_step": (NOMINATION_STEP, EDIT, EDIT),
    "personnel_plan_submit": (PERSONNEL_PLAN, POST_ONLY, EDIT),
    "personnel_plan_approve": (PERSONNEL_PLAN, POST_ONLY, LEAD),
    "personnel_plan_return": (PERSONNEL_PLAN, POST_ONLY, LEAD),
    "personnel_plan_revise": (PERSONNEL_PLAN, POST_ONLY, EDIT),
}


def targets(*, congress, member_a, branch_clerk, **everyone):
    """The objects the URLs above name, made through the services."""
    from congress.rules import Actor
    from elections.models import NomineeRole
    from elections.services import personnel

    plan = personnel.personnel_plan_create(acting_user=branch_clerk, congress=congress, actors={Actor.CLERK})
    nominee = personnel.nominee_add(
        acting_user=branch_clerk, plan=plan, actors={Actor.CLERK}, member=member_a, role=NomineeRole.SECRETARY,
    )
    return {PERSONNEL_PLAN: plan, NOMINEE: nominee, NOMINATION_STEP: plan.steps.first()}
