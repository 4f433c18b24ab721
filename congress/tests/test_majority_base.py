"""The majority base and the majority (244-QĐ/TW Art. 32, 190-QĐ/TW Art. 30, Charter Art. 12), with
a member's two facts on the congress date (docs/domain.md §1.4): official or probationary, and a
situation. A member temporarily active elsewhere who attends counts and votes, absent is left out
[01-HD/TW §13.2; 294-QĐ/TW §9.3.2]; a suspended member never counts; a probationary member never
counts nor votes."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from congress import rules
from congress.rules import Attendee, Delegate

pytestmark = pytest.mark.usefixtures("english")


def official(present=True, accepted=False, situation="none"):
    return Attendee("official", present, absence_accepted=accepted, situation=situation)


def situated(situation, present, membership="official"):
    return Attendee(membership, present, situation=situation)


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
        situated("exempt", present=True),  # counts: present
        situated("exempt", present=False),  # excluded
        situated("transferred_temporarily", present=False),  # excluded: absent
        situated("suspended", present=False),  # excluded
        Attendee("probationary", present=True),  # attends, never counts
        Attendee("probationary", present=False),
    ]
    b = rules.members_congress_base(attendees)
    assert (b.summoned, b.official_summoned, b.probationary) == (10, 8, 2)
    assert (b.excluded_transferred, b.excluded_exempt_absent, b.excluded_suspended) == (1, 1, 1)
    assert b.excluded_absent_accepted == 1
    assert (b.present, b.present_official, b.absent, b.absent_official) == (4, 3, 6, 5)
    assert b.absent_counted == 1
    assert b.voters == 3  # the two official members present and the present exempt one
    assert b.base == 4  # three official members and the present exempt one
    assert b.base == 8 - 1 - 1 - 1 - 1


def test_the_worked_example_of_the_domain_text():
    # docs/domain.md §3.4: 12 official members (7 present; one temporarily active elsewhere, one
    # exempt, one suspended, one absent with an accepted reason, one without) and 3 probationary.
    def summoned(transferred_present):
        return (
            [official() for _ in range(7)]
            + [situated("transferred_temporarily", present=transferred_present)]
            + [situated("exempt", present=False), situated("suspended", present=False)]
            + [official(present=False, accepted=True), official(present=False)]
            + [Attendee("probationary", present=True)] * 3
        )
    absent = rules.members_congress_base(summoned(transferred_present=False))
    assert (absent.official_summoned, absent.base, rules.required_votes(absent.base)) == (12, 8, 5)
    # 01-HD/TW §13.2, 294-QĐ/TW §9.3.2: attending, the member active elsewhere counts and votes.
    present = rules.members_congress_base(summoned(transferred_present=True))
    assert (present.base, present.voters, present.excluded_transferred) == (9, 8, 0)


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


def test_a_present_transferred_member_counts_and_votes_a_suspended_one_does_not():
    # Changed by issue 13: the product used to exclude a temporarily transferred member even when
    # present. 01-HD/TW §13.2 and 294-QĐ/TW §9.3.2 count them when they attend.
    transferred = rules.members_congress_base([situated("transferred_temporarily", present=True)])
    assert (transferred.base, transferred.voters, transferred.excluded_transferred) == (1, 1, 0)
    suspended = rules.members_congress_base([situated("suspended", present=True)])
    assert (suspended.base, suspended.voters, suspended.excluded_suspended) == (0, 0, 1)


def test_an_absent_exempt_or_transferred_member_with_an_accepted_reason_is_excluded_once():
    # Decision D13 (docs/domain.md §7): left out once, for the situation.
    b = rules.members_congress_base([Attendee("official", False, True, situation="exempt"),
                                     Attendee("official", False, True, situation="transferred_temporarily")])
    assert (b.excluded_exempt_absent, b.excluded_transferred, b.excluded_absent_accepted, b.base) == (1, 1, 0, 0)


def test_a_probationary_member_never_counts_nor_votes_whatever_the_situation():
    # Charter Art. 5: a probationary member attends and may speak but does not vote.
    for situation in sorted(rules.SITUATIONS):
        b = rules.members_congress_base([situated(situation, present=True, membership="probationary")])
        assert (b.official_summoned, b.probationary, b.base, b.voters) == (0, 1, 0, 0)


def test_who_votes():
    assert rules.may_vote("official", "none", True)
    assert rules.may_vote("official", "exempt", True)
    assert rules.may_vote("official", "transferred_temporarily", True)
    assert not rules.may_vote("official", "suspended", True)
    assert not rules.may_vote("official", "none", False)
    assert not any(rules.may_vote("probationary", situation, True) for situation in rules.SITUATIONS)


def test_who_may_stand():
    # Decision D3: official members whatever their situation but suspended; probationary never.
    assert [rules.standing_refusal("official", s) for s in ("none", "exempt", "transferred_temporarily")] == [None] * 3
    assert rules.standing_refusal("official", "suspended") == "suspended"
    assert {rules.standing_refusal("probationary", s) for s in rules.SITUATIONS} == {"probationary"}


def test_unknown_facts_are_refused():
    with pytest.raises(ValueError):
        Attendee("honorary", present=True)
    with pytest.raises(ValueError):
        Attendee("official", present=True, situation="retired")


def test_a_present_member_cannot_have_an_accepted_absence():
    with pytest.raises(ValueError):
        Attendee("official", present=True, absence_accepted=True)


def test_the_facts_are_those_of_the_member_model():
    from branches.models import Membership, Situation

    assert rules.MEMBERSHIPS == set(Membership.values)
    assert rules.SITUATIONS == set(Situation.values)


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
        lambda membership, situation, present, accepted: Attendee(
            membership, present, accepted and not present, situation=situation,
        ),
        st.sampled_from(sorted(rules.MEMBERSHIPS)), st.sampled_from(sorted(rules.SITUATIONS)), st.booleans(),
        st.booleans(),
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
    # Everyone who counts is an official member present who votes (any situation but suspended),
    # or an official member active as usual, absent without an accepted reason.
    b = rules.members_congress_base(attendees)
    counted = sum(a.present and a.membership == "official" and a.situation != "suspended" for a in attendees)
    assert b.voters == counted == sum(a.votes for a in attendees)
    assert b.base == b.voters + b.absent_counted


@given(
    attendees_lists,
    st.lists(st.builds(Attendee, st.just("probationary"), st.booleans(),
                       situation=st.sampled_from(sorted(rules.SITUATIONS))), max_size=10),
)
def test_probationary_members_never_change_the_base_nor_vote(attendees, probationary):
    with_them = rules.members_congress_base(attendees + probationary)
    without = rules.members_congress_base(attendees)
    assert (with_them.base, with_them.voters) == (without.base, without.voters)


@given(attendees_lists, st.booleans(), st.booleans())
def test_a_suspended_member_never_counts_nor_votes(attendees, present, accepted):
    suspended = Attendee("official", present, accepted and not present, situation="suspended")
    with_them = rules.members_congress_base(attendees + [suspended])
    without = rules.members_congress_base(attendees)
    assert (with_them.base, with_them.voters) == (without.base, without.voters)
    assert with_them.excluded_suspended == without.excluded_suspended + 1


@given(attendees_lists, st.booleans())
def test_a_transferred_members_presence_changes_the_base_by_exactly_one(attendees, accepted):
    # 01-HD/TW §13.2; 294-QĐ/TW §9.3.2: counted when present, left out when absent.
    absent = rules.members_congress_base(
        attendees + [Attendee("official", False, accepted, situation="transferred_temporarily")])
    present = rules.members_congress_base(attendees + [situated("transferred_temporarily", present=True)])
    assert present.base == absent.base + 1
    assert present.voters == absent.voters + 1
    assert absent.base == rules.members_congress_base(attendees).base


@given(attendees_lists)
def test_accepting_an_absent_members_reason_lowers_the_base_by_one(attendees):
    without = rules.members_congress_base(attendees + [official(present=False)]).base
    accepted = rules.members_congress_base(attendees + [official(present=False, accepted=True)]).base
    assert accepted == without - 1


@given(attendees_lists)
def test_an_exempt_members_presence_adds_exactly_one(attendees):
    absent = rules.members_congress_base(attendees + [situated("exempt", present=False)]).base
    present = rules.members_congress_base(attendees + [situated("exempt", present=True)]).base
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
