"""What each URL of elections.routes.counting needs, for the permission matrix (tests/test_permissions.py)."""

MATRIX = {}


def targets(**context):
    """The objects the URLs above name."""
    return {}
