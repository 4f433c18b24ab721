"""What each URL of congress.urls.congresses needs, for the permission matrix (tests/test_permissions.py)."""

from .needs import CONGRESS, EDIT, POST_ONLY, SUPERIOR_CLERK, VIEW

GUEST = "congress guest"  # someone from the superior attending branch A's congress

MATRIX = {
    "congress_detail": (CONGRESS, VIEW, None),
    "congress_schedule": (CONGRESS, EDIT, EDIT),
    "congress_move": (CONGRESS, POST_ONLY, EDIT),
    "congress_document_create": (CONGRESS, POST_ONLY, EDIT),
    "congress_guests": (CONGRESS, VIEW, SUPERIOR_CLERK),
    "congress_guest_delete": (GUEST, POST_ONLY, SUPERIOR_CLERK),
    "congress_debrief": (CONGRESS, VIEW, SUPERIOR_CLERK),
    "congress_debrief_publish": (CONGRESS, POST_ONLY, SUPERIOR_CLERK),
}


def targets(*, congress, **everyone):
    """The objects the URLs above name."""
    from congress.models import CongressGuest

    return {GUEST: CongressGuest.objects.create(congress=congress, name="Lê Văn Hùng", position="Phó Bí thư Đảng ủy")}
