"""What each URL of the elections app needs, for the project's permission matrix
(tests/test_permissions.py): one module per area, merged here. The needs and the congress
target are congress.tests.needs's."""

from . import (
    permissions_counting, permissions_elections, permissions_minutes, permissions_papers, permissions_personnel,
)

AREAS = (permissions_personnel, permissions_elections, permissions_papers, permissions_counting, permissions_minutes)
MATRIX = {name: need for area in AREAS for name, need in area.MATRIX.items()}


def targets(**context):
    """`context`: the cast and the congress targets (congress.tests.permissions.targets), among
    them CONGRESS, branch A's congress, planned."""
    found = {}
    for area in AREAS:
        found.update(area.targets(**context))
    return found
