"""Reads of the elections at a congress the pages share: the elections in the order they are
held, a list in ballot order, what may be set up next, the live surplus check and the results
of a closed round."""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from branches.text import format_percent, name_sort_key
from branches.models import Member
from congress.models import Congress, ShowOfHands, VoteSubject

from .. import rules
from ..models import Candidate, Election, ElectionKind, ElectionState
from ..services import elections as services


def congress_elections(congress: Congress) -> list[Election]:
    """The congress's elections: the committee, the secretary, the deputy, the delegates, each
    by round; with their candidates (and members) at hand."""
    elections = congress.elections.prefetch_related(
        Prefetch("candidates", queryset=Candidate.objects.select_related("member")),
    )
    return sorted(elections, key=lambda e: (services.KIND_ORDER.get(e.kind, 9), e.round, e.pk))


def election_candidates(election: Election) -> list[Candidate]:
    """The list in ballot order: the numbered candidates first, then the others by name."""
    rows = election.candidates.select_related("member", "member__organization")
    return sorted(rows, key=lambda c: (c.position is None, c.position or 0, name_sort_key(c.member.full_name), c.pk))


@dataclass(frozen=True)
class NextElection:
    kind: str
    label: str
    seats: int | None
    problem: str | None  # why it cannot be set up yet


def next_elections(congress: Congress, elections: list[Election]) -> list[NextElection]:
    """The elections the congress holds that are not set up yet, in order, each with its
    default seats and what stands in the way."""
    plan = services.approved_personnel_plan(congress)
    kinds = services.allowed_kinds(congress, plan, plan_read=True)
    existing = {e.kind for e in elections}
    return [
        NextElection(
            kind=kind, label=ElectionKind(kind).label, seats=services.default_seats(kind, plan),
            problem=services.order_problem(congress, kind, elections, kinds),
        )
        for kind in kinds if kind not in existing
    ]


def counting_board(congress: Congress) -> list[Member]:
    """The counting board the congress elected by show of hands, in name order (empty when not
    recorded)."""
    vote = ShowOfHands.objects.filter(congress=congress, subject=VoteSubject.COUNTING_BOARD).first()
    return list(vote.members.order_by("sort_key", "pk")) if vote else []


@dataclass(frozen=True)
class Surplus:
    text: str
    problem: str | None
    warning: str | None = None  # a list the term allows though the texts leave it in doubt


def surplus_status(election: Election, candidates: list[Candidate]) -> Surplus:
    """The list as it stands: "8 names, electing 7, surplus 1 (14,29%)", and why it could not
    be put to the vote, if so."""
    on_ballot = sum(1 for c in candidates if c.on_ballot)
    surplus = on_ballot - election.seats
    text = _("List of %(candidates)s, electing %(seats)s, surplus %(surplus)s (%(percent)s)") % {
        "candidates": on_ballot, "seats": election.seats, "surplus": surplus,
        "percent": format_percent(max(surplus, 0), election.seats),
    }
    term = election.congress.plan.term
    extra = services.term_allows_three_seat_extra(term)
    problem = services.list_problem(election, on_ballot, term.regulation, three_seat_extra=extra)
    warning = None
    if problem is None and election.round == 1 and extra:
        warning = rules.surplus_warning(election.kind, election.seats, on_ballot, term.regulation)
    return Surplus(text=text, problem=problem, warning=warning)


def candidate_warnings(election: Election, candidates: list[Candidate]) -> list[str]:
    """What makes a candidate on the list ineligible now (a status corrected on the summons
    list, a seat on the counting board taken since), while the list can still change."""
    if election.state != ElectionState.PREPARING:
        return []
    congress = election.congress
    board, committee = services.counting_board_ids(congress), services.committee_elected_ids(congress)
    warnings = []
    for candidate in candidates:
        if candidate.on_ballot:
            problem = services.candidate_problem(congress, election, candidate.member, board=board, committee=committee)
            if problem:
                warnings.append(problem)
    return warnings


@dataclass(frozen=True)
class ResultRow:
    candidate: Candidate
    votes: int
    percent: str
    elected: bool
    tied: bool


@dataclass(frozen=True)
class Results:
    rows: list[ResultRow]  # highest first
    standing: services.Standing


def election_results(election: Election, candidates: list[Candidate]) -> Results | None:
    """A closed round's result from the stored votes: votes and % of the base, highest first,
    the elected and those tied for the last seats; None before closing."""
    if election.state != ElectionState.CLOSED:
        return None
    standing = services.standing(election, candidates)
    base = election.base or 0
    on_ballot = [c for c in candidates if c.on_ballot]
    ranked = sorted(on_ballot, key=lambda c: (-(c.votes or 0), c.position or 0, c.pk))
    rows = [
        ResultRow(
            candidate=c, votes=c.votes or 0, percent=format_percent(c.votes or 0, base), elected=c.elected,
            tied=c.pk in standing.tied,
        )
        for c in ranked
    ]
    return Results(rows=rows, standing=standing)


def elected_names(election: Election) -> list[str]:
    """The elected of a closed round, from prefetched candidates."""
    return [c.member.full_name for c in election.candidates.all() if c.elected]
