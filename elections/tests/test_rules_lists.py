"""Which elections a congress holds, how many seats, and whether a candidate list is lawful
(surplus, floor nominations; docs/domain.md §3), and the Vietnamese order names are printed in."""

from fractions import Fraction
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from branches.models import OrganizationKind, Regulation
from branches.text import name_sort_key
from congress import rules as congress_rules
from elections import rules
from elections.models import ElectionKind

pytestmark = pytest.mark.usefixtures("english")

QD244, QD190 = rules.QD244, rules.QD190


def test_regulation_and_kind_constants_match_the_models():
    assert {QD244, QD190} == set(Regulation.values)
    assert set(rules.SURPLUS_RULES) == set(Regulation.values)
    kinds = {rules.COMMITTEE, rules.EXECUTIVE_COMMITTEE, rules.SECRETARY, rules.DEPUTY_SECRETARY,
             rules.OFFICIAL_DELEGATES, rules.ALTERNATE_DELEGATES}
    assert kinds == set(ElectionKind.values)
    assert rules.BRANCH_KINDS < set(OrganizationKind.values)


# --- Which elections -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["branch", "grassroots_branch"])
def test_a_branch_elects_a_committee_from_nine_official_members(kind):
    assert not congress_rules.elects_committee(kind, 8)
    assert congress_rules.elects_committee(kind, 9)
    assert congress_rules.elects_committee(kind, 40)


@pytest.mark.parametrize("kind", ["grassroots_committee", "partial_committee"])
def test_a_party_committee_always_elects_its_executive_committee(kind):
    assert congress_rules.elects_committee(kind, 3)
    assert rules.committee_kind(kind) == rules.EXECUTIVE_COMMITTEE


def test_a_branch_committee_is_a_chi_uy():
    assert rules.committee_kind("branch") == rules.COMMITTEE
    assert rules.committee_kind("grassroots_branch") == rules.COMMITTEE


def test_branch_with_a_committee_holds_three_separate_ballots():
    kinds = rules.election_kinds("branch", elects_committee=True, elects_secretary_directly=False, elects_delegates=False)
    assert kinds == [rules.COMMITTEE, rules.SECRETARY, rules.DEPUTY_SECRETARY]


def test_branch_without_a_committee_elects_a_secretary_and_a_deputy():
    kinds = rules.election_kinds("branch", elects_committee=False, elects_secretary_directly=False, elects_delegates=False)
    assert kinds == [rules.SECRETARY, rules.DEPUTY_SECRETARY]


def test_a_branch_elects_its_secretary_whatever_the_direct_flag():
    with_flag = rules.election_kinds("branch", elects_committee=True, elects_secretary_directly=True, elects_delegates=False)
    assert with_flag == [rules.COMMITTEE, rules.SECRETARY, rules.DEPUTY_SECRETARY]


def test_grassroots_committee_elects_only_its_executive_committee_by_default():
    kinds = rules.election_kinds(
        "grassroots_committee", elects_committee=True, elects_secretary_directly=False, elects_delegates=False,
    )
    assert kinds == [rules.EXECUTIVE_COMMITTEE]


def test_grassroots_committee_electing_its_secretary_directly():
    kinds = rules.election_kinds(
        "grassroots_committee", elects_committee=True, elects_secretary_directly=True, elects_delegates=False,
    )
    assert kinds == [rules.EXECUTIVE_COMMITTEE, rules.SECRETARY]


def test_delegates_official_then_alternate_come_last():
    kinds = rules.election_kinds("branch", elects_committee=False, elects_secretary_directly=False, elects_delegates=True)
    assert kinds == [rules.SECRETARY, rules.DEPUTY_SECRETARY, rules.OFFICIAL_DELEGATES, rules.ALTERNATE_DELEGATES]
    kinds = rules.election_kinds(
        "grassroots_committee", elects_committee=True, elects_secretary_directly=False, elects_delegates=True,
    )
    assert kinds == [rules.EXECUTIVE_COMMITTEE, rules.OFFICIAL_DELEGATES, rules.ALTERNATE_DELEGATES]


@pytest.mark.parametrize(("organization_kind", "committee", "direct", "delegates"), list(product(
    [k for k in OrganizationKind.values if k != "superior"], [True, False], [True, False], [True, False],
)))
def test_never_an_inspection_committee_and_every_kind_is_known(organization_kind, committee, direct, delegates):
    kinds = rules.election_kinds(
        organization_kind, elects_committee=committee, elects_secretary_directly=direct, elects_delegates=delegates,
    )
    assert kinds and len(kinds) == len(set(kinds))
    assert set(kinds) <= set(ElectionKind.values)
    assert not any("inspection" in k for k in kinds)


# --- Seats ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "seats", "organization_kind", "problem"), [
    (rules.COMMITTEE, 0, "branch", "An election fills at least one seat."),
    (rules.SECRETARY, 1, "branch", None),
    (rules.SECRETARY, 2, "branch", "A branch elects one secretary and at most one deputy secretary."),
    (rules.DEPUTY_SECRETARY, 1, "branch", None),
    (rules.DEPUTY_SECRETARY, 2, "branch", "A branch elects one secretary and at most one deputy secretary."),
    (rules.SECRETARY, 2, "grassroots_committee", "There is one secretary."),
    (rules.COMMITTEE, 7, "branch", None),
    (rules.COMMITTEE, 8, "branch", "A branch committee has at most 7 members."),
    (rules.EXECUTIVE_COMMITTEE, 15, "grassroots_committee", None),
    (rules.OFFICIAL_DELEGATES, 12, "branch", None),
    (rules.ALTERNATE_DELEGATES, 0, "branch", "An election fills at least one seat."),
])
def test_seats_problem(kind, seats, organization_kind, problem):
    assert rules.seats_problem(kind, seats, organization_kind=organization_kind) == problem


# --- The surplus ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("seats", "most_244", "most_190"), [
    (1, 0, 0), (2, 0, 0), (3, 0, 1), (4, 1, 1), (5, 1, 1), (6, 1, 1), (7, 2, 2), (9, 2, 2), (10, 3, 3),
    (15, 4, 4), (33, 9, 9),
])
def test_max_surplus_is_thirty_percent_rounded_down_and_one_for_three_to_five_under_190(seats, most_244, most_190):
    assert rules.max_surplus(seats, QD244) == most_244
    assert rules.max_surplus(seats, QD190) == most_190


@given(st.integers(1, 200), st.sampled_from([QD244, QD190]))
def test_the_surplus_never_exceeds_thirty_percent_of_the_seats(seats, regulation):
    most = rules.max_surplus(seats, regulation)
    if not (regulation == QD190 and 3 <= seats <= 5):
        assert Fraction(most) <= Fraction(3, 10) * seats < most + 1
    else:
        assert most == 1


def test_a_list_shorter_than_the_seats_is_refused_for_every_kind():
    for kind in ElectionKind.values:
        problem = rules.surplus_problem(kind, 3, 2, QD190)
        assert problem == "The list has 2 names for 3 seats: it must have at least as many names as seats."


@pytest.mark.parametrize("kind", [rules.COMMITTEE, rules.EXECUTIVE_COMMITTEE])
def test_a_committee_list_must_be_longer_than_the_seats(kind):
    assert rules.surplus_problem(kind, 7, 7, QD190) == (
        "A committee's list must have more names than seats (up to 2 more for 7 seats)."
    )
    assert rules.surplus_problem(kind, 7, 8, QD190) is None
    assert rules.surplus_problem(kind, 7, 9, QD190) is None


def test_a_committee_list_over_thirty_percent_is_refused():
    assert rules.surplus_problem(rules.COMMITTEE, 7, 10, QD244) == (
        "The list has 3 more names than seats; the regulation allows at most 2 for 7 seats (30% of the seats)."
    )
    assert rules.surplus_problem(rules.EXECUTIVE_COMMITTEE, 10, 13, QD244) is None
    assert rules.surplus_problem(rules.EXECUTIVE_COMMITTEE, 10, 14, QD244) is not None


def test_under_190_a_three_to_five_seat_committee_has_a_surplus_of_one():
    for seats in (3, 4, 5):
        assert rules.surplus_problem(rules.COMMITTEE, seats, seats + 1, QD190) is None
        assert rules.surplus_problem(rules.COMMITTEE, seats, seats, QD190) is not None
    assert rules.surplus_problem(rules.COMMITTEE, 5, 7, QD190) == (
        "The list has 2 more names than seats; the regulation allows at most 1 for 5 seats "
        "(30% of the seats, and 1 for a committee of 3 to 5)."
    )


def test_where_thirty_percent_rounds_to_nothing_the_list_may_be_as_long_as_the_seats():
    # Three seats under 244-QĐ/TW: 30% of 3 is 0.9, so no surplus is allowed at all; such a list
    # is printed with agree/disagree columns.
    assert rules.surplus_problem(rules.COMMITTEE, 3, 3, QD244) is None
    assert rules.surplus_problem(rules.COMMITTEE, 3, 4, QD244) is not None
    assert rules.surplus_problem(rules.COMMITTEE, 2, 2, QD190) is None


@pytest.mark.parametrize("kind", [rules.SECRETARY, rules.DEPUTY_SECRETARY, rules.OFFICIAL_DELEGATES,
                                  rules.ALTERNATE_DELEGATES])
def test_other_elections_may_have_any_list_at_least_as_long_as_the_seats(kind):
    assert rules.surplus_problem(kind, 1, 1, QD190) is None
    assert rules.surplus_problem(kind, 1, 3, QD190) is None
    assert rules.surplus_problem(kind, 5, 12, QD244) is None


@given(st.integers(1, 60), st.integers(0, 90), st.sampled_from([QD244, QD190]),
       st.sampled_from([rules.COMMITTEE, rules.EXECUTIVE_COMMITTEE]))
def test_a_committee_list_is_lawful_exactly_within_the_surplus(seats, candidates, regulation, kind):
    most = rules.max_surplus(seats, regulation)
    lawful = seats <= candidates <= seats + most and (candidates > seats or most == 0)
    assert (rules.surplus_problem(kind, seats, candidates, regulation) is None) is lawful


def test_agree_disagree_columns_when_there_is_no_surplus():
    assert rules.has_surplus(3, 4)
    assert not rules.has_surplus(3, 3)
    assert not rules.has_surplus(1, 1)


# --- The convening committee's own list (190-QĐ/TW) ----------------------------------------------


def test_no_own_list_warning_under_244():
    assert rules.own_list_warning(7, 7, QD244) is None
    assert rules.own_list_warning(7, 12, QD244) is None


@pytest.mark.parametrize(("seats", "nominees", "fine"), [
    (20, 22, True), (20, 23, True), (20, 21, False), (20, 24, False), (20, 20, False),
    (7, 8, True), (7, 9, False), (7, 7, False),
    (3, 4, True), (3, 5, False),
    (10, 11, True), (10, 12, False),
])
def test_own_list_surplus_of_ten_to_fifteen_percent_under_190(seats, nominees, fine):
    warning = rules.own_list_warning(seats, nominees, QD190)
    assert (warning is None) is fine
    if not fine:
        assert f"{nominees} nominees for {seats} seats is a surplus of {nominees - seats}" in warning


def test_own_list_warning_needs_seats():
    assert rules.own_list_warning(0, 3, QD190) is None


# --- Floor nominations ---------------------------------------------------------------------------


@pytest.mark.parametrize(("agreeing", "present", "admitted"), [
    (3, 10, False), (4, 10, True), (30, 100, False), (31, 100, True), (0, 0, False), (1, 1, True),
    (0, 5, False), (10, 10, True),
])
def test_a_floor_nomination_needs_more_than_thirty_percent_of_those_present(agreeing, present, admitted):
    assert rules.floor_nomination_admitted(agreeing, present) is admitted


@given(st.integers(0, 1000), st.integers(1, 1000))
def test_floor_nomination_is_strictly_more_than_thirty_percent(agreeing, present):
    assert rules.floor_nomination_admitted(agreeing, present) is (Fraction(agreeing, present) > Fraction(3, 10))


def test_floor_nomination_refuses_negative_counts():
    with pytest.raises(ValueError):
        rules.floor_nomination_admitted(-1, 10)
    with pytest.raises(ValueError):
        rules.floor_nomination_admitted(1, -10)


# --- The order of names on the ballot (Vietnamese collation) -------------------------------------


def ballot_order(names):
    return sorted(names, key=name_sort_key)


def test_a_before_b_whatever_the_accent():
    assert ballot_order(["Phạm Văn Bình", "Lê Thị Ánh"]) == ["Lê Thị Ánh", "Phạm Văn Bình"]


def test_d_with_stroke_comes_after_d():
    assert ballot_order(["Trần Minh Đức", "Lê Văn Dũng"]) == ["Lê Văn Dũng", "Trần Minh Đức"]
    assert ballot_order(["Đào Văn Đức", "Vũ Văn Dũng"]) == ["Vũ Văn Dũng", "Đào Văn Đức"]


def test_by_given_name_then_the_rest():
    assert ballot_order(["Nguyễn Thị Bình", "Trần Văn An"]) == ["Trần Văn An", "Nguyễn Thị Bình"]
    assert ballot_order(["Trần Văn An", "Lê Văn An", "Nguyễn Thị An"]) == [
        "Lê Văn An", "Nguyễn Thị An", "Trần Văn An",
    ]


def test_letters_with_marks_follow_their_base_letter():
    names = ["Phạm Thị Ân", "Lê Văn Bảo", "Nguyễn Văn Ăn", "Hồ Văn An"]
    assert ballot_order(names) == ["Hồ Văn An", "Nguyễn Văn Ăn", "Phạm Thị Ân", "Lê Văn Bảo"]


def test_tones_order_words_with_the_same_letters():
    # none < huyền < hỏi < ngã < sắc < nặng
    names = ["A Văn Hạnh", "A Văn Hánh", "A Văn Hãnh", "A Văn Hảnh", "A Văn Hành", "A Văn Hanh"]
    assert ballot_order(names) == list(reversed(names))
