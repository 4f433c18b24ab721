"""What a keyed ballot says (docs/domain.md §3: invalid when it votes for more people than seats or,
on a list of several names, for nobody), its canonical reading, and when operators agree."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elections import rules
from elections.rules import NONE, TOO_MANY, agreed, ballot_votes, reading_text

pytestmark = pytest.mark.usefixtures("english")


# --- Readings ------------------------------------------------------------------------------------


def test_reading_of_a_ballot_with_nothing_struck_is_a_dash():
    assert reading_text([]) == "-"


def test_reading_lists_struck_positions_in_order_once():
    assert reading_text([5, 2, 2, 11]) == "2,5,11"


def test_reading_of_an_invalid_ballot_names_the_reason_only():
    assert reading_text([3, 1], "too_many") == "invalid:too_many"
    assert reading_text([], 7) == "invalid:7"


@given(st.lists(st.integers(1, 40)), st.data())
def test_the_same_strikes_in_any_order_read_the_same(struck, data):
    assert reading_text(struck) == reading_text(data.draw(st.permutations(struck)))


# --- Votes from a ballot -------------------------------------------------------------------------


LIST = [1, 2, 3, 4]


def test_striking_the_surplus_votes_for_the_rest():
    assert ballot_votes(LIST, [3, 4], 2) == (frozenset({1, 2}), None)


def test_striking_more_than_the_surplus_is_valid():
    assert ballot_votes(LIST, [1, 2, 3], 2) == (frozenset({4}), None)


def test_voting_for_more_than_the_seats_is_invalid_and_gives_nobody_a_vote():
    assert ballot_votes(LIST, [4], 2) == (frozenset(), TOO_MANY)
    assert ballot_votes(LIST, [], 2) == (frozenset(), TOO_MANY)


def test_striking_every_name_of_a_longer_list_is_invalid():
    assert ballot_votes(LIST, LIST, 2) == (frozenset(), NONE)


def test_single_candidate_list_striking_the_only_name_stays_valid():
    assert ballot_votes([7], [7], 1) == (frozenset(), None)


def test_single_candidate_list_not_struck_votes_for_them():
    assert ballot_votes([7], [], 1) == (frozenset({7}), None)


def test_agree_disagree_list_with_some_disagreements_is_valid():
    # No surplus: three names for three seats; "không đồng ý", both or neither are keyed as struck.
    assert ballot_votes([1, 2, 3], [2], 3) == (frozenset({1, 3}), None)
    assert ballot_votes([1, 2, 3], [], 3) == (frozenset({1, 2, 3}), None)


def test_agree_disagree_list_with_nobody_agreed_votes_for_nobody_and_is_invalid():
    assert ballot_votes([1, 2, 3], [1, 2, 3], 3) == (frozenset(), NONE)


def test_struck_numbers_not_on_the_list_change_nothing():
    assert ballot_votes(LIST, [3, 4, 9], 2) == (frozenset({1, 2}), None)


def test_the_codes_are_those_of_the_seeded_reasons():
    assert (TOO_MANY, NONE) == ("too_many", "none")


@st.composite
def ballots(draw):
    n = draw(st.integers(1, 12))
    seats = draw(st.integers(1, n))
    candidates = list(range(1, n + 1))
    struck = draw(st.lists(st.integers(1, n + 2)))
    return candidates, struck, seats


@given(ballots())
def test_a_ballot_is_valid_exactly_when_it_votes_for_one_to_seats_people(ballot):
    candidates, struck, seats = ballot
    votes, invalid = ballot_votes(candidates, struck, seats)
    left = set(candidates) - set(struck)
    if invalid is None:
        assert votes == left
        assert len(votes) <= seats
        assert votes or len(candidates) == 1
    else:
        assert votes == frozenset()
        assert invalid == (TOO_MANY if len(left) > seats else NONE)
        assert invalid != NONE or (not left and len(candidates) > 1)


# --- Operators agreeing --------------------------------------------------------------------------


@pytest.mark.parametrize(("readings", "result"), [
    ([], None),
    (["2,5"], None),
    (["2,5", "2,5"], "2,5"),
    (["2,5", "2"], None),
    (["2,5", "2", "2,5"], "2,5"),  # a third operator settles a disagreement
    (["2", "2,5", "2,5"], "2,5"),
    (["-", "2", "invalid:none"], None),  # three different readings: still in disagreement
    (["-", "-", "-"], "-"),
    (["1", "1", "2", "2"], None),  # no single reading ahead
    (["invalid:too_many", "invalid:too_many"], "invalid:too_many"),
])
def test_agreed(readings, result):
    assert agreed(readings) == result


@given(st.lists(st.sampled_from(["-", "1", "2", "1,2", "invalid:none"]), max_size=5))
def test_an_agreed_reading_was_keyed_at_least_twice_and_more_than_any_other(readings):
    result = agreed(readings)
    counts = {r: readings.count(r) for r in readings}
    if result is None:
        best = max(counts.values(), default=0)
        assert best < 2 or list(counts.values()).count(best) > 1
    else:
        assert counts[result] >= 2
        assert all(count < counts[result] for reading, count in counts.items() if reading != result)


def test_readings_compare_through_reading_text():
    first = rules.reading_text([4, 2])
    second = rules.reading_text([2, 4, 4])
    assert agreed([first, second]) == "2,4"
