"""What each URL of the reporting app needs, for the project's permission matrix
(tests/test_permissions.py): one module per area, merged here. The needs and the plan and
congress targets are congress.tests.needs's."""

from . import permissions_register, permissions_report, permissions_results

AREAS = (permissions_results, permissions_report, permissions_register)
MATRIX = {name: need for area in AREAS for name, need in area.MATRIX.items()}


def targets(**context):
    """`context`: the cast and the congress targets (congress.tests.permissions.targets): among
    them "plan" (the superior's issued plan, branch A pilot) and "congress" (branch A's)."""
    found = {}
    for area in AREAS:
        found.update(area.targets(**context))
    return found
