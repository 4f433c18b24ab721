"""The majority base and the majority (244-QĐ/TW Art. 32, 190-QĐ/TW Art. 30, Charter Art. 12)."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from congress import rules
from congress.rules import Attendee, Delegate

pytestmark = pytest.mark.usefixtures("english")


def official(present=True, accepted=False):
    return Attendee("official", present, absence_accepted=accepted)


# --- The worked example and the figures -----------------------------------------------------


def test_worked_example_five_of_eleven_is_not_elected():
    # dangcongsan.vn: 11 official members summoned, 10 present, the absent one without an
    # accepted reason. The base is 11, not 10: 5 votes fail, 6 are needed.
    attendees = [official() for _ in range(10)] + [official(present=False)]
    breakdown = rules.members_congress_base(attendees)
    assert breakdown.base == 11
    assert breakdown.present == 10
    assert not rules.is_majority(5, breakdown.base)
    assert rules.is_majority(6, breakdown.base)
    assert rules.required_votes(breakdown.base) == 6


def test_every_exclusion_is_counted_in_its_own_line():
    attendees = [
        official(), official(), official(present=False),  # 3, the absent one still counts
        official(present=False, accepted=True),  # excluded: accepted reason
        Attendee("exempt", present=True),  # counts: present
        Attendee("exempt", present=False),  # excluded
        Attendee("transferred_temporarily", present=False),  # excluded
        Attendee("suspended", present=False),  # excluded
        Attendee("probationary", present=True),  # attends, never counts
        Attendee("probationary", present=False),
    ]
    b = rules.members_congress_base(attendees)
    assert (b.summoned, b.official_summoned, b.probationary) == (10, 8, 2)
    assert (b.excluded_transferred, b.excluded_exempt_absent, b.excluded_suspended) == (1, 1, 1)
    assert b.excluded_absent_accepted == 1
    assert (b.present, b.present_official, b.absent, b.absent_official) == (4, 3, 6, 5)
    assert b.absent_counted == 1
    assert b.base == 4  # three official members and the present exempt one
    assert b.base == 8 - 1 - 1 - 1 - 1


def test_lines_show_every_figure_ending_with_the_base():
    b = rules.members_congress_base([official(), official(present=False, accepted=True)])
    lines = b.lines()
    assert lines[0] == ("Members summoned", 2)
    assert lines[-1] == ("Base for the majority", 1)
    assert ("Absent for the whole congress with an accepted reason (not counted)", 1) in lines
    assert all(isinstance(label, str) and label for label, _number in lines)
    assert len({label for label, _number in lines}) == len(lines)


def test_an_empty_list_has_base_zero_and_nothing_passes():
    b = rules.members_congress_base([])
    assert b.base == 0
    assert not rules.is_majority(0, b.base)


def test_a_present_transferred_or_suspended_member_is_still_excluded():
    for status in ("transferred_temporarily", "suspended"):
        assert rules.members_congress_base([Attendee(status, present=True)]).base == 0


def test_an_absent_exempt_member_with_an_accepted_reason_is_excluded_once():
    b = rules.members_congress_base([Attendee("exempt", present=False, absence_accepted=True)])
    assert (b.excluded_exempt_absent, b.excluded_absent_accepted, b.base) == (1, 0, 0)


def test_an_unknown_status_is_refused():
    with pytest.raises(ValueError):
        Attendee("honorary", present=True)


def test_a_present_member_cannot_have_an_accepted_absence():
    with pytest.raises(ValueError):
        Attendee("official", present=True, absence_accepted=True)


def test_statuses_are_those_of_the_member_model():
    from branches.models import MemberStatus

    assert rules.STATUSES == set(MemberStatus.values)


# --- Delegates' congress --------------------------------------------------------------------


def test_delegates_base_drops_absent_committee_members_and_unreplaced_delegates():
    delegates = (
        [Delegate(present=True)] * 95
        + [Delegate(present=True, is_convening_committee_member=True)] * 14
        + [Delegate(present=False, is_convening_committee_member=True)]  # excluded
        + [Delegate(present=False, replaced_by_alternate=True)] * 2  # an alternate sits: counted
        + [Delegate(present=False)] * 3  # excluded
    )
    b = rules.delegates_congress_base(delegates)
    assert (b.summoned, b.convening_committee, b.present, b.absent) == (115, 15, 109, 6)
    assert (b.replaced_by_alternate, b.excluded_convening_absent) == (2, 1)
    assert b.excluded_absent_not_replaced == 3
    assert b.base == 111
    assert rules.required_votes(b.base) == 56
    assert b.lines()[-1] == ("Base for the majority", 111)


def test_delegate_contradictions_are_refused():
    with pytest.raises(ValueError):
        Delegate(present=True, replaced_by_alternate=True)
    with pytest.raises(ValueError):
        Delegate(present=False, is_convening_committee_member=True, replaced_by_alternate=True)


delegates_lists = st.lists(
    st.builds(
        lambda present, convening, replaced: Delegate(
            present, convening, replaced and not present and not convening,
        ),
        st.booleans(), st.booleans(), st.booleans(),
    ),
    max_size=40,
)


@given(delegates_lists)
def test_delegates_base_is_at_most_summoned_and_at_least_present(delegates):
    b = rules.delegates_congress_base(delegates)
    assert b.present <= b.base <= b.summoned
    assert b.base == b.present + b.replaced_by_alternate


# --- The majority ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("votes", "base", "passes"),
    [(0, 0, False), (1, 0, True), (1, 1, True), (0, 1, False), (1, 2, False), (2, 2, True),
     (2, 3, True), (1, 3, False), (5, 10, False), (6, 10, True), (5, 11, False), (6, 11, True)],
)
def test_majority_is_strictly_more_than_half(votes, base, passes):
    assert rules.is_majority(votes, base) is passes
    assert rules.show_of_hands_passes(votes, base) is passes


@pytest.mark.parametrize(("base", "needed"), [(0, 1), (1, 1), (2, 2), (3, 2), (10, 6), (11, 6), (111, 56)])
def test_required_votes(base, needed):
    assert rules.required_votes(base) == needed


def test_negative_counts_are_refused():
    for call in (lambda: rules.is_majority(-1, 3), lambda: rules.is_majority(1, -3),
                 lambda: rules.required_votes(-1)):
        with pytest.raises(ValueError):
            call()


# --- Properties -----------------------------------------------------------------------------

attendees_lists = st.lists(
    st.builds(
        lambda status, present, accepted: Attendee(status, present, accepted and not present),
        st.sampled_from(sorted(rules.STATUSES)), st.booleans(), st.booleans(),
    ),
    max_size=40,
)
counts = st.integers(min_value=0, max_value=10_000)


@given(attendees_lists)
def test_base_never_exceeds_official_members_summoned(attendees):
    b = rules.members_congress_base(attendees)
    assert 0 <= b.base <= b.official_summoned <= b.summoned
    assert b.base == (
        b.official_summoned - b.excluded_transferred - b.excluded_exempt_absent
        - b.excluded_suspended - b.excluded_absent_accepted
    )
    assert b.present + b.absent == b.summoned
    assert b.present_official + b.absent_official == b.official_summoned


@given(attendees_lists)
def test_base_is_not_the_members_present(attendees):
    # Everyone who counts is an official or exempt member present, or an official member absent
    # without an accepted reason.
    b = rules.members_congress_base(attendees)
    counted = sum(a.present and a.status in ("official", "exempt") for a in attendees)
    assert b.base == counted + b.absent_counted


@given(attendees_lists, st.lists(st.builds(Attendee, st.just("probationary"), st.booleans()), max_size=10))
def test_probationary_members_never_change_the_base(attendees, probationary):
    assert (rules.members_congress_base(attendees + probationary).base
            == rules.members_congress_base(attendees).base)


@given(attendees_lists)
def test_accepting_an_absent_members_reason_lowers_the_base_by_one(attendees):
    without = rules.members_congress_base(attendees + [official(present=False)]).base
    accepted = rules.members_congress_base(attendees + [official(present=False, accepted=True)]).base
    assert accepted == without - 1


@given(attendees_lists)
def test_an_exempt_members_presence_adds_exactly_one(attendees):
    absent = rules.members_congress_base(attendees + [Attendee("exempt", present=False)]).base
    present = rules.members_congress_base(attendees + [Attendee("exempt", present=True)]).base
    assert present == absent + 1
    assert absent == rules.members_congress_base(attendees).base


@given(attendees_lists, st.randoms(use_true_random=False))
def test_the_order_of_attendees_does_not_matter(attendees, rnd: random.Random):
    shuffled = list(attendees)
    rnd.shuffle(shuffled)
    assert rules.members_congress_base(shuffled) == rules.members_congress_base(attendees)


@given(counts, counts)
def test_majority_is_more_than_half(votes, base):
    assert rules.is_majority(votes, base) == (votes > base / 2)


@given(counts, counts)
def test_majority_is_monotone_in_votes(votes, base):
    if rules.is_majority(votes, base):
        assert rules.is_majority(votes + 1, base)


@given(counts)
def test_required_votes_is_the_least_majority(base):
    needed = rules.required_votes(base)
    assert rules.is_majority(needed, base)
    assert needed == 0 or not rules.is_majority(needed - 1, base)
    assert needed >= 1
