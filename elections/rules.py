"""The rules of a secret ballot at a congress, as plain functions over plain values (no ORM):
which elections a congress holds, whether a candidate list is lawful, what a keyed ballot
says, whether two operators agree, and the tally (docs/domain.md §3; 244-QĐ/TW and 190-QĐ/TW).

Candidates are named by plain ids (Candidate primary keys) throughout."""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.translation import gettext as _

from branches.text import format_percent
from congress.rules import (  # noqa: F401 (the branch rules, read here as elections.rules)
    BRANCH_COMMITTEE_MAX, BRANCH_KINDS, COMMITTEE_THRESHOLD, elects_committee, is_majority,
)

# Election kinds (elections.models.ElectionKind values).
COMMITTEE = "committee"
EXECUTIVE_COMMITTEE = "executive_committee"
SECRETARY = "secretary"
DEPUTY_SECRETARY = "deputy_secretary"
OFFICIAL_DELEGATES = "official_delegates"
ALTERNATE_DELEGATES = "alternate_delegates"
COMMITTEE_KINDS = frozenset({COMMITTEE, EXECUTIVE_COMMITTEE})
SINGLE_SEAT_KINDS = frozenset({SECRETARY, DEPUTY_SECRETARY})
DELEGATE_KINDS = frozenset({OFFICIAL_DELEGATES, ALTERNATE_DELEGATES})

# Regulations (branches.models.Regulation values).
QD244 = "244-2014"
QD190 = "190-2024"

# A secretary not elected after this many rounds is appointed by the superior (docs/domain.md §3).
SECRETARY_ROUNDS = 3
# A floor nomination goes on the list only when more than this share of those present agree.
FLOOR_SHARE = Decimal("0.30")


@dataclass(frozen=True)
class SurplusRule:
    """How long a committee's list may be, under one regulation."""

    max_share: Decimal  # the surplus may not exceed this share of the seats
    small_committee: tuple[int, int, int] | None  # (from seats, to seats, at most this surplus)
    own_list_share: tuple[Decimal, Decimal] | None  # the convening committee's own list


SURPLUS_RULES: dict[str, SurplusRule] = {
    QD244: SurplusRule(max_share=Decimal("0.30"), small_committee=None, own_list_share=None),
    QD190: SurplusRule(
        max_share=Decimal("0.30"), small_committee=(3, 5, 1), own_list_share=(Decimal("0.10"), Decimal("0.15")),
    ),
}


# --- Which elections a congress holds ------------------------------------------------------------



def committee_kind(organization_kind: str) -> str:
    return COMMITTEE if organization_kind in BRANCH_KINDS else EXECUTIVE_COMMITTEE


def committee_refusal(organization_kind: str, official_members: int, wants_committee: bool) -> str | None:
    """Why a congress may not elect a committee, or None [Charter Art. 24 cl. 4; 294-QĐ/TW §24;
    docs/domain.md §3.3]: a branch with fewer than COMMITTEE_THRESHOLD (9) official members
    elects a secretary and, if needed, one deputy, and no committee; that is refused, not
    warned about. The reverse is no problem: a branch of 9 or more may choose to elect only a
    secretary and a deputy, and a grassroots committee always elects its executive committee."""
    if wants_committee and not elects_committee(organization_kind, official_members):
        return _(
            "The branch has %(count)s official members: with fewer than %(threshold)s a branch elects a secretary "
            "and, if needed, one deputy, and no committee (Charter Art. 24 cl. 4)."
        ) % {"count": official_members, "threshold": COMMITTEE_THRESHOLD}
    return None


def election_kinds(organization_kind: str, *, elects_committee: bool, elects_secretary_directly: bool,
                   elects_delegates: bool) -> list[str]:
    """The secret ballots a congress may hold, in the order they are held.

    A branch congress elects its committee (when it has one), then the secretary, then one
    deputy from among the committee. A grassroots committee's congress elects the executive
    committee; the secretary only when that congress elects it directly, a choice of each
    congress recorded with its personnel plan (the new committee elects its secretary and
    deputies at its first meeting otherwise; docs/domain.md §3.3). Never an
    inspection committee: that is elected by the committee, not the congress.
    """
    kinds: list[str] = []
    if organization_kind in BRANCH_KINDS:
        if elects_committee:
            kinds.append(COMMITTEE)
        kinds += [SECRETARY, DEPUTY_SECRETARY]
    else:
        kinds.append(EXECUTIVE_COMMITTEE)
        if elects_secretary_directly:
            kinds.append(SECRETARY)
    if elects_delegates:
        kinds += [OFFICIAL_DELEGATES, ALTERNATE_DELEGATES]
    return kinds


def seats_problem(kind: str, seats: int, *, organization_kind: str) -> str | None:
    if seats < 1:
        return _("An election fills at least one seat.")
    if kind in SINGLE_SEAT_KINDS and seats != 1 and organization_kind in BRANCH_KINDS:
        return _("A branch elects one secretary and at most one deputy secretary.")
    if kind == SECRETARY and seats != 1:
        return _("There is one secretary.")
    if kind == COMMITTEE and organization_kind in BRANCH_KINDS and seats > BRANCH_COMMITTEE_MAX:
        return _("A branch committee has at most %(max)s members.") % {"max": BRANCH_COMMITTEE_MAX}
    return None


# --- The candidate list --------------------------------------------------------------------------


def max_surplus(seats: int, regulation: str, *, three_seat_extra: bool = False) -> int:
    """The longest surplus the regulation allows over `seats`: 30% of the seats, rounded down
    [244-QĐ/TW; 190-QĐ/TW], and under 190-QĐ/TW at most 1 for a committee of 3 to 5 seats.

    Under 244-QĐ/TW 30% of 3 seats rounds down to no surplus, yet one extra name (33%) is what
    offices read into it: the term's setting (elections.models.TermElectionRules, by default
    allowing it) passes `three_seat_extra`; without it the text is read strictly."""
    rule = SURPLUS_RULES[regulation]
    if rule.small_committee is not None:
        low, high, most = rule.small_committee
        if low <= seats <= high:
            return most
    if three_seat_extra and regulation == QD244 and seats == 3:
        return 1
    return int((rule.max_share * seats).to_integral_value(rounding=ROUND_FLOOR))


def surplus_problem(kind: str, seats: int, candidates: int, regulation: str, *,
                    three_seat_extra: bool = False) -> str | None:
    """Why a list of `candidates` names for `seats` is not lawful, or None [244-QĐ/TW; 190-QĐ/TW;
    docs/domain.md §3.8, Decision D16].

    For a committee the list must be longer than the seats and the surplus may not exceed
    max_surplus. Where 30% rounds down to no surplus at all (1 or 2 seats; 3 seats under
    244-QĐ/TW) the list may be as long as the seats and is printed with agree/disagree columns;
    under 244-QĐ/TW a 3-seat list may also have one extra name when the term allows it
    (`three_seat_extra`; surplus_warning then says why it is doubtful). Other elections may have
    any list at least as long as the seats: their surplus limit is not in the texts we hold, so
    only the committee's is enforced.
    """
    if candidates < seats:
        return _("The list has %(candidates)s names for %(seats)s seats: it must have at least as many names as seats.") % {
            "candidates": candidates, "seats": seats,
        }
    if kind not in COMMITTEE_KINDS:
        return None
    most = max_surplus(seats, regulation, three_seat_extra=three_seat_extra)
    surplus = candidates - seats
    if surplus > most:
        return _(
            "The list has %(surplus)s more names than seats; the regulation allows at most %(most)s for %(seats)s seats "
            "(30%% of the seats%(small)s)."
        ) % {
            "surplus": surplus, "most": most, "seats": seats,
            "small": _(", and 1 for a committee of 3 to 5") if SURPLUS_RULES[regulation].small_committee else "",
        }
    if surplus == 0 and max_surplus(seats, regulation) > 0:
        return _("A committee's list must have more names than seats (up to %(most)s more for %(seats)s seats).") % {
            "most": most, "seats": seats,
        }
    return None


def surplus_warning(kind: str, seats: int, candidates: int, regulation: str) -> str | None:
    """A warning, not a refusal, for the list the texts leave in doubt: under 244-QĐ/TW one extra
    name for a 3-seat committee is 33% of the seats, over the 30% that rounds down to none
    (docs/domain.md §3.8). Shown where the term allows it (surplus_problem refuses it otherwise)."""
    if kind in COMMITTEE_KINDS and regulation == QD244 and seats == 3 and candidates == 4:
        return _(
            "Under Regulation 244-QĐ/TW one extra name for %(seats)s seats is 33%% of the seats, over the 30%% limit; "
            "the term's election rules allow it. Make sure the congress agrees."
        ) % {"seats": seats}
    return None


def own_list_warning(seats: int, nominees: int, regulation: str) -> str | None:
    """Under 190-QĐ/TW the convening committee's own list has a 10–15% surplus: a warning when
    the nominees of a committee's personnel plan fall outside it (the congress may still
    complete the list from the floor)."""
    rule = SURPLUS_RULES[regulation]
    if rule.own_list_share is None or seats < 1:
        return None
    low, high = rule.own_list_share
    surplus = nominees - seats
    fewest = int((low * seats).to_integral_value(rounding=ROUND_CEILING))
    most = int((high * seats).to_integral_value(rounding=ROUND_FLOOR))
    if fewest > most:  # no whole number of people is 10–15% of a small committee: one more
        fewest = most = 1
    if fewest <= surplus <= most:
        return None
    return _(
        "Under Regulation 190-QĐ/TW the convening committee's own list has a surplus of 10–15%% of the seats; "
        "%(nominees)s nominees for %(seats)s seats is a surplus of %(surplus)s."
    ) % {"nominees": nominees, "seats": seats, "surplus": surplus}


def floor_nomination_admitted(agreeing: int, present: int) -> bool:
    """A nomination from the floor goes on the list only when more than 30% of those present
    agree: agreeing × 10 > present × 3."""
    if agreeing < 0 or present < 0:
        raise ValueError("Counts cannot be negative.")
    return agreeing * 10 > present * 3


def has_surplus(seats: int, candidates: int) -> bool:
    """A list longer than the seats is struck out; one as long uses agree/disagree columns."""
    return candidates > seats


# --- A keyed ballot ------------------------------------------------------------------------------

# Codes of the invalid reasons recognised from the keyed names (InvalidReason.code).
TOO_MANY = "too_many"
NONE = "none"
# The reason an operator keys for a single-name ballot marked both or neither, where the term
# reads such a ballot as invalid (unclear_mark_problem).
UNCLEAR_MARK = "unclear_mark"
# How a single-name ballot marked both or neither reads (elections.models.UnclearMark values).
UNCLEAR_AGAINST = "against"
UNCLEAR_INVALID = "invalid"


def unclear_mark_problem(reading: str, on_ballot: int) -> str | None:
    """Why a ballot may not be counted invalid for UNCLEAR_MARK ("marked both or neither"), or
    None (docs/domain.md §3.6, §3.7, Decision D14). On a list of several names a person marked
    both or neither gets nothing from a ballot that stays valid: the operator keys that name as
    struck. On a single-name ballot it is the term's setting, fixed on the election when voting
    opened (`reading`, "" for elections opened before the setting, read as against): counted as
    against (keyed as struck, the ballot valid) or the ballot invalid for this reason."""
    if on_ballot > 1:
        return _(
            "On a list of several names a person marked both or neither gets no vote and the ballot stays valid: "
            "key that name as struck."
        )
    if (reading or UNCLEAR_AGAINST) == UNCLEAR_AGAINST:
        return _(
            "This term counts a single-name ballot marked both or neither as a vote against, the ballot valid: "
            "key the name as struck."
        )
    return None


def reading_text(struck: Iterable[int], invalid: str | int | None = None) -> str:
    """The canonical text of a reading, as operators' entries are compared and logged: the
    struck positions in order ("2,5"), "-" for none struck, or "invalid:<reason>"."""
    if invalid is not None:
        return f"invalid:{invalid}"
    positions = sorted(set(struck))
    return ",".join(str(p) for p in positions) if positions else "-"


def ballot_votes(candidates: Sequence[int], struck: Iterable[int], seats: int) -> tuple[frozenset[int], str | None]:
    """The people a ballot gives a vote to, and the code of the reason it is invalid (or None).

    A ballot votes for everyone on the list not struck out (for an agree/disagree list: not
    marked "disagree", nor both, nor neither: the operator keys those as struck). It is invalid
    when it votes for more people than seats (TOO_MANY) or, on a list of several names, for
    nobody (NONE); an invalid ballot gives nobody a vote.
    """
    listed = frozenset(candidates)
    votes = listed - frozenset(struck)
    if len(votes) > seats:
        return frozenset(), TOO_MANY
    if not votes and len(listed) > 1:
        return frozenset(), NONE
    return votes, None


def agreed(readings: Sequence[str]) -> str | None:
    """The reading at least two operators keyed, or None while no two agree.

    A third operator settles a disagreement between two; three different readings leave the
    ballot in disagreement until an operator corrects theirs."""
    counts = Counter(readings)
    if not counts:
        return None
    reading, count = counts.most_common(1)[0]
    if count < 2 or list(counts.values()).count(count) > 1:
        return None
    return reading


# --- The tally -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    candidate: int
    votes: int
    percent: str  # of the base, two decimals, Vietnamese format ("54,55%")
    majority: bool  # votes × 2 > base
    elected: bool
    tied: bool  # tied at the last seat: neither elected nor out until the congress decides


@dataclass(frozen=True)
class Tally:
    seats: int
    base: int
    valid: int
    results: tuple[Result, ...]  # highest first; equal votes in list order
    elected: tuple[int, ...]
    tied: tuple[int, ...]  # candidates tied for the last seats (empty when there is no tie)
    tied_seats: int  # how many seats the tied compete for
    vacant: int  # seats no one won (excluding those the tied compete for)

    @property
    def complete(self) -> bool:
        return not self.tied and not self.vacant


def tally_votes(*, seats: int, base: int, candidates: Sequence[int], votes: Mapping[int, int], valid: int) -> Tally:
    """The result of an election from each candidate's votes on the valid ballots.

    Elected: more than half of the base (votes × 2 > base; 244-QĐ/TW Art. 32, 190-QĐ/TW Art.
    30), taken from the highest vote down, up to the seats. When the candidates with the votes
    of the last seat are more than the seats left, none of them is elected: the tie is reported
    for the congress to decide (the Party's rule is unconfirmed; the state-election rule "the
    older wins" is not it). Seats no majority fills are vacant.
    """
    if seats < 0 or base < 0 or valid < 0:
        raise ValueError("Seats, base and valid ballots cannot be negative.")
    order = {c: i for i, c in enumerate(candidates)}
    ranked = sorted(candidates, key=lambda c: (-votes.get(c, 0), order[c]))
    majority = [c for c in ranked if is_majority(votes.get(c, 0), base)]
    if len(majority) <= seats:
        elected, tied = majority, []
    elif seats == 0:
        elected, tied = [], []
    else:
        # More have a majority than there are seats: the last seat's votes decide, unless the
        # first one left out has as many (a tie across the cut-off).
        cut = votes.get(majority[seats - 1], 0)
        if votes.get(majority[seats], 0) < cut:
            elected, tied = majority[:seats], []
        else:
            elected = [c for c in majority if votes.get(c, 0) > cut]
            tied = [c for c in majority if votes.get(c, 0) == cut]
    elected_set, tied_set = frozenset(elected), frozenset(tied)
    tied_seats = seats - len(elected) if tied else 0
    results = tuple(
        Result(
            candidate=c, votes=votes.get(c, 0), percent=format_percent(votes.get(c, 0), base),
            majority=is_majority(votes.get(c, 0), base), elected=c in elected_set, tied=c in tied_set,
        )
        for c in ranked
    )
    return Tally(
        seats=seats, base=base, valid=valid, results=results, elected=tuple(elected), tied=tuple(tied),
        tied_seats=tied_seats, vacant=seats - len(elected) - tied_seats,
    )


def tally(*, seats: int, base: int, candidates: Sequence[int], ballots: Iterable[Iterable[int]]) -> Tally:
    """The tally of the valid ballots, each given as the candidates it votes for."""
    listed = frozenset(candidates)
    counts: Counter[int] = Counter()
    valid = 0
    for ballot in ballots:
        valid += 1
        # A ballot gives a person one vote, however the voter's choice was listed.
        counts.update(frozenset(ballot) & listed)
    return tally_votes(seats=seats, base=base, candidates=candidates, votes=counts, valid=valid)


def totals_problems(*, seats: int, issued: int, returned: int, valid: int, invalid: int,
                    votes: Mapping[int, int]) -> list[str]:
    """Why hand-counted totals cannot be right, or an empty list."""
    problems = []
    if returned > issued:
        problems.append(_("More ballots returned (%(returned)s) than issued (%(issued)s).") % {
            "returned": returned, "issued": issued,
        })
    if valid + invalid != returned:
        problems.append(_("Valid and invalid ballots (%(valid)s + %(invalid)s) must add up to the ballots returned "
                          "(%(returned)s).") % {"valid": valid, "invalid": invalid, "returned": returned})
    over = [c for c, v in votes.items() if v > valid]
    if over:
        problems.append(_("A candidate cannot have more votes than there are valid ballots (%(valid)s).") % {"valid": valid})
    if sum(votes.values()) > valid * seats:
        problems.append(_(
            "The votes add up to %(total)s, more than %(valid)s valid ballots can give for %(seats)s seats."
        ) % {"total": sum(votes.values()), "valid": valid, "seats": seats})
    return problems


def must_vote_again(kind: str, round_number: int) -> bool:
    """Delegates not all elected in the first round are voted for again: the congress may not
    leave their seats vacant after a first shortfall [244-QĐ/TW Art. 20 cl. 2; docs/domain.md
    §3.11]. Official and alternate delegates alike (Decision D50)."""
    return kind in DELEGATE_KINDS and round_number == 1


def needs_appointment(kind: str, round_number: int, elected: int) -> bool:
    """A branch that fails three times to elect a secretary gets one appointed by the superior."""
    return kind == SECRETARY and round_number >= SECRETARY_ROUNDS and elected == 0
