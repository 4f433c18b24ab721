"""Personnel plans for tests, built through the real services."""

import datetime

from branches.tests.factories import MemberFactory
from congress.rules import Actor
from elections.models import NomineeRole, PersonnelPlan
from elections.services import personnel

CLERK = {Actor.CLERK}
LEADER = {Actor.SUPERIOR_LEADER}
STEP_DAY = datetime.date(2022, 5, 2)


def officials(organization, count: int, **fields) -> list:
    return [MemberFactory(organization=organization, **fields) for _ in range(count)]


def enough_for_a_committee(congress) -> None:
    """Official members up to 9 in the congress's organisation: a branch with fewer elects no
    committee, and one is refused [Charter Art. 24 cl. 4; 294-QĐ/TW §24]."""
    from congress.services.results import official_member_count

    missing = 9 - official_member_count(congress)
    if missing > 0:
        officials(congress.organization, missing)


def record_steps(plan: PersonnelPlan, *, clerk) -> None:
    for step in plan.steps.all():
        personnel.nomination_step_record(
            acting_user=clerk, step=step, actors=CLERK, held_on=STEP_DAY, participants=9, votes_for=8, votes_against=1,
        )


def complete_plan(congress, *, clerk, members=None, seats: int = 3) -> PersonnelPlan:
    """A draft plan ready to submit: a committee of `seats`, one nominee per seat (the first
    also secretary, the second deputy), every step recorded. `members`: the nominees (made in
    the congress's organisation when not given); the organisation gets 9 official members at
    least, so that it may elect a committee."""
    members = list(members) if members is not None else officials(congress.organization, seats)
    enough_for_a_committee(congress)
    plan = personnel.personnel_plan_create(acting_user=clerk, congress=congress, actors=CLERK)
    plan = personnel.personnel_plan_update(
        acting_user=clerk, plan=plan, actors=CLERK, elects_committee=True, committee_size=seats,
    )
    for member in members:
        personnel.nominee_add(acting_user=clerk, plan=plan, actors=CLERK, member=member, role=NomineeRole.COMMITTEE)
    personnel.nominee_add(acting_user=clerk, plan=plan, actors=CLERK, member=members[0], role=NomineeRole.SECRETARY)
    if len(members) > 1:
        personnel.nominee_add(
            acting_user=clerk, plan=plan, actors=CLERK, member=members[1], role=NomineeRole.DEPUTY_SECRETARY,
        )
    record_steps(plan, clerk=clerk)
    return plan


def submitted_plan(congress, *, clerk, **kwargs) -> PersonnelPlan:
    plan = complete_plan(congress, clerk=clerk, **kwargs)
    return personnel.personnel_plan_submit(acting_user=clerk, plan=plan, actors=CLERK)


def approved_plan(congress, *, clerk, leader, **kwargs) -> PersonnelPlan:
    plan = submitted_plan(congress, clerk=clerk, **kwargs)
    return personnel.personnel_plan_approve(acting_user=leader, plan=plan, actors=LEADER)
