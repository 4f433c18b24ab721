"""The personnel plan through its services: creation with defaults, edits, nominees and their
rules, the nomination steps, submission, the superior's decision, revisions, and every refusal."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from branches.models import CommitteeSeat, Position
from branches.tests.factories import MemberFactory, TermFactory
from congress import rules as congress_rules
from congress.tests.builders import put_in_state
from elections.selectors import personnel as selectors
from elections.models import NominationStep, NominationVote, Nominee, NomineeRole, PersonnelPlan, PersonnelPlanState
from elections.services import personnel
from elections.tests.builders_personnel import (
    CLERK, LEADER, approved_plan, complete_plan, enough_for_a_committee, officials, submitted_plan,
)

pytestmark = pytest.mark.usefixtures("english", "no_rendering")


def _actions(congress) -> list[str]:
    return list(
        LogEntry.objects.filter(additional_data__congress=congress.pk, additional_data__action__startswith="elections.")
        .order_by("pk").values_list("additional_data__action", flat=True)
    )


def _create(congress, clerk):
    return personnel.personnel_plan_create(acting_user=clerk, congress=congress, actors=CLERK)


# --- Creation ------------------------------------------------------------------------------------


def test_revision_one_elects_a_committee_when_the_branch_has_nine_official_members(congress_a, branch_clerk, branch_a):
    officials(branch_a, 9)
    plan = _create(congress_a, branch_clerk)
    assert (plan.revision, plan.state, plan.elects_committee, plan.committee_size) == (1, "draft", True, 3)
    assert plan.delegates_allocated == 0 and plan.women_target_percent == 15
    assert list(plan.steps.values_list("step_name", flat=True)) == list(
        NominationStep.objects.filter(is_active=True).values_list("name", flat=True)
    )
    assert _actions(congress_a) == ["elections.personnel_plan.created"] * (1 + plan.steps.count())


def test_a_small_branch_elects_no_committee(congress_a, branch_clerk, branch_a):
    officials(branch_a, 8)
    MemberFactory(organization=branch_a, status="probationary")
    plan = _create(congress_a, branch_clerk)
    assert plan.elects_committee is False and plan.committee_size is None


def test_inactive_steps_are_not_copied(congress_a, branch_clerk):
    NominationStep.objects.filter(order=5).update(is_active=False)
    plan = _create(congress_a, branch_clerk)
    assert plan.steps.count() == 4


def test_a_congress_has_one_revision_one(congress_a, branch_clerk):
    _create(congress_a, branch_clerk)
    with pytest.raises(ValidationError, match="already has a personnel plan"):
        _create(congress_a, branch_clerk)


def test_only_the_clerk_creates_the_plan(congress_a, superior_leader):
    with pytest.raises(ValidationError, match="Only a clerk"):
        personnel.personnel_plan_create(acting_user=superior_leader, congress=congress_a, actors=LEADER)
    assert not PersonnelPlan.objects.exists()


@pytest.mark.parametrize("state", ["held", "results_reported", "ratified", "annulled"])
def test_no_plan_once_the_congress_is_held(congress_a, branch_clerk, state):
    put_in_state(congress_a, state)
    with pytest.raises(ValidationError, match="until the congress is held"):
        _create(congress_a, branch_clerk)


@pytest.mark.parametrize("state", ["planned", "preparing", "submitted", "reviewed"])
def test_the_plan_is_prepared_until_the_congress_day(congress_a, branch_clerk, state):
    put_in_state(congress_a, state)
    assert _create(congress_a, branch_clerk).state == PersonnelPlanState.DRAFT


# --- Editing -------------------------------------------------------------------------------------


def test_the_clerk_sets_sizes_and_targets(congress_a, branch_clerk):
    enough_for_a_committee(congress_a)
    plan = _create(congress_a, branch_clerk)
    plan = personnel.personnel_plan_update(
        acting_user=branch_clerk, plan=plan, actors=CLERK, elects_committee=True, committee_size=5,
        women_target_percent=20, young_target_percent=10, delegates_allocated=2, notes="Cơ cấu 1 nữ.",
    )
    plan.refresh_from_db()
    assert (plan.committee_size, plan.women_target_percent, plan.delegates_allocated) == (5, 20, 2)
    assert _actions(congress_a)[-1] == "elections.personnel_plan.updated"


def test_a_branch_committee_has_at_most_seven(congress_a, branch_clerk):
    enough_for_a_committee(congress_a)
    plan = _create(congress_a, branch_clerk)
    with pytest.raises(ValidationError, match="at most 7"):
        personnel.personnel_plan_update(
            acting_user=branch_clerk, plan=plan, actors=CLERK, elects_committee=True, committee_size=8,
        )


def test_a_committee_needs_its_size(congress_a, branch_clerk):
    enough_for_a_committee(congress_a)
    plan = _create(congress_a, branch_clerk)
    with pytest.raises(ValidationError, match="how many committee members"):
        personnel.personnel_plan_update(
            acting_user=branch_clerk, plan=plan, actors=CLERK, elects_committee=True, committee_size=None,
        )


def test_no_committee_clears_the_size(congress_a, branch_clerk):
    plan = complete_plan(congress_a, clerk=branch_clerk)
    Nominee.objects.filter(personnel_plan=plan).exclude(role=NomineeRole.COMMITTEE).delete()
    with pytest.raises(ValidationError, match="Remove the committee nominees first"):
        personnel.personnel_plan_update(acting_user=branch_clerk, plan=plan, actors=CLERK, elects_committee=False)
    Nominee.objects.filter(personnel_plan=plan).delete()
    plan = personnel.personnel_plan_update(acting_user=branch_clerk, plan=plan, actors=CLERK, elects_committee=False)
    assert plan.committee_size is None


def test_targets_are_percentages(congress_a, branch_clerk):
    plan = _create(congress_a, branch_clerk)
    with pytest.raises(ValidationError):
        personnel.personnel_plan_update(acting_user=branch_clerk, plan=plan, actors=CLERK, women_target_percent=120)


def test_a_submitted_plan_does_not_change(congress_a, branch_clerk):
    plan = submitted_plan(congress_a, clerk=branch_clerk)
    with pytest.raises(ValidationError, match="with the superior"):
        personnel.personnel_plan_update(acting_user=branch_clerk, plan=plan, actors=CLERK, committee_size=4)


def test_an_approved_plan_is_locked(congress_a, branch_clerk, superior_leader):
    plan = approved_plan(congress_a, clerk=branch_clerk, leader=superior_leader)
    with pytest.raises(ValidationError, match="approved and locked"):
        personnel.personnel_plan_update(acting_user=branch_clerk, plan=plan, actors=CLERK, committee_size=4)
    with pytest.raises(ValidationError, match="approved and locked"):
        personnel.nominee_add(
            acting_user=branch_clerk, plan=plan, actors=CLERK, member=MemberFactory(organization=congress_a.organization),
            role=NomineeRole.COMMITTEE,
        )


# --- Nominees ------------------------------------------------------------------------------------


@pytest.fixture
def plan(congress_a, branch_clerk):
    enough_for_a_committee(congress_a)
    plan = _create(congress_a, branch_clerk)
    return personnel.personnel_plan_update(
        acting_user=branch_clerk, plan=plan, actors=CLERK, elects_committee=True, committee_size=3,
    )


def _nominate(plan, clerk, member, role=NomineeRole.COMMITTEE):
    return personnel.nominee_add(acting_user=clerk, plan=plan, actors=CLERK, member=member, role=role)


def test_nominees_are_members_of_the_organisation(plan, branch_clerk, member_b):
    with pytest.raises(ValidationError, match="not a member of Chi bộ TDP Hoàng Trinh"):
        _nominate(plan, branch_clerk, member_b)
    assert not plan.nominees.exists()


@pytest.mark.parametrize("status", ["probationary", "suspended"])
def test_probationary_and_suspended_members_may_not_stand(plan, branch_clerk, branch_a, status):
    with pytest.raises(ValidationError, match="may not stand"):
        _nominate(plan, branch_clerk, MemberFactory(organization=branch_a, status=status))


def test_the_secretary_comes_from_the_committee_nominees(plan, branch_clerk, member_a):
    with pytest.raises(ValidationError, match="nominate Nguyễn Văn An for the committee first"):
        _nominate(plan, branch_clerk, member_a, NomineeRole.SECRETARY)
    _nominate(plan, branch_clerk, member_a)
    _nominate(plan, branch_clerk, member_a, NomineeRole.SECRETARY)
    with pytest.raises(ValidationError, match="both secretary and deputy"):
        _nominate(plan, branch_clerk, member_a, NomineeRole.DEPUTY_SECRETARY)
    assert _actions(plan.congress)[-2:] == ["elections.nominee.added"] * 2


def test_without_a_committee_the_secretary_is_nominated_directly(congress_a, branch_clerk, member_a):
    plan = _create(congress_a, branch_clerk)
    assert not plan.elects_committee
    _nominate(plan, branch_clerk, member_a, NomineeRole.SECRETARY)
    with pytest.raises(ValidationError, match="elects no committee"):
        _nominate(plan, branch_clerk, member_a)


def test_a_person_is_nominated_once_per_role(plan, branch_clerk, member_a):
    _nominate(plan, branch_clerk, member_a)
    with pytest.raises(ValidationError, match="already nominated"):
        _nominate(plan, branch_clerk, member_a)


def test_delegates_only_when_the_plan_allocates_them(plan, branch_clerk, member_a):
    with pytest.raises(ValidationError, match="elects no delegates"):
        _nominate(plan, branch_clerk, member_a, NomineeRole.OFFICIAL_DELEGATE)
    plan = personnel.personnel_plan_update(acting_user=branch_clerk, plan=plan, actors=CLERK, delegates_allocated=1)
    _nominate(plan, branch_clerk, member_a, NomineeRole.OFFICIAL_DELEGATE)
    with pytest.raises(ValidationError, match="either as official or as alternate"):
        _nominate(plan, branch_clerk, member_a, NomineeRole.ALTERNATE_DELEGATE)


def test_no_deputy_when_the_plan_elects_none(plan, branch_clerk, member_a):
    plan = personnel.personnel_plan_update(acting_user=branch_clerk, plan=plan, actors=CLERK, elects_deputy=False)
    _nominate(plan, branch_clerk, member_a)
    with pytest.raises(ValidationError, match="no deputy"):
        _nominate(plan, branch_clerk, member_a, NomineeRole.DEPUTY_SECRETARY)


def test_removing_a_committee_nominee_who_is_secretary_is_refused(plan, branch_clerk, member_a):
    committee = _nominate(plan, branch_clerk, member_a)
    secretary = _nominate(plan, branch_clerk, member_a, NomineeRole.SECRETARY)
    with pytest.raises(ValidationError, match="also nominated as secretary"):
        personnel.nominee_remove(acting_user=branch_clerk, nominee=committee, actors=CLERK)
    personnel.nominee_remove(acting_user=branch_clerk, nominee=secretary, actors=CLERK)
    personnel.nominee_remove(acting_user=branch_clerk, nominee=committee, actors=CLERK)
    assert not plan.nominees.exists()
    assert _actions(plan.congress)[-2:] == ["elections.nominee.removed"] * 2


# --- Nomination steps ----------------------------------------------------------------------------


def test_the_clerk_records_a_step(plan, branch_clerk):
    step = plan.steps.first()
    personnel.nomination_step_record(
        acting_user=branch_clerk, step=step, actors=CLERK, held_on=datetime.date(2022, 5, 2), participants=10,
        votes_for=9, votes_against=1, notes=" Phiếu kín ",
    )
    step.refresh_from_db()
    assert step.is_recorded and (step.participants, step.votes_for, step.notes) == (10, 9, "Phiếu kín")
    assert _actions(plan.congress)[-1] == "elections.nomination_step.recorded"


def test_votes_cannot_exceed_the_people_taking_part(plan, branch_clerk):
    step = plan.steps.first()
    with pytest.raises(ValidationError, match="more than the 10 people"):
        personnel.nomination_step_record(
            acting_user=branch_clerk, step=step, actors=CLERK, held_on=datetime.date(2022, 5, 2), participants=10,
            votes_for=8, votes_against=3,
        )
    step.refresh_from_db()
    assert not step.is_recorded


def test_a_step_is_not_held_in_the_future(plan, branch_clerk):
    with pytest.raises(ValidationError, match="future"):
        personnel.nomination_step_record(
            acting_user=branch_clerk, step=plan.steps.first(), actors=CLERK,
            held_on=datetime.date.today() + datetime.timedelta(days=2), participants=1, votes_for=1, votes_against=0,
        )


# --- Submission and decision ---------------------------------------------------------------------


def test_submission_lists_what_is_missing(plan, branch_clerk):
    with pytest.raises(ValidationError) as refused:
        personnel.personnel_plan_submit(acting_user=branch_clerk, plan=plan, actors=CLERK)
    text = " ".join(refused.value.messages)
    assert "at least as many committee members as seats (3); 0 so far" in text
    assert "Nominate the secretary" in text and "Record the vote of every nomination step" in text
    plan.refresh_from_db()
    assert plan.state == PersonnelPlanState.DRAFT


def test_a_complete_plan_is_submitted(congress_a, branch_clerk):
    plan = complete_plan(congress_a, clerk=branch_clerk)
    plan = personnel.personnel_plan_submit(acting_user=branch_clerk, plan=plan, actors=CLERK)
    plan.refresh_from_db()
    assert plan.state == PersonnelPlanState.SUBMITTED and plan.submitted_at is not None
    assert _actions(congress_a)[-1] == "elections.personnel_plan.submitted"


def test_a_leader_approves(congress_a, branch_clerk, superior_leader):
    plan = submitted_plan(congress_a, clerk=branch_clerk)
    personnel.personnel_plan_approve(acting_user=superior_leader, plan=plan, actors=LEADER, comment="Đồng ý.")
    plan.refresh_from_db()
    assert (plan.state, plan.decided_by, plan.decision_comment) == ("approved", superior_leader, "Đồng ý.")
    assert _actions(congress_a)[-1] == "elections.personnel_plan.approved"


def test_only_a_leader_of_the_superior_decides(congress_a, branch_clerk):
    plan = submitted_plan(congress_a, clerk=branch_clerk)
    with pytest.raises(ValidationError, match="Only a leader"):
        personnel.personnel_plan_approve(acting_user=branch_clerk, plan=plan, actors=CLERK)
    plan.refresh_from_db()
    assert plan.state == PersonnelPlanState.SUBMITTED


def test_a_draft_is_not_approved(congress_a, branch_clerk, superior_leader):
    plan = complete_plan(congress_a, clerk=branch_clerk)
    with pytest.raises(ValidationError, match="Only a personnel plan submitted"):
        personnel.personnel_plan_approve(acting_user=superior_leader, plan=plan, actors=LEADER)


def test_returning_needs_a_comment_and_reopens_the_plan(congress_a, branch_clerk, superior_leader):
    plan = submitted_plan(congress_a, clerk=branch_clerk)
    with pytest.raises(ValidationError, match="Say what must be revised"):
        personnel.personnel_plan_return(acting_user=superior_leader, plan=plan, actors=LEADER, comment="  ")
    personnel.personnel_plan_return(
        acting_user=superior_leader, plan=plan, actors=LEADER, comment="Bổ sung nhân sự nữ.",
    )
    plan.refresh_from_db()
    assert plan.state == PersonnelPlanState.RETURNED and plan.decision_comment == "Bổ sung nhân sự nữ."
    woman = MemberFactory(organization=congress_a.organization, gender="female")
    _nominate(plan, branch_clerk, woman)
    plan = personnel.personnel_plan_submit(acting_user=branch_clerk, plan=plan, actors=CLERK)
    assert plan.state == PersonnelPlanState.SUBMITTED and plan.decision_comment == ""
    assert "elections.personnel_plan.returned" in _actions(congress_a)


def test_no_decision_once_the_congress_is_held(congress_a, branch_clerk, superior_leader):
    plan = submitted_plan(congress_a, clerk=branch_clerk)
    put_in_state(congress_a, congress_rules.HELD)
    with pytest.raises(ValidationError, match="until the congress is held"):
        personnel.personnel_plan_approve(acting_user=superior_leader, plan=plan, actors=LEADER)


# --- Revisions -----------------------------------------------------------------------------------


def test_revising_copies_an_approved_plan_into_a_new_draft(congress_a, branch_clerk, superior_leader):
    plan = approved_plan(congress_a, clerk=branch_clerk, leader=superior_leader)
    copy = personnel.personnel_plan_revise(acting_user=branch_clerk, plan=plan, actors=CLERK)
    assert (copy.revision, copy.state, copy.committee_size) == (2, "draft", 3)
    assert sorted(copy.nominees.values_list("member_id", "role")) == sorted(plan.nominees.values_list("member_id", "role"))
    assert all(step.is_recorded for step in copy.steps.all()) and copy.steps.count() == plan.steps.count()
    plan.refresh_from_db()
    assert plan.state == PersonnelPlanState.APPROVED
    assert personnel.current_plan(congress_a) == copy
    assert "elections.personnel_plan.revised" in _actions(congress_a)
    # The earlier revision stays as approved.
    with pytest.raises(ValidationError, match="earlier revision"):
        personnel.personnel_plan_revise(acting_user=branch_clerk, plan=plan, actors=CLERK)


def test_only_an_approved_plan_is_revised(congress_a, branch_clerk):
    plan = complete_plan(congress_a, clerk=branch_clerk)
    with pytest.raises(ValidationError, match="Only an approved"):
        personnel.personnel_plan_revise(acting_user=branch_clerk, plan=plan, actors=CLERK)
    assert PersonnelPlan.objects.count() == 1


# --- What the page reads -------------------------------------------------------------------------


def test_facts_are_derived_from_members_and_the_previous_committee(congress_a, branch_clerk, branch_a):
    congress_a.scheduled_on = datetime.date(2022, 6, 1)
    congress_a.save(update_fields=["scheduled_on"])
    previous = TermFactory(start_year=2020, end_year=2022)
    TermFactory(start_year=2015, end_year=2020)
    sitting = MemberFactory(organization=branch_a, date_of_birth=datetime.date(1990, 6, 2), joined_on=datetime.date(2015, 6, 1), official_on=None)
    newcomer = MemberFactory(organization=branch_a, gender="female", ethnicity="Tày")
    other = MemberFactory(organization=branch_a)
    CommitteeSeat.objects.create(organization=branch_a, term=previous, member=sitting, position=Position.SECRETARY)
    plan = complete_plan(congress_a, clerk=branch_clerk, members=[sitting, newcomer, other])
    plan.congress = congress_a
    rows = selectors.nominee_facts(plan, list(plan.nominees.select_related("member")))
    facts = {f.member.pk: f for f in rows}
    assert (facts[sitting.pk].age, facts[sitting.pk].party_years, facts[sitting.pk].is_young) == (31, 7, True)
    assert facts[sitting.pk].re_elected and facts[sitting.pk].current_seat == "Secretary"
    assert not facts[newcomer.pk].re_elected and facts[newcomer.pk].is_woman and facts[newcomer.pk].ethnicity == "Tày"
    women, young, new = selectors.indicators(plan, rows)
    assert (women.count, women.total, women.share, women.met) == (1, 3, "33,33%", True)
    assert women.text == "Women: 1/3 (33,33%) — target ≥ 15%"
    assert (young.count, new.count) == (1, 2)


def test_the_women_indicator_turns_red_below_target(congress_a, branch_clerk):
    plan = complete_plan(congress_a, clerk=branch_clerk)
    plan.congress = congress_a
    women = selectors.indicators(plan, selectors.nominee_facts(plan, list(plan.nominees.select_related("member"))))[0]
    assert (women.count, women.met) == (0, False)


def test_under_190_the_own_list_warning_shows(branch_clerk, superior, superior_clerk, superior_leader, branch_a):
    from congress.tests.builders import issued_plan

    round_plan = issued_plan(
        organization=superior, clerk=superior_clerk, leader=superior_leader, term=TermFactory(start_year=2025, end_year=2030),
    )
    congress = round_plan.congresses.get(organization=branch_a)
    plan = complete_plan(congress, clerk=branch_clerk, seats=5)
    plan.congress = congress
    facts = selectors.nominee_facts(plan, list(plan.nominees.select_related("member")))
    found = selectors.warnings(plan, facts, official_members=12)
    assert any("190-QĐ/TW" in warning for warning in found)


def test_every_active_step_gets_a_vote_row_to_record(plan):
    assert NominationVote.objects.filter(personnel_plan=plan, held_on__isnull=True).count() == 5


def test_re_elected_reads_the_organisations_own_previous_term(congress_a, branch_clerk, branch_a, branch_b):
    """Organisations' terms differ: branch A's outgoing committee sat 2019–2022 although
    another organisation has a 2020–2022 committee, a term that starts later."""
    own = TermFactory(start_year=2019, end_year=2022)
    other = TermFactory(start_year=2020, end_year=2022)
    sitting = MemberFactory(organization=branch_a)
    CommitteeSeat.objects.create(organization=branch_a, term=own, member=sitting, position=Position.MEMBER)
    CommitteeSeat.objects.create(organization=branch_b, term=other, member=MemberFactory(organization=branch_b),
                                 position=Position.SECRETARY)
    assert selectors.previous_term(branch_a, congress_a.plan.term) == own
    plan = complete_plan(congress_a, clerk=branch_clerk, members=[sitting, MemberFactory(organization=branch_a)])
    plan.congress = congress_a
    facts = {f.member.pk: f for f in selectors.nominee_facts(plan, list(plan.nominees.select_related("member")))}
    assert facts[sitting.pk].re_elected and facts[sitting.pk].current_seat == "Committee member"
