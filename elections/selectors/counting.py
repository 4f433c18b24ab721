"""What the counting of an election's ballots stands at (docs/domain.md §3, "Counting
practice"): the progress, the ballots in disagreement with their readings, each operator's
progress and running totals, and the tally once every ballot agrees.

The counting page reads the election's running totals (CountingTotals, OperatorTotals), which the
keying service keeps in the same transaction as each entry: a bounded number of queries whose
rows grow with the candidates and the operators, not with the ballots. Only the ballots in
disagreement are read entry by entry, to list them. Closing reads every entry again
(ballot_states, agreed_readings) and counts from them: that is the result of record.

Operators' readings are stored as keyed (the struck positions, or an explicit reason); whether a
reading is valid is derived (elections.readings over rules.ballot_votes), so that "all names
struck" keyed by one operator and "invalid: all names struck" chosen by the other agree.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Exists, Max, Min, OuterRef, Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from .. import rules
from ..models import (
    BallotEntry, Candidate, CountingMode, CountingTotals, Election, ElectionState, InvalidReason, OperatorTotals,
)
from ..readings import Count, Reader, Reading, agreed_text, count_ballots

TOTALS_FIELDS = ("keyed_once", "agreed", "valid", "disagreements", "votes", "invalid")
# The ballots in disagreement whose readings the page lists (the rest are counted).
DISAGREEMENTS_LISTED = 100


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
    operators: list[OperatorProgress]
    mine: OperatorProgress | None
    next_serial: int | None  # the operator's next serial not keyed yet
    tally: rules.Tally | None
    invalid_by_reason: dict[int | str, int]  # agreed invalid ballots (keyed mode), in the reasons' order
    lines: list[CandidateLine]
    disagreements: list[BallotState] = field(default_factory=list)  # the first DISAGREEMENTS_LISTED
    in_disagreement: int = 0
    agreed: int = 0
    keyed_once: int = 0
    operator_id: int | None = None  # whose side the state is read from
    own: dict[int, OperatorReading] = field(default_factory=dict)  # their entries of the listed ballots
    reason_keys_by_pk: dict[int, str] = field(default_factory=dict)

    @property
    def everything_agrees(self) -> bool:
        return self.agreed > 0 and not self.keyed_once and not self.in_disagreement

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


def ballot_states(election: Election, reader: Reader, serials: list[int] | None = None) -> dict[int, BallotState]:
    """Every keyed ballot (or those numbered `serials`) with its readings and whether they agree,
    in one query. The struck positions are read as stored text: each distinct entry is parsed
    and read once."""
    rows = BallotEntry.objects.filter(ballot__election=election)
    if serials is not None:
        rows = rows.filter(ballot__serial__in=serials)
    rows = rows.order_by("ballot__serial", "keyed_at", "pk").values_list(
        "ballot__serial", "operator_id", Cast("struck", TextField()), "invalid_reason_id",
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
        state.agreed = agreed_text([r.reading for r in state.readings])
    return ballots


def agreed_readings(ballots: dict[int, BallotState]) -> list[Reading]:
    """One reading per ballot whose operators agree."""
    found = []
    for state in ballots.values():
        if state.agreed is not None:
            found.append(next(r.reading for r in state.readings if r.reading.text == state.agreed))
    return found


def ballots_count(ballots: dict[int, BallotState]) -> Count:
    """The running totals of `ballots` counted from scratch (elections.readings)."""
    return count_ballots(
        (serial, [(r.operator_id, r.reading) for r in state.readings]) for serial, state in ballots.items()
    )


def stored_count(election: Election) -> Count:
    """The election's running totals as stored, in two queries (nothing counted yet: zeros)."""
    totals = CountingTotals.objects.filter(election=election).first()
    if totals is None:
        return Count()
    return count_from_rows(totals, OperatorTotals.objects.filter(election=election))


def count_from_rows(totals: CountingTotals, operators) -> Count:
    """The count the stored rows hold."""
    return Count.from_fields(
        {name: getattr(totals, name) for name in TOTALS_FIELDS},
        {row.operator_id: {"keyed": row.keyed, "invalid": row.invalid, "votes": row.votes} for row in operators},
    )


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


def next_serial(election: Election, operator_id: int, keyed: int | None = None) -> int | None:
    """The lowest serial up to the ballots issued that `operator_id` has not keyed: 1, or the
    serial after the first one they keyed whose next they have not. `keyed` (their running
    total, when known) spares the search in the usual case, ballots keyed in order from 1: then
    the highest serial they keyed is their count."""
    issued = election.ballots_issued or 0
    if issued < 1:
        return None
    if keyed == 0:
        return 1
    mine = BallotEntry.objects.filter(ballot__election=election, operator_id=operator_id)
    if keyed is not None and mine.aggregate(last=Max("ballot__serial"))["last"] == keyed:
        return keyed + 1 if keyed < issued else None
    following = mine.filter(ballot__serial=OuterRef("ballot__serial") + 1)
    found = mine.aggregate(
        first=Min("ballot__serial", filter=Q(ballot__serial=1)),
        gap=Min("ballot__serial", filter=Q(~Exists(following), ballot__serial__lt=issued)),
    )
    if found["first"] is None:
        return 1
    return found["gap"] + 1 if found["gap"] is not None else None


def counting_state(election: Election, operator_id: int | None = None) -> CountingState:
    """The counting as it stands, from `operator_id`'s side (their progress, running totals and
    next serial), read from the running totals: candidates, reasons, the totals, the operators'
    totals, the listed disagreements' entries and the next serial, whatever the ballots."""
    candidates = ballot_candidates(election)
    reasons = all_reasons()
    active = [r for r in reasons if r.is_active]
    reason_keys = {r.pk: f"k{index}" for index, r in enumerate(active, 1)}
    reason_names = {r.pk: r.name for r in reasons}
    keyed_mode = election.counting_mode == CountingMode.KEYED

    count, progress = Count(), {}
    if keyed_mode:
        totals = CountingTotals.objects.filter(election=election).first()
        if totals is not None:
            operators = list(OperatorTotals.objects.filter(election=election).select_related("operator"))
            count = count_from_rows(totals, operators)
            for row in operators:
                if row.keyed:
                    name = row.operator.full_name or row.operator.username
                    progress[row.operator_id] = OperatorProgress(row.operator_id, name, row.keyed, row.invalid)
    names = {pk: p.operator for pk, p in progress.items()}

    serials = sorted(count.split)
    disagreements, own = [], {}
    if serials:
        listed = ballot_states(election, reader_for(election, candidates, reasons), serials[:DISAGREEMENTS_LISTED])
        disagreements = [listed[s] for s in serials[:DISAGREEMENTS_LISTED] if s in listed]
        for state in disagreements:
            _describe(state, names, reason_keys, reason_names)
            mine = next((r for r in state.readings if r.operator_id == operator_id), None)
            if mine is not None:
                own[state.serial] = mine
            state.own = _own_text(mine, reason_keys)

    mine = progress.get(operator_id) if operator_id is not None else None
    if mine is not None:
        votes = count.operators[operator_id].votes
        mine.votes = Counter({c.position: votes.get(c.position, 0) for c in candidates})
    following = None
    if operator_id is not None and keyed_mode:
        following = next_serial(election, operator_id, mine.keyed if mine is not None else 0)

    positions = [c.position for c in candidates]
    tally = None
    invalid_by_reason: dict[int | str, int] = {}
    everything_agrees = count.agreed > 0 and not count.once and not count.in_disagreement
    if election.state == ElectionState.CLOSED or not keyed_mode:
        if election.totals_valid is not None and election.base is not None:
            tally = rules.tally_votes(
                seats=election.seats, base=election.base, candidates=positions,
                votes={c.position: c.votes or 0 for c in candidates}, valid=election.totals_valid,
            )
    elif everything_agrees and election.base is not None:
        # A preview from the running totals; election_close counts every entry again.
        tally = rules.tally_votes(seats=election.seats, base=election.base, candidates=positions,
                                  votes={p: count.votes.get(p, 0) for p in positions}, valid=count.valid)
        order = {r.pk: index for index, r in enumerate(reasons)}
        invalid_by_reason = dict(sorted(
            count.invalid.items(), key=lambda item: (item[0] not in order, order.get(item[0], 0), str(item[0])),
        ))
    results = {r.candidate: r for r in tally.results} if tally else {}
    mine_votes = mine.votes if mine else Counter()
    lines = [CandidateLine(candidate=c, mine=mine_votes.get(c.position, 0), result=results.get(c.position))
             for c in candidates]
    return CountingState(
        election=election, candidates=candidates, reasons=active, reason_names=reason_names,
        operators=sorted(progress.values(), key=lambda p: p.operator), mine=mine, next_serial=following,
        tally=tally, invalid_by_reason=invalid_by_reason, lines=lines, disagreements=disagreements,
        in_disagreement=count.in_disagreement, agreed=count.agreed, keyed_once=count.once,
        operator_id=operator_id, own=own, reason_keys_by_pk=reason_keys,
    )


def _own_text(entry: OperatorReading | None, reason_keys: dict[int, str]) -> str:
    if entry is None:
        return ""
    if entry.invalid_reason_id is not None:
        return reason_keys.get(entry.invalid_reason_id, "")
    return keyed_text(entry.reading.struck)


def own_keyed(state: CountingState, serial: int) -> str:
    """The operator's (the state's) own entry for `serial` as they typed it, to correct it: from
    the listed disagreements, or in one query."""
    if serial in state.own or state.operator_id is None or serial == state.next_serial:
        return _own_text(state.own.get(serial), state.reason_keys_by_pk)
    entry = (BallotEntry.objects.filter(ballot__election=state.election, ballot__serial=serial,
                                        operator_id=state.operator_id)
             .values_list("struck", "invalid_reason_id").first())
    if entry is None:
        return ""
    struck, reason_id = entry
    if reason_id is not None:
        return state.reason_keys_by_pk.get(reason_id, "")
    return keyed_text(struck or ())
