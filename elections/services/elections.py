"""The elections at the congress (docs/domain.md §3): which secret ballots the congress holds and in
what order, the candidate list (the personnel plan's nominees, nominations from the floor,
withdrawals), the list and the number to elect approved by show of hands when voting opens, and
the congress's decision when a closed round leaves seats open (another round among the people it
chooses, to which it may add names by show of hands; seats left vacant, except delegates after a
first round; or a secretary to be appointed by the superior).

Counting and closing a round are elections.services.counting's. Every service here holds the
congress's row lock and is refused unless the congress is on its day (reviewed); a decision
after a round may also be recorded once the congress is recorded as held.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.audit import audited
from branches.models import Member
from branches.text import name_sort_key
from congress import rules as congress_rules
from congress.models import Attendance, Congress, ShowOfHands, VoteSubject
from congress.selectors import day_record_problem
from congress.services.locks import locked
from congress.services.results import official_member_count, standing_problem
from congress.services.votes import congress_count, tally_problem

from .. import rules
from ..models import (
    Candidate, CandidateSource, CountingMode, Election, ElectionKind, ElectionOutcome, ElectionState, NomineeRole,
    PersonnelPlan, PersonnelPlanState, TermElectionRules, ThreeSeatSurplus, UnclearMark,
)

# Action code -> what a history shows (registered in ElectionsConfig.ready()).
ACTION_LABELS = {
    "elections.election.created": gettext_lazy("Election created"),
    "elections.election.opened": gettext_lazy("List approved, voting opened"),
    "elections.election.decided": gettext_lazy("Decision of the congress recorded"),
    "elections.candidate.added": gettext_lazy("Candidate added from the personnel plan"),
    "elections.candidate.nominated": gettext_lazy("Nomination from the floor recorded"),
    "elections.candidate.proposed": gettext_lazy("Name proposed for a further round, show of hands recorded"),
    "elections.candidate.withdrawn": gettext_lazy("Withdrawal accepted"),
    "elections.candidate.withdrawal_refused": gettext_lazy("Withdrawal refused"),
    "elections.candidate.removed": gettext_lazy("Candidate removed"),
}

# Elections are prepared and voted on the congress day (congress.services.day).
SETUP_STATES = frozenset({congress_rules.REVIEWED})
# The congress's decision after a round may be recorded on the day or once it is recorded as held.
DECIDE_STATES = frozenset({congress_rules.REVIEWED, congress_rules.HELD})

# The order the elections are held and listed in (docs/domain.md §3).
KIND_ORDER = {
    ElectionKind.COMMITTEE: 0, ElectionKind.EXECUTIVE_COMMITTEE: 0, ElectionKind.SECRETARY: 1,
    ElectionKind.DEPUTY_SECRETARY: 2, ElectionKind.OFFICIAL_DELEGATES: 3, ElectionKind.ALTERNATE_DELEGATES: 4,
}

# The personnel plan's role whose nominees stand in each election.
NOMINEE_ROLES = {
    ElectionKind.COMMITTEE: NomineeRole.COMMITTEE,
    ElectionKind.EXECUTIVE_COMMITTEE: NomineeRole.COMMITTEE,
    ElectionKind.SECRETARY: NomineeRole.SECRETARY,
    ElectionKind.DEPUTY_SECRETARY: NomineeRole.DEPUTY_SECRETARY,
    ElectionKind.OFFICIAL_DELEGATES: NomineeRole.OFFICIAL_DELEGATE,
    ElectionKind.ALTERNATE_DELEGATES: NomineeRole.ALTERNATE_DELEGATE,
}


# --- What the congress holds ---------------------------------------------------------------------


def approved_personnel_plan(congress: Congress) -> PersonnelPlan | None:
    """The latest revision of the congress's personnel plan the superior approved, or None."""
    return congress.personnel_plans.filter(state=PersonnelPlanState.APPROVED).order_by("-revision").first()


def term_rules(term) -> TermElectionRules:
    """The election rules of `term` (elections.models.TermElectionRules): its row, or the
    defaults when an administrator has not created one; read, never written here."""
    rules_row = TermElectionRules.objects.filter(term=term).first()
    return rules_row if rules_row is not None else TermElectionRules(term=term)


def term_allows_three_seat_extra(term) -> bool:
    """Whether the term lets a 3-seat committee's list under 244-QĐ/TW have a fourth name."""
    return term_rules(term).three_seat_surplus == ThreeSeatSurplus.ONE_EXTRA


def congress_elects_committee(congress: Congress, plan: PersonnelPlan | None) -> bool:
    """From the approved personnel plan when there is one (a branch of 9 or more may choose to
    elect only a secretary and a deputy), else from the official members. A plan's committee
    under 9 official members is refused when the election is set up (order_problem)."""
    if plan is not None:
        return plan.elects_committee or congress.organization.kind not in rules.BRANCH_KINDS
    return congress_rules.elects_committee(congress.organization.kind, official_member_count(congress))


def congress_elects_secretary_directly(congress: Congress, plan: PersonnelPlan | None) -> bool:
    """Whether this congress elects its secretary (a grassroots committee's choice, per congress,
    recorded with the personnel plan; docs/domain.md §3.3). Without an approved plan, the
    round's default (congress.models.Plan.elects_secretary_directly)."""
    if plan is not None:
        return plan.elects_secretary_directly
    return congress.plan.elects_secretary_directly


def allowed_kinds(congress: Congress, plan: PersonnelPlan | None = None, *, plan_read: bool = False) -> list[str]:
    """The secret ballots this congress holds, in order (rules.election_kinds): delegates only
    when the approved personnel plan allocates or plans them; no deputy when the plan says so."""
    if not plan_read:
        plan = approved_personnel_plan(congress)
    allocated = plan.delegates_allocated if plan else 0
    alternates = plan.alternates_planned if plan else 0
    kinds = rules.election_kinds(
        congress.organization.kind, elects_committee=congress_elects_committee(congress, plan),
        elects_secretary_directly=congress_elects_secretary_directly(congress, plan),
        elects_delegates=bool(allocated or alternates),
    )
    if not allocated:
        kinds = [k for k in kinds if k != rules.OFFICIAL_DELEGATES]
    if not alternates:
        kinds = [k for k in kinds if k != rules.ALTERNATE_DELEGATES]
    if plan is not None and not plan.elects_deputy:
        kinds = [k for k in kinds if k != rules.DEPUTY_SECRETARY]
    return kinds


def default_seats(kind: str, plan: PersonnelPlan | None) -> int | None:
    """The seats to fill as the personnel plan says (one secretary, one deputy), or None."""
    if kind in rules.SINGLE_SEAT_KINDS:
        return 1
    if plan is None:
        return None
    if kind in rules.COMMITTEE_KINDS:
        return plan.committee_size
    if kind == rules.OFFICIAL_DELEGATES:
        return plan.delegates_allocated or None
    if kind == rules.ALTERNATE_DELEGATES:
        return plan.alternates_planned or None
    return None


def committee_elections(congress: Congress, elections: Iterable[Election] | None = None) -> list[Election]:
    elections = congress.elections.all() if elections is None else elections
    return [e for e in elections if e.kind in rules.COMMITTEE_KINDS]


def committee_elected_ids(congress: Congress) -> set[int]:
    """The members the committee election(s) of this congress elected (closed rounds)."""
    return set(Candidate.objects.filter(
        election__congress=congress, election__kind__in=rules.COMMITTEE_KINDS, election__state=ElectionState.CLOSED,
        elected=True,
    ).values_list("member_id", flat=True))


def order_problem(congress: Congress, kind: str, elections: list[Election], kinds: list[str]) -> str | None:
    """Why the first round of `kind` cannot be created yet: a branch under 9 official members
    elects no committee (rules.committee_refusal: the personnel plan must be revised); the
    secretary and the deputy are elected after, and from among, the committee; the deputy after
    the secretary."""
    if kind in rules.COMMITTEE_KINDS:
        refusal = rules.committee_refusal(congress.organization.kind, official_member_count(congress), True)
        if refusal:
            return refusal + " " + _("Revise the personnel plan: it elects a secretary and, if needed, one deputy.")
        return None
    if kind not in rules.SINGLE_SEAT_KINDS:
        return None
    if any(k in rules.COMMITTEE_KINDS for k in kinds):
        committee = committee_elections(congress, elections)
        if not committee or any(e.state != ElectionState.CLOSED for e in committee):
            return _("The secretary and the deputy are elected from among the new committee: close the committee "
                     "election first.")
        if not committee_elected_ids(congress):
            return _("The committee election elected nobody: the secretary and the deputy are elected from among "
                     "the committee.")
    if kind == rules.DEPUTY_SECRETARY and rules.SECRETARY in kinds:
        secretary = [e for e in elections if e.kind == rules.SECRETARY]
        if not secretary or any(e.state != ElectionState.CLOSED for e in secretary):
            return _("The deputy secretary is elected after the secretary: close the secretary election first.")
    return None


# --- Who may stand -------------------------------------------------------------------------------


def counting_board_ids(congress: Congress) -> set[int]:
    vote = ShowOfHands.objects.filter(congress=congress, subject=VoteSubject.COUNTING_BOARD).first()
    return set(vote.members.values_list("pk", flat=True)) if vote else set()


def status_on_congress_date(congress: Congress, member: Member) -> tuple[str, str]:
    """The member's (membership, situation) on the congress date: the summons list's when they are on it."""
    row = Attendance.objects.filter(congress=congress, member=member).only("membership", "situation").first()
    return (row.membership, row.situation) if row is not None else (member.membership, member.situation)


def candidate_problem(congress: Congress, election: Election, member: Member, *, board: set[int] | None = None,
                      committee: set[int] | None = None) -> str | None:
    """Why `member` may not stand in `election`, or None (docs/domain.md §3): an official member of
    the organisation (not probationary, not suspended), not on the counting board, and for the
    secretary and the deputy among the elected committee where the congress elects one."""
    name = member.full_name
    problem = standing_problem(member, congress.organization, status_on_congress_date(congress, member))
    if problem:
        return problem
    board = counting_board_ids(congress) if board is None else board
    if member.pk in board:
        return _("%(name)s sits on the vote-counting board and may not stand for election.") % {"name": name}
    if election.kind in rules.SINGLE_SEAT_KINDS and committee_elections(congress):
        committee = committee_elected_ids(congress) if committee is None else committee
        if member.pk not in committee:
            return _("%(name)s was not elected to the committee: the secretary and the deputy are elected from "
                     "among the committee.") % {"name": name}
    if election.kind == rules.DEPUTY_SECRETARY:
        secretary = Candidate.objects.filter(
            election__congress=congress, election__kind=rules.SECRETARY, elected=True, member=member,
        ).exists()
        if secretary:
            return _("%(name)s was elected secretary and cannot also be the deputy.") % {"name": name}
    return None


# --- Refusals ------------------------------------------------------------------------------------


def setup_problem(congress: Congress) -> str | None:
    """Why the elections of `congress` cannot be set up now, or None."""
    if congress.state in SETUP_STATES:
        return None
    if congress.state == congress_rules.ANNULLED:
        return _("An annulled congress cannot change; a new congress must be organised.")
    if congress.state in {congress_rules.HELD, congress_rules.RESULTS_REPORTED, congress_rules.RATIFIED}:
        return _("The congress was recorded as held: its elections can no longer change.")
    return _("Elections are held on the congress day, once the superior has reviewed the congress.")


def decide_problem(congress: Congress) -> str | None:
    if congress.state in DECIDE_STATES:
        return None
    return setup_problem(congress)


def _refuse(problem: str | None) -> None:
    if problem:
        raise ValidationError(problem)


def _details(congress: Congress, election: Election | None = None) -> dict:
    details = {"congress": congress.pk, "organization": congress.organization_id}
    if election is not None and election.pk:
        details["election"] = election.pk
    return details


def _locked_election(election: Election) -> tuple[Congress, Election]:
    """The congress and the election re-read under their row locks (congress first, always)."""
    congress = locked(election.congress)
    election = Election.objects.select_for_update().get(pk=election.pk)
    election.congress = congress
    return congress, election


def _require_preparing(election: Election) -> None:
    if election.state != ElectionState.PREPARING:
        raise ValidationError(_("The list of this election is approved and voting has opened: it can no longer change."))


# --- Creating an election ------------------------------------------------------------------------


def election_create(*, acting_user, congress: Congress, kind: str, seats: int | None = None,
                    counting_mode: str = CountingMode.KEYED) -> Election:
    """The first round of the election of `kind`, by the congress's clerk on its day: only the
    kinds the organisation holds (allowed_kinds), in their order, with the seats of the approved
    personnel plan unless given (official delegates: always as the superior allocated)."""
    if kind not in ElectionKind.values:
        raise ValidationError({"kind": _("Choose an election.")})
    if counting_mode not in CountingMode.values:
        raise ValidationError({"counting_mode": _("Choose how the ballots are counted.")})
    with transaction.atomic(durable=True):
        congress = locked(congress)
        _refuse(setup_problem(congress))
        plan = approved_personnel_plan(congress)
        kinds = allowed_kinds(congress, plan, plan_read=True)
        if kind not in kinds:
            raise ValidationError({"kind": _("This congress does not hold the election “%(kind)s”.") % {
                "kind": ElectionKind(kind).label,
            }})
        elections = list(congress.elections.all())
        if any(e.kind == kind for e in elections):
            raise ValidationError({"kind": _("The election “%(kind)s” is already set up.") % {
                "kind": ElectionKind(kind).label,
            }})
        _refuse(order_problem(congress, kind, elections, kinds))
        planned = default_seats(kind, plan)
        if kind == rules.OFFICIAL_DELEGATES and seats is not None and seats != planned:
            raise ValidationError({"seats": _(
                "The superior allocated %(allocated)s official delegates: that is the number to elect."
            ) % {"allocated": planned}})
        seats = planned if seats is None else seats
        if seats is None:
            raise ValidationError({"seats": _("Say how many to elect: the approved personnel plan does not say.")})
        problem = rules.seats_problem(kind, seats, organization_kind=congress.organization.kind)
        if problem:
            raise ValidationError({"seats": problem})
        election = Election(
            congress=congress, kind=kind, round=1, seats=seats, counting_mode=counting_mode, created_by=acting_user,
        )
        election.full_clean(exclude=["created_by"])
        with audited(acting_user, "elections.election.created", **_details(congress), kind=kind):
            election.save()
    return election


# --- The candidate list --------------------------------------------------------------------------


@dataclass(frozen=True)
class Added:
    added: list[Candidate]
    skipped: list[str]  # why a nominee could not go on the list


def candidates_from_plan(*, acting_user, election: Election) -> Added:
    """Put the approved personnel plan's nominees for the election's role on the list (those
    not on it yet); a nominee who may not stand is left off, with the reason."""
    with transaction.atomic(durable=True):
        congress, election = _locked_election(election)
        _refuse(setup_problem(congress))
        _require_preparing(election)
        if election.round > 1:
            raise ValidationError(_("A further round's list is the one the congress chose; the plan's nominees "
                                    "stand in the first round."))
        plan = approved_personnel_plan(congress)
        if plan is None:
            raise ValidationError(_("The congress has no approved personnel plan: add the candidates from the floor."))
        nominees = list(
            plan.nominees.filter(role=NOMINEE_ROLES[election.kind]).select_related("member", "member__organization")
        )
        if not nominees:
            raise ValidationError(_("The approved personnel plan nominates nobody for this election."))
        on_list = set(election.candidates.values_list("member_id", flat=True))
        board, committee = counting_board_ids(congress), committee_elected_ids(congress)
        added, skipped = [], []
        with audited(acting_user, "elections.candidate.added", **_details(congress, election)):
            for nominee in nominees:
                if nominee.member_id in on_list:
                    continue
                problem = candidate_problem(congress, election, nominee.member, board=board, committee=committee)
                if problem:
                    skipped.append(problem)
                    continue
                candidate = Candidate(election=election, member=nominee.member, source=CandidateSource.NOMINEE)
                candidate.full_clean(exclude=["position"])
                candidate.save()
                added.append(candidate)
    return Added(added=added, skipped=skipped)


def candidate_nominate_from_floor(*, acting_user, election: Election, member: Member, agreeing: int) -> Candidate:
    """A nomination from the floor and the show of hands on it: the person goes on the list
    only when more than 30% of the voters present agree (rules.floor_nomination_admitted);
    otherwise the nomination is kept with admitted False."""
    if agreeing is None or agreeing < 0:
        raise ValidationError({"agreeing": _("The number of votes cannot be negative.")})
    with transaction.atomic(durable=True):
        congress, election = _locked_election(election)
        _refuse(setup_problem(congress))
        _require_preparing(election)
        if election.round > 1:
            raise ValidationError(_("A further round takes no nominations from the floor: the congress adds a name "
                                    "by a show of hands of more than half of the base."))
        if election.candidates.filter(member=member).exists():
            raise ValidationError({"member": _("%(name)s is already on the list (or was nominated before).") % {
                "name": member.full_name,
            }})
        problem = candidate_problem(congress, election, member)
        if problem:
            raise ValidationError({"member": problem})
        count = congress_count(congress)
        if agreeing > count.voters:
            raise ValidationError({"agreeing": _("%(agreeing)s agreeing, but only %(voters)s present may vote.") % {
                "agreeing": agreeing, "voters": count.voters,
            }})
        candidate = Candidate(
            election=election, member=member, source=CandidateSource.FLOOR, floor_votes_for=agreeing,
            admitted=rules.floor_nomination_admitted(agreeing, count.voters),
        )
        candidate.full_clean(exclude=["position"])
        with audited(acting_user, "elections.candidate.nominated", **_details(congress, election),
                     present=count.voters):
            candidate.save()
    return candidate


def candidate_propose_for_round(*, acting_user, election: Election, member: Member, votes_for: int) -> Candidate:
    """A name outside the previous round's list proposed for a further round, and the congress's
    show of hands on it [244-QĐ/TW Art. 20 cl. 2; docs/domain.md §3.11]: added to the list
    when more than half of the base agree (congress.rules.show_of_hands_passes, Decision D51);
    otherwise the proposal stays on record with admitted False. Only in a further round that is
    still being prepared, for someone who may stand (candidate_problem) and was not elected to
    this body in an earlier round."""
    if votes_for is None or votes_for < 0:
        raise ValidationError({"agreeing": _("The number of votes cannot be negative.")})
    with transaction.atomic(durable=True):
        congress, election = _locked_election(election)
        _refuse(setup_problem(congress))
        _require_preparing(election)
        if election.round == 1:
            raise ValidationError(_("Names are added this way only to a further round; the first round's list takes "
                                    "the personnel plan's nominees and nominations from the floor."))
        if election.candidates.filter(member=member).exists():
            raise ValidationError({"member": _("%(name)s is already on the list (or was proposed before).") % {
                "name": member.full_name,
            }})
        if Candidate.objects.filter(
            election__congress=congress, election__kind=election.kind, elected=True, member=member,
        ).exists():
            raise ValidationError({"member": _("%(name)s was elected in an earlier round.") % {"name": member.full_name}})
        problem = candidate_problem(congress, election, member)
        if problem:
            raise ValidationError({"member": problem})
        count = congress_count(congress)
        if votes_for > count.voters:
            raise ValidationError({"agreeing": _("%(votes)s votes, but only %(voters)s present may vote.") % {
                "votes": votes_for, "voters": count.voters,
            }})
        candidate = Candidate(
            election=election, member=member, source=CandidateSource.ADDED, floor_votes_for=votes_for,
            admitted=congress_rules.show_of_hands_passes(votes_for, count.base),
        )
        candidate.full_clean(exclude=["position"])
        with audited(acting_user, "elections.candidate.proposed", **_details(congress, election), base=count.base,
                     votes_for=votes_for):
            candidate.save()
    return candidate


def candidate_withdraw(*, acting_user, candidate: Candidate, votes_for: int, reason: str) -> Candidate:
    """A candidate asks to withdraw; the congress decides by show of hands with more than half
    of the base. Accepted: the row stays, withdrawn. Refused: the vote and the reason are kept
    on the row (withdrawn False) and the candidate stays on the list."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Write the reason the candidate gave.")})
    if votes_for is None or votes_for < 0:
        raise ValidationError({"votes_for": _("The number of votes cannot be negative.")})
    with transaction.atomic(durable=True):
        congress, election = _locked_election(candidate.election)
        _refuse(setup_problem(congress))
        _require_preparing(election)
        candidate = Candidate.objects.select_for_update().select_related("member").get(pk=candidate.pk)
        if not candidate.on_ballot:
            raise ValidationError(_("%(name)s is not on the list.") % {"name": candidate.member.full_name})
        count = congress_count(congress)
        if votes_for > count.voters:
            raise ValidationError({"votes_for": _("%(votes)s votes, but only %(voters)s present may vote.") % {
                "votes": votes_for, "voters": count.voters,
            }})
        accepted = congress_rules.show_of_hands_passes(votes_for, count.base)
        candidate.withdrawal_votes_for = votes_for
        candidate.withdrawal_reason = reason[:255]
        candidate.withdrawn = accepted
        candidate.full_clean(exclude=["position"])
        code = "elections.candidate.withdrawn" if accepted else "elections.candidate.withdrawal_refused"
        with audited(acting_user, code, **_details(congress, election), base=count.base, votes_for=votes_for):
            candidate.save()
    return candidate


def candidate_remove(*, acting_user, candidate: Candidate) -> None:
    """Take off a row added by mistake, while the list is being prepared (a withdrawal is
    decided by the congress: candidate_withdraw)."""
    with transaction.atomic(durable=True):
        congress, election = _locked_election(candidate.election)
        _refuse(setup_problem(congress))
        _require_preparing(election)
        with audited(acting_user, "elections.candidate.removed", **_details(congress, election),
                     member=candidate.member_id):
            Candidate.objects.filter(pk=candidate.pk, election=election).delete()


# --- Opening the vote ----------------------------------------------------------------------------


def list_problem(election: Election, on_ballot: int, regulation: str, *, three_seat_extra: bool | None = None) -> str | None:
    """Why a list of `on_ballot` names cannot be put to the vote. The surplus limits are the
    first list's (with the term's reading of a 3-seat list under 244-QĐ/TW); a further round
    among the people the congress chose and the names it added needs only as many names as
    seats."""
    if election.round == 1:
        if three_seat_extra is None:
            three_seat_extra = term_allows_three_seat_extra(election.congress.plan.term)
        return rules.surplus_problem(election.kind, election.seats, on_ballot, regulation,
                                     three_seat_extra=three_seat_extra)
    if on_ballot < election.seats:
        return _("The list has %(candidates)s names for %(seats)s seats: it must have at least as many names as "
                 "seats.") % {"candidates": on_ballot, "seats": election.seats}
    return None


def ballot_order(candidates: Iterable[Candidate]) -> list[Candidate]:
    """The candidates on the ballot in Vietnamese alphabetical order (given name first)."""
    return sorted((c for c in candidates if c.on_ballot), key=lambda c: (name_sort_key(c.member.full_name), c.pk))


def earlier_counting_head(congress: Congress, election: Election | None = None) -> Member | None:
    """The head of the counting board an earlier ballot of the congress recorded (the board the
    congress elected serves the whole day), or None."""
    earlier = congress.elections.filter(counting_head__isnull=False)
    if election is not None and election.pk:
        earlier = earlier.exclude(pk=election.pk)
    found = earlier.select_related("counting_head").order_by("-opened_at", "-pk").first()
    return found.counting_head if found else None


def counting_head_problem(member: Member | None, board: set[int]) -> str | None:
    """Why `member` cannot head the counting board, or None: the head is one of the board the
    congress elected by show of hands (docs/domain.md §3.14)."""
    if member is None:
        return None
    if not board:
        return _("The congress has not recorded the counting board it elected: record that show of hands first.")
    if member.pk not in board:
        return _("%(name)s is not on the counting board the congress elected.") % {"name": member.full_name}
    return None


def election_open(*, acting_user, election: Election, list_votes_for: int, list_votes_against: int = 0,
                  absent_at_voting: int = 0, ballots_issued: int, counting_head: Member | None = None) -> Election:
    """The congress approves the list and the number to elect by show of hands (more than half
    of the base); the candidates get their numbers on the ballot in alphabetical order and the
    figures of the vote-count minutes are fixed from the attendance: the official members
    summoned, the voters present, the base, the ballots issued and the absent at voting time.

    Also fixed now: who heads the counting board, who signs the vote-count minutes by name
    (`counting_head`, one of the board; by default the head an earlier ballot of the congress
    recorded; none when the board is not recorded, the minutes then leave a line to sign), and
    the term's reading of a single-name ballot marked both or neither
    (TermElectionRules.single_name_unclear), so that one count never mixes two readings."""
    for field, value in (("list_votes_for", list_votes_for), ("list_votes_against", list_votes_against),
                         ("absent_at_voting", absent_at_voting), ("ballots_issued", ballots_issued)):
        if value is None or value < 0:
            raise ValidationError({field: _("The number cannot be negative.")})
    with transaction.atomic(durable=True):
        congress, election = _locked_election(election)
        _refuse(setup_problem(congress))
        _refuse(day_record_problem(congress))  # the ballot is cast on the congress day, not before
        _require_preparing(election)
        count = congress_count(congress)
        _refuse(tally_problem(list_votes_for, list_votes_against, count.voters, congress.kind))
        if not congress_rules.show_of_hands_passes(list_votes_for, count.base):
            raise ValidationError(_(
                "The list was not approved: %(votes)s votes for, and more than half of the base (%(base)s) is needed, "
                "at least %(required)s."
            ) % {"votes": list_votes_for, "base": count.base, "required": congress_rules.required_votes(count.base)})
        candidates = ballot_order(election.candidates.select_related("member"))
        term = term_rules(congress.plan.term)
        _refuse(list_problem(election, len(candidates), congress.plan.term.regulation,
                             three_seat_extra=term.three_seat_surplus == ThreeSeatSurplus.ONE_EXTRA))
        head = counting_head if counting_head is not None else earlier_counting_head(congress, election)
        problem = counting_head_problem(head, counting_board_ids(congress))
        if problem:
            if counting_head is None:
                head = None  # the default no longer fits (the board was elected again): leave it to sign
            else:
                raise ValidationError({"counting_head": problem})
        if ballots_issued > count.voters:
            raise ValidationError({"ballots_issued": _(
                "%(issued)s ballots issued, but only %(voters)s present may vote."
            ) % {"issued": ballots_issued, "voters": count.voters}})
        if absent_at_voting > count.voters:
            raise ValidationError({"absent_at_voting": _(
                "%(absent)s absent at voting time, but only %(voters)s present may vote."
            ) % {"absent": absent_at_voting, "voters": count.voters}})
        with audited(acting_user, "elections.election.opened", **_details(congress, election)):
            for position, candidate in enumerate(candidates, 1):
                candidate.position = position
                candidate.save(update_fields=["position"])
            election.list_votes_for = list_votes_for
            election.list_votes_against = list_votes_against
            election.summoned = count.summoned
            election.present = count.voters
            election.base = count.base
            election.ballots_issued = ballots_issued
            election.absent_at_voting = absent_at_voting
            election.counting_head = head
            election.single_name_unclear = term.single_name_unclear or UnclearMark.AGAINST
            election.state = ElectionState.VOTING
            election.opened_at = timezone.now()
            election.full_clean(exclude=["created_by", "minutes", "entry_log"])
            election.save()
    return election


# --- After a round -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """What a closed round left: who was elected, who is tied for the last seats, the seats
    still open (vacant and tied), and whether only an appointment is left (a secretary after
    three rounds)."""

    elected: tuple[int, ...]  # Candidate ids
    tied: tuple[int, ...]
    open_seats: int
    vacant: int
    appointment_only: bool


def standing(election: Election, candidates: list[Candidate]) -> Standing:
    """From the stored votes of a closed round (Candidate.votes, Candidate.elected)."""
    on_ballot = sorted((c for c in candidates if c.on_ballot), key=lambda c: (c.position or 0, c.pk))
    elected = tuple(c.pk for c in on_ballot if c.elected)
    tally = rules.tally_votes(
        seats=election.seats, base=election.base or 0, candidates=[c.pk for c in on_ballot],
        votes={c.pk: c.votes or 0 for c in on_ballot}, valid=0,
    )
    open_seats = max(election.seats - len(elected), 0)
    tied = tuple(c for c in tally.tied if c not in elected) if open_seats else ()
    return Standing(
        elected=elected, tied=tied, open_seats=open_seats, vacant=open_seats - (tally.tied_seats if tied else 0),
        appointment_only=rules.needs_appointment(election.kind, election.round, len(elected)),
    )


def decision_choices(election: Election, state: Standing) -> list[str]:
    """The decisions the congress may take after this closed round."""
    if election.state != ElectionState.CLOSED or election.outcome or not state.open_seats:
        return []
    if state.appointment_only:
        return [ElectionOutcome.APPOINT]
    if rules.must_vote_again(election.kind, election.round):
        return [ElectionOutcome.FURTHER_ROUND]
    return [ElectionOutcome.FURTHER_ROUND, ElectionOutcome.LEAVE_VACANT]


def election_decide(*, acting_user, election: Election, outcome: str, note: str, candidates: Iterable = (),
                    votes_for: int | None = None) -> Election:
    """Record what the congress decided after a closed round that left seats open. Nothing is
    resolved automatically (docs/domain.md §3):

    - FURTHER_ROUND: a new round (round + 1) for the seats still open, among the candidates the
      congress chose (not elected in this round; by default those tied for the last seats), to
      which it may add names outside the list by show of hands (candidate_propose_for_round)
      before the vote [244-QĐ/TW Art. 20 cl. 2];
    - LEAVE_VACANT: the seats stay vacant (bầu thiếu), except delegates after their first
      round, who are voted for again (rules.must_vote_again);
    - APPOINT: a secretary not elected after three rounds is appointed by the superior, the only
      decision left then.

    `note` is the congress's decision in words; `votes_for`, when given, the show of hands that
    took it (more than half of the base)."""
    note = (note or "").strip()
    if outcome not in {ElectionOutcome.FURTHER_ROUND, ElectionOutcome.LEAVE_VACANT, ElectionOutcome.APPOINT}:
        raise ValidationError({"outcome": _("Choose the congress's decision.")})
    if not note:
        raise ValidationError({"note": _("Write the congress's decision.")})
    chosen = {getattr(c, "pk", c) for c in candidates}
    with transaction.atomic(durable=True):
        congress, election = _locked_election(election)
        _refuse(decide_problem(congress))
        if election.state != ElectionState.CLOSED:
            raise ValidationError(_("The round is not closed: its result is not known yet."))
        if election.outcome == ElectionOutcome.COMPLETE:
            raise ValidationError(_("Every seat was filled: there is nothing to decide."))
        if election.outcome:
            raise ValidationError(_("The congress's decision is already recorded: %(outcome)s.") % {
                "outcome": election.get_outcome_display(),
            })
        rows = list(election.candidates.select_related("member"))
        state = standing(election, rows)
        if not state.open_seats:
            raise ValidationError(_("Every seat was filled: there is nothing to decide."))
        if outcome not in decision_choices(election, state):
            if rules.must_vote_again(election.kind, election.round):
                raise ValidationError({"outcome": _(
                    "Delegates not all elected in the first round are voted for again: the seats cannot be left "
                    "vacant yet (Regulation 244-QĐ/TW Art. 20 cl. 2)."
                )})
            if state.appointment_only:
                raise ValidationError({"outcome": _(
                    "No secretary was elected in %(rounds)s rounds: the superior appoints one. Record that decision."
                ) % {"rounds": election.round}})
            raise ValidationError({"outcome": _("A secretary is appointed by the superior only after %(rounds)s "
                                                "rounds without election.") % {"rounds": rules.SECRETARY_ROUNDS}})
        if votes_for is not None:
            if votes_for < 0:
                raise ValidationError({"votes_for": _("The number of votes cannot be negative.")})
            base = election.base or 0
            if not congress_rules.show_of_hands_passes(votes_for, base):
                raise ValidationError({"votes_for": _(
                    "%(votes)s votes is not more than half of the base (%(base)s): the decision did not pass."
                ) % {"votes": votes_for, "base": base}})
        next_round = None
        details = {**_details(congress, election), "outcome": outcome}
        if votes_for is not None:
            details["votes_for"] = votes_for
        with audited(acting_user, "elections.election.decided", **details):
            if outcome == ElectionOutcome.FURTHER_ROUND:
                if congress.state not in SETUP_STATES:
                    raise ValidationError(_("Another round is held on the congress day; the congress is recorded as "
                                            "held."))
                next_round = _further_round(acting_user, election, rows, state, chosen or set(state.tied))
            election.outcome = outcome
            election.outcome_note = note
            election.full_clean(exclude=["created_by", "minutes", "entry_log"])
            election.save(update_fields=["outcome", "outcome_note"])
    return next_round or election


def _further_round(acting_user, election: Election, rows: list[Candidate], state: Standing,
                   chosen: set[int]) -> Election:
    # The congress may keep fewer of this round's candidates than the seats left: it may add
    # names outside the list to the next round by show of hands (candidate_propose_for_round),
    # and the next round opens only with at least as many names as seats (list_problem).
    if not chosen:
        raise ValidationError({"candidates": _("Choose the candidates of the next round.")})
    eligible = {c.pk: c for c in rows if c.on_ballot and not c.elected}
    stray = chosen - set(eligible)
    if stray:
        raise ValidationError({"candidates": _(
            "Of this round's candidates, only those not elected go on to the next round; the congress adds other "
            "names to the next round by show of hands."
        )})
    following = Election(
        congress=election.congress, kind=election.kind, round=election.round + 1, seats=state.open_seats,
        counting_mode=election.counting_mode, previous_round=election, created_by=acting_user,
    )
    following.full_clean(exclude=["created_by", "previous_round"])
    following.save()
    for pk in sorted(chosen, key=lambda pk: (name_sort_key(eligible[pk].member.full_name), pk)):
        candidate = Candidate(election=following, member=eligible[pk].member, source=CandidateSource.PREVIOUS_ROUND)
        candidate.full_clean(exclude=["position", "election"])
        candidate.save()
    return following
