"""Counting the ballots (docs/domain.md §3): keyed twice, tie-break, corrections in the entry log,
closing with the tally into the candidates and the congress's elected, totals mode."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from branches.models import Position
from branches.tests.factories import MemberFactory, RoleFactory, UserFactory
from congress.models import CongressState, ElectedSeat
from congress.tests.builders import put_in_state
from elections.models import (
    BallotEntry, CountingMode, ElectionKind, ElectionOutcome, ElectionState, EntryAction, EntryLogLine, InvalidReason,
    InvalidTotal,
)
from elections.selectors.counting import all_reasons, ballot_candidates, ballot_states, counting_state, reader_for
from elections.services.counting import ballot_key, election_close, election_totals_save

from .builders_counting import voting_election

pytestmark = pytest.mark.usefixtures("english", "no_rendering")


@pytest.fixture
def third(branch_a):
    user = UserFactory(username="operator3")
    RoleFactory(user=user, organization=branch_a, kind="clerk")
    return user


@pytest.fixture
def election(congress_a, branch_clerk):
    # 3 seats, 4 names (positions 1..4), 11 summoned, base 11, 10 ballots issued.
    return voting_election(congress=congress_a, created_by=branch_clerk)


def key(user, election, serial, struck=(), reason=None):
    return ballot_key(acting_user=user, election=election, serial=serial, struck=list(struck), invalid_reason=reason)


def reason(code):
    return InvalidReason.objects.get(code=code)


def ballot(election, serial):
    """Ballot `serial` read from its entries (the page reads the running totals)."""
    reader = reader_for(election, ballot_candidates(election), all_reasons())
    return ballot_states(election, reader, [serial])[serial]


# --- Keying --------------------------------------------------------------------------------------


def test_two_operators_agreeing_make_a_ballot_count(election, branch_clerk, superior_clerk):
    key(branch_clerk, election, 1, [4])
    state = counting_state(election)
    assert (state.agreed, state.keyed_once, len(state.disagreements)) == (0, 1, 0)
    key(superior_clerk, election, 1, [4])
    state = counting_state(election)
    assert (state.agreed, state.keyed_once, len(state.disagreements)) == (1, 0, 0)
    lines = list(EntryLogLine.objects.filter(election=election).values_list("serial", "action", "reading"))
    assert lines == [(1, EntryAction.KEYED, "4"), (1, EntryAction.KEYED, "4")]
    assert BallotEntry.objects.get(ballot__serial=1, operator=branch_clerk).struck == [4]


def test_different_readings_are_a_disagreement(election, branch_clerk, superior_clerk):
    key(branch_clerk, election, 2, [1])
    key(superior_clerk, election, 2, [2])
    state = counting_state(election)
    assert [b.serial for b in state.disagreements] == [2]
    assert {r.shown for r in state.disagreements[0].readings} == {"1", "2"}
    assert state.tally is None


def test_the_same_operator_keying_again_corrects_and_can_resolve(election, branch_clerk, superior_clerk):
    key(branch_clerk, election, 3, [1])
    key(superior_clerk, election, 3, [2])
    key(superior_clerk, election, 3, [1])
    assert BallotEntry.objects.filter(ballot__serial=3).count() == 2
    last = EntryLogLine.objects.filter(election=election).last()
    assert (last.action, last.reading, last.resolved_disagreement) == (EntryAction.CORRECTED, "1", True)
    assert counting_state(election).agreed == 1


def test_a_third_operator_settles_a_disagreement(election, branch_clerk, superior_clerk, third):
    key(branch_clerk, election, 4, [1])
    key(superior_clerk, election, 4, [2])
    key(third, election, 4, [2])
    last = EntryLogLine.objects.filter(election=election).last()
    assert (last.action, last.resolved_disagreement) == (EntryAction.TIE_BREAK, True)
    state = counting_state(election)
    assert state.agreed == 1 and ballot(election, 4).agreed == "2"


def test_a_third_operator_may_not_key_an_agreed_ballot(election, branch_clerk, superior_clerk, third):
    key(branch_clerk, election, 5, [1])
    key(superior_clerk, election, 5, [1])
    with pytest.raises(ValidationError, match="only to settle a disagreement"):
        key(third, election, 5, [1])
    assert BallotEntry.objects.filter(ballot__serial=5).count() == 2


def test_no_fourth_operator(election, branch_clerk, superior_clerk, third, branch_a):
    fourth = UserFactory(username="operator4")
    RoleFactory(user=fourth, organization=branch_a, kind="clerk")
    key(branch_clerk, election, 6, [1])
    key(superior_clerk, election, 6, [2])
    key(third, election, 6, [3])
    assert ballot(election, 6).in_disagreement and counting_state(election).in_disagreement == 1
    with pytest.raises(ValidationError, match="three operators"):
        key(fourth, election, 6, [1])


@pytest.mark.parametrize(("serial", "struck", "message"), [
    (0, [], "between 1 and 10"), (11, [], "between 1 and 10"), (1, [5], "5 is not on it"),
])
def test_bad_keys_are_refused(election, branch_clerk, serial, struck, message):
    with pytest.raises(ValidationError, match=message):
        key(branch_clerk, election, serial, struck)
    assert not EntryLogLine.objects.exists() and not BallotEntry.objects.exists()


def test_keying_needs_voting_and_the_congress_day(election, branch_clerk, congress_a):
    put_in_state(congress_a, CongressState.SUBMITTED)
    with pytest.raises(ValidationError, match="congress day"):
        key(branch_clerk, election, 1)
    put_in_state(congress_a, CongressState.HELD)
    key(branch_clerk, election, 1)
    election.state = ElectionState.CLOSED
    election.save()
    with pytest.raises(ValidationError, match="closed"):
        key(branch_clerk, election, 2)


def test_an_inactive_reason_cannot_be_keyed(election, branch_clerk):
    signed = InvalidReason.objects.create(name="Ký tên", is_active=False)
    with pytest.raises(ValidationError, match="no longer in use"):
        key(branch_clerk, election, 1, reason=signed)


def test_auto_invalid_agrees_with_the_reason_picked(election, branch_clerk, superior_clerk):
    # All four names struck (nobody voted for) is invalid "none", whichever way it is keyed.
    key(branch_clerk, election, 1, [1, 2, 3, 4])
    key(superior_clerk, election, 1, reason=reason("none"))
    # Nothing struck on 4 names for 3 seats votes for too many.
    key(branch_clerk, election, 2, [])
    key(superior_clerk, election, 2, reason=reason("too_many"))
    state = counting_state(election)
    assert state.agreed == 2 and not state.disagreements
    assert BallotEntry.objects.get(ballot__serial=1, operator=branch_clerk).invalid_reason is None
    assert BallotEntry.objects.get(ballot__serial=1, operator=superior_clerk).invalid_reason == reason("none")


def test_counting_state_is_bounded_in_queries(election, branch_clerk, superior_clerk, django_assert_max_num_queries):
    for serial in range(1, 11):
        key(branch_clerk, election, serial, [serial % 4 + 1])
        key(superior_clerk, election, serial, [serial % 4 + 1])
    # Candidates, reasons, the totals, the operators' totals, the next serial: not the entries.
    with django_assert_max_num_queries(5):
        state = counting_state(election, branch_clerk.pk)
    assert state.everything_agrees and state.tally is not None and state.mine.keyed == 10
    assert state.next_serial is None
    key(superior_clerk, election, 3, [1])
    with django_assert_max_num_queries(6):  # and the entries of the ballots in disagreement
        state = counting_state(election, branch_clerk.pk)
    assert [b.serial for b in state.disagreements] == [3] and state.disagreements[0].own == "4"


def test_the_next_serial_is_the_operators_first_gap(election, branch_clerk, superior_clerk):
    assert counting_state(election, branch_clerk.pk).next_serial == 1
    for serial in (1, 2, 4):
        key(branch_clerk, election, serial, [1])
    assert counting_state(election, branch_clerk.pk).next_serial == 3
    assert counting_state(election, superior_clerk.pk).next_serial == 1
    key(branch_clerk, election, 3, [1])
    assert counting_state(election, branch_clerk.pk).next_serial == 5


# --- Closing -------------------------------------------------------------------------------------


def _key_twice(election, first, second, readings):
    for serial, struck in readings.items():
        key(first, election, serial, struck)
        key(second, election, serial, struck)


def test_close_is_refused_while_ballots_disagree_or_are_keyed_once(election, branch_clerk, superior_clerk):
    with pytest.raises(ValidationError, match="No ballot"):
        election_close(acting_user=branch_clerk, election=election)
    key(branch_clerk, election, 1, [1])
    key(superior_clerk, election, 1, [2])
    key(branch_clerk, election, 2, [1])
    with pytest.raises(ValidationError) as refused:
        election_close(acting_user=branch_clerk, election=election)
    assert "one operator only: 2" in refused.value.messages[0] and "disagreement: 1" in refused.value.messages[0]
    election.refresh_from_db()
    assert election.state == ElectionState.VOTING and not LogEntry.objects.filter(
        additional_data__action="elections.counting.closed").exists()


def test_close_writes_votes_elected_invalid_totals_and_elected_seats(election, branch_clerk, superior_clerk, congress_a):
    # Positions: 1 Lê Văn Cường, 2 Nguyễn Văn An, 3 Phạm Thị Dung, 4 Trần Thị Bình. Base 11.
    readings = {s: [4] for s in range(1, 7)}  # six ballots for 1, 2, 3
    readings.update({7: [3], 8: [3]})  # two for 1, 2, 4
    readings[9] = [1, 2, 3, 4]  # invalid: none
    readings[10] = []  # invalid: too many
    _key_twice(election, branch_clerk, superior_clerk, readings)
    tally = election_close(acting_user=branch_clerk, election=election)
    election.refresh_from_db()
    assert election.state == ElectionState.CLOSED and election.closed_at is not None
    assert (election.ballots_returned, election.totals_valid, election.totals_invalid) == (10, 8, 2)
    assert election.outcome == ElectionOutcome.COMPLETE and tally.complete
    votes = {c.position: (c.votes, c.elected) for c in election.candidates.all()}
    assert votes == {1: (8, True), 2: (8, True), 3: (6, True), 4: (2, False)}
    assert {(t.reason.code, t.count) for t in InvalidTotal.objects.filter(election=election)} == {
        ("none", 1), ("too_many", 1),
    }
    seats = {(s.member.full_name, s.position, s.votes) for s in ElectedSeat.objects.filter(congress=congress_a)}
    assert seats == {("Lê Văn Cường", "member", 8), ("Nguyễn Văn An", "member", 8), ("Phạm Thị Dung", "member", 6)}
    entry = LogEntry.objects.filter(additional_data__action="elections.counting.closed").first()
    assert entry.actor == branch_clerk and entry.additional_data["election"] == election.pk


def test_the_worked_example_five_votes_of_eleven_is_not_elected(congress_a, branch_clerk, superior_clerk):
    """11 official members summoned, 10 present: 5 votes is not more than half of 11."""
    election = voting_election(congress=congress_a, created_by=branch_clerk, kind=ElectionKind.SECRETARY, seats=1,
                               names=["Nguyễn Văn An"], summoned=11, present=10)
    _key_twice(election, branch_clerk, superior_clerk, {s: ([] if s <= 5 else [1]) for s in range(1, 11)})
    tally = election_close(acting_user=branch_clerk, election=election)
    election.refresh_from_db()
    candidate = election.candidates.get()
    assert (candidate.votes, candidate.elected) == (5, False)
    assert tally.vacant == 1 and election.outcome == "" and election.totals_valid == 10
    assert not ElectedSeat.objects.filter(congress=congress_a).exists()


def test_a_committee_member_elected_secretary_moves_up(congress_a, branch_clerk, superior_clerk):
    committee = voting_election(congress=congress_a, created_by=branch_clerk, seats=1, names=["Nguyễn Văn An", "Lê Văn Cường"],
                                ballots_issued=2)
    _key_twice(committee, branch_clerk, superior_clerk, {1: [2], 2: [2]})
    election_close(acting_user=branch_clerk, election=committee)
    an = committee.candidates.get(position=1).member
    secretary = voting_election(congress=congress_a, created_by=branch_clerk, kind=ElectionKind.SECRETARY, seats=1,
                                members=[an], ballots_issued=2, base=2)
    _key_twice(secretary, branch_clerk, superior_clerk, {1: [], 2: []})
    election_close(acting_user=branch_clerk, election=secretary)
    seat = ElectedSeat.objects.get(congress=congress_a)
    assert (seat.member, seat.position) == (an, Position.SECRETARY)


def test_a_deputy_not_on_the_elected_committee_is_refused(congress_a, branch_clerk, superior_clerk):
    committee = voting_election(congress=congress_a, created_by=branch_clerk, seats=1, names=["Nguyễn Văn An", "Lê Văn Cường"],
                                ballots_issued=2, base=2)
    _key_twice(committee, branch_clerk, superior_clerk, {1: [2], 2: [2]})
    election_close(acting_user=branch_clerk, election=committee)
    outsider = MemberFactory(organization=congress_a.organization, full_name="Đỗ Văn Khánh")
    deputy = voting_election(congress=congress_a, created_by=branch_clerk, kind=ElectionKind.DEPUTY_SECRETARY, seats=1,
                             members=[outsider], ballots_issued=2, base=2)
    _key_twice(deputy, branch_clerk, superior_clerk, {1: [], 2: []})
    with pytest.raises(ValidationError, match="not among the elected committee"):
        election_close(acting_user=branch_clerk, election=deputy)
    deputy.refresh_from_db()
    assert deputy.state == ElectionState.VOTING and deputy.candidates.get().votes is None


def test_delegates_do_not_become_elected_seats(congress_a, branch_clerk, superior_clerk):
    election = voting_election(congress=congress_a, created_by=branch_clerk, kind=ElectionKind.OFFICIAL_DELEGATES,
                               seats=1, names=["Nguyễn Văn An", "Lê Văn Cường"], ballots_issued=2, base=2)
    _key_twice(election, branch_clerk, superior_clerk, {1: [2], 2: [2]})
    election_close(acting_user=branch_clerk, election=election)
    assert election.candidates.get(position=1).elected
    assert not ElectedSeat.objects.exists()


def test_a_tie_at_the_last_seat_leaves_the_outcome_open(congress_a, branch_clerk, superior_clerk):
    election = voting_election(congress=congress_a, created_by=branch_clerk, seats=1, names=["Nguyễn Văn An", "Lê Văn Cường"],
                               ballots_issued=4, base=2)
    _key_twice(election, branch_clerk, superior_clerk, {1: [1], 2: [1], 3: [2], 4: [2]})
    tally = election_close(acting_user=branch_clerk, election=election)
    election.refresh_from_db()
    assert tally.tied and election.outcome == "" and not election.candidates.filter(elected=True).exists()


# --- Totals counted by hand ----------------------------------------------------------------------


@pytest.fixture
def by_hand(congress_a, branch_clerk):
    return voting_election(congress=congress_a, created_by=branch_clerk, counting_mode=CountingMode.TOTALS)


def _votes(election, *numbers):
    return {c.pk: n for c, n in zip(election.candidates.order_by("position"), numbers)}


def test_totals_are_checked_and_nothing_is_saved_on_error(by_hand, branch_clerk):
    with pytest.raises(ValidationError) as refused:
        election_totals_save(acting_user=branch_clerk, election=by_hand, returned=11, valid=8,
                             invalid={reason("none").pk: 1}, votes=_votes(by_hand, 9, 8, 6, 2))
    text = " ".join(refused.value.messages)
    assert "More ballots returned (11) than issued (10)" in text
    assert "must add up" in text and "more votes than there are valid ballots (8)" in text
    by_hand.refresh_from_db()
    assert by_hand.totals_valid is None and not InvalidTotal.objects.exists()
    assert not by_hand.candidates.filter(votes__isnull=False).exists()


def test_totals_mode_saves_and_closes(by_hand, branch_clerk, congress_a):
    election_totals_save(acting_user=branch_clerk, election=by_hand, returned=10, valid=9,
                         invalid={reason("none").pk: 1, reason("too_many").pk: 0}, votes=_votes(by_hand, 9, 8, 6, 4))
    by_hand.refresh_from_db()
    assert (by_hand.ballots_returned, by_hand.totals_valid, by_hand.totals_invalid) == (10, 9, 1)
    assert list(InvalidTotal.objects.values_list("reason__code", "count")) == [("none", 1)]
    assert LogEntry.objects.filter(additional_data__action="elections.counting.totals_saved").exists()
    tally = election_close(acting_user=branch_clerk, election=by_hand)
    by_hand.refresh_from_db()
    assert by_hand.state == ElectionState.CLOSED and by_hand.outcome == ElectionOutcome.COMPLETE
    assert [c.elected for c in by_hand.candidates.order_by("position")] == [True, True, True, False]
    assert len(tally.elected) == 3 and ElectedSeat.objects.filter(congress=congress_a).count() == 3


def test_totals_mode_refuses_keying_and_closing_without_totals(by_hand, branch_clerk):
    with pytest.raises(ValidationError, match="counted by hand"):
        key(branch_clerk, by_hand, 1)
    with pytest.raises(ValidationError, match="totals before closing"):
        election_close(acting_user=branch_clerk, election=by_hand)


def test_keyed_mode_refuses_totals(election, branch_clerk):
    with pytest.raises(ValidationError, match="keyed one by one"):
        election_totals_save(acting_user=branch_clerk, election=election, returned=1, valid=1, invalid={},
                             votes=_votes(election, 1, 1, 1, 0))
