"""What each URL of congress.urls.reviews needs, for the permission matrix (tests/test_permissions.py).

The matrix checks access only: its congress stays planned (the other areas use it too), so a
leader's or clerk's POST there is refused politely (302 with a message), not with a 500.
"""

import datetime

from django.utils import timezone

from .needs import CONGRESS, LEAD, POST_ONLY, SUPERIOR_CLERK

REVIEW_SESSION = "review session"  # a review session of branch A's congress, open

MATRIX = {
    "review_schedule": (CONGRESS, SUPERIOR_CLERK, SUPERIOR_CLERK),
    "review_return": (CONGRESS, POST_ONLY, LEAD),
    "review_decide": (REVIEW_SESSION, LEAD, LEAD),
    "review_conclude": (REVIEW_SESSION, POST_ONLY, LEAD),
}


def targets(*, congress, superior_clerk, **_):
    """An open review session on the congress, created directly without moving the congress."""
    from congress.models import ReviewSession

    session = ReviewSession.objects.create(
        congress=congress, starts_at=timezone.make_aware(datetime.datetime(2022, 5, 4, 8, 0)),
        place="Hội trường Đảng ủy phường", scheduled_by=superior_clerk,
    )
    return {REVIEW_SESSION: session}
