"""Who elects what and the elections' per-term settings (issue 13): a committee refused under 9
official members, the branch's choice of a secretary and a deputy only, the direct election of a
grassroots committee's secretary chosen per congress, names added for a further round, delegates
voting again after a first shortfall, a 3-seat list under 244-QĐ/TW, the head of the counting
board signing the minutes, and the reading of a single-name ballot marked both or neither.
Each test names its source (docs/domain.md §3)."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from branches.models import Membership
from congress.models import Congress
from elections import rules
from elections.models import (
    CandidateSource, CountingMode, ElectionKind, ElectionOutcome, InvalidReason, PersonnelPlan, TermElectionRules,
    ThreeSeatSurplus, UnclearMark,
)
from elections.services import personnel
from elections.services.counting import ballot_key, counting_totals_rebuild, election_close, election_totals_save
from elections.services.elections import (
    allowed_kinds, candidate_propose_for_round, election_create, election_decide, election_open,
)
from elections.services.minutes import count_facts
from elections.minutes import count_minutes_html, signature_fields
from elections.selectors.counting import stored_count
from elections.tests.builders_counting import voting_election
from elections.tests.builders_elections import (
    approved_plan, close_round, counting_board, election_with_candidates, member_named,
    reviewed_congress_with_attendance,
)
from elections.tests.builders_personnel import CLERK, LEADER, complete_plan, officials

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

QD244, QD190 = rules.QD244, rules.QD190


def people(congress, *numbers):
    return [member_named(congress, f"Đảng viên {n:03d}") for n in numbers]


@pytest.fixture
def day(congress_a, branch_clerk):
    """Branch A's congress on its day (term 2022–2025, 244-QĐ/TW): 10 official members, all present."""
    return reviewed_congress_with_attendance(congress_a, branch_clerk, officials=10)


# --- A committee only from 9 official members (Charter Art. 24 cl. 4; 294-QĐ/TW §24) -------------


@pytest.mark.parametrize(("kind", "members", "wants", "refused"), [
    ("branch", 8, True, True),
    ("branch", 9, True, False),
    ("branch", 8, False, False),
    ("branch", 30, False, False),  # 9 or more may choose a secretary and a deputy only
    ("grassroots_branch", 5, True, True),
    ("grassroots_committee", 3, True, False),
])
def test_a_committee_is_refused_under_nine_official_members(kind, members, wants, refused):
    """Charter Art. 24 cl. 4; 294-QĐ/TW §24 (docs/domain.md §3.3): under 9 official members a branch
    elects a secretary and, if needed, one deputy; a committee is refused, not warned about."""
    problem = rules.committee_refusal(kind, members, wants)
    assert (problem is not None) is refused
    if refused:
        assert "fewer than 9" in problem


def test_the_personnel_plan_refuses_a_committee_under_nine(congress_a, branch_clerk, branch_a):
    """Charter Art. 24 cl. 4; 294-QĐ/TW §24: the plan (sizes) refuses it, and nothing changes."""
    officials(branch_a, 8)
    plan = personnel.personnel_plan_create(acting_user=branch_clerk, congress=congress_a, actors=CLERK)
    assert plan.elects_committee is False
    with pytest.raises(ValidationError, match="fewer than 9"):
        personnel.personnel_plan_update(
            acting_user=branch_clerk, plan=plan, actors=CLERK, elects_committee=True, committee_size=3,
        )
    plan.refresh_from_db()
    assert plan.elects_committee is False and plan.committee_size is None


def test_a_plan_drafted_with_nine_is_refused_once_the_branch_has_fewer(congress_a, branch_clerk, superior_leader):
    """Charter Art. 24 cl. 4: checked again on submission and approval (members change)."""
    plan = complete_plan(congress_a, clerk=branch_clerk)  # nine official members
    member = congress_a.organization.members.filter(membership=Membership.OFFICIAL).last()
    member.membership = Membership.PROBATIONARY
    member.save()
    with pytest.raises(ValidationError, match="fewer than 9"):
        personnel.personnel_plan_submit(acting_user=branch_clerk, plan=plan, actors=CLERK)
    PersonnelPlan.objects.filter(pk=plan.pk).update(state="submitted")
    with pytest.raises(ValidationError, match="fewer than 9"):
        personnel.personnel_plan_approve(acting_user=superior_leader, plan=plan, actors=LEADER)
    assert PersonnelPlan.objects.get(pk=plan.pk).state == "submitted"


def test_a_branch_of_nine_or_more_may_elect_only_a_secretary_and_a_deputy(day, branch_clerk):
    """docs/domain.md §3.3: a branch of 9 or more may choose to elect only a secretary and a deputy;
    the choice is the personnel plan's."""
    approved_plan(day, branch_clerk, elects_committee=False)
    assert allowed_kinds(day) == ["secretary", "deputy_secretary"]
    with pytest.raises(ValidationError, match="does not hold"):
        election_create(acting_user=branch_clerk, congress=day, kind="committee", seats=3)
    assert election_create(acting_user=branch_clerk, congress=day, kind="secretary").seats == 1


def test_setting_up_a_committee_election_under_nine_is_refused(congress_a, branch_clerk):
    """Charter Art. 24 cl. 4; 294-QĐ/TW §24: an approved plan's committee is refused when the
    congress sets up its elections if the summons list counts fewer than 9 official members."""
    day = reviewed_congress_with_attendance(congress_a, branch_clerk, officials=10)
    approved_plan(day, branch_clerk, committee_size=3)
    day.attendance.filter(member__in=people(day, 8, 9)).update(membership=Membership.PROBATIONARY)
    with pytest.raises(ValidationError, match="fewer than 9"):
        election_create(acting_user=branch_clerk, congress=day, kind="committee", seats=3)
    assert not day.elections.exists()


# --- The secretary elected directly: a choice per congress (docs/domain.md §3.3) -----------------


def test_the_direct_election_of_the_secretary_is_chosen_per_congress(open_plan, superior, branch_clerk):
    """docs/domain.md §3.3: whether a grassroots committee's congress elects its secretary directly
    is a choice of each congress (46 of 65 in one bloc), recorded with its personnel plan; the
    round's plan gives only the default of a new personnel plan."""
    first = Congress.objects.create(plan=open_plan, organization=superior, ordinal=1, kind="members")
    assert allowed_kinds(first) == ["executive_committee"]  # no personnel plan: the round's default
    plan = approved_plan(first, branch_clerk, committee_size=9)
    plan.elects_secretary_directly = True
    plan.save()
    assert allowed_kinds(first) == ["executive_committee", "secretary"]
    open_plan.elects_secretary_directly = True
    open_plan.save()
    plan.elects_secretary_directly = False
    plan.save()
    first.refresh_from_db()
    assert allowed_kinds(first) == ["executive_committee"]  # the congress's choice prevails


def test_a_new_personnel_plan_takes_the_rounds_default_and_a_branch_never_sets_it(open_plan, superior, congress_a,
                                                                                   branch_clerk):
    """docs/domain.md §3.3: a branch always elects its secretary at the congress."""
    open_plan.elects_secretary_directly = True
    open_plan.save()
    committee = Congress.objects.create(plan=open_plan, organization=superior, ordinal=1, kind="members")
    plan = personnel.personnel_plan_create(acting_user=branch_clerk, congress=committee, actors=CLERK)
    assert plan.elects_secretary_directly is True
    plan = personnel.personnel_plan_update(acting_user=branch_clerk, plan=plan, actors=CLERK,
                                           elects_secretary_directly=False, committee_size=9)
    assert PersonnelPlan.objects.get(pk=plan.pk).elects_secretary_directly is False
    branch_plan = personnel.personnel_plan_create(acting_user=branch_clerk, congress=congress_a, actors=CLERK)
    assert branch_plan.elects_secretary_directly is False
    branch_plan = personnel.personnel_plan_update(acting_user=branch_clerk, plan=branch_plan, actors=CLERK,
                                                  elects_secretary_directly=True)
    assert PersonnelPlan.objects.get(pk=branch_plan.pk).elects_secretary_directly is False


# --- Further rounds: names added by show of hands (244-QĐ/TW Art. 20 cl. 2) -----------------------


def _open_seats(day, branch_clerk, kind="committee", seats=3):
    election = election_with_candidates(day, branch_clerk, kind=kind, seats=seats, members=people(day, 0, 1, 2, 3))
    # Base 10: 6 votes elect; only the first is elected, two seats stay open.
    return close_round(election, dict(zip(people(day, 0, 1, 2, 3), [8, 4, 3, 2], strict=True)))


def test_the_congress_adds_names_outside_the_list_to_a_further_round(day, branch_clerk):
    """244-QĐ/TW Art. 20 cl. 2 (docs/domain.md §3.11): after a round that leaves seats open the
    congress may decide, by a recorded show of hands, to add names outside the previous list."""
    election = _open_seats(day, branch_clerk)
    kept = election.candidates.get(member=people(day, 1)[0])
    following = election_decide(acting_user=branch_clerk, election=election, outcome="further_round",
                                note="Bầu tiếp vòng 2, bổ sung người ngoài danh sách", candidates=[kept])
    assert following.candidates.count() == 1  # fewer than the 2 seats: names are added next
    added = candidate_propose_for_round(acting_user=branch_clerk, election=following, member=people(day, 5)[0],
                                        votes_for=6)
    assert (added.source, added.admitted, added.floor_votes_for) == (CandidateSource.ADDED, True, 6)
    refused = candidate_propose_for_round(acting_user=branch_clerk, election=following, member=people(day, 6)[0],
                                          votes_for=5)  # 5 of a base of 10 is not more than half
    assert refused.admitted is False
    entry = LogEntry.objects.filter(additional_data__action="elections.candidate.proposed").first()
    assert entry.additional_data["votes_for"] in (5, 6) and entry.additional_data["base"] == 10
    opened = election_open(acting_user=branch_clerk, election=following, list_votes_for=9, ballots_issued=10)
    assert sorted(opened.candidates.exclude(position=None).values_list("member__full_name", flat=True)) == [
        "Đảng viên 001", "Đảng viên 005",
    ]


def test_names_are_added_only_to_a_further_round_and_never_the_elected(day, branch_clerk):
    """244-QĐ/TW Art. 20 cl. 2: the addition is the congress's decision after a round."""
    first = election_with_candidates(day, branch_clerk, kind="official_delegates", seats=1, members=people(day, 4))
    with pytest.raises(ValidationError, match="only to a further round"):
        candidate_propose_for_round(acting_user=branch_clerk, election=first, member=people(day, 5)[0], votes_for=9)
    election = _open_seats(day, branch_clerk)
    following = election_decide(acting_user=branch_clerk, election=election, outcome="further_round", note="Bầu tiếp",
                                candidates=list(election.candidates.filter(elected=False)))
    with pytest.raises(ValidationError, match="elected in an earlier round"):
        candidate_propose_for_round(acting_user=branch_clerk, election=following, member=people(day, 0)[0], votes_for=9)
    with pytest.raises(ValidationError, match="already on the list"):
        candidate_propose_for_round(acting_user=branch_clerk, election=following, member=people(day, 1)[0], votes_for=9)


def test_a_further_round_opens_only_with_as_many_names_as_seats(day, branch_clerk):
    """docs/domain.md §3.8, Decision D16: a further round's list needs as many names as the seats left."""
    election = _open_seats(day, branch_clerk)
    following = election_decide(acting_user=branch_clerk, election=election, outcome="further_round", note="Bầu tiếp",
                                candidates=[election.candidates.get(member=people(day, 1)[0])])
    with pytest.raises(ValidationError, match="at least as many names as seats"):
        election_open(acting_user=branch_clerk, election=following, list_votes_for=9, ballots_issued=10)


@pytest.mark.parametrize("kind", [ElectionKind.OFFICIAL_DELEGATES, ElectionKind.ALTERNATE_DELEGATES])
def test_delegates_not_all_elected_in_the_first_round_vote_again(day, branch_clerk, kind):
    """244-QĐ/TW Art. 20 cl. 2 (docs/domain.md §3.11): for delegates a first shortfall means voting
    again, the seats are not left vacant; after a further round the congress may leave them."""
    election = _open_seats(day, branch_clerk, kind=kind)
    with pytest.raises(ValidationError, match="voted for again"):
        election_decide(acting_user=branch_clerk, election=election, outcome="leave_vacant", note="Bầu thiếu")
    following = election_decide(acting_user=branch_clerk, election=election, outcome="further_round",
                                note="Bầu lại", candidates=list(election.candidates.filter(elected=False)))
    second = close_round(following, dict(zip(following.candidates.order_by("member__sort_key").values_list(
        "member", flat=True), [5, 4, 3], strict=True)), elected=[])
    decided = election_decide(acting_user=branch_clerk, election=second, outcome="leave_vacant", note="Bầu thiếu")
    assert decided.outcome == ElectionOutcome.LEAVE_VACANT


def test_the_rule_says_when_delegates_must_vote_again():
    """244-QĐ/TW Art. 20 cl. 2; Decision D50 (official and alternate delegates alike)."""
    assert rules.must_vote_again(rules.OFFICIAL_DELEGATES, 1)
    assert rules.must_vote_again(rules.ALTERNATE_DELEGATES, 1)
    assert not rules.must_vote_again(rules.OFFICIAL_DELEGATES, 2)
    assert not rules.must_vote_again(rules.COMMITTEE, 1)


# --- A 3-seat committee under 244-QĐ/TW (docs/domain.md §3.8) ------------------------------------


def test_a_fourth_name_for_three_seats_under_244_depends_on_the_term():
    """244-QĐ/TW (30% of 3 rounds down to 0) and the per-term reading: allowed, with a warning."""
    assert rules.surplus_problem(rules.COMMITTEE, 3, 4, QD244) is not None  # the strict reading
    assert rules.surplus_problem(rules.COMMITTEE, 3, 4, QD244, three_seat_extra=True) is None
    assert rules.surplus_problem(rules.COMMITTEE, 3, 3, QD244, three_seat_extra=True) is None
    assert rules.surplus_problem(rules.COMMITTEE, 3, 5, QD244, three_seat_extra=True) is not None
    assert "33%" in rules.surplus_warning(rules.COMMITTEE, 3, 4, QD244)
    assert rules.surplus_warning(rules.COMMITTEE, 3, 3, QD244) is None
    assert rules.surplus_warning(rules.COMMITTEE, 3, 4, QD190) is None


@pytest.mark.parametrize("seats", [3, 4, 5])
def test_under_190_a_committee_of_three_to_five_has_a_surplus_of_at_most_one(seats):
    """190-QĐ/TW; 04-HD/TW: at most one extra name, whatever the term's 244 setting."""
    for extra in (False, True):
        assert rules.surplus_problem(rules.COMMITTEE, seats, seats + 1, QD190, three_seat_extra=extra) is None
        assert rules.surplus_problem(rules.COMMITTEE, seats, seats + 2, QD190, three_seat_extra=extra) is not None


def test_the_terms_setting_opens_or_refuses_a_fourth_name(day, branch_clerk):
    """docs/domain.md §3.8: by default the term allows one extra name for 3 seats under 244-QĐ/TW."""
    election = election_with_candidates(day, branch_clerk, seats=3, members=people(day, 0, 1, 2, 3))
    TermElectionRules.objects.create(term=day.plan.term, three_seat_surplus=ThreeSeatSurplus.NONE)
    with pytest.raises(ValidationError, match="at most 0 for 3 seats"):
        election_open(acting_user=branch_clerk, election=election, list_votes_for=9, ballots_issued=10)
    TermElectionRules.objects.filter(term=day.plan.term).delete()  # back to the default
    assert election_open(acting_user=branch_clerk, election=election, list_votes_for=9, ballots_issued=10).state == "voting"


# --- The head of the counting board signs the minutes (docs/domain.md §3.14) ---------------------


def test_the_head_of_the_counting_board_is_recorded_and_signs_by_name(day, branch_clerk):
    """docs/domain.md §3.14: the board's signatures; the head is one of the board the congress
    elected by show of hands, chosen when voting opens, by default the head of an earlier ballot."""
    head, other, stranger = people(day, 7, 8, 9)
    counting_board(day, branch_clerk, [head, other])
    first = election_with_candidates(day, branch_clerk, seats=3, members=people(day, 0, 1, 2))
    with pytest.raises(ValidationError, match="not on the counting board"):
        election_open(acting_user=branch_clerk, election=first, list_votes_for=9, ballots_issued=10,
                      counting_head=stranger)
    first = election_open(acting_user=branch_clerk, election=first, list_votes_for=9, ballots_issued=10,
                          counting_head=head)
    assert first.counting_head == head
    second = election_with_candidates(day, branch_clerk, kind="official_delegates", seats=1, members=people(day, 3))
    assert election_open(acting_user=branch_clerk, election=second, list_votes_for=9,
                         ballots_issued=10).counting_head == head
    closed = close_round(first, dict(zip(people(day, 0, 1, 2), [9, 8, 7], strict=True)))
    facts = count_facts(closed)
    assert facts.head == "Đảng viên 007"
    # The board signs outside the body: the head at the right by name, the others at the left.
    assert "<table><tbody><tr>" not in count_minutes_html(facts)
    fields = signature_fields(facts)
    assert (fields["signer_position"], fields["signer_name"]) == ("TỔ TRƯỞNG", "Đảng viên 007")
    assert "Đảng viên 007" not in fields["cosigner_names"] and "Đảng viên 008" in fields["cosigner_names"]


# --- Invalid ballots: no seal; a single-name ballot marked both or neither (§3.6) ----------------


def test_no_seal_of_the_convening_committee_is_a_default_unconfirmed_reason(db):
    """docs/domain.md §3.6: reasons beyond the three confirmed are unconfirmed, kept as data."""
    reason = InvalidReason.objects.get(code="no_seal")
    assert reason.is_active and not reason.is_confirmed
    assert "không có dấu" in reason.name.lower()


def test_the_unclear_mark_rule():
    """docs/domain.md §3.6–3.7, Decision D14: several names: the person gets nothing, the ballot
    valid; a single name: the term's setting, the present reading (against) by default."""
    assert rules.unclear_mark_problem(rules.UNCLEAR_INVALID, 2) is not None
    assert rules.unclear_mark_problem(rules.UNCLEAR_AGAINST, 1) is not None
    assert rules.unclear_mark_problem("", 1) is not None  # opened before the setting: against
    assert rules.unclear_mark_problem(rules.UNCLEAR_INVALID, 1) is None
    # The present reading: keyed as struck, a single-name ballot is a valid ballot against.
    assert rules.ballot_votes([1], [1], 1) == (frozenset(), None)


def test_the_reading_is_fixed_when_voting_opens(day, branch_clerk):
    """docs/domain.md §3.6: a per-term setting, taken by each election when it opens."""
    TermElectionRules.objects.create(term=day.plan.term, single_name_unclear=UnclearMark.INVALID)
    election = election_with_candidates(day, branch_clerk, kind="secretary", seats=1, members=people(day, 0))
    election = election_open(acting_user=branch_clerk, election=election, list_votes_for=9, ballots_issued=10)
    assert election.single_name_unclear == UnclearMark.INVALID


def test_keying_a_single_name_ballot_marked_both_or_neither(congress_a, branch_clerk, superior_clerk):
    """docs/domain.md §3.6: where the election reads it as invalid the operators key the reason and
    the ballot is invalid; where it reads as against the reason is refused (key the name as
    struck). The running totals stay equal to a count of every entry."""
    unclear = InvalidReason.objects.get(code=rules.UNCLEAR_MARK)
    against = voting_election(congress=congress_a, created_by=branch_clerk, kind="secretary", seats=1,
                              names=["Nguyễn Văn An"], summoned=10, present=10)
    with pytest.raises(ValidationError, match="key the name as struck"):
        ballot_key(acting_user=branch_clerk, election=against, serial=1, struck=[], invalid_reason=unclear)
    invalid = voting_election(congress=congress_a, created_by=branch_clerk, kind="deputy_secretary", seats=1,
                              names=["Trần Thị Bình"], summoned=10, present=10)
    invalid.single_name_unclear = UnclearMark.INVALID
    invalid.save()
    for operator in (branch_clerk, superior_clerk):
        ballot_key(acting_user=operator, election=invalid, serial=1, struck=[], invalid_reason=unclear)
        ballot_key(acting_user=operator, election=invalid, serial=2, struck=[1])
        ballot_key(acting_user=operator, election=invalid, serial=3, struck=[])
    before = stored_count(invalid)
    assert before == counting_totals_rebuild(election=invalid)
    assert (before.valid, before.invalid[unclear.pk]) == (2, 1)
    several = voting_election(congress=congress_a, created_by=branch_clerk, kind="official_delegates", seats=2,
                              summoned=10, present=10)
    several.single_name_unclear = UnclearMark.INVALID
    several.save()
    with pytest.raises(ValidationError, match="several names"):
        ballot_key(acting_user=branch_clerk, election=several, serial=1, struck=[], invalid_reason=unclear)


def test_totals_counted_by_hand_follow_the_same_reading(congress_a, branch_clerk):
    """docs/domain.md §3.6: the counting board's totals may not count a single-name ballot invalid
    for both or neither marks where the election reads it as against."""
    unclear = InvalidReason.objects.get(code=rules.UNCLEAR_MARK)
    election = voting_election(congress=congress_a, created_by=branch_clerk, kind="secretary", seats=1,
                               names=["Nguyễn Văn An"], summoned=10, present=10, counting_mode=CountingMode.TOTALS)
    candidate = election.candidates.get()
    with pytest.raises(ValidationError, match="key the name as struck"):
        election_totals_save(acting_user=branch_clerk, election=election, returned=10, valid=9,
                             invalid={unclear.pk: 1}, votes={candidate.pk: 7})
    election.single_name_unclear = UnclearMark.INVALID
    election.save()
    election_totals_save(acting_user=branch_clerk, election=election, returned=10, valid=9,
                         invalid={unclear.pk: 1}, votes={candidate.pk: 7})
    assert election_close(acting_user=branch_clerk, election=election).elected
