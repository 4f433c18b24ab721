"""What each URL of elections.urls.elections needs, for the permission matrix (tests/test_permissions.py).

The congress of the context is planned: pages read (200), and a write its state does not allow
answers with a message and a redirect (302), changing nothing.
"""

from congress.tests.needs import CONGRESS, EDIT, POST_ONLY, VIEW

ELECTION = "elections: an election in preparation"  # alternate delegates, round 1, at branch A's congress

MATRIX = {
    "congress_elections": (CONGRESS, VIEW, EDIT),
    "election_detail": (ELECTION, VIEW, None),
    "election_candidates_from_plan": (ELECTION, POST_ONLY, EDIT),
    "election_candidate_add": (ELECTION, POST_ONLY, EDIT),
    "election_candidate_withdraw": (ELECTION, POST_ONLY, EDIT),
    "election_candidate_remove": (ELECTION, POST_ONLY, EDIT),
    "election_open": (ELECTION, POST_ONLY, EDIT),
    "election_decide": (ELECTION, POST_ONLY, EDIT),
}


def targets(*, congress, member_a, branch_clerk, **everyone):
    """The objects the URLs above name: an election built directly on the planned congress
    (get_or_create: other areas may build on the same congress)."""
    from elections.models import Candidate, Election

    election, _created = Election.objects.get_or_create(
        congress=congress, kind="alternate_delegates", round=1, defaults={"seats": 1, "created_by": branch_clerk},
    )
    Candidate.objects.get_or_create(election=election, member=member_a)
    return {ELECTION: election}
