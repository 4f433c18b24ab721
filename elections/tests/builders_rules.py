"""Building elections for the ballot paper tests: rows straight through the ORM, skipping the
services that prepare a list (those are area "elections"'s)."""

from branches.tests.factories import MemberFactory
from elections.models import Candidate, Election


def election_with_list(*, congress, created_by, names, kind="committee", seats=1, round_number=1,
                       positions=None, **fields) -> Election:
    """An election of `congress` with one candidate per full name in `names` (members of the
    congress's organisation); `positions`, when given, are their numbers on the ballot."""
    election = Election.objects.create(
        congress=congress, kind=kind, seats=seats, round=round_number, created_by=created_by, **fields,
    )
    for i, name in enumerate(names):
        Candidate.objects.create(
            election=election, member=MemberFactory(organization=congress.organization, full_name=name),
            position=positions[i] if positions else None,
        )
    return election
