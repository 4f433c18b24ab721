"""What each URL of congress.routes.congresses needs, for the permission matrix (tests/test_permissions.py)."""

MATRIX = {}


def targets(**everyone):
    """The objects the URLs above name."""
    return {}
