"""The elections of a demo congress, held through the services a clerk uses (for
congress/management/commands/seed_demo_congress.py): the lists from the approved personnel
plan, approved by show of hands, ballots keyed by two operators (or counted by hand), the
rounds closed and their vote-count minutes issued. The elected reach the congress's results
by closing, as they do for a clerk."""

import datetime

from congress.services.attendance import voter_count

from .models import CountingMode, ElectionKind
from .rules import COMMITTEE_KINDS
from .selectors.elections import counting_board
from .services import counting, elections, minutes

# Which ballots strike whom, by serial: most strike the last name on a committee's list, every
# fourth strikes another, so the committee's nominees are elected and the surplus is not.
EVERY_OTHER = 4
# When the first count of the day starts (the vote-count minutes give it, docs/domain.md §4a).
COUNT_FROM = datetime.time(9, 15)


def _struck(serial: int, candidates: int, seats: int) -> list[int]:
    if candidates > seats:
        if serial % EVERY_OTHER:
            return [candidates]
        return [serial // EVERY_OTHER % (candidates - 1) + 1]
    # No surplus: agree for all, but one ballot in EVERY_OTHER × 2 disagrees with the last.
    return [candidates] if serial % (EVERY_OTHER * 2) == 0 else []


def hold(congress, *, clerk, second_operator=None) -> list:
    """Hold every election the congress's organisation holds, in order. With a
    `second_operator` the ballots are keyed twice (by the clerk and by them, who corrects one
    slip); without, the counting board's totals are entered."""
    held = []
    mode = CountingMode.KEYED if second_operator is not None else CountingMode.TOTALS
    for kind in elections.allowed_kinds(congress):
        if kind in {ElectionKind.OFFICIAL_DELEGATES, ElectionKind.ALTERNATE_DELEGATES}:
            continue
        election = elections.election_create(acting_user=clerk, congress=congress, kind=kind, counting_mode=mode)
        elections.candidates_from_plan(acting_user=clerk, election=election)
        voters = voter_count(list(congress.attendance.all()), congress.kind)
        # The first of the counting board heads it and signs the minutes by name; later ballots
        # keep the head the first one recorded.
        board = counting_board(congress)
        head = None if held or not board else board[0]
        election = elections.election_open(
            acting_user=clerk, election=election, list_votes_for=voters, ballots_issued=voters, counting_head=head,
        )
        listed = list(election.candidates.filter(admitted=True, withdrawn=False).order_by("position"))
        ballots = {serial: _struck(serial, len(listed), election.seats) for serial in range(1, voters + 1)}
        if mode == CountingMode.KEYED:
            # The second operator slips on the first ballot, sees the disagreement and corrects it.
            slip = [] if ballots[1] else [1]
            counting.ballot_key(acting_user=second_operator, election=election, serial=1, struck=slip)
            for operator in (clerk, second_operator):
                for serial, struck in ballots.items():
                    counting.ballot_key(acting_user=operator, election=election, serial=serial, struck=struck)
        else:
            votes = {c.pk: sum(1 for s in ballots.values() if c.position not in s) for c in listed}
            counting.election_totals_save(
                acting_user=clerk, election=election, returned=len(ballots), valid=len(ballots), invalid={}, votes=votes,
            )
        counting.election_close(acting_user=clerk, election=election)
        election.refresh_from_db()
        # Counted from 9:15, 20 minutes a ballot, the next 25 minutes later; dated the congress day.
        started = datetime.datetime.combine(datetime.date.min, COUNT_FROM) + datetime.timedelta(minutes=25 * len(held))
        minutes.election_minutes_draft(
            acting_user=clerk, election=election, count_started_time=started.time(),
            minutes_closed_time=(started + datetime.timedelta(minutes=20)).time(),
        )
        minutes.election_minutes_issue(acting_user=clerk, election=election)
        if mode == CountingMode.KEYED:
            minutes.election_entry_log_draft(acting_user=clerk, election=election)
            minutes.election_entry_log_issue(acting_user=clerk, election=election)
        held.append(election)
        if kind in COMMITTEE_KINDS:
            congress.refresh_from_db()
    return held
