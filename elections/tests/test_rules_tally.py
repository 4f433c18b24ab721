"""The tally (244-QĐ/TW Art. 32, 190-QĐ/TW Art. 30; docs/domain.md §3): elected with more than half
of the base, highest first, up to the seats; a tie at the last seat reported and never resolved;
seats no majority fills left vacant. Also the checks on hand-counted totals and the secretary a
superior appoints."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from congress.rules import Attendee, members_congress_base
from elections import rules
from elections.rules import tally, tally_votes

pytestmark = pytest.mark.usefixtures("english")


def by_votes(seats, base, votes, valid=None):
    """A tally of candidates 1..n with the given votes, in list order."""
    candidates = list(range(1, len(votes) + 1))
    return tally_votes(
        seats=seats, base=base, candidates=candidates, votes=dict(zip(candidates, votes)),
        valid=max(votes, default=0) if valid is None else valid,
    )


def result_of(t, candidate):
    return next(r for r in t.results if r.candidate == candidate)


# --- The worked example and the majority ---------------------------------------------------------


def test_worked_example_five_of_eleven_is_not_elected_six_is():
    # dangcongsan.vn: 11 official members summoned, 10 present (the absent one without an accepted
    # reason). The base is 11, not the 10 present nor the valid ballots: 5 votes fail, 6 are needed.
    attendees = [Attendee("official", True) for _ in range(10)] + [Attendee("official", False)]
    base = members_congress_base(attendees).base
    assert base == 11
    ballots = [{2}] * 6 + [{1}] * 4  # ten ballots, each for one of two candidates, one seat
    assert len(ballots) == 10
    five = tally(seats=1, base=base, candidates=[1, 2], ballots=ballots[:5] + ballots[6:])  # 2 gets 5
    assert result_of(five, 2).votes == 5
    assert five.elected == () and five.vacant == 1
    assert not result_of(five, 2).majority
    six = tally(seats=1, base=base, candidates=[1, 2], ballots=ballots)
    assert result_of(six, 2).votes == 6
    assert six.elected == (2,) and six.complete


def test_the_base_not_the_valid_ballots_decides_the_majority():
    # 7 votes of 8 valid ballots is a landslide among voters, but not more than half of a base of 15.
    t = by_votes(seats=1, base=15, votes=[7], valid=8)
    assert t.elected == () and t.vacant == 1
    assert not t.results[0].majority


def test_exactly_half_of_the_base_is_not_a_majority():
    t = by_votes(seats=2, base=10, votes=[5, 6])
    assert t.elected == (2,)
    assert [r.majority for r in t.results] == [True, False]


def test_percentages_are_of_the_base_with_two_decimals_in_vietnamese_format():
    t = by_votes(seats=2, base=11, votes=[6, 5, 11, 0])
    assert {r.candidate: r.percent for r in t.results} == {1: "54,55%", 2: "45,45%", 3: "100,00%", 4: "0,00%"}


def test_percentage_of_an_empty_base_is_zero():
    t = by_votes(seats=1, base=0, votes=[0])
    assert t.results[0].percent == "0%"
    assert t.elected == () and t.vacant == 1


# --- Elected from the highest down ---------------------------------------------------------------


def test_the_highest_with_a_majority_fill_the_seats():
    t = by_votes(seats=3, base=20, votes=[12, 18, 11, 15, 16])
    assert t.elected == (2, 5, 4)
    assert [r.candidate for r in t.results] == [2, 5, 4, 1, 3]
    assert [r.elected for r in t.results] == [True, True, True, False, False]
    assert t.tied == () and t.tied_seats == 0 and t.vacant == 0 and t.complete


def test_equal_votes_within_the_seats_are_all_elected():
    # All four have a majority; 10, 9, 9 fill the three seats and the 8 is left out: no tie.
    t = by_votes(seats=3, base=14, votes=[9, 8, 10, 9])
    assert set(t.elected) == {1, 3, 4}
    assert t.tied == () and t.complete


def test_results_with_equal_votes_keep_the_list_order():
    t = by_votes(seats=4, base=10, votes=[7, 9, 7, 7])
    assert [r.candidate for r in t.results] == [2, 1, 3, 4]


def test_votes_for_someone_not_on_the_list_are_ignored():
    t = tally_votes(seats=1, base=4, candidates=[1, 2], votes={1: 3, 2: 1, 99: 4}, valid=4)
    assert t.elected == (1,)
    assert [r.candidate for r in t.results] == [1, 2]


def test_a_candidate_with_no_votes_is_listed_with_zero():
    t = tally_votes(seats=1, base=4, candidates=[1, 2], votes={1: 3}, valid=4)
    assert result_of(t, 2).votes == 0 and result_of(t, 2).percent == "0,00%"


# --- Ties at the last seat -----------------------------------------------------------------------


def test_tie_at_last_seat_is_reported_and_not_resolved():
    t = by_votes(seats=2, base=10, votes=[8, 7, 7])
    assert t.elected == (1,)
    assert t.tied == (2, 3)
    assert t.tied_seats == 1 and t.vacant == 0
    assert not t.complete
    assert [r.tied for r in t.results] == [False, True, True]
    assert not any(r.elected for r in t.results if r.tied)


def test_a_tie_is_never_settled_by_the_list_order():
    forward = by_votes(seats=2, base=10, votes=[8, 7, 7])
    backward = tally_votes(seats=2, base=10, candidates=[3, 2, 1], votes={1: 8, 2: 7, 3: 7}, valid=10)
    assert set(backward.elected) == set(forward.elected) == {1}
    assert set(backward.tied) == set(forward.tied) == {2, 3}


def test_a_tie_for_the_only_seat_elects_nobody():
    t = by_votes(seats=1, base=10, votes=[6, 6])
    assert t.elected == () and t.tied == (1, 2) and t.tied_seats == 1 and t.vacant == 0


def test_a_tie_across_several_seats():
    # Two seats left for three people with 7 votes each.
    t = by_votes(seats=3, base=12, votes=[7, 7, 10, 7, 2])
    assert t.elected == (3,)
    assert set(t.tied) == {1, 2, 4}
    assert t.tied_seats == 2 and t.vacant == 0


def test_equal_votes_without_a_majority_are_not_a_tie_but_a_vacancy():
    t = by_votes(seats=2, base=10, votes=[8, 5, 5])
    assert t.elected == (1,) and t.tied == ()
    assert t.vacant == 1


# --- Too few elected -----------------------------------------------------------------------------


def test_too_few_elected_leaves_seats_vacant():
    t = by_votes(seats=3, base=10, votes=[9, 6, 5, 4])
    assert t.elected == (1, 2)
    assert t.vacant == 1 and t.tied_seats == 0
    assert not t.complete


def test_nobody_elected_leaves_every_seat_vacant():
    t = by_votes(seats=5, base=30, votes=[15, 14, 3])
    assert t.elected == () and t.vacant == 5


def test_a_longer_list_with_few_majorities_fills_only_those_seats():
    t = by_votes(seats=7, base=20, votes=[11, 11, 11, 10, 9, 8, 7, 1, 0])
    assert t.elected == (1, 2, 3) and t.vacant == 4 and t.tied == ()


# --- The tally from ballots ----------------------------------------------------------------------


def test_tally_counts_each_ballot_once_per_person():
    t = tally(seats=2, base=3, candidates=[1, 2, 3], ballots=[[1, 2], [1, 1, 3], [2]])
    assert {r.candidate: r.votes for r in t.results} == {1: 2, 2: 2, 3: 1}
    assert t.valid == 3
    assert t.elected == (1, 2)


def test_a_ballot_for_nobody_still_counts_as_valid():
    # A single-candidate list whose only name is struck: valid, no vote.
    t = tally(seats=1, base=5, candidates=[1], ballots=[[1], [1], [], [1], []])
    assert t.valid == 5
    assert result_of(t, 1).votes == 3 and t.elected == (1,)


def test_no_ballots_elect_nobody():
    t = tally(seats=2, base=4, candidates=[1, 2], ballots=[])
    assert t.valid == 0 and t.elected == () and t.vacant == 2


def test_negative_figures_are_refused():
    with pytest.raises(ValueError):
        tally_votes(seats=-1, base=1, candidates=[], votes={}, valid=0)
    with pytest.raises(ValueError):
        tally_votes(seats=1, base=-1, candidates=[], votes={}, valid=0)
    with pytest.raises(ValueError):
        tally_votes(seats=1, base=1, candidates=[], votes={}, valid=-1)


# --- Invariants ----------------------------------------------------------------------------------


@st.composite
def elections(draw):
    """An election: seats, a base, a list, and valid ballots each voting for at most `seats`."""
    seats = draw(st.integers(1, 6))
    n = draw(st.integers(1, 10))
    candidates = draw(st.permutations(range(100, 100 + n)))
    ballots = draw(st.lists(
        st.lists(st.sampled_from(candidates), max_size=seats, unique=True), max_size=30,
    ))
    base = draw(st.integers(len(ballots), len(ballots) + 6))  # absent members still count
    return seats, base, list(candidates), ballots


def votes_of(t):
    return {r.candidate: r.votes for r in t.results}


@given(elections())
def test_never_more_elected_than_seats(election):
    seats, base, candidates, ballots = election
    t = tally(seats=seats, base=base, candidates=candidates, ballots=ballots)
    assert len(t.elected) <= seats


@given(elections())
def test_nobody_is_elected_without_more_than_half_of_the_base(election):
    seats, base, candidates, ballots = election
    t = tally(seats=seats, base=base, candidates=candidates, ballots=ballots)
    votes = votes_of(t)
    for c in t.elected:
        assert votes[c] * 2 > base
    for r in t.results:
        if r.votes * 2 <= base:
            assert not r.elected and not r.tied and not r.majority


@given(elections())
def test_more_votes_than_someone_elected_means_elected(election):
    seats, base, candidates, ballots = election
    t = tally(seats=seats, base=base, candidates=candidates, ballots=ballots)
    votes = votes_of(t)
    for e in t.elected:
        for c in candidates:
            if votes[c] > votes[e]:
                assert c in t.elected
    # Those left out with a majority have fewer votes than every elected or tied candidate,
    # except the tied themselves, who share the cut-off.
    for c in candidates:
        if c not in t.elected and c not in t.tied:
            assert all(votes[c] < votes[e] for e in (*t.elected, *t.tied))


@given(elections(), st.data())
def test_the_order_of_the_ballots_changes_nothing(election, data):
    seats, base, candidates, ballots = election
    shuffled = data.draw(st.permutations(ballots))
    assert tally(seats=seats, base=base, candidates=candidates, ballots=ballots) == tally(
        seats=seats, base=base, candidates=candidates, ballots=shuffled,
    )


@given(elections(), st.data())
def test_the_order_of_the_list_never_decides_a_seat(election, data):
    seats, base, candidates, ballots = election
    reordered = data.draw(st.permutations(candidates))
    one = tally(seats=seats, base=base, candidates=candidates, ballots=ballots)
    other = tally(seats=seats, base=base, candidates=reordered, ballots=ballots)
    assert set(one.elected) == set(other.elected)
    assert set(one.tied) == set(other.tied)
    assert (one.tied_seats, one.vacant) == (other.tied_seats, other.vacant)


@given(elections())
def test_elected_tied_seats_and_vacant_add_up_to_the_seats(election):
    seats, base, candidates, ballots = election
    t = tally(seats=seats, base=base, candidates=candidates, ballots=ballots)
    assert len(t.elected) + t.tied_seats + t.vacant == seats
    assert t.vacant >= 0 and t.tied_seats >= 0
    assert t.complete == (len(t.elected) == seats)


@given(elections())
def test_the_tied_share_the_votes_and_a_majority_and_outnumber_their_seats(election):
    seats, base, candidates, ballots = election
    t = tally(seats=seats, base=base, candidates=candidates, ballots=ballots)
    votes = votes_of(t)
    if not t.tied:
        assert t.tied_seats == 0
        return
    assert len({votes[c] for c in t.tied}) == 1
    assert all(votes[c] * 2 > base for c in t.tied)
    assert 1 <= t.tied_seats < len(t.tied)
    assert t.vacant == 0  # a tie needs more majorities than seats
    assert all(votes[e] > votes[t.tied[0]] for e in t.elected)
    assert {r.candidate for r in t.results if r.tied} == set(t.tied)


@given(elections())
def test_results_are_highest_first_and_match_the_ballots(election):
    seats, base, candidates, ballots = election
    t = tally(seats=seats, base=base, candidates=candidates, ballots=ballots)
    counted = Counter(c for ballot in ballots for c in ballot)
    assert votes_of(t) == {c: counted[c] for c in candidates}
    assert [r.votes for r in t.results] == sorted((r.votes for r in t.results), reverse=True)
    assert t.valid == len(ballots)
    assert {r.candidate for r in t.results if r.elected} == set(t.elected)


@settings(max_examples=50)
@given(elections())
def test_tally_and_tally_votes_agree(election):
    seats, base, candidates, ballots = election
    t = tally(seats=seats, base=base, candidates=candidates, ballots=ballots)
    counted = Counter(c for ballot in ballots for c in ballot)
    assert t == tally_votes(seats=seats, base=base, candidates=candidates, votes=counted, valid=len(ballots))


# --- Hand-counted totals -------------------------------------------------------------------------


def test_consistent_totals_have_no_problem():
    assert rules.totals_problems(seats=2, issued=10, returned=10, valid=9, invalid=1, votes={1: 9, 2: 5, 3: 4}) == []


def test_more_returned_than_issued_is_a_problem():
    problems = rules.totals_problems(seats=1, issued=10, returned=11, valid=11, invalid=0, votes={1: 6})
    assert problems == ["More ballots returned (11) than issued (10)."]


def test_valid_and_invalid_must_add_up_to_returned():
    problems = rules.totals_problems(seats=1, issued=10, returned=10, valid=8, invalid=1, votes={1: 6})
    assert problems == ["Valid and invalid ballots (8 + 1) must add up to the ballots returned (10)."]


def test_a_candidate_cannot_have_more_votes_than_valid_ballots():
    problems = rules.totals_problems(seats=2, issued=10, returned=10, valid=10, invalid=0, votes={1: 11, 2: 3})
    assert problems == ["A candidate cannot have more votes than there are valid ballots (10)."]


def test_votes_cannot_exceed_what_the_valid_ballots_can_give():
    problems = rules.totals_problems(seats=2, issued=10, returned=10, valid=10, invalid=0, votes={1: 10, 2: 7, 3: 4})
    assert problems == ["The votes add up to 21, more than 10 valid ballots can give for 2 seats."]


def test_every_problem_is_reported_at_once():
    problems = rules.totals_problems(seats=1, issued=5, returned=6, valid=6, invalid=1, votes={1: 7})
    assert len(problems) == 4


# --- A secretary the superior appoints -----------------------------------------------------------


@pytest.mark.parametrize(("kind", "round_number", "elected", "appoint"), [
    (rules.SECRETARY, 3, 0, True),
    (rules.SECRETARY, 4, 0, True),
    (rules.SECRETARY, 2, 0, False),
    (rules.SECRETARY, 1, 0, False),
    (rules.SECRETARY, 3, 1, False),
    (rules.DEPUTY_SECRETARY, 3, 0, False),
    (rules.COMMITTEE, 3, 0, False),
    (rules.OFFICIAL_DELEGATES, 5, 0, False),
])
def test_a_secretary_not_elected_after_three_rounds_is_appointed(kind, round_number, elected, appoint):
    assert rules.needs_appointment(kind, round_number, elected) is appoint
