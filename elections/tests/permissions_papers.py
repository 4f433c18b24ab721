"""What each URL of elections.routes.papers needs, for the permission matrix (tests/test_permissions.py)."""

MATRIX = {}


def targets(**context):
    """The objects the URLs above name."""
    return {}
