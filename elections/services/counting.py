"""Elections: counting the ballots (docs/domain.md §3). Each paper ballot, by the serial number the
counting board wrote on it, is keyed independently by two operators; a third keys it only when
the two differ. Results count once every ballot's readings agree. A congress that counts by
hand enters the counting board's totals instead (Election.counting_mode = totals).

Keying is not audited row by row: every keying, correction and tie-break is a line of the entry
log (EntryLogLine), which is printed and filed in the dossier; each line is sealed into the
election's hash chain as it is written (elections.entry_log_chain). Saving totals and closing are
audited as elections.counting.*.

Keying keeps the election's running totals (CountingTotals, OperatorTotals) in the same
transaction, under the election's row lock: the ballot's readings are taken out of the count as
they were and counted again as they are (elections.readings), so the totals always equal a count
of every entry from scratch, whichever worker or machine served each request. Closing counts
every entry from scratch, as the result of record, and stores that count as the totals.
"""

import logging
from collections import Counter
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.audit import audited
from branches.models import Position
from congress import rules as congress_rules
from congress.models import ElectedSeat
from congress.services.locks import locked
from congress.services.results import seat_problem

from .. import rules
from ..models import (
    Ballot, BallotEntry, CountingMode, CountingTotals, Election, ElectionKind, ElectionOutcome, ElectionState,
    EntryAction, EntryLogLine, InvalidReason, InvalidTotal, OperatorTotals,
)
from ..entry_log_chain import entry_log_line_seal
from ..readings import Count, OperatorCount, ballot_change
from ..selectors.counting import (
    agreed_readings, all_reasons, ballot_candidates, ballot_states, ballots_count, count_from_rows, reader_for,
    stored_count,
)

logger = logging.getLogger(__name__)

# Action code -> what a history shows (registered in ElectionsConfig.ready()).
ACTION_LABELS = {
    "elections.counting.totals_saved": gettext_lazy("Counting board's totals saved"),
    "elections.counting.closed": gettext_lazy("Election closed and counted"),
}

# Ballots are counted on the congress day (the review concluded) and after it is recorded held.
COUNTING_CONGRESS_STATES = frozenset({congress_rules.REVIEWED, congress_rules.HELD})
MAX_OPERATORS = 3

# The seat each election fills among the elected (delegates are not committee seats).
SEAT_POSITIONS = {
    ElectionKind.COMMITTEE: Position.MEMBER,
    ElectionKind.EXECUTIVE_COMMITTEE: Position.MEMBER,
    ElectionKind.SECRETARY: Position.SECRETARY,
    ElectionKind.DEPUTY_SECRETARY: Position.DEPUTY_SECRETARY,
}


def counting_problem(election: Election) -> str | None:
    """Why the ballots of `election` cannot be counted now (None when they can)."""
    if election.state == ElectionState.PREPARING:
        return _("Counting starts once voting is open: the candidate list is still in preparation.")
    if election.state == ElectionState.CLOSED:
        return _("This election is closed; its count can no longer change.")
    if election.congress.state not in COUNTING_CONGRESS_STATES:
        return _("Ballots are counted on the congress day (once the review is concluded) or after the congress is held.")
    return None


def _locked_election(election: Election) -> Election:
    # With its running totals (if any), read under the same lock: keying writes them back. Lock
    # first, then read: on PostgreSQL a row joined to the locking query is read as it stood when
    # that query began, so a keying that waited for the lock would add its change to the totals
    # the keying before it had just replaced (two operators at once: a count of -1).
    Election.objects.select_for_update().filter(pk=election.pk).values_list("pk", flat=True).get()
    return Election.objects.select_related("congress", "counting_totals").get(pk=election.pk)


def _require_counting(election: Election, mode: str) -> None:
    problem = counting_problem(election)
    if problem:
        raise ValidationError(problem)
    if election.counting_mode != mode:
        if mode == CountingMode.KEYED:
            raise ValidationError(_("This election is counted by hand: enter the counting board's totals."))
        raise ValidationError(_("This election's ballots are keyed one by one, not entered as totals."))


def _details(election: Election) -> dict:
    return {"congress": election.congress_id, "organization": election.congress.organization_id,
            "election": election.pk}


# --- Keying --------------------------------------------------------------------------------------


def ballot_key(*, acting_user, election: Election, serial: int, struck: Iterable[int],
               invalid_reason: InvalidReason | None = None) -> BallotEntry:
    """Record `acting_user`'s reading of ballot `serial`: the positions struck out, or invalid
    for `invalid_reason`. Keying the same ballot again corrects the operator's reading. A third
    operator may key a ballot only while its two readings differ (a tie-break); no ballot takes
    more than three operators."""
    struck = sorted({int(p) for p in struck}) if invalid_reason is None else []
    with transaction.atomic(durable=True):
        election = _locked_election(election)
        _require_counting(election, CountingMode.KEYED)
        issued = election.ballots_issued or 0
        if not 1 <= serial <= issued:
            raise ValidationError({"serial": _("The serial number is between 1 and %(issued)s (the ballots issued).") % {
                "issued": issued,
            }})
        candidates = ballot_candidates(election)
        positions = {c.position for c in candidates}
        off_list = [p for p in struck if p not in positions]
        if off_list:
            raise ValidationError({"reading": _(
                "The ballot lists numbers 1 to %(count)s; %(numbers)s is not on it."
            ) % {"count": len(positions), "numbers": ", ".join(str(p) for p in off_list)}})
        if invalid_reason is not None and not invalid_reason.is_active:
            raise ValidationError({"reading": _("This reason is no longer in use; choose another.")})
        if invalid_reason is not None and invalid_reason.code == rules.UNCLEAR_MARK:
            # Whether this reason applies is fixed on the election (rules.unclear_mark_problem);
            # refusing it here leaves what a stored entry reads, and so the totals, unchanged.
            problem = rules.unclear_mark_problem(election.single_name_unclear, len(positions))
            if problem:
                raise ValidationError({"reading": problem})
        reader = reader_for(election, candidates, all_reasons())
        ballot, _created = Ballot.objects.get_or_create(election=election, serial=serial)
        entries = list(BallotEntry.objects.filter(ballot=ballot))
        before = [(e.operator_id, reader.read(e.struck, e.invalid_reason_id)) for e in entries]
        disagreement_before = len(entries) >= 2 and rules.agreed([r.text for _, r in before]) is None
        entry = next((e for e in entries if e.operator_id == acting_user.pk), None)
        if entry is not None:
            action = EntryAction.CORRECTED
        elif len(entries) >= MAX_OPERATORS:
            raise ValidationError({"serial": _("Ballot %(serial)s has been keyed by three operators already.") % {
                "serial": serial,
            }})
        elif len(entries) == 2 and not disagreement_before:
            raise ValidationError({"serial": _(
                "Ballot %(serial)s is keyed twice and the readings agree: a third operator keys a ballot only to "
                "settle a disagreement."
            ) % {"serial": serial}})
        else:
            action = EntryAction.TIE_BREAK if len(entries) == 2 else EntryAction.KEYED
            entry = BallotEntry(ballot=ballot, operator=acting_user)
        entry.struck = struck
        entry.invalid_reason = invalid_reason
        entry.full_clean(exclude=["ballot", "operator"])
        entry.save()
        after = [(e.operator_id, r) for e, (_, r) in zip(entries, before) if e.pk != entry.pk]
        after.append((acting_user.pk, reader.read(entry.struck, entry.invalid_reason_id)))
        _totals_add(election, ballot_change(serial, before, after))
        line = EntryLogLine(
            election=election, serial=serial, operator=acting_user, action=action,
            reading=rules.reading_text(struck, invalid_reason.pk if invalid_reason else None),
            resolved_disagreement=disagreement_before and rules.agreed([r.text for _, r in after]) is not None,
        )
        line.full_clean(exclude=["election", "operator", "position", "previous_hash", "hash"])
        line.save()
        entry_log_line_seal(line)
    return entry


# --- Running totals ------------------------------------------------------------------------------


def _totals_add(election: Election, change: Count) -> None:
    """Add a ballot's change to the stored running totals. The caller holds the election's row
    lock, so reading the rows and writing them back loses no other keying's change."""
    if change.normalized() == Count():  # a correction that reads as before
        return
    try:
        totals = election.counting_totals
    except CountingTotals.DoesNotExist:
        totals = CountingTotals(election=election)
    operators = [pk for pk, c in change.operators.items() if c.keyed or c.invalid or any(c.votes.values())]
    rows = {r.operator_id: r for r in OperatorTotals.objects.filter(election=election, operator_id__in=operators)}
    count = count_from_rows(totals, rows.values())
    count.add(change)
    count = count.normalized()
    for name, value in count.fields().items():
        setattr(totals, name, value)
    totals.save()
    for operator_id in operators:
        row = rows.get(operator_id) or OperatorTotals(election=election, operator_id=operator_id)
        for name, value in count.operators.get(operator_id, OperatorCount()).fields().items():
            setattr(row, name, value)
        row.save()


def _totals_write(election: Election, count: Count) -> None:
    """Replace the stored running totals with `count` (a count of every entry)."""
    CountingTotals.objects.update_or_create(election=election, defaults=count.fields())
    OperatorTotals.objects.filter(election=election).exclude(operator_id__in=list(count.operators)).delete()
    rows = {r.operator_id: r for r in OperatorTotals.objects.filter(election=election)}
    for operator_id, theirs in count.operators.items():
        row = rows.get(operator_id) or OperatorTotals(election=election, operator_id=operator_id)
        for name, value in theirs.fields().items():
            setattr(row, name, value)
        row.save()


def counting_totals_rebuild_in_transaction(*, election: Election) -> Count:
    """Count every entry of `election` from scratch and store that as its running totals, inside
    the caller's transaction (which holds the election's row lock, or writes the entries itself,
    as the load generators do). Returns the count."""
    if not transaction.get_connection().in_atomic_block:
        raise transaction.TransactionManagementError(
            "counting_totals_rebuild_in_transaction() must run inside the caller's transaction.")
    candidates = ballot_candidates(election)
    count = ballots_count(ballot_states(election, reader_for(election, candidates, all_reasons())))
    _totals_write(election, count)
    return count


def counting_totals_rebuild(*, election: Election) -> Count:
    """Count every entry of `election` again and store it as its running totals: for entries
    written straight to the tables, or after the reasons the rules recognise changed (which
    changes how a stored entry reads)."""
    with transaction.atomic(durable=True):
        election = _locked_election(election)
        return counting_totals_rebuild_in_transaction(election=election)


# --- Totals counted by hand ----------------------------------------------------------------------


def election_totals_save(*, acting_user, election: Election, returned: int, valid: int,
                         invalid: Mapping[int, int], votes: Mapping[int, int]) -> Election:
    """Record the counting board's totals: ballots returned, valid, invalid by reason
    (InvalidReason pk -> ballots) and each candidate's votes (Candidate pk -> votes). Checked
    with rules.totals_problems; nothing is saved while a figure is wrong."""
    with transaction.atomic(durable=True):
        election = _locked_election(election)
        _require_counting(election, CountingMode.TOTALS)
        candidates = ballot_candidates(election)
        figures = [returned, valid, *invalid.values(), *votes.values()]
        if any(n is None or n < 0 for n in figures):
            raise ValidationError(_("Enter every figure as a whole number, zero or more."))
        missing = [c.member.full_name for c in candidates if c.pk not in votes]
        if missing:
            raise ValidationError(_("Enter the votes of %(names)s.") % {"names": ", ".join(missing)})
        if set(votes) - {c.pk for c in candidates}:
            raise ValidationError(_("Votes can be entered only for the names on the ballot."))
        reasons = {r.pk: r for r in InvalidReason.objects.filter(pk__in=list(invalid))}
        if set(invalid) - set(reasons):
            raise ValidationError(_("Choose reasons from the list."))
        if any(n and reasons[pk].code == rules.UNCLEAR_MARK for pk, n in invalid.items()):
            problem = rules.unclear_mark_problem(election.single_name_unclear, len(candidates))
            if problem:
                raise ValidationError(problem)
        invalid_total = sum(invalid.values())
        problems = rules.totals_problems(
            seats=election.seats, issued=election.ballots_issued or 0, returned=returned, valid=valid,
            invalid=invalid_total, votes={c.position: votes[c.pk] for c in candidates},
        )
        if problems:
            raise ValidationError(problems)
        with audited(acting_user, "elections.counting.totals_saved", **_details(election)):
            election.ballots_returned = returned
            election.totals_valid = valid
            election.totals_invalid = invalid_total
            election.full_clean(exclude=["created_by", "congress", "previous_round", "minutes", "entry_log"])
            election.save(update_fields=["ballots_returned", "totals_valid", "totals_invalid"])
            for candidate in candidates:
                if candidate.votes != votes[candidate.pk]:
                    candidate.votes = votes[candidate.pk]
                    candidate.save(update_fields=["votes"])
            _write_invalid_totals(election, {pk: n for pk, n in invalid.items() if n})
    return election


def _write_invalid_totals(election: Election, counts: Mapping[int, int]) -> None:
    existing = {t.reason_id: t for t in InvalidTotal.objects.filter(election=election)}
    for reason_id, total in existing.items():
        if reason_id not in counts:
            total.delete()
    for reason_id, count in counts.items():
        row = existing.get(reason_id) or InvalidTotal(election=election, reason_id=reason_id)
        if row.pk is None or row.count != count:
            row.count = count
            row.full_clean(exclude=["election", "reason"])
            row.save()


# --- Closing -------------------------------------------------------------------------------------


def _keyed_count(election: Election, candidates, reasons) -> tuple[rules.Tally, int, dict[int, int]]:
    reader = reader_for(election, candidates, reasons)
    ballots = ballot_states(election, reader)
    _totals_check(election, ballots_count(ballots))
    if not ballots:
        raise ValidationError(_("No ballot has been keyed yet."))
    once = sorted(s for s, b in ballots.items() if len(b.readings) == 1)
    split = sorted(s for s, b in ballots.items() if b.in_disagreement)
    if once or split:
        parts = []
        if once:
            parts.append(_("keyed by one operator only: %(serials)s") % {"serials": _serials(once)})
        if split:
            parts.append(_("in disagreement: %(serials)s") % {"serials": _serials(split)})
        raise ValidationError(_("Every ballot must be keyed twice with readings that agree. Ballots %(list)s.") % {
            "list": "; ".join(parts),
        })
    readings = agreed_readings(ballots)
    missing = sorted({str(r.invalid) for r in readings if isinstance(r.invalid, str)})
    if missing:
        raise ValidationError(_(
            "The list of reasons a ballot is invalid lacks the reason coded %(codes)s: an administrator must restore it."
        ) % {"codes": ", ".join(missing)})
    tally = rules.tally(
        seats=election.seats, base=election.base, candidates=[c.position for c in candidates],
        ballots=[r.votes for r in readings if r.invalid is None],
    )
    invalid = dict(Counter(r.invalid for r in readings if r.invalid is not None))
    return tally, len(ballots), invalid


def _totals_check(election: Election, count: Count) -> None:
    """Check the running totals against the count of every entry closing has just made. They
    are equal unless something wrote entries past ballot_key: then the page had shown other
    figures, a bug to look into, so it is logged as an error; the count is stored in their place
    and the result is this count, whatever the totals said."""
    if stored_count(election) != count:
        logger.error("Running totals of election %s differed from a count of its entries; stored again.", election.pk)
        _totals_write(election, count)


def _serials(serials: list[int], most: int = 20) -> str:
    shown = ", ".join(str(s) for s in serials[:most])
    return shown + (" …" if len(serials) > most else "")


def election_close(*, acting_user, election: Election) -> rules.Tally:
    """Close the ballot and record its result: each candidate's votes and who is elected
    (rules.tally over the agreed readings, or rules.tally_votes over the totals), the ballots
    returned, valid and invalid by reason, and the seats filled among the congress's elected
    (committee members, secretary, deputy; not delegates). Refused while a ballot is keyed
    once or in disagreement, or when nothing was counted."""
    with transaction.atomic(durable=True):
        congress = locked(election.congress)
        election = _locked_election(election)
        election.congress = congress
        _require_counting(election, election.counting_mode)
        if election.base is None:
            raise ValidationError(_("The base for the majority is not recorded for this election."))
        candidates = ballot_candidates(election)
        if not candidates:
            raise ValidationError(_("The ballot lists no candidate."))
        positions = [c.position for c in candidates]
        if election.counting_mode == CountingMode.KEYED:
            tally, returned, invalid = _keyed_count(election, candidates, all_reasons())
        else:
            if election.totals_valid is None:
                raise ValidationError(_("Enter the counting board's totals before closing."))
            tally = rules.tally_votes(
                seats=election.seats, base=election.base, candidates=positions,
                votes={c.position: c.votes or 0 for c in candidates}, valid=election.totals_valid,
            )
            returned, invalid = election.ballots_returned, None
        results = {r.candidate: r for r in tally.results}
        elected = set(tally.elected)
        with audited(acting_user, "elections.counting.closed", **_details(election)):
            for candidate in candidates:
                candidate.votes = results[candidate.position].votes
                candidate.elected = candidate.position in elected
                candidate.save(update_fields=["votes", "elected"])
            if invalid is not None:
                election.ballots_returned = returned
                election.totals_valid = tally.valid
                election.totals_invalid = sum(invalid.values())
                _write_invalid_totals(election, invalid)
            election.state = ElectionState.CLOSED
            election.closed_at = timezone.now()
            election.outcome = ElectionOutcome.COMPLETE if tally.complete else ""
            election.full_clean(exclude=["created_by", "congress", "previous_round", "minutes", "entry_log"])
            election.save(update_fields=[
                "ballots_returned", "totals_valid", "totals_invalid", "state", "closed_at", "outcome",
            ])
            _fill_seats(congress, election, [c for c in candidates if c.elected])
    return tally


def _fill_seats(congress, election: Election, elected) -> None:
    """The elected among the congress's ElectedSeats, under the rules recording them by hand
    keeps (congress.services.results.seat_problem)."""
    position = SEAT_POSITIONS.get(election.kind)
    if position is None or not elected:
        return
    seats = {s.member_id: s for s in ElectedSeat.objects.filter(congress=congress).select_related("member")}
    committee_elected = election.kind == ElectionKind.DEPUTY_SECRETARY and Election.objects.filter(
        congress=congress, kind__in=[ElectionKind.COMMITTEE, ElectionKind.EXECUTIVE_COMMITTEE],
    ).exists()
    branch = congress.organization.kind in congress_rules.BRANCH_KINDS
    for candidate in elected:
        member = candidate.member
        problem = seat_problem(
            list(seats.values()), member, position, branch=branch, deputy_from_committee=committee_elected,
        )
        if problem:
            raise ValidationError(problem[1])
        seat = seats.get(member.pk)
        if seat is None:
            seat = ElectedSeat(congress=congress, member=member)
            seats[member.pk] = seat
        seat.position = position
        seat.votes = candidate.votes
        seat.full_clean(exclude=["congress", "member"])
        seat.save()
