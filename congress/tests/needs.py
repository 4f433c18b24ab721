"""The needs and targets the congress permission modules name (tests/test_permissions.py).

Besides the needs of branches and documents, a plan's URLs need a role on the superior itself:
branch A's clerk does not see the superior's plans (404), though the superior's roles see
branch A's congress.
"""

from branches.tests.permissions import EDIT, POST_ONLY, SIGNED_IN, VIEW  # noqa: F401 (re-exported)
from documents.tests.permissions import LEAD  # noqa: F401 (a leader of branch A's superior)

SUPERIOR_VIEW = "superior view"  # any role on the superior (the plan's committee)
SUPERIOR_EDIT = "superior edit"  # a clerk on the superior
# A clerk of the superior acting on branch A's congress (guests, debrief, review sessions,
# complaints): branch A's clerk sees the congress, so is refused (403), not kept out (404).
SUPERIOR_CLERK = "superior clerk"
# A clerk or a leader of the superior acting on branch A's congress (its kind, members' or
# delegates'): branch A's clerk sees the congress, so is refused (403).
SUPERIOR_STAFF = "superior clerk or leader"

# What the URL's pk names.
PLAN = "plan"  # the superior's plan, issued, with branch A as pilot and branch B
DRAFT_PLAN = "draft plan"  # a plan of the superior not issued yet, covering both branches
CONGRESS = "congress"  # branch A's congress under PLAN, just opened (planned)
