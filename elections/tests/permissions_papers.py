"""What each URL of elections.urls.papers needs, for the permission matrix (tests/test_permissions.py).

Any reader of the congress may print a ballot paper, even while the congress is planned."""

from congress.tests.needs import VIEW

BALLOT_ELECTION = "ballot paper election"  # a secretary election (round 9) at branch A's congress, two on the list

MATRIX = {
    "election_ballot_paper": (BALLOT_ELECTION, VIEW, None),
}


def targets(*, congress, member_a, branch_clerk, **everyone):
    """The objects the URLs above name."""
    from branches.tests.factories import MemberFactory
    from elections.models import Candidate, Election

    election = Election.objects.create(
        congress=congress, kind="secretary", round=9, seats=1, created_by=branch_clerk,
    )
    Candidate.objects.create(election=election, member=member_a)
    Candidate.objects.create(
        election=election, member=MemberFactory(organization=congress.organization, full_name="Lê Thị Ánh"),
    )
    return {BALLOT_ELECTION: election}
