"""What each URL of congress.urls.targets needs, for the permission matrix (tests/test_permissions.py).

Branch A's congress is just opened (planned): its targets are being drafted, so its clerks (the
superior's included) add, change, reorder and delete them, and every role on it reads them. Its
yearly results are recorded once it is held: in that state an allowed POST answers with the
reason and a redirect, and changes nothing.
"""

from .needs import CONGRESS, EDIT, POST_ONLY, VIEW

TARGET = "congress target"  # a target of branch A's congress

MATRIX = {
    "congress_targets": (CONGRESS, VIEW, EDIT),
    "congress_target_results": (CONGRESS, EDIT, EDIT),
    "target_edit": (TARGET, EDIT, EDIT),
    "target_delete": (TARGET, POST_ONLY, EDIT),
    "target_move": (TARGET, POST_ONLY, EDIT),
    "congress_resolution_redraft": (CONGRESS, POST_ONLY, EDIT),  # no draft resolution yet: refused
}


def targets(*, congress, **everyone):
    """The objects the URLs above name."""
    from congress.models import Target

    return {TARGET: Target.objects.create(
        congress=congress, label="đảng viên hoàn thành tốt nhiệm vụ", comparison="above", value=95, unit="%",
    )}
