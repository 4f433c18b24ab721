"""What each URL of congress.urls.day needs, for the permission matrix (tests/test_permissions.py).

Every URL names branch A's congress, just opened (planned): its clerks (the superior's
included) record, every role on it reads. In that state nothing of the day can be recorded,
so an allowed POST answers with the reason and a redirect, and changes nothing.
"""

from .needs import CONGRESS, EDIT, POST_ONLY, VIEW

MATRIX = {
    "congress_attendance": (CONGRESS, VIEW, EDIT),
    "congress_attendance_draw": (CONGRESS, POST_ONLY, EDIT),
    "congress_delegate_add": (CONGRESS, POST_ONLY, EDIT),
    "congress_delegate_remove": (CONGRESS, POST_ONLY, EDIT),
    "congress_votes": (CONGRESS, VIEW, EDIT),
    "congress_resolution": (CONGRESS, POST_ONLY, EDIT),
    "congress_agenda": (CONGRESS, VIEW, EDIT),
    "congress_minutes_draft": (CONGRESS, EDIT, EDIT),  # the day and the times, then the draft
    "congress_minutes_issue": (CONGRESS, EDIT, EDIT),  # the date, then the issue
}


def targets(**everyone):
    """The congress comes from the shared context (needs.CONGRESS): nothing more to build."""
    return {}
