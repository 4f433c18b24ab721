"""What each URL of elections.urls.counting needs, for the permission matrix (tests/test_permissions.py).

The election is open for voting at branch A's congress, which is still planned: the pages read
(200), and every write answers with a message and a redirect (302), changing nothing.
"""

from congress.tests.needs import EDIT, POST_ONLY, VIEW

VOTING_ELECTION = "voting election"  # an election of branch A's (planned) congress, open for voting

MATRIX = {
    "election_counting": (VOTING_ELECTION, VIEW, None),
    "election_key": (VOTING_ELECTION, POST_ONLY, EDIT),
    "election_totals": (VOTING_ELECTION, VIEW, EDIT),
    "election_close": (VOTING_ELECTION, POST_ONLY, EDIT),
}


def targets(*, congress, branch_clerk, **everyone):
    """The objects the URLs above name."""
    from .builders_counting import voting_election

    return {VOTING_ELECTION: voting_election(congress=congress, created_by=branch_clerk, congress_state=None)}
