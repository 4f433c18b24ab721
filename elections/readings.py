"""What operators' entries read as, and how they add up into an election's running totals
(docs/domain.md §3, "Counting practice"), as plain values: no ORM inside, so that the keying
service, the counting page, closing and the migration that filled the totals of elections keyed
before them count alike.

Whether a reading is valid and whom it votes for is rules.ballot_votes; whether operators agree
is rules.agreed. This module only adds readings up: each operator's own readings (their progress
and "your votes"), and each ballot once, as keyed once, agreed (with the agreed reading's votes or
invalid reason) or in disagreement.
"""

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from . import rules

AUTO_CODES = (rules.TOO_MANY, rules.NONE)


class Reading(NamedTuple):
    """What one operator's entry says once read: the text compared between operators, the
    positions struck and those it votes for (none when invalid), and why it is invalid (an
    InvalidReason pk, or the rule's code if that reason is missing from the list)."""

    text: str
    struck: tuple[int, ...]
    votes: frozenset[int]
    invalid: int | str | None


class Reader:
    """Reads entries of one election: its ballot's positions, its seats, and the reasons the
    rules recognise by themselves (any objects with `pk` and `code`). Ballots repeat a few
    patterns: within one reader each distinct stored entry is read once. The memo lives as long
    as the reader (one request or one service call), never across requests."""

    def __init__(self, positions: Iterable[int], seats: int, reasons: Iterable):
        # Frozen sets, which rules.ballot_votes takes as they are (frozenset(x) is x): read
        # without copying the list for every entry.
        self.positions = frozenset(positions)
        self.seats = seats
        self.by_code = {r.code: r.pk for r in reasons if r.code in AUTO_CODES}
        self.memo: dict[tuple[str, int | None], Reading] = {}

    def read(self, struck, invalid_reason_id: int | None) -> Reading:
        if invalid_reason_id is not None:
            return Reading(rules.reading_text((), invalid_reason_id), (), frozenset(), invalid_reason_id)
        struck = tuple(sorted(set(struck)))
        votes, code = rules.ballot_votes(self.positions, frozenset(struck), self.seats)
        if code is not None:
            invalid = self.by_code.get(code, code)
            return Reading(rules.reading_text((), invalid), struck, frozenset(), invalid)
        return Reading(rules.reading_text(struck), struck, votes, None)

    def read_stored(self, raw: str | None, invalid_reason_id: int | None) -> Reading:
        """An entry as the database holds it (struck as JSON text)."""
        key = (raw or "", invalid_reason_id)
        reading = self.memo.get(key)
        if reading is None:
            reading = self.memo[key] = self.read(json.loads(raw) if raw else (), invalid_reason_id)
        return reading


def agreed_text(readings: Sequence[Reading]) -> str | None:
    """The text two operators (or two of three) agree on, or None: rules.agreed."""
    if len(readings) == 2:  # rules.agreed for two readings, without building a Counter
        first, second = readings[0].text, readings[1].text
        return first if first == second else None
    return rules.agreed([r.text for r in readings]) if len(readings) > 2 else None


def votes_json(votes: Counter) -> dict[str, int]:
    """Votes by position as a JSON object holds them: text keys, in order, no zeros."""
    return {str(p): n for p, n in sorted(votes.items()) if n}


def invalid_json(invalid: Counter) -> list[list]:
    """Invalid ballots by reason as [reason, ballots] pairs: pairs keep a reason's pk (a number)
    apart from a rule's code (text), as JSON keys would not. Pks first, then codes."""
    return [[reason, n] for reason, n in sorted(invalid.items(), key=lambda i: (isinstance(i[0], str), i[0])) if n]


@dataclass
class OperatorCount:
    """One operator's own readings: how many ballots they keyed, how many of their readings are
    invalid, and the votes their valid readings give each position."""

    keyed: int = 0
    invalid: int = 0
    votes: Counter = field(default_factory=Counter)

    def fields(self) -> dict:
        """The values of an OperatorTotals row."""
        return {"keyed": self.keyed, "invalid": self.invalid, "votes": votes_json(self.votes)}


@dataclass
class Count:
    """The running totals of an election's keyed ballots: the ballots keyed once, agreed and in
    disagreement (and which), and over the agreed readings the valid ballots, each position's
    votes and the invalid ballots by reason (InvalidReason pk, or the rule's code); plus each
    operator's own count. Counters drop nothing on their own: `normalized` removes zeros so that
    two counts of the same ballots compare equal however they were reached."""

    once: int = 0
    agreed: int = 0
    split: Counter = field(default_factory=Counter)  # serial -> 1 for each ballot in disagreement
    valid: int = 0
    votes: Counter = field(default_factory=Counter)  # position -> votes on the agreed valid ballots
    invalid: Counter = field(default_factory=Counter)  # reason pk or code -> agreed invalid ballots
    operators: dict[int, OperatorCount] = field(default_factory=dict)

    def add_ballot(self, serial: int, readings: Sequence[tuple[int, Reading]], sign: int = 1) -> None:
        """Count ballot `serial` as its operators read it ((operator id, reading) pairs), or
        take it out of the count with sign=-1 (before it is counted again as corrected)."""
        for operator_id, reading in readings:
            mine = self.operators.get(operator_id)
            if mine is None:
                mine = self.operators[operator_id] = OperatorCount()
            mine.keyed += sign
            if reading.invalid is not None:
                mine.invalid += sign
            elif sign > 0:
                mine.votes.update(reading.votes)
            else:
                mine.votes.subtract(reading.votes)
        if not readings:
            return
        if len(readings) == 1:
            self.once += sign
            return
        agreed = agreed_text([r for _, r in readings])
        if agreed is None:
            self.split[serial] += sign
            return
        self.agreed += sign
        reading = next(r for _, r in readings if r.text == agreed)
        if reading.invalid is not None:
            self.invalid[reading.invalid] += sign
        else:
            self.valid += sign
            if sign > 0:
                self.votes.update(reading.votes)
            else:
                self.votes.subtract(reading.votes)

    def add(self, other: "Count") -> None:
        """Add another count (a ballot's change) into this one."""
        self.once += other.once
        self.agreed += other.agreed
        self.split.update(other.split)
        self.valid += other.valid
        self.votes.update(other.votes)
        self.invalid.update(other.invalid)
        for operator_id, theirs in other.operators.items():
            mine = self.operators.setdefault(operator_id, OperatorCount())
            mine.keyed += theirs.keyed
            mine.invalid += theirs.invalid
            mine.votes.update(theirs.votes)

    def normalized(self) -> "Count":
        """The same count without zero entries (and without operators left with nothing)."""
        def positive(counter: Counter) -> Counter:
            return Counter({k: n for k, n in counter.items() if n})

        return Count(
            once=self.once, agreed=self.agreed, split=positive(self.split), valid=self.valid,
            votes=positive(self.votes), invalid=positive(self.invalid),
            operators={
                pk: OperatorCount(o.keyed, o.invalid, positive(o.votes))
                for pk, o in self.operators.items() if o.keyed or o.invalid or any(o.votes.values())
            },
        )

    def fields(self) -> dict:
        """The values of a CountingTotals row (the operators' rows: OperatorCount.fields)."""
        return {
            "keyed_once": self.once, "agreed": self.agreed, "valid": self.valid,
            "disagreements": sorted(s for s, n in self.split.items() if n),
            "votes": votes_json(self.votes), "invalid": invalid_json(self.invalid),
        }

    @classmethod
    def from_fields(cls, totals: Mapping, operators: Mapping[int, Mapping]) -> "Count":
        """The count stored rows hold: a CountingTotals row's values, and each operator's."""
        def votes(stored: Mapping) -> Counter:
            return Counter({int(p): n for p, n in stored.items()})

        return cls(
            once=totals["keyed_once"], agreed=totals["agreed"], valid=totals["valid"],
            split=Counter({int(serial): 1 for serial in totals["disagreements"]}), votes=votes(totals["votes"]),
            invalid=Counter({reason: n for reason, n in totals["invalid"]}),
            operators={pk: OperatorCount(o["keyed"], o["invalid"], votes(o["votes"])) for pk, o in operators.items()},
        ).normalized()

    @property
    def in_disagreement(self) -> int:
        return sum(1 for n in self.split.values() if n)

    @property
    def ballots(self) -> int:
        return self.once + self.agreed + self.in_disagreement


def count_ballots(ballots: Iterable[tuple[int, Sequence[tuple[int, Reading]]]]) -> Count:
    """The count of every ballot from scratch: (serial, its (operator id, reading) pairs)."""
    count = Count()
    for serial, readings in ballots:
        count.add_ballot(serial, readings)
    return count.normalized()


def ballot_change(serial: int, before: Sequence[tuple[int, Reading]], after: Sequence[tuple[int, Reading]]) -> Count:
    """What keying ballot `serial` changed in the count: its readings before, then after."""
    change = Count()
    change.add_ballot(serial, before, -1)
    change.add_ballot(serial, after)
    return change
