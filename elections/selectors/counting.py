"""What the counting of an election's ballots stands at (DOMAIN.md §3, "Counting practice"):
every ballot's readings by operator, which agree, which are in disagreement, each operator's
progress and running totals, and the tally once every ballot agrees.

Read in a bounded number of queries whatever the number of ballots: the candidates, the invalid
reasons, and every entry in one query of plain values. Operators' readings are stored as keyed
(the struck positions, or an explicit reason); whether a reading is valid is derived here, with
rules.ballot_votes, so that "all names struck" keyed by one operator and "invalid: all names
struck" chosen by the other agree.
"""

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from branches.models import User

from .. import rules
from ..models import BallotEntry, Candidate, CountingMode, Election, ElectionState, InvalidReason

AUTO_CODES = (rules.TOO_MANY, rules.NONE)


class Reading(NamedTuple):
    """What one operator's entry says once read: the text compared between operators, the
    positions struck and those it votes for (none when invalid), and why it is invalid (an
    InvalidReason pk, or the rule's code if that reason is missing from the list)."""

    text: str
    struck: tuple[int, ...]
    votes: frozenset[int]
    invalid: int | str | None


# What entries read as, by what decides it (the ballot's positions, the seats, the reasons the
# rules recognise) and then by entry: a reading is a pure function of these, so the memo is
# shared by the requests a process serves (each key request re-reads every entry otherwise).
_MEMOS: dict[tuple, dict] = {}
MEMO_CONTEXTS = 16
MEMO_ENTRIES = 50_000


def _memo(context: tuple) -> dict:
    memo = _MEMOS.get(context)
    if memo is None or len(memo) > MEMO_ENTRIES:
        while len(_MEMOS) >= MEMO_CONTEXTS:
            _MEMOS.pop(next(iter(_MEMOS)), None)
        memo = _MEMOS[context] = {}
    return memo


class Reader:
    """Reads entries of one election: its ballot's positions, its seats, and the reasons the
    rules recognise by themselves. Ballots repeat a few patterns: each distinct entry is read
    once."""

    def __init__(self, positions: list[int], seats: int, reasons: list[InvalidReason]):
        # Frozen sets, which rules.ballot_votes takes as they are (frozenset(x) is x): read
        # without copying the list for every entry.
        self.positions = frozenset(positions)
        self.seats = seats
        self.by_code = {r.code: r.pk for r in reasons if r.code in AUTO_CODES}
        self.memo = _memo((self.positions, seats, tuple(sorted(self.by_code.items()))))

    def read(self, struck, invalid_reason_id: int | None) -> Reading:
        if invalid_reason_id is not None:
            return Reading(rules.reading_text((), invalid_reason_id), (), frozenset(), invalid_reason_id)
        struck = tuple(sorted(set(struck)))
        votes, code = rules.ballot_votes(self.positions, frozenset(struck), self.seats)
        if code is not None:
            invalid = self.by_code.get(code, code)
            return Reading(rules.reading_text((), invalid), struck, frozenset(), invalid)
        return Reading(rules.reading_text(struck), struck, votes, None)

    def read_stored(self, raw: str, invalid_reason_id: int | None) -> Reading:
        """An entry as the database holds it (struck as JSON text), read once per distinct entry."""
        key = (raw, invalid_reason_id)
        reading = self.memo.get(key)
        if reading is None:
            reading = self.memo[key] = self.read(json.loads(raw) if raw else (), invalid_reason_id)
        return reading


def keyed_text(struck, reason_key: str | None = None) -> str:
    """An entry as an operator types it: "3 7", "0" for nothing struck, "k2" for a reason."""
    if reason_key:
        return reason_key
    positions = sorted(set(struck))
    return " ".join(str(p) for p in positions) if positions else "0"


@dataclass(slots=True)
class OperatorReading:
    operator_id: int
    invalid_reason_id: int | None  # as keyed (None when the reason was derived)
    reading: Reading
    operator: str = ""  # filled for the ballots a page shows
    keyed: str = ""  # as typed ("3 7", "0", "k2")
    shown: str = ""  # for people: "3, 7", "invalid: <reason>"


@dataclass(slots=True)
class BallotState:
    serial: int
    readings: list[OperatorReading]
    agreed: str | None = None  # the agreed reading's text
    own: str = ""  # the operator's own entry as typed, to correct it

    @property
    def in_disagreement(self) -> bool:
        return len(self.readings) >= 2 and self.agreed is None


@dataclass
class OperatorProgress:
    operator_id: int
    operator: str
    keyed: int = 0
    invalid: int = 0
    votes: Counter = field(default_factory=Counter)  # position -> votes (the page's operator only)


@dataclass
class CandidateLine:
    candidate: Candidate
    mine: int  # votes in the operator's own readings
    result: rules.Result | None  # in the tally (preview or closed)


@dataclass
class CountingState:
    election: Election
    candidates: list[Candidate]  # on the ballot, by position
    reasons: list[InvalidReason]  # active, in the order operators key them (k1, k2...)
    reason_names: dict[int, str]  # every reason by pk (entries may name an inactive one)
    ballots: dict[int, BallotState]
    operators: list[OperatorProgress]
    mine: OperatorProgress | None
    next_serial: int | None  # the operator's next serial not keyed yet
    tally: rules.Tally | None
    invalid_by_reason: dict[int | str, int]  # agreed invalid ballots (keyed mode)
    lines: list[CandidateLine]
    disagreements: list[BallotState] = field(default_factory=list)
    agreed: int = 0
    keyed_once: int = 0
    own: dict[int, OperatorReading] = field(default_factory=dict)  # the operator's entries by serial
    reason_keys_by_pk: dict[int, str] = field(default_factory=dict)

    @property
    def everything_agrees(self) -> bool:
        return bool(self.ballots) and self.agreed == len(self.ballots)

    @property
    def reason_keys(self) -> list[tuple[str, InvalidReason]]:
        return [(f"k{index}", reason) for index, reason in enumerate(self.reasons, 1)]

    def invalid_lines(self) -> list[tuple[str, int]]:
        return [(self.reason_names.get(k, str(k)) if isinstance(k, int) else str(k), n)
                for k, n in self.invalid_by_reason.items()]


def ballot_candidates(election: Election) -> list[Candidate]:
    """The names printed on the ballot, by their number on it."""
    return list(
        Candidate.objects.filter(election=election, position__isnull=False).select_related("member").order_by("position")
    )


def all_reasons() -> list[InvalidReason]:
    return list(InvalidReason.objects.all())


def reader_for(election: Election, candidates: list[Candidate], reasons: list[InvalidReason]) -> Reader:
    return Reader([c.position for c in candidates], election.seats, reasons)


def ballot_states(election: Election, reader: Reader) -> dict[int, BallotState]:
    """Every keyed ballot with its readings and whether they agree, in one query. The struck
    positions are read as stored text: each distinct entry is parsed and read once."""
    rows = (
        BallotEntry.objects.filter(ballot__election=election)
        .order_by("ballot__serial", "keyed_at", "pk")
        .values_list("ballot__serial", "operator_id", Cast("struck", TextField()), "invalid_reason_id")
    )
    ballots: dict[int, BallotState] = {}
    read = reader.read_stored
    for serial, operator_id, raw, reason_id in rows:
        entry = OperatorReading(operator_id, reason_id, read(raw, reason_id))
        state = ballots.get(serial)
        if state is None:
            ballots[serial] = BallotState(serial, [entry])
        else:
            state.readings.append(entry)
    for state in ballots.values():
        readings = state.readings
        if len(readings) == 2:  # rules.agreed for two readings, without building a Counter
            first, second = readings[0].reading.text, readings[1].reading.text
            state.agreed = first if first == second else None
        elif len(readings) > 2:
            state.agreed = rules.agreed([r.reading.text for r in readings])
    return ballots


def agreed_readings(ballots: dict[int, BallotState]) -> list[Reading]:
    """One reading per ballot whose operators agree."""
    found = []
    for state in ballots.values():
        if state.agreed is not None:
            found.append(next(r.reading for r in state.readings if r.reading.text == state.agreed))
    return found


def _describe(state: BallotState, names: dict[int, str], reason_keys: dict[int, str],
              reason_names: dict[int, str]) -> None:
    """Fill what a page shows of a ballot's readings."""
    for r in state.readings:
        r.operator = names.get(r.operator_id, "")
        reading = r.reading
        if r.invalid_reason_id is not None:
            r.shown = _("invalid: %(reason)s") % {"reason": reason_names.get(r.invalid_reason_id, "")}
            r.keyed = reason_keys.get(r.invalid_reason_id, "")
            continue
        r.keyed = keyed_text(reading.struck)
        r.shown = ", ".join(str(p) for p in reading.struck) or "0"
        if reading.invalid is not None:
            reason = reason_names.get(reading.invalid, str(reading.invalid))
            r.shown = _("%(struck)s (invalid: %(reason)s)") % {"struck": r.shown, "reason": reason}


def counting_state(election: Election, operator_id: int | None = None) -> CountingState:
    """The counting as it stands, from `operator_id`'s side (their progress, running totals and
    next serial)."""
    candidates = ballot_candidates(election)
    reasons = all_reasons()
    active = [r for r in reasons if r.is_active]
    reason_keys = {r.pk: f"k{index}" for index, r in enumerate(active, 1)}
    reason_names = {r.pk: r.name for r in reasons}
    reader = reader_for(election, candidates, reasons)
    keyed_mode = election.counting_mode == CountingMode.KEYED
    ballots = ballot_states(election, reader) if keyed_mode else {}

    keyed, invalid = Counter(), Counter()
    mine_struck, mine_valid, own = Counter(), 0, {}
    agreed = once = 0
    disagreements = []
    for state in ballots.values():
        if state.agreed is not None:
            agreed += 1
        elif len(state.readings) == 1:
            once += 1
        else:
            disagreements.append(state)
        for r in state.readings:
            keyed[r.operator_id] += 1
            if r.reading.invalid is not None:
                invalid[r.operator_id] += 1
            elif r.operator_id == operator_id:
                mine_valid += 1
                mine_struck.update(r.reading.struck)
            if r.operator_id == operator_id:
                own[state.serial] = r
    names = dict(User.objects.filter(pk__in=list(keyed)).values_list("pk", "full_name")) if keyed else {}
    usernames = {}
    if any(not name for name in names.values()):
        usernames = dict(User.objects.filter(pk__in=list(keyed)).values_list("pk", "username"))
    names = {pk: name or usernames.get(pk, "") for pk, name in names.items()}
    progress = {pk: OperatorProgress(pk, names.get(pk, ""), count, invalid[pk]) for pk, count in keyed.items()}
    mine = progress.get(operator_id) if operator_id is not None else None
    if mine is not None:
        mine.votes = Counter({c.position: mine_valid - mine_struck[c.position] for c in candidates})
    for state in disagreements:
        _describe(state, names, reason_keys, reason_names)
    for state in disagreements:
        state.own = _own_text(own.get(state.serial), reason_keys)
    next_serial = None
    if operator_id is not None and keyed_mode:
        next_serial = next((s for s in range(1, (election.ballots_issued or 0) + 1) if s not in own), None)

    positions = [c.position for c in candidates]
    tally = None
    invalid_by_reason: dict[int | str, int] = {}
    if election.state == ElectionState.CLOSED or not keyed_mode:
        if election.totals_valid is not None and election.base is not None:
            tally = rules.tally_votes(
                seats=election.seats, base=election.base, candidates=positions,
                votes={c.position: c.votes or 0 for c in candidates}, valid=election.totals_valid,
            )
    elif ballots and agreed == len(ballots) and election.base is not None:
        # The preview counts struck names (fewer than votes); election_close runs rules.tally.
        readings = agreed_readings(ballots)
        valid = [r for r in readings if r.invalid is None]
        struck = Counter()
        for r in valid:
            struck.update(r.struck)
        tally = rules.tally_votes(seats=election.seats, base=election.base, candidates=positions,
                                  votes={p: len(valid) - struck[p] for p in positions}, valid=len(valid))
        invalid_by_reason = dict(Counter(r.invalid for r in readings if r.invalid is not None))
    results = {r.candidate: r for r in tally.results} if tally else {}
    mine_votes = mine.votes if mine else Counter()
    lines = [CandidateLine(candidate=c, mine=mine_votes.get(c.position, 0), result=results.get(c.position))
             for c in candidates]
    return CountingState(
        election=election, candidates=candidates, reasons=active, reason_names=reason_names, ballots=ballots,
        operators=sorted(progress.values(), key=lambda p: p.operator), mine=mine, next_serial=next_serial,
        tally=tally, invalid_by_reason=invalid_by_reason, lines=lines, disagreements=disagreements,
        agreed=agreed, keyed_once=once, own=own, reason_keys_by_pk=reason_keys,
    )


def _own_text(entry: OperatorReading | None, reason_keys: dict[int, str]) -> str:
    if entry is None:
        return ""
    if entry.invalid_reason_id is not None:
        return reason_keys.get(entry.invalid_reason_id, "")
    return keyed_text(entry.reading.struck)


def own_keyed(state: CountingState, serial: int) -> str:
    """The operator's (the state's) own entry for `serial` as they typed it, to correct it."""
    return _own_text(state.own.get(serial), state.reason_keys_by_pk)
