"""Elections in the voting state for the counting's tests, built straight through the ORM
(area 3's election_open is not needed): the congress put on its day (reviewed), the candidates
numbered on the ballot in the order given."""

from branches.tests.factories import MemberFactory
from congress.models import Congress
from congress.rules import REVIEWED
from congress.tests.builders import put_in_state
from elections.models import Ballot, BallotEntry, Candidate, CountingMode, Election, ElectionKind, ElectionState
from elections.services.counting import counting_totals_rebuild

NAMES = ("Lê Văn Cường", "Nguyễn Văn An", "Phạm Thị Dung", "Trần Thị Bình")


def voting_election(
    *, congress: Congress, created_by, kind: str = ElectionKind.COMMITTEE, seats: int = 3, names=NAMES,
    summoned: int = 11, present: int = 10, base: int | None = None, ballots_issued: int | None = None,
    counting_mode: str = CountingMode.KEYED, congress_state: str = REVIEWED, round: int = 1, members=None,
) -> Election:
    """An election open for voting at `congress` with `names` on the ballot (positions 1..n), or
    `members` (existing Member rows) instead of new members named `names`."""
    if congress_state is not None and congress.state != congress_state:
        put_in_state(congress, congress_state)
    election = Election.objects.create(
        congress=congress, kind=kind, round=round, seats=seats, state=ElectionState.VOTING,
        counting_mode=counting_mode, summoned=summoned, present=present, base=summoned if base is None else base,
        ballots_issued=present if ballots_issued is None else ballots_issued, created_by=created_by,
        list_votes_for=present, list_votes_against=0,
    )
    if members is None:
        members = [MemberFactory(organization=congress.organization, full_name=name) for name in names]
    for position, member in enumerate(members, 1):
        Candidate.objects.create(election=election, member=member, position=position)
    return election


def key_all(election: Election, operator, readings: dict[int, list[int]]) -> None:
    """Entries of `operator` written straight to the tables (no log): serial -> struck. The
    running totals are then counted again from every entry, as a load generator does."""
    for serial, struck in readings.items():
        ballot, _ = Ballot.objects.get_or_create(election=election, serial=serial)
        BallotEntry.objects.create(ballot=ballot, operator=operator, struck=struck)
    counting_totals_rebuild(election=election)
