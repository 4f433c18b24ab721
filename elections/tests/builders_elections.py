"""Building the elections at a congress for tests: the congress on its day with its attendance
recorded through the real services, an approved personnel plan written straight to the tables,
an election with its candidates, and a round closed as the counting would leave it."""

from branches.tests.factories import MemberFactory
from congress.models import Congress, CongressState, ShowOfHands, VoteSubject
from congress.services.attendance import Mark, attendance_draw, attendance_record
from congress.tests.builders import put_in_state
from elections.models import (
    Candidate, CandidateSource, Election, ElectionKind, ElectionState, Nominee, PersonnelPlan, PersonnelPlanState,
)


def reviewed_congress_with_attendance(congress: Congress, clerk, *, officials: int = 10, absent: int = 0,
                                      names=None, prefix: str = "Đảng viên") -> Congress:
    """`congress` put on its day (reviewed) with `officials` official members (named `names` or
    "<prefix> 000"...) summoned and all present but the last `absent`: base = officials, voters =
    officials - absent."""
    names = list(names) if names is not None else [f"{prefix} {i:03d}" for i in range(officials)]
    for name in names:
        MemberFactory(organization=congress.organization, full_name=name, status="official")
    put_in_state(congress, CongressState.REVIEWED)
    attendance_draw(acting_user=clerk, congress=congress)
    rows = list(congress.attendance.select_related("member").order_by("member__sort_key", "pk"))
    away = {row.pk for row in rows[len(rows) - absent:]} if absent else set()
    attendance_record(acting_user=clerk, congress=congress, marks={
        row.pk: Mark(None, row.pk not in away) for row in rows
    })
    return congress


def member_named(congress: Congress, name: str):
    return congress.attendance.select_related("member").get(member__full_name=name).member


def approved_plan(congress: Congress, user, *, elects_committee: bool = True, committee_size: int | None = 3,
                  elects_deputy: bool = True, delegates_allocated: int = 0, alternates_planned: int = 0,
                  nominees=()) -> PersonnelPlan:
    """An approved personnel plan of `congress`; `nominees`: (member, NomineeRole) pairs."""
    plan = PersonnelPlan.objects.create(
        congress=congress, revision=(congress.personnel_plans.count() + 1), state=PersonnelPlanState.APPROVED,
        elects_committee=elects_committee, committee_size=committee_size if elects_committee else None,
        elects_deputy=elects_deputy, delegates_allocated=delegates_allocated, alternates_planned=alternates_planned,
        created_by=user,
    )
    for member, role in nominees:
        Nominee.objects.create(personnel_plan=plan, member=member, role=role)
    return plan


def counting_board(congress: Congress, user, members) -> ShowOfHands:
    vote = ShowOfHands.objects.create(
        congress=congress, subject=VoteSubject.COUNTING_BOARD, votes_for=10, base=10, passed=True, recorded_by=user,
    )
    vote.members.set(members)
    return vote


def election_with_candidates(congress: Congress, user, *, kind: str = ElectionKind.COMMITTEE, seats: int = 3,
                             members=(), round: int = 1, **fields) -> Election:
    """An election in preparation at `congress` with `members` on its list, written straight
    to the tables."""
    election = Election.objects.create(congress=congress, kind=kind, round=round, seats=seats, created_by=user, **fields)
    for member in members:
        Candidate.objects.create(election=election, member=member, source=CandidateSource.NOMINEE)
    return election


def close_round(election: Election, votes: dict, *, base: int | None = None, elected=None, outcome: str = "") -> Election:
    """What the counting leaves when it closes a round: `votes` (Member -> votes) on the
    candidates, numbered in the order given, elected those with a majority of the base
    (or the members in `elected`)."""
    base = base if base is not None else (election.base or 10)
    for position, (member, count) in enumerate(votes.items(), 1):
        is_elected = (member in elected) if elected is not None else count * 2 > base
        Candidate.objects.filter(election=election, member=member).update(
            position=position, votes=count, elected=is_elected,
        )
    Election.objects.filter(pk=election.pk).update(
        state=ElectionState.CLOSED, base=base, summoned=base, present=base, ballots_issued=base,
        ballots_returned=base, outcome=outcome,
    )
    election.refresh_from_db()
    return election


def at_congress(congress: Congress, state: str = CongressState.REVIEWED) -> Congress:
    return put_in_state(congress, state)
