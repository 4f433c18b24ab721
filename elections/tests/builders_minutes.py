"""Closed elections built straight through the ORM, for the tests of the vote-count minutes and
the entry log: what the counting area stores when it closes an election, without its services.

The worked example (docs/domain.md §3): 11 official members summoned, 10 present, 1 absent at the
time of voting; base 11, so 6 votes elect. Three seats, four names; 10 ballots issued and
returned, 9 valid, 1 invalid ("too many names")."""

import datetime

from django.utils import timezone

from branches.tests.factories import MemberFactory
from congress.models import ShowOfHands, VoteSubject
from congress.tests.builders import put_in_state
from elections.models import (
    Candidate, CountingMode, Election, ElectionState, EntryAction, EntryLogLine, InvalidReason, InvalidTotal,
)

# Names in ballot order (Vietnamese order: by given name) and their votes.
WORKED_VOTES = (("Trần Văn Bình", 6), ("Lê Thị Hoa", 9), ("Phạm Văn Hùng", 5), ("Nguyễn Thị Lan", 7))
BOARD = ("Đỗ Văn Kiểm", "Vũ Thị Phiếu")


def counting_board(congress, *, recorded_by, names=BOARD) -> ShowOfHands:
    """The counting board elected by show of hands, with its members."""
    vote = ShowOfHands.objects.create(
        congress=congress, subject=VoteSubject.COUNTING_BOARD, votes_for=9, votes_against=0, base=11, passed=True,
        recorded_by=recorded_by,
    )
    vote.members.set([MemberFactory(organization=congress.organization, full_name=name) for name in names])
    return vote


def headed_by(election, name: str = BOARD[0]) -> Election:
    """`election` with the head of its congress's counting board (recorded before, by
    counting_board) chosen: who signs the vote-count minutes by name."""
    vote = ShowOfHands.objects.get(congress=election.congress, subject=VoteSubject.COUNTING_BOARD)
    Election.objects.filter(pk=election.pk).update(counting_head=vote.members.get(full_name=name))
    election.refresh_from_db()
    return election


def closed_election(congress, *, created_by, kind="committee", round=1, seats=3, votes=WORKED_VOTES,
                    counting_mode=CountingMode.KEYED, invalid=(("too_many", 1),), summoned=11, present=10,
                    absent_at_voting=1, base=11, issued=10, returned=10, outcome=None, outcome_note="",
                    state_of_congress="reviewed", count_started_time=datetime.time(9, 15),
                    minutes_closed_time=datetime.time(9, 50)) -> Election:
    """A closed election with its candidates (positions in the order given), votes, the elected
    (more than half of the base, highest first, up to the seats; no tie handling: give votes
    without a tie at the last seat unless the test sets `elected` itself) and invalid totals; the
    counting's times as the clerk confirms them when drafting the minutes."""
    if state_of_congress:
        put_in_state(congress, state_of_congress, held_on=datetime.date(2025, 6, 5), venue="Nhà văn hóa TDP")
    invalid_count = sum(count for _code, count in invalid)
    election = Election.objects.create(
        congress=congress, kind=kind, round=round, seats=seats, state=ElectionState.CLOSED,
        counting_mode=counting_mode, summoned=summoned, present=present, absent_at_voting=absent_at_voting,
        base=base, ballots_issued=issued, ballots_returned=returned, totals_valid=returned - invalid_count,
        totals_invalid=invalid_count, created_by=created_by, opened_at=timezone.now(), closed_at=timezone.now(),
        outcome=outcome if outcome is not None else "complete",
        outcome_note=outcome_note, count_started_time=count_started_time, minutes_closed_time=minutes_closed_time,
    )
    ranked = sorted(votes, key=lambda nv: -nv[1])
    winners = {name for name, v in ranked[:seats] if v * 2 > base}
    for position, (name, v) in enumerate(votes, start=1):
        Candidate.objects.create(
            election=election, member=MemberFactory(organization=congress.organization, full_name=name),
            position=position, votes=v, elected=name in winners,
        )
    for code, count in invalid:
        InvalidTotal.objects.create(election=election, reason=InvalidReason.objects.get(code=code), count=count)
    return election


def log_lines(election, *, operators) -> list[EntryLogLine]:
    """A short entry log: two operators key ballots 1 and 2, disagree on 2, the first corrects,
    then a third keys ballot 3 to settle a disagreement."""
    first, second = operators[0], operators[1]
    third = operators[2] if len(operators) > 2 else first
    too_many = InvalidReason.objects.get(code="too_many")
    rows = [
        (1, first, EntryAction.KEYED, "3", False),
        (1, second, EntryAction.KEYED, "3", False),
        (2, first, EntryAction.KEYED, "-", False),
        (2, second, EntryAction.KEYED, "1,4", False),
        (2, first, EntryAction.CORRECTED, "1,4", True),
        (3, first, EntryAction.KEYED, f"invalid:{too_many.pk}", False),
        (3, second, EntryAction.KEYED, "2", False),
        (3, third, EntryAction.TIE_BREAK, f"invalid:{too_many.pk}", True),
    ]
    return [
        EntryLogLine.objects.create(
            election=election, serial=serial, operator=operator, action=action, reading=reading,
            resolved_disagreement=settled,
        )
        for serial, operator, action, reading, settled in rows
    ]
