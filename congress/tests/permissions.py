"""What each URL of the congress app needs, for the project's permission matrix
(tests/test_permissions.py): one module per area, merged here (needs.py says what they name).
"""

from .needs import CONGRESS, DRAFT_PLAN, PLAN
from . import (
    permissions_congresses, permissions_day, permissions_plans, permissions_progress, permissions_results,
    permissions_reviews, permissions_targets,
)

AREAS = (
    permissions_plans, permissions_congresses, permissions_reviews, permissions_day, permissions_results,
    permissions_progress, permissions_targets,
)
MATRIX = {name: need for area in AREAS for name, need in area.MATRIX.items()}


def targets(*, superior, branch_a, superior_clerk, superior_leader, **everyone):
    from congress.services.plans import plan_create
    from congress.tests.builders import PILOTS_BY, issued_plan

    plan = issued_plan(organization=superior, clerk=superior_clerk, leader=superior_leader, pilots=[branch_a])
    draft = plan_create(
        acting_user=superior_clerk, organization=superior, term=plan.term, subject="Kế hoạch bổ sung",
        congresses_held_by=plan.congresses_held_by, pilots_held_by=PILOTS_BY,
    )
    congress = plan.congresses.get(organization=branch_a)
    found = {PLAN: plan, DRAFT_PLAN: draft, CONGRESS: congress}
    context = {
        **everyone, "superior": superior, "branch_a": branch_a, "superior_clerk": superior_clerk,
        "superior_leader": superior_leader, "plan": plan, "draft_plan": draft, "congress": congress,
    }
    for area in AREAS:
        found.update(area.targets(**context))
    return found
