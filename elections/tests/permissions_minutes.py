"""What each URL of elections.urls.minutes needs, for the permission matrix (tests/test_permissions.py).

The target is a closed election on branch A's congress, which is planned: the page reads (200),
and every write answers with the reason and a redirect (302), changing nothing."""

from congress.tests.needs import EDIT, POST_ONLY, VIEW

MINUTES_ELECTION = "minutes election"  # a closed election (committee) of branch A's planned congress

MATRIX = {
    "election_minutes": (MINUTES_ELECTION, VIEW, None),
    "election_minutes_draft": (MINUTES_ELECTION, POST_ONLY, EDIT),
    "election_minutes_issue": (MINUTES_ELECTION, POST_ONLY, EDIT),
    "election_entry_log_draft": (MINUTES_ELECTION, POST_ONLY, EDIT),
    "election_entry_log_issue": (MINUTES_ELECTION, POST_ONLY, EDIT),
}


def targets(*, congress, branch_clerk, **everyone):
    """The objects the URLs above name."""
    from .builders_minutes import closed_election

    # A kind and round of its own: other areas build elections on the same congress.
    election = closed_election(
        congress, created_by=branch_clerk, kind="alternate_delegates", round=9, state_of_congress=None,
    )
    return {MINUTES_ELECTION: election}
