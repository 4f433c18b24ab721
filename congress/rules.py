"""Pure rules of the congress round: the majority base, the kind of congress, its ordinal, and
who moves a congress where.

No ORM here: services and selectors gather plain values, ask these functions, then write
(docs/architecture.md §2). Where docs/domain.md leaves a point open the choice made is stated in the docstring;
such points are configuration or a recorded decision, never silently hard-coded elsewhere.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

# A member's two facts on the congress date (docs/domain.md §1.4), official or probationary and a
# situation: plain strings, the values of branches.models.Membership and Situation, taken from the
# pure branches.rules so that this module imports no models.
from branches.rules import (
    EXEMPT, MEMBERSHIPS, NO_SITUATION, OFFICIAL, PROBATIONARY, SITUATIONS, SUSPENDED, TRANSFERRED_TEMPORARILY,
)


def may_vote(membership: str, situation: str, present: bool) -> bool:
    """Whether a member on the summons list of a members' congress votes there: an official
    member who attends, unless suspended, prosecuted or detained. A probationary member attends
    and may speak but never votes [Charter Art. 5]; a member temporarily active elsewhere who
    attends votes [01-HD/TW §13.2; 294-QĐ/TW §9.3.2]; an exempt member who attends votes, as
    they then count in the base (members_congress_base)."""
    return present and membership == OFFICIAL and situation != SUSPENDED


def standing_refusal(membership: str, situation: str) -> str | None:
    """Which fact keeps a member from standing for election, or None when they may stand:
    probationary members never stand [Charter Art. 5]; official members stand whatever their
    situation, except suspended (prosecuted, detained) ones (Decision D3, docs/domain.md §7).
    The answer is the refusing value (PROBATIONARY or SUSPENDED), which the caller names."""
    if membership != OFFICIAL:
        return PROBATIONARY
    if situation == SUSPENDED:
        return SUSPENDED
    return None


# --- The majority base -----------------------------------------------------------------------


@dataclass(frozen=True)
class Attendee:
    """A member on the summons list of a members' congress (đại hội đảng viên), with the two
    facts of the congress date: `membership` (official or probationary) and `situation`.

    `present`: attended the congress (the whole or part of it). `absence_accepted`: absent for
    the whole congress with a reason the convening committee accepted; it only makes sense for
    an absent member, so claiming it for a present one is a ValueError (contradictory data
    should fail loudly, not be guessed at).
    """

    membership: str
    present: bool
    absence_accepted: bool = False
    situation: str = NO_SITUATION

    def __post_init__(self):
        if self.membership not in MEMBERSHIPS:
            raise ValueError(f"Unknown membership: {self.membership!r}")
        if self.situation not in SITUATIONS:
            raise ValueError(f"Unknown situation: {self.situation!r}")
        if self.present and self.absence_accepted:
            raise ValueError("A present member cannot have an accepted reason for absence.")

    @property
    def votes(self) -> bool:
        return may_vote(self.membership, self.situation, self.present)


@dataclass(frozen=True)
class BaseBreakdown:
    """Every figure of the attendance report and the base, as a page or minutes show them.

    base == official_summoned - excluded_transferred - excluded_exempt_absent
            - excluded_suspended - excluded_absent_accepted
         == voters + absent_counted
    Each summoned official member falls in at most one exclusion.
    """

    summoned: int  # everyone on the list, probationary members included
    official_summoned: int  # official members on the list, whatever their situation
    probationary: int  # attend and may speak; never vote, never count
    excluded_transferred: int  # temporarily active elsewhere and absent
    excluded_exempt_absent: int
    excluded_suspended: int
    excluded_absent_accepted: int
    present: int  # everyone present, probationary members included
    present_official: int  # official members present
    absent: int  # everyone absent, probationary members included
    absent_official: int  # official members absent
    absent_counted: int  # absent official members who still count: no accepted reason
    voters: int  # official members present who vote: every one but the suspended
    base: int

    def lines(self) -> list[tuple[str, int]]:
        """(label, number) pairs in the order the attendance report reads them."""
        return [
            (_("Members summoned"), self.summoned),
            (_("Official members summoned"), self.official_summoned),
            (_("Probationary members (attend, not counted)"), self.probationary),
            (_("Present"), self.present),
            (_("Official members present"), self.present_official),
            (_("Absent"), self.absent),
            (_("Official members absent"), self.absent_official),
            (_("Temporarily active elsewhere and absent (not counted)"), self.excluded_transferred),
            (_("Exempt members absent (not counted)"), self.excluded_exempt_absent),
            (_("Suspended, prosecuted or detained (not counted)"), self.excluded_suspended),
            (_("Absent for the whole congress with an accepted reason (not counted)"),
             self.excluded_absent_accepted),
            (_("Absent without an accepted reason (still counted)"), self.absent_counted),
            (_("Base for the majority"), self.base),
        ]


def members_congress_base(attendees: Iterable[Attendee]) -> BaseBreakdown:
    """The base for a majority at a members' congress (244-QĐ/TW Art. 32; 190-QĐ/TW Art. 30;
    Party Charter Art. 12).

    The official members summoned, minus those temporarily active elsewhere who are absent
    [01-HD/TW §13.2; 294-QĐ/TW §9.3.2], exempt members who are absent, members suspended,
    prosecuted or detained (whether present or not), and official members absent for the whole
    congress with a reason the convening committee accepted. An official member absent without
    an accepted reason still counts; an exempt or temporarily transferred member who is present
    counts (and votes, may_vote). Probationary members never count, whatever their situation.
    Not the valid ballots, not the members present.

    Decision D13 (docs/domain.md §7): an absent exempt or temporarily transferred member is left
    out once, for that situation, whether or not a reason was accepted.
    """
    attendees = list(attendees)
    count = {
        "transferred": 0, "exempt_absent": 0, "suspended": 0, "absent_accepted": 0,
        "absent_counted": 0,
    }
    official_summoned = present = present_official = voters = 0
    for a in attendees:
        present += a.present
        voters += a.votes
        if a.membership != OFFICIAL:
            continue
        official_summoned += 1
        present_official += a.present
        if a.situation == SUSPENDED:
            count["suspended"] += 1
        elif a.present:
            continue
        elif a.situation == TRANSFERRED_TEMPORARILY:
            count["transferred"] += 1
        elif a.situation == EXEMPT:
            count["exempt_absent"] += 1
        else:
            count["absent_accepted" if a.absence_accepted else "absent_counted"] += 1
    excluded = (
        count["transferred"] + count["exempt_absent"] + count["suspended"]
        + count["absent_accepted"]
    )
    return BaseBreakdown(
        summoned=len(attendees),
        official_summoned=official_summoned,
        probationary=len(attendees) - official_summoned,
        excluded_transferred=count["transferred"],
        excluded_exempt_absent=count["exempt_absent"],
        excluded_suspended=count["suspended"],
        excluded_absent_accepted=count["absent_accepted"],
        present=present,
        present_official=present_official,
        absent=len(attendees) - present,
        absent_official=official_summoned - present_official,
        absent_counted=count["absent_counted"],
        voters=voters,
        base=official_summoned - excluded,
    )


@dataclass(frozen=True)
class Delegate:
    """An official delegate summoned to a delegates' congress (đại hội đại biểu).

    `is_convening_committee_member`: sits on the convening committee (a delegate by right; no
    alternate can take the place). `replaced_by_alternate`: absent, and an alternate delegate
    (đại biểu dự khuyết) took the place; only an absent elected delegate can be replaced, so
    any other combination is a ValueError.
    """

    present: bool
    is_convening_committee_member: bool = False
    replaced_by_alternate: bool = False

    def __post_init__(self):
        if self.replaced_by_alternate and self.present:
            raise ValueError("A present delegate cannot be replaced by an alternate.")
        if self.replaced_by_alternate and self.is_convening_committee_member:
            raise ValueError("A convening committee member is not replaced by an alternate.")


@dataclass(frozen=True)
class DelegatesBaseBreakdown:
    """The figures of a delegates' congress attendance report and its base."""

    summoned: int  # official delegates summoned, convening committee members included
    convening_committee: int
    present: int
    absent: int
    replaced_by_alternate: int  # absent, an alternate took the place: still counted
    excluded_convening_absent: int
    excluded_absent_not_replaced: int
    base: int

    def lines(self) -> list[tuple[str, int]]:
        return [
            (_("Official delegates summoned"), self.summoned),
            (_("of whom members of the convening committee"), self.convening_committee),
            (_("Present"), self.present),
            (_("Absent"), self.absent),
            (_("Absent, replaced by an alternate delegate (counted)"), self.replaced_by_alternate),
            (_("Absent members of the convening committee (not counted)"),
             self.excluded_convening_absent),
            (_("Absent delegates not replaced by an alternate (not counted)"),
             self.excluded_absent_not_replaced),
            (_("Base for the majority"), self.base),
        ]


def delegates_congress_base(delegates: Iterable[Delegate]) -> DelegatesBaseBreakdown:
    """The base for a majority at a delegates' congress (244-QĐ/TW Art. 32; 190-QĐ/TW Art. 30;
    Party Charter Art. 12): the official delegates summoned minus absent members of the
    convening committee and absent delegates not replaced by an alternate.

    An alternate who takes an absent delegate's place is represented by that delegate's entry
    (`replaced_by_alternate=True`), so the seat counts once.
    """
    delegates = list(delegates)
    convening = sum(d.is_convening_committee_member for d in delegates)
    present = sum(d.present for d in delegates)
    replaced = sum(d.replaced_by_alternate for d in delegates)
    convening_absent = sum(d.is_convening_committee_member and not d.present for d in delegates)
    not_replaced = sum(
        not (d.present or d.is_convening_committee_member or d.replaced_by_alternate)
        for d in delegates
    )
    return DelegatesBaseBreakdown(
        summoned=len(delegates),
        convening_committee=convening,
        present=present,
        absent=len(delegates) - present,
        replaced_by_alternate=replaced,
        excluded_convening_absent=convening_absent,
        excluded_absent_not_replaced=not_replaced,
        base=len(delegates) - convening_absent - not_replaced,
    )


def _check_counts(votes: int, base: int) -> None:
    if votes < 0 or base < 0:
        raise ValueError("Votes and the base cannot be negative.")


def is_majority(votes: int, base: int) -> bool:
    """More than half of the base, strictly: votes × 2 > base (244-QĐ/TW Art. 32; 190-QĐ/TW
    Art. 30; Charter Art. 12). With base 0 nothing can pass: is_majority(0, 0) is False."""
    _check_counts(votes, base)
    return votes * 2 > base


def required_votes(base: int) -> int:
    """The fewest votes that are a majority of `base`: base // 2 + 1.

    required_votes(0) is 1 (the least v with is_majority(v, 0)); as no vote is cast with an
    empty base, nothing passes there in practice.
    """
    _check_counts(0, base)
    return base // 2 + 1


def show_of_hands_passes(votes_for: int, base: int) -> bool:
    """A show of hands (biểu quyết) adopting the resolution passes with more than half of the
    base (244-QĐ/TW Art. 32; 190-QĐ/TW Art. 30; Charter Art. 12): the same rule as an
    election."""
    return is_majority(votes_for, base)


# --- The kind and the name of a congress ----------------------------------------------------

MEMBERS, DELEGATES = "members", "delegates"
# A grassroots committee with at least this many members, probationary ones included, holds a
# delegates' congress [Chỉ thị 35-CT/TW §4].
DELEGATES_THRESHOLD = 200

# Kinds of organisation (branches.models.OrganizationKind values) that are branches (chi bộ).
BRANCH_KINDS = frozenset({"branch", "grassroots_branch"})
# A branch with at least this many official members elects a committee (chi ủy) of at most
# BRANCH_COMMITTEE_MAX; a smaller one elects a secretary and, if needed, one deputy (docs/domain.md §3;
# Party Charter Art. 24).
COMMITTEE_THRESHOLD = 9
BRANCH_COMMITTEE_MAX = 7


def elects_committee(organization_kind: str, official_members: int) -> bool:
    """Whether the congress elects a committee before its secretary and deputy: every committee
    (đảng bộ) does; a branch only with COMMITTEE_THRESHOLD official members or more."""
    return organization_kind not in BRANCH_KINDS or official_members >= COMMITTEE_THRESHOLD


def default_congress_kind(organization_kind: str, member_count: int) -> str:
    """The kind a congress opens with, before the superior decides otherwise (kind_problem says
    what it may decide).

    A grassroots committee of DELEGATES_THRESHOLD members or more, **all** its members counted
    (probationary ones too), holds a delegates' congress (đại hội đại biểu); below that a
    members' congress (đại hội đảng viên) [Chỉ thị 35-CT/TW §4]. A branch always holds a
    members' congress. Other committees (superior, partial) follow the same count: the texts at
    hand are silent on them here (Decision D17, docs/domain.md §7), and the superior may change it.
    """
    if member_count < 0:
        raise ValueError("The number of members cannot be negative.")
    if organization_kind in BRANCH_KINDS:
        return MEMBERS
    return DELEGATES if member_count >= DELEGATES_THRESHOLD else MEMBERS


def kind_problem(organization_kind: str, kind: str) -> str | None:
    """Why a congress of an organisation of `organization_kind` cannot be of `kind`, or None.

    A branch (chi bộ, of any kind) always holds a members' congress; a committee may hold either,
    as its direct superior decides: below DELEGATES_THRESHOLD members a delegates' congress only
    with the superior's consent, which choosing it is [Chỉ thị 35-CT/TW §4].
    """
    if kind not in (MEMBERS, DELEGATES):
        return _("Choose a members' or a delegates' congress.")
    if kind == DELEGATES and organization_kind in BRANCH_KINDS:
        return _("A Party branch always holds a members' congress: every member attends.")
    return None


_ROMAN = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]


def roman(n: int) -> str:
    """Roman numerals for 1..3999: roman(16) -> "XVI"."""
    if not 1 <= n <= 3999:
        raise ValueError("Roman numerals are written for 1 to 3999.")
    parts = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        parts.append(letters * count)
    return "".join(parts)


def ordinal_text(n: int) -> str:
    """How a congress is numbered in its name, in Party usage: "lần thứ nhất" for the first,
    then Roman numerals: "lần thứ II", "lần thứ XVI" ("Đại hội ... lần thứ XVI, nhiệm kỳ
    2020–2025"). Official names are Vietnamese whatever the interface language."""
    if n < 1:
        raise ValueError("A congress is numbered from 1.")
    return "lần thứ nhất" if n == 1 else f"lần thứ {roman(n)}"


# --- The life of a congress ------------------------------------------------------------------

PLANNED, PREPARING, SUBMITTED, REVIEWED, HELD, RESULTS_REPORTED, RATIFIED, ANNULLED = (
    "planned", "preparing", "submitted", "reviewed", "held", "results_reported", "ratified",
    "annulled",
)
STATES = (PLANNED, PREPARING, SUBMITTED, REVIEWED, HELD, RESULTS_REPORTED, RATIFIED, ANNULLED)


class Actor(StrEnum):
    CLERK = "clerk"  # a clerk of the organisation holding the congress
    SUPERIOR_CLERK = "superior_clerk"  # a clerk of its superior: enters plans, makes no move
    SUPERIOR_LEADER = "superior_leader"  # a leader of its superior


class Move(StrEnum):
    START_PREPARING = "start_preparing"
    SUBMIT_FOR_REVIEW = "submit_for_review"
    RETURN_TO_PREPARING = "return_to_preparing"
    CONCLUDE_REVIEW = "conclude_review"
    RECORD_HELD = "record_held"
    REPORT_RESULTS = "report_results"
    RATIFY = "ratify"
    ANNUL = "annul"


# move: (states it starts from, who makes it, state it leads to, conditions it needs)
MOVES: dict[Move, tuple[frozenset[str], Actor, str, tuple[str, ...]]] = {
    Move.START_PREPARING: (frozenset({PLANNED}), Actor.CLERK, PREPARING, ()),
    Move.SUBMIT_FOR_REVIEW: (
        frozenset({PREPARING}), Actor.CLERK, SUBMITTED, ("documents_ready", "personnel_plan_ready"),
    ),
    # The review may ask for revision, at the review (submitted) or in its conclusion notice
    # before the congress is held (reviewed).
    Move.RETURN_TO_PREPARING: (
        frozenset({SUBMITTED, REVIEWED}), Actor.SUPERIOR_LEADER, PREPARING, (),
    ),
    # The approval of the personnel plan is part of the review (docs/domain.md §2 step 5).
    Move.CONCLUDE_REVIEW: (
        frozenset({SUBMITTED}), Actor.SUPERIOR_LEADER, REVIEWED, ("personnel_plan_approved",),
    ),
    Move.RECORD_HELD: (
        frozenset({REVIEWED}), Actor.CLERK, HELD, ("attendance_recorded", "resolution_adopted"),
    ),
    Move.REPORT_RESULTS: (frozenset({HELD}), Actor.CLERK, RESULTS_REPORTED, ()),
    Move.RATIFY: (
        frozenset({RESULTS_REPORTED}), Actor.SUPERIOR_LEADER, RATIFIED,
        ("dossier_complete", "complaints_settled"),
    ),
    Move.ANNUL: (
        frozenset({HELD, RESULTS_REPORTED, RATIFIED}), Actor.SUPERIOR_LEADER, ANNULLED,
        ("reason_given",),
    ),
}

# What a person reads when a condition is not met; the caller decides what each one means.
CONDITION_PROBLEMS = {
    "documents_ready": lambda: _(
        "The congress documents are not ready: attach the political report and the draft "
        "resolution first."),
    "personnel_plan_ready": lambda: _("The personnel plan is not ready for review."),
    "personnel_plan_approved": lambda: _(
        "The personnel plan is not approved yet: a leader of the superior approves it on its page."),
    "attendance_recorded": lambda: _(
        "Record the attendance (members summoned, present and absent) first."),
    "resolution_adopted": lambda: _("Record that the congress adopted its resolution first."),
    "dossier_complete": lambda: _(
        "The results dossier is not complete: election minutes, summary list and CVs are "
        "needed."),
    "complaints_settled": lambda: _(
        "A complaint about the congress is still open; settle it before ratifying."),
    "reason_given": lambda: _("Give the reason for annulling the congress."),
}


def _wrong_state(move: Move, state: str) -> str:
    if state == ANNULLED:
        return _("An annulled congress cannot change; a new congress must be organised.")
    if state == RATIFIED:
        return _("The results are ratified; only annulment can change them.")
    return {
        Move.START_PREPARING: lambda: _("Only a planned congress can start preparing."),
        Move.SUBMIT_FOR_REVIEW: lambda: _("Only a congress in preparation can be submitted for review."),
        Move.RETURN_TO_PREPARING: lambda: _(
            "Only a congress submitted for review or reviewed, and not yet held, can be returned "
            "for revision."),
        Move.CONCLUDE_REVIEW: lambda: _("Only a congress submitted for review can have its review concluded."),
        Move.RECORD_HELD: lambda: _("Only a reviewed congress can be recorded as held."),
        Move.REPORT_RESULTS: lambda: _("Results can be reported only for a congress that was held."),
        Move.RATIFY: lambda: _("Only reported results can be ratified."),
        Move.ANNUL: lambda: _("Only a congress that was held can be annulled."),
    }[move]()


def missing_conditions(move: Move, conditions: Mapping[str, bool]) -> list[str]:
    """The names of the conditions `move` needs that are not met (a missing key is not met)."""
    return [name for name in MOVES[move][3] if not conditions.get(name, False)]


def move_problem(
    move: Move, state: str, actors: set[Actor], *, conditions: Mapping[str, bool] | None = None,
) -> str | None:
    """Why `actors` cannot make `move` on a congress in `state`, or None if they can.

    The actor is checked first, then the state, then the conditions the caller computed
    (`conditions`; None means none is met); every missing condition is explained. Ratification
    and annulment by the superior: QĐ 24-QĐ/TW §16.1; the review: docs/domain.md §2.5.
    """
    sources, actor, _target, _needs = MOVES[move]
    if actor not in actors:
        if actor is Actor.SUPERIOR_LEADER:
            return _(
                "Only a leader of the superior organisation may review, ratify or annul a "
                "congress.")
        return _("Only a clerk of the organisation holding the congress may do this.")
    if state not in sources:
        return _wrong_state(move, state)
    missing = missing_conditions(move, conditions or {})
    if missing:
        return " ".join(CONDITION_PROBLEMS[name]() for name in missing)
    return None


def target(move: Move) -> str:
    return MOVES[move][2]


def moves_for(
    state: str, actors: set[Actor], conditions: Mapping[str, bool] | None = None,
) -> list[Move]:
    """The moves these actors may make now, in the order a page offers them.

    With `conditions`, only the moves that would succeed. Without (None), the moves open to
    these actors in this state whatever the conditions: the buttons a page shows, whose form
    then explains what is missing (an annulment's reason is typed in that form).
    """
    def met(move: Move) -> Mapping[str, bool]:
        return dict.fromkeys(MOVES[move][3], True) if conditions is None else conditions

    return [m for m in Move if move_problem(m, state, actors, conditions=met(m)) is None]


# --- The dates of the congress day ---------------------------------------------------------------

# A congress meets for one day, or two (a grassroots committee's may: docs/domain.md §2 step 6).
CONGRESS_DURATIONS = (1, 2)


def _day(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def congress_day_dates(scheduled_on: datetime.date | None, duration_days: int = 1) -> tuple[datetime.date, ...]:
    """The days the congress meets: its date, and the day after for a congress of two days
    (Decision D39, docs/domain.md §7: the days are consecutive). Empty while it has no date."""
    if duration_days not in CONGRESS_DURATIONS:
        raise ValueError(f"A congress meets for 1 or 2 days, not {duration_days!r}.")
    if scheduled_on is None:
        return ()
    return tuple(scheduled_on + datetime.timedelta(days=n) for n in range(duration_days))


def day_record_problem(days: tuple[datetime.date, ...], today: datetime.date) -> str | None:
    """Why what the congress does on its day (its show-of-hands votes, its resolution, opening a
    secret ballot) cannot be recorded on `today`, or None.

    One rule for every record of the day (Decision D39): it carries the congress's date
    (day_record_date), so it cannot be made before the congress's first day, when the congress
    has not met. After its days it can (congresses are often entered after the fact). A congress
    with no date yet is not refused: its records carry the day they are made.
    """
    if days and today < days[0]:
        return _(
            "The congress meets on %(date)s: what it does on its day is recorded from that day on. If it met "
            "earlier, change its date first."
        ) % {"date": _day(days[0])}
    return None


def day_record_date(days: tuple[datetime.date, ...], today: datetime.date) -> datetime.date:
    """The date a record of the congress day carries (the issued resolution, the vote-count
    minutes): `today` when it is one of the congress's days or the congress has no date yet,
    else its last day, for a record entered after the fact (Decision D39)."""
    if not days or today in days:
        return today
    return days[-1]


def meeting_times_problem(
    opening: datetime.time | None, closing: datetime.time | None, days: int = 1,
) -> str | None:
    """Why a congress of `days` days cannot have opened at `opening` and closed at `closing`,
    or None: a congress of one day closes after it opens (the minutes give both times,
    docs/domain.md §4a). Over two days any times may be."""
    if opening is not None and closing is not None and days == 1 and closing <= opening:
        return _("The congress closes after it opens: %(closing)s is not after %(opening)s.") % {
            "closing": closing.strftime("%H:%M"), "opening": opening.strftime("%H:%M"),
        }
    return None


def default_held_on(
    days: tuple[datetime.date, ...], today: datetime.date, records_on: Iterable[datetime.date] = (),
) -> datetime.date:
    """The day a congress is recorded as held unless the clerk says otherwise: its last day not
    after `today` (its first day while the day is still to come, which held_on_problem then
    refuses); with no date, the last day its records carry, else today."""
    if days:
        past = [day for day in days if day <= today]
        return past[-1] if past else days[0]
    records_on = sorted(records_on)
    return records_on[-1] if records_on else today


def held_on_problem(
    held_on: datetime.date, days: tuple[datetime.date, ...], today: datetime.date,
    records_on: Iterable[datetime.date] = (),
) -> str | None:
    """Why a congress cannot be recorded as held on `held_on`, or None (Decision D39).

    Not on a day still to come. A congress with a date is held on one of its days (its date, or
    the second day of a congress of two days): the records of its day carry that date
    (day_record_date). A congress with no date is held on the day its records carry
    (`records_on`: the date of its issued resolution)."""
    if held_on > today:
        return _("A congress cannot be recorded as held on a day still to come.")
    if days and held_on not in days:
        if len(days) == 1:
            return _(
                "The congress's date is %(date)s: it is recorded as held on that day, the date its records carry. "
                "If it met on another day, change its date before recording its day."
            ) % {"date": _day(days[0])}
        return _(
            "The congress met on %(first)s and %(second)s: it is recorded as held on one of those days, the dates "
            "its records carry. If it met on other days, change its dates before recording its day."
        ) % {"first": _day(days[0]), "second": _day(days[1])}
    records_on = set(records_on)
    if not days and records_on and held_on not in records_on:
        return _(
            "The congress's records are dated %(dates)s: it is recorded as held on that day."
        ) % {"dates": ", ".join(_day(day) for day in sorted(records_on))}
    return None
