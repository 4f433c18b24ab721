"""Setting up the elections at the congress: which ballots, in what order, the candidate list,
opening the vote, and the congress's decisions after a round (elections.services.elections)."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from branches.tests.factories import MemberFactory
from congress.models import Congress, CongressState
from congress.tests.builders import put_in_state
from elections.models import (
    Candidate, CandidateSource, Election, ElectionKind, ElectionOutcome, ElectionState, NomineeRole,
)
from elections.services.elections import (
    allowed_kinds, candidate_nominate_from_floor, candidate_remove, candidate_withdraw, candidates_from_plan,
    election_create, election_decide, election_open,
)
from elections.tests.builders_elections import (
    approved_plan, close_round, counting_board, election_with_candidates, member_named,
    reviewed_congress_with_attendance,
)

pytestmark = pytest.mark.usefixtures("english", "no_rendering")


@pytest.fixture
def day(congress_a, branch_clerk):
    """Branch A's congress on its day: 10 official members, 9 present: base 10, 9 voters."""
    return reviewed_congress_with_attendance(congress_a, branch_clerk, officials=10, absent=1)


def actions(code):
    return LogEntry.objects.filter(additional_data__action=code)


def people(congress, *numbers):
    return [member_named(congress, f"Đảng viên {n:03d}") for n in numbers]


# --- Which elections, in what order --------------------------------------------------------------


def test_a_branch_of_ten_sets_up_its_committee_election(day, branch_clerk):
    election = election_create(acting_user=branch_clerk, congress=day, kind="committee", seats=5)
    assert (election.kind, election.round, election.seats, election.state) == ("committee", 1, 5, "preparing")
    entry = actions("elections.election.created").get()
    assert entry.actor == branch_clerk and entry.additional_data["congress"] == day.pk


@pytest.mark.parametrize("state", [CongressState.PLANNED, CongressState.SUBMITTED, CongressState.HELD])
def test_elections_are_set_up_only_on_the_congress_day(day, branch_clerk, state):
    put_in_state(day, state)
    with pytest.raises(ValidationError):
        election_create(acting_user=branch_clerk, congress=day, kind="committee", seats=5)
    assert not Election.objects.exists()


def test_a_branch_never_elects_an_executive_committee(day, branch_clerk):
    with pytest.raises(ValidationError, match="does not hold the election"):
        election_create(acting_user=branch_clerk, congress=day, kind="executive_committee", seats=5)


def test_delegates_are_elected_only_when_the_plan_allocates_them(day, branch_clerk):
    with pytest.raises(ValidationError, match="does not hold the election"):
        election_create(acting_user=branch_clerk, congress=day, kind="official_delegates", seats=2)
    approved_plan(day, branch_clerk, committee_size=5, delegates_allocated=2)
    with pytest.raises(ValidationError, match="allocated 2 official delegates"):
        election_create(acting_user=branch_clerk, congress=day, kind="official_delegates", seats=3)
    election = election_create(acting_user=branch_clerk, congress=day, kind="official_delegates")
    assert election.seats == 2
    with pytest.raises(ValidationError, match="does not hold"):
        election_create(acting_user=branch_clerk, congress=day, kind="alternate_delegates", seats=1)


def test_a_small_branch_elects_its_secretary_without_a_committee(congress_a, branch_clerk):
    day = reviewed_congress_with_attendance(congress_a, branch_clerk, officials=5)
    with pytest.raises(ValidationError, match="does not hold"):
        election_create(acting_user=branch_clerk, congress=day, kind="committee", seats=3)
    election = election_create(acting_user=branch_clerk, congress=day, kind="secretary")
    assert election.seats == 1


def test_the_plan_decides_whether_a_committee_is_elected_and_its_size(day, branch_clerk):
    approved_plan(day, branch_clerk, committee_size=5)
    assert election_create(acting_user=branch_clerk, congress=day, kind="committee").seats == 5


def test_without_a_plan_the_seats_must_be_given(day, branch_clerk):
    with pytest.raises(ValidationError, match="Say how many to elect"):
        election_create(acting_user=branch_clerk, congress=day, kind="committee")


def test_a_branch_committee_has_at_most_seven_members(day, branch_clerk):
    with pytest.raises(ValidationError, match="at most 7"):
        election_create(acting_user=branch_clerk, congress=day, kind="committee", seats=8)


def test_an_election_is_set_up_once(day, branch_clerk):
    election_create(acting_user=branch_clerk, congress=day, kind="committee", seats=5)
    with pytest.raises(ValidationError, match="already set up"):
        election_create(acting_user=branch_clerk, congress=day, kind="committee", seats=5)


def test_the_secretary_is_elected_after_the_committee_closes_with_people_elected(day, branch_clerk):
    with pytest.raises(ValidationError, match="close the committee election first"):
        election_create(acting_user=branch_clerk, congress=day, kind="secretary")
    committee = election_with_candidates(day, branch_clerk, seats=3, members=people(day, 0, 1, 2, 3))
    with pytest.raises(ValidationError, match="close the committee election first"):
        election_create(acting_user=branch_clerk, congress=day, kind="secretary")
    close_round(committee, dict.fromkeys(people(day, 0, 1, 2, 3), 2), outcome="")
    with pytest.raises(ValidationError, match="elected nobody"):
        election_create(acting_user=branch_clerk, congress=day, kind="secretary")
    Candidate.objects.filter(election=committee, member__in=people(day, 0)).update(elected=True)
    with pytest.raises(ValidationError, match="after the secretary"):
        election_create(acting_user=branch_clerk, congress=day, kind="deputy_secretary")
    assert election_create(acting_user=branch_clerk, congress=day, kind="secretary").seats == 1


def test_a_grassroots_committee_elects_its_secretary_only_when_the_plan_says_so(open_plan, superior):
    congress = Congress.objects.create(plan=open_plan, organization=superior, ordinal=1, kind="members")
    assert allowed_kinds(congress) == ["executive_committee"]
    open_plan.elects_secretary_directly = True
    open_plan.save()
    congress.refresh_from_db()
    assert allowed_kinds(congress) == ["executive_committee", "secretary"]


# --- Who stands ----------------------------------------------------------------------------------


def test_the_plan_nominees_go_on_the_list_but_not_the_counting_board(day, branch_clerk):
    board_member = people(day, 3)[0]
    approved_plan(day, branch_clerk, committee_size=3, nominees=[
        *((m, NomineeRole.COMMITTEE) for m in people(day, 0, 1, 2, 3)), (people(day, 4)[0], NomineeRole.SECRETARY),
    ])
    counting_board(day, branch_clerk, [board_member])
    election = election_create(acting_user=branch_clerk, congress=day, kind="committee")
    added = candidates_from_plan(acting_user=branch_clerk, election=election)
    assert sorted(c.member.full_name for c in added.added) == ["Đảng viên 000", "Đảng viên 001", "Đảng viên 002"]
    assert added.skipped == ["Đảng viên 003 sits on the vote-counting board and may not stand for election."]
    assert set(election.candidates.values_list("source", flat=True)) == {CandidateSource.NOMINEE}
    assert actions("elections.candidate.added").count() == 3
    again = candidates_from_plan(acting_user=branch_clerk, election=election)
    assert again.added == [] and election.candidates.count() == 3


def test_without_an_approved_plan_candidates_come_from_the_floor(day, branch_clerk):
    election = election_create(acting_user=branch_clerk, congress=day, kind="committee", seats=3)
    with pytest.raises(ValidationError, match="no approved personnel plan"):
        candidates_from_plan(acting_user=branch_clerk, election=election)


@pytest.mark.parametrize(("agreeing", "admitted"), [(2, False), (3, True), (9, True)])
def test_a_floor_nomination_needs_more_than_thirty_percent_of_those_present(day, branch_clerk, agreeing, admitted):
    election = election_with_candidates(day, branch_clerk)
    member = people(day, 5)[0]
    candidate = candidate_nominate_from_floor(acting_user=branch_clerk, election=election, member=member, agreeing=agreeing)
    candidate.refresh_from_db()
    # 9 present: 3 of 9 is 33%, more than 30%; 2 of 9 is not.
    assert (candidate.admitted, candidate.floor_votes_for, candidate.source) == (admitted, agreeing, "floor")
    assert actions("elections.candidate.nominated").get().additional_data["present"] == 9


def test_thirty_percent_exactly_is_not_enough(congress_a, branch_clerk):
    day = reviewed_congress_with_attendance(congress_a, branch_clerk, officials=10)
    election = election_with_candidates(day, branch_clerk)
    three = candidate_nominate_from_floor(acting_user=branch_clerk, election=election, member=people(day, 0)[0],
                                          agreeing=3)
    four = candidate_nominate_from_floor(acting_user=branch_clerk, election=election, member=people(day, 1)[0],
                                         agreeing=4)
    assert (three.admitted, four.admitted) == (False, True)
    assert Candidate.objects.filter(election=election).count() == 2  # the refused nomination is kept


def test_who_may_not_be_nominated(day, branch_clerk, member_b):
    election = election_with_candidates(day, branch_clerk, members=people(day, 0))
    probationary = MemberFactory(organization=day.organization, full_name="Dự Bị", status="probationary")
    counting_board(day, branch_clerk, people(day, 6))
    cases = [
        (people(day, 0)[0], "already on the list"),
        (member_b, "not a member of"),
        (probationary, "probationary on the congress date"),
        (people(day, 6)[0], "vote-counting board"),
    ]
    for member, message in cases:
        with pytest.raises(ValidationError, match=message):
            candidate_nominate_from_floor(acting_user=branch_clerk, election=election, member=member, agreeing=9)
    with pytest.raises(ValidationError, match="only 9 present"):
        candidate_nominate_from_floor(acting_user=branch_clerk, election=election, member=people(day, 1)[0], agreeing=10)
    assert election.candidates.count() == 1


def test_the_status_on_the_summons_list_prevails(day, branch_clerk):
    member = people(day, 2)[0]
    day.attendance.filter(member=member).update(situation="suspended")
    election = election_with_candidates(day, branch_clerk)
    with pytest.raises(ValidationError, match="suspended"):
        candidate_nominate_from_floor(acting_user=branch_clerk, election=election, member=member, agreeing=5)


def test_a_withdrawal_accepted_by_a_majority_of_the_base(day, branch_clerk):
    election = election_with_candidates(day, branch_clerk, members=people(day, 0, 1))
    candidate = election.candidates.get(member=people(day, 0)[0])
    candidate = candidate_withdraw(acting_user=branch_clerk, candidate=candidate, votes_for=6, reason="Sức khỏe")
    assert (candidate.withdrawn, candidate.withdrawal_votes_for, candidate.withdrawal_reason) == (True, 6, "Sức khỏe")
    assert not candidate.on_ballot
    assert actions("elections.candidate.withdrawn").get().additional_data["base"] == 10


def test_a_withdrawal_without_a_majority_of_the_base_is_refused_and_recorded(day, branch_clerk):
    election = election_with_candidates(day, branch_clerk, members=people(day, 0, 1))
    candidate = election.candidates.get(member=people(day, 0)[0])
    candidate = candidate_withdraw(acting_user=branch_clerk, candidate=candidate, votes_for=5, reason="Xin rút")
    assert (candidate.withdrawn, candidate.withdrawal_votes_for) == (False, 5)
    assert candidate.on_ballot
    assert actions("elections.candidate.withdrawal_refused").get().additional_data["votes_for"] == 5
    with pytest.raises(ValidationError, match="reason"):
        candidate_withdraw(acting_user=branch_clerk, candidate=candidate, votes_for=6, reason=" ")


def test_a_row_added_by_mistake_is_removed_only_while_preparing(day, branch_clerk):
    election = election_with_candidates(day, branch_clerk, members=people(day, 0, 1))
    candidate_remove(acting_user=branch_clerk, candidate=election.candidates.get(member=people(day, 0)[0]))
    assert list(election.candidates.values_list("member__full_name", flat=True)) == ["Đảng viên 001"]
    assert actions("elections.candidate.removed").exists()
    Election.objects.filter(pk=election.pk).update(state=ElectionState.VOTING)
    with pytest.raises(ValidationError, match="can no longer change"):
        candidate_remove(acting_user=branch_clerk, candidate=election.candidates.get())


# --- Opening the vote ----------------------------------------------------------------------------


def test_opening_numbers_the_ballot_in_vietnamese_order_and_fixes_the_figures(congress_a, branch_clerk):
    names = ["Phạm Văn Đức", "Lê Văn Dũng", "Trần Văn Bình", "Nguyễn Thị Ánh", "Hoàng Văn Em"]
    day = reviewed_congress_with_attendance(congress_a, branch_clerk, officials=5, absent=1, names=names)
    election = election_with_candidates(
        day, branch_clerk, kind="official_delegates", seats=3, members=[member_named(day, n) for n in names[:4]],
    )
    election = election_open(acting_user=branch_clerk, election=election, list_votes_for=4, list_votes_against=0,
                             absent_at_voting=1, ballots_issued=3)
    order = list(election.candidates.order_by("position").values_list("member__full_name", "position"))
    assert order == [("Nguyễn Thị Ánh", 1), ("Trần Văn Bình", 2), ("Lê Văn Dũng", 3), ("Phạm Văn Đức", 4)]
    assert (election.state, election.summoned, election.present, election.base) == ("voting", 5, 4, 5)
    assert (election.ballots_issued, election.absent_at_voting, election.list_votes_for) == (3, 1, 4)
    assert election.opened_at is not None
    assert actions("elections.election.opened").exists()


def test_withdrawn_and_refused_nominations_are_not_numbered(day, branch_clerk):
    election = election_with_candidates(day, branch_clerk, seats=3, members=people(day, 0, 1, 2, 3))
    Candidate.objects.filter(election=election, member=people(day, 3)[0]).update(withdrawn=True)
    Candidate.objects.create(election=election, member=people(day, 4)[0], source="floor", admitted=False,
                             floor_votes_for=1)
    election_open(acting_user=branch_clerk, election=election, list_votes_for=9, ballots_issued=9)
    assert list(election.candidates.exclude(position=None).values_list("position", flat=True).order_by("position")) == [
        1, 2, 3,
    ]


@pytest.mark.parametrize(("on_list", "ok"), [(5, False), (6, True), (7, False)])
def test_the_surplus_is_checked_when_the_list_is_approved(day, branch_clerk, on_list, ok):
    # Regulation 244-QĐ/TW: 5 seats allow a surplus of at most 1 (30%, rounded down), and at least 1.
    election = election_with_candidates(day, branch_clerk, seats=5, members=people(day, *range(on_list)))
    if ok:
        assert election_open(acting_user=branch_clerk, election=election, list_votes_for=9, ballots_issued=9).state == "voting"
    else:
        with pytest.raises(ValidationError, match="names than seats|more names than seats"):
            election_open(acting_user=branch_clerk, election=election, list_votes_for=9, ballots_issued=9)
        election.refresh_from_db()
        assert election.state == "preparing"
        assert not election.candidates.exclude(position=None).exists()


def test_the_list_needs_more_than_half_of_the_base(day, branch_clerk):
    election = election_with_candidates(day, branch_clerk, seats=3, members=people(day, 0, 1, 2, 3))
    with pytest.raises(ValidationError, match="not approved: 5 votes for.*at least 6"):
        election_open(acting_user=branch_clerk, election=election, list_votes_for=5, list_votes_against=4,
                      ballots_issued=9)
    election.refresh_from_db()
    assert election.state == "preparing" and election.base is None


def test_no_more_ballots_than_voters_present(day, branch_clerk):
    election = election_with_candidates(day, branch_clerk, seats=5, members=people(day, 0, 1, 2, 3, 4, 5))
    with pytest.raises(ValidationError, match="10 ballots issued, but only 9"):
        election_open(acting_user=branch_clerk, election=election, list_votes_for=9, ballots_issued=10)


def test_voting_opens_only_once_the_attendance_is_recorded(congress_a, branch_clerk, member_a):
    put_in_state(congress_a, CongressState.REVIEWED)
    election = election_with_candidates(congress_a, branch_clerk, kind="secretary", seats=1, members=[member_a])
    with pytest.raises(ValidationError, match="Record the attendance first"):
        election_open(acting_user=branch_clerk, election=election, list_votes_for=1, ballots_issued=1)


# --- The secretary from among the committee ------------------------------------------------------


def test_the_secretary_is_chosen_among_the_elected_committee(day, branch_clerk):
    committee = election_with_candidates(day, branch_clerk, seats=3, members=people(day, 0, 1, 2, 3))
    close_round(committee, {m: v for m, v in zip(people(day, 0, 1, 2, 3), (9, 8, 7, 2), strict=True)})
    approved_plan(day, branch_clerk, committee_size=3, nominees=[
        (people(day, 0)[0], NomineeRole.SECRETARY), (people(day, 3)[0], NomineeRole.SECRETARY),
    ])
    secretary = election_create(acting_user=branch_clerk, congress=day, kind="secretary")
    added = candidates_from_plan(acting_user=branch_clerk, election=secretary)
    assert [c.member.full_name for c in added.added] == ["Đảng viên 000"]
    assert "Đảng viên 003 was not elected to the committee" in added.skipped[0]
    with pytest.raises(ValidationError, match="not elected to the committee"):
        candidate_nominate_from_floor(acting_user=branch_clerk, election=secretary, member=people(day, 5)[0], agreeing=9)
    floor = candidate_nominate_from_floor(acting_user=branch_clerk, election=secretary, member=people(day, 1)[0],
                                          agreeing=9)
    assert floor.admitted


# --- After a round -------------------------------------------------------------------------------


def _tied_committee(day, clerk):
    """Three seats, base 10: 000 and 001 elected; 002 and 003 tied at 6 for the last seat; 004
    without a majority."""
    members = people(day, 0, 1, 2, 3, 4)
    election = election_with_candidates(day, clerk, seats=3, members=members)
    return close_round(election, dict(zip(members, (8, 7, 6, 6, 3), strict=True)), elected=members[:2])


def test_a_tie_leads_to_another_round_among_the_tied_by_default(day, branch_clerk):
    election = _tied_committee(day, branch_clerk)
    following = election_decide(acting_user=branch_clerk, election=election, outcome="further_round",
                                note="Đại hội biểu quyết bầu tiếp vòng 2 giữa hai người bằng phiếu.", votes_for=9)
    assert (following.round, following.seats, following.previous_round, following.state) == (2, 1, election, "preparing")
    assert sorted(following.candidates.values_list("member__full_name", "source")) == [
        ("Đảng viên 002", "previous_round"), ("Đảng viên 003", "previous_round"),
    ]
    election.refresh_from_db()
    assert (election.outcome, election.outcome_note) == ("further_round", "Đại hội biểu quyết bầu tiếp vòng 2 giữa hai người bằng phiếu.")
    assert actions("elections.election.decided").filter(additional_data__votes_for=9).exists()
    # The next round's list is restricted: no floor nominations.
    with pytest.raises(ValidationError, match="no nominations from the floor"):
        candidate_nominate_from_floor(acting_user=branch_clerk, election=following, member=people(day, 5)[0], agreeing=9)
    # Two names for one seat: a further round needs only as many names as seats.
    assert election_open(acting_user=branch_clerk, election=following, list_votes_for=9, ballots_issued=9).state == "voting"


def test_the_congress_chooses_the_next_rounds_candidates_among_the_not_elected(day, branch_clerk):
    election = _tied_committee(day, branch_clerk)
    elected, out = people(day, 0)[0], people(day, 4)[0]
    rows = {c.member_id: c for c in election.candidates.all()}
    with pytest.raises(ValidationError, match="not elected"):
        election_decide(acting_user=branch_clerk, election=election, outcome="further_round", note="Bầu tiếp",
                        candidates=[rows[elected.pk]])
    following = election_decide(acting_user=branch_clerk, election=election, outcome="further_round", note="Bầu tiếp",
                                candidates=[rows[out.pk], rows[people(day, 2)[0].pk]])
    assert sorted(following.candidates.values_list("member__full_name", flat=True)) == ["Đảng viên 002", "Đảng viên 004"]


def test_seats_may_be_left_vacant(day, branch_clerk):
    election = _tied_committee(day, branch_clerk)
    with pytest.raises(ValidationError, match="Write the congress's decision"):
        election_decide(acting_user=branch_clerk, election=election, outcome="leave_vacant", note="  ")
    with pytest.raises(ValidationError, match="did not pass"):
        election_decide(acting_user=branch_clerk, election=election, outcome="leave_vacant", note="Bầu thiếu", votes_for=5)
    election_decide(acting_user=branch_clerk, election=election, outcome="leave_vacant", note="Bầu thiếu 1 chi ủy viên")
    election.refresh_from_db()
    assert election.outcome == ElectionOutcome.LEAVE_VACANT
    assert Election.objects.count() == 1
    with pytest.raises(ValidationError, match="already recorded"):
        election_decide(acting_user=branch_clerk, election=election, outcome="further_round", note="Bầu tiếp")


def test_nothing_to_decide_when_every_seat_is_filled_or_before_closing(day, branch_clerk):
    members = people(day, 0, 1, 2, 3)
    election = election_with_candidates(day, branch_clerk, seats=3, members=members)
    with pytest.raises(ValidationError, match="not closed"):
        election_decide(acting_user=branch_clerk, election=election, outcome="leave_vacant", note="x")
    close_round(election, dict(zip(members, (9, 8, 7, 2), strict=True)), outcome="complete")
    with pytest.raises(ValidationError, match="Every seat was filled"):
        election_decide(acting_user=branch_clerk, election=election, outcome="leave_vacant", note="x")


def test_a_secretary_not_elected_in_three_rounds_is_appointed_by_the_superior(congress_a, branch_clerk):
    day = reviewed_congress_with_attendance(congress_a, branch_clerk, officials=5)
    members = [member_named(day, f"Đảng viên {n:03d}") for n in (0, 1)]
    election = election_with_candidates(day, branch_clerk, kind="secretary", seats=1, members=members)
    for round_number in (1, 2, 3):
        close_round(election, {members[0]: 2, members[1]: 2}, base=5)
        if round_number < 3:
            with pytest.raises(ValidationError, match="only after 3 rounds"):
                election_decide(acting_user=branch_clerk, election=election, outcome="appoint", note="Cấp trên chỉ định")
            election = election_decide(acting_user=branch_clerk, election=election, outcome="further_round",
                                       note="Bầu lại", candidates=list(election.candidates.all()))
    assert election.round == 3
    with pytest.raises(ValidationError, match="the superior appoints one"):
        election_decide(acting_user=branch_clerk, election=election, outcome="leave_vacant", note="Bầu thiếu")
    with pytest.raises(ValidationError, match="the superior appoints one"):
        election_decide(acting_user=branch_clerk, election=election, outcome="further_round", note="Bầu lại",
                        candidates=list(election.candidates.all()))
    election_decide(acting_user=branch_clerk, election=election, outcome="appoint",
                    note="Đề nghị Đảng ủy phường chỉ định Bí thư chi bộ.")
    election.refresh_from_db()
    assert election.outcome == ElectionOutcome.APPOINT
    assert Election.objects.filter(kind=ElectionKind.SECRETARY).count() == 3


def test_decisions_may_be_recorded_after_the_day_but_not_another_round(day, branch_clerk):
    election = _tied_committee(day, branch_clerk)
    put_in_state(day, CongressState.HELD)
    with pytest.raises(ValidationError, match="Another round is held on the congress day"):
        election_decide(acting_user=branch_clerk, election=election, outcome="further_round", note="Bầu tiếp")
    election_decide(acting_user=branch_clerk, election=election, outcome="leave_vacant", note="Bầu thiếu")
    put_in_state(day, CongressState.RATIFIED)
    election.refresh_from_db()
    assert election.outcome == "leave_vacant"
