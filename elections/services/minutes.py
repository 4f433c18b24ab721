"""The vote-count minutes (biên bản kiểm phiếu) and the ballot entry log (nhật ký nhập phiếu) of
a closed election: drafted from its stored facts (elections.minutes writes the text) as BB
documents in the congress's number sequence, and issued once adopted. The clerk enters or
confirms the day of the count and its times when drafting the minutes, and the date when
issuing; the counting board signs outside the body, its head by name (docs/domain.md §4a)."""

import datetime

from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.audit import audited
from congress import rules as congress_rules
from congress.models import Congress, ShowOfHands, VoteSubject, congress_sequence_key
from congress.selectors import day_record_date
from branches.models import Member
from congress.services.locks import locked
from documents import rules as document_rules
from documents.models import Document, DocumentState
from documents.rules import Actor as DocumentActor
from documents.rules import Move as DocumentMove
from documents.services.documents import (
    create_in_transaction, document_save_body, issue_in_transaction, move_in_transaction,
)

from ..entry_log_chain import entry_log_final_hash
from .. import minutes, rules
from ..models import CountingMode, Election, ElectionState, InvalidReason
from .elections import counting_board_ids, counting_head_problem

# Action code -> what a history shows (registered in ElectionsConfig.ready()).
ACTION_LABELS = {
    "elections.minutes.drafted": gettext_lazy("Vote-count minutes drafted"),
    "elections.minutes.issued": gettext_lazy("Vote-count minutes issued"),
    "elections.entry_log.drafted": gettext_lazy("Ballot entry log drafted"),
    "elections.entry_log.issued": gettext_lazy("Ballot entry log issued"),
}

# The congress states in which the minutes of its elections are drafted and issued: on the day
# (reviewed), once held, and until the superior ratifies the results.
MINUTES_STATES = frozenset({congress_rules.REVIEWED, congress_rules.HELD, congress_rules.RESULTS_REPORTED})

MINUTES_APPROVAL_COMMENT = "Đại hội thông qua biên bản kiểm phiếu"
ENTRY_LOG_APPROVAL_COMMENT = "{board} xác nhận nhật ký nhập phiếu"

MINUTES = "minutes"
ENTRY_LOG = "entry_log"


# --- When ------------------------------------------------------------------------------------


def minutes_problem(election: Election, congress: Congress | None = None) -> str | None:
    """Why the vote-count minutes of `election` cannot be drafted or issued now, or None."""
    congress = congress or election.congress
    if congress.state == congress_rules.ANNULLED:
        return _("An annulled congress cannot change; a new congress must be organised.")
    if congress.state == congress_rules.RATIFIED:
        return _("The results are ratified; only annulment can change them.")
    if congress.state not in MINUTES_STATES:
        return _(
            "The vote-count minutes are drafted on the congress day or after it, once the superior has reviewed "
            "the congress."
        )
    if election.state != ElectionState.CLOSED:
        return _("The vote-count minutes are drafted once the count is closed.")
    return None


def entry_log_problem(election: Election, congress: Congress | None = None) -> str | None:
    """Why the entry log of `election` cannot be drafted or issued now, or None."""
    if election.counting_mode == CountingMode.TOTALS:
        return _("This election was counted by hand (totals only): there is no ballot entry log.")
    return minutes_problem(election, congress)


def _refuse(problem: str | None) -> None:
    if problem:
        raise ValidationError(problem)


# --- The facts -------------------------------------------------------------------------------


def board_names(congress: Congress) -> tuple[str, ...]:
    """The counting board the congress elected by show of hands, in name order."""
    vote = ShowOfHands.objects.filter(congress=congress, subject=VoteSubject.COUNTING_BOARD).first()
    if vote is None:
        return ()
    return tuple(m.full_name for m in vote.members.order_by("sort_key", "pk"))


def count_day(election: Election, congress: Congress | None = None) -> datetime.date:
    """The day of the count the minutes are dated: their document's date once drafted; else
    the day voting opened when it is one of the congress's days (a congress with no date: the
    day it was held, else the day voting opened); else the date a record of the congress day
    made today carries (congress.rules.day_record_date)."""
    congress = congress or election.congress
    document = election.minutes
    if document is not None and document.document_date:
        return document.document_date
    opened = timezone.localdate(election.opened_at) if election.opened_at is not None else None
    if congress.days:
        return opened if opened in congress.days else day_record_date(congress)
    return congress.held_on or opened or day_record_date(congress)


def count_day_problem(congress: Congress, day: datetime.date, today: datetime.date | None = None) -> str | None:
    """Why the count cannot be dated `day`, or None: one of the congress's days (when it has a
    date), never a day still to come."""
    today = today or timezone.localdate()
    if day > today:
        return _("The count cannot be dated on a day still to come.")
    days = congress.days
    if days and day not in days:
        return _("The count is dated on a day of the congress: %(days)s.") % {
            "days": ", ".join(d.strftime("%d/%m/%Y") for d in days),
        }
    return None


def count_times_problem(started: datetime.time | None, closed: datetime.time | None) -> str | None:
    """Why the minutes cannot have been closed at `closed` for a count started at `started`."""
    if started is not None and closed is not None and closed <= started:
        return _("The minutes are closed after the count starts: %(closed)s is not after %(started)s.") % {
            "closed": closed.strftime("%H:%M"), "started": started.strftime("%H:%M"),
        }
    return None


def count_facts(election: Election, day: datetime.date | None = None) -> minutes.CountFacts:
    """What the vote-count minutes say, read from the closed election's stored facts; `day`:
    the day of the count (default count_day)."""
    congress = election.congress
    listed = [c for c in election.candidates.select_related("member") if c.on_ballot and c.position is not None]
    listed.sort(key=lambda c: c.position)
    votes = {c.position: c.votes or 0 for c in listed}
    base = election.base or 0
    invalid_rows = list(election.invalid_totals.select_related("reason").order_by("reason__order", "reason__pk"))
    invalid = election.totals_invalid
    if invalid is None:
        invalid = sum(row.count for row in invalid_rows)
    returned = election.ballots_returned or 0
    valid = election.totals_valid if election.totals_valid is not None else max(returned - invalid, 0)
    # The tie and the vacancies follow from the stored votes by the same rule the count used.
    tally = rules.tally_votes(seats=election.seats, base=base, candidates=list(votes), votes=votes, valid=valid)
    tied = set(tally.tied)
    elected = sum(c.elected for c in listed)
    return minutes.CountFacts(
        organization_name=congress.organization.name,
        organization_kind=congress.organization.kind,
        superior_name=congress.plan.organization.name,
        ordinal=congress.ordinal,
        term=str(congress.plan.term),
        regulation=congress.plan.term.regulation,
        held_on=day or count_day(election, congress),
        venue=congress.venue,
        delegates=congress.kind == congress_rules.DELEGATES,
        kind=election.kind,
        round=election.round,
        seats=election.seats,
        candidates=tuple(
            minutes.CandidateLine(
                position=c.position, name=c.member.full_name, votes=c.votes or 0, elected=c.elected,
                tied=c.position in tied and not c.elected,
            )
            for c in listed
        ),
        board=board_names(congress),
        summoned=election.summoned or 0,
        present=election.present or 0,
        absent_at_voting=election.absent_at_voting,
        base=base,
        ballots_issued=election.ballots_issued or 0,
        ballots_returned=returned,
        valid=valid,
        invalid=invalid,
        invalid_reasons=tuple(minutes.InvalidLine(reason=row.reason.name, count=row.count) for row in invalid_rows),
        tied_seats=tally.tied_seats if tied else 0,
        vacant=max(election.seats - elected - (tally.tied_seats if tied else 0), 0),
        outcome=election.outcome,
        outcome_note=election.outcome_note,
        head=election.counting_head.full_name if election.counting_head_id else "",
        count_started_time=election.count_started_time,
        minutes_closed_time=election.minutes_closed_time,
    )


def _operator_name(user) -> str:
    return getattr(user, "full_name", "") or user.get_username()


def entry_log_facts(election: Election, day: datetime.date | None = None) -> minutes.EntryLogFacts:
    """What the entry log says: every line, in the order it was written, in local time."""
    lines = election.entry_log_lines.select_related("operator").order_by("at", "pk")
    reasons = {}
    for reason in InvalidReason.objects.all():
        reasons[str(reason.pk)] = reason.name
        if reason.code:
            reasons[reason.code] = reason.name
    return minutes.EntryLogFacts(
        count=count_facts(election, day),
        lines=tuple(
            minutes.LogLine(
                at=timezone.localtime(line.at), serial=line.serial, operator=_operator_name(line.operator),
                action=line.action, reading=line.reading, resolved_disagreement=line.resolved_disagreement,
            )
            for line in lines
        ),
        reasons=reasons,
        final_hash=entry_log_final_hash(election),
    )


# --- Shared steps ----------------------------------------------------------------------------


def _locked(election: Election) -> tuple[Election, Congress]:
    """The congress and then the election re-read under row locks, inside the caller's transaction."""
    congress = locked(election.congress)
    election = (
        Election.objects.select_for_update(of=("self",)).select_related("minutes", "entry_log").get(pk=election.pk)
    )
    election.congress = congress
    return election, congress


def _log_on_election(acting_user, code: str, election: Election, **details) -> None:
    """An audit row on the election itself, for steps whose rows are the documents'."""
    congress = election.congress
    with audited(acting_user, code, congress=congress.pk, organization=congress.organization_id,
                 election=election.pk, **details):
        LogEntry.objects.log_create(election, force_log=True, action=LogEntry.Action.UPDATE, changes={})


def _not_redrafted(which: str, document: Document) -> str:
    if document.state != DocumentState.ISSUED:
        return _("The document is being approved (“%(state)s”); it can no longer be drafted again.") % {
            "state": document.get_state_display(),
        }
    if which == MINUTES:
        return _("The vote-count minutes were issued as %(symbol)s; they can no longer be drafted again.") % {
            "symbol": document.symbol,
        }
    return _("The ballot entry log was issued as %(symbol)s; it can no longer be drafted again.") % {
        "symbol": document.symbol,
    }


def _already_issued(which: str, document: Document) -> str:
    if which == MINUTES:
        return _("The vote-count minutes were already issued as %(symbol)s.") % {"symbol": document.symbol}
    return _("The ballot entry log was already issued as %(symbol)s.") % {"symbol": document.symbol}


def _with_count(election: Election, congress: Congress, count: dict) -> tuple[Election, list[str], datetime.date]:
    """`election` with the times and the head the clerk entered (None: keep what is recorded),
    checked; the names of the fields that change, and the day of the count."""
    day = count.get("day") or count_day(election, congress)
    problem = count_day_problem(congress, day) if count.get("day") else None
    if problem:
        raise ValidationError({"day": problem})
    changed = []
    for name in ("count_started_time", "minutes_closed_time", "counting_head"):
        value = count.get(name)
        if value is not None and getattr(election, name) != value:
            setattr(election, name, value)
            changed.append(name)
    problem = count_times_problem(election.count_started_time, election.minutes_closed_time)
    if problem and ("count_started_time" in changed or "minutes_closed_time" in changed):
        raise ValidationError({"minutes_closed_time": problem})
    if "counting_head" in changed:
        problem = counting_head_problem(election.counting_head, counting_board_ids(congress))
        if problem:
            raise ValidationError({"counting_head": problem})
    return election, changed, day


def _draft(*, acting_user, election: Election, which: str, **count) -> Document:
    problem_of = minutes_problem if which == MINUTES else entry_log_problem
    code = f"elections.{which}.drafted"
    _refuse(problem_of(election))
    # Read again: the caller's instance may predate an earlier draft.
    congress = election.congress
    election = Election.objects.select_related("minutes", "entry_log", "counting_head").get(pk=election.pk)
    election.congress = congress
    election, changed, day = _with_count(election, congress, count if which == MINUTES else {})
    existing = getattr(election, which)
    subject, body, fields = _text(election, which, day)
    if existing is not None:
        if existing.state not in document_rules.EDITABLE:
            raise ValidationError(_not_redrafted(which, existing))
        # document_save_body owns its transaction: the new version, then the election's times
        # and the document's signature and date with the audit row on the election.
        version = document_save_body(
            acting_user=acting_user, document=existing, body=body, note=_("Drafted again from the election's count"),
        )
        with transaction.atomic(durable=True), audited(
            acting_user, code, congress=congress.pk, organization=congress.organization_id, election=election.pk,
        ):
            locked_election, _congress = _locked(election)
            _refuse(problem_of(locked_election, _congress))
            _save_count(locked_election, election, changed)
            document = Document.objects.select_for_update(of=("self",)).get(pk=existing.pk)
            if document.state not in document_rules.EDITABLE:
                raise ValidationError(_not_redrafted(which, document))
            _set_fields(document, fields)
            if version is not None or changed:
                _log_on_election(
                    acting_user, code, locked_election, version=version.number if version is not None else None,
                )
        return document
    with transaction.atomic(durable=True), audited(
        acting_user, code, congress=congress.pk, organization=congress.organization_id, election=election.pk,
    ):
        locked_election, congress = _locked(election)
        _refuse(problem_of(locked_election, congress))
        if getattr(locked_election, which) is not None:
            raise ValidationError(_("The document was drafted meanwhile: open it from the election's minutes page."))
        _save_count(locked_election, election, changed)
        document = create_in_transaction(
            acting_user=acting_user, issuer=congress.organization, doc_type="BB", subject=subject,
            term=congress.plan.term, body=body, sequence_key=congress_sequence_key(congress.pk),
            approved_by_issuer=True,
            issuer_lines=minutes.board_issuer_lines(congress.organization.name, congress.ordinal, congress.organization.kind),
        )
        # The defaults sign for the organisation ("T/M CHI BỘ, BÍ THƯ"): the counting board signs
        # instead. Dated the day of the count. No recipients: the minutes are filed in the
        # congress's dossier, which goes to the superior as a whole.
        _set_fields(document, fields)
        setattr(locked_election, which, document)
        locked_election.full_clean()
        locked_election.save(update_fields=[which])
    return document


def _save_count(target: Election, source: Election, changed: list[str]) -> None:
    if not changed:
        return
    for name in changed:
        setattr(target, name, getattr(source, name))
    target.save(update_fields=changed)


def _set_fields(document: Document, fields: dict) -> None:
    for name, value in fields.items():
        setattr(document, name, value)
    document.full_clean(exclude=["created_by"])
    document.save(update_fields=list(fields))


def _text(election: Election, which: str, day: datetime.date) -> tuple[str, str, dict]:
    """The subject, the body and the other fields of the document (its signature, its date),
    from the election's stored facts."""
    if which == MINUTES:
        facts = count_facts(election, day)
        subject, body = minutes.minutes_subject(facts), minutes.count_minutes_html(facts)
    else:
        log = entry_log_facts(election, day)
        facts = log.count
        subject, body = minutes.entry_log_subject(facts), minutes.entry_log_html(log)
    return subject, body, {**minutes.signature_fields(facts), "document_date": day}


def no_head_problem(election: Election) -> str | None:
    """Why the board's documents cannot be issued without a head: they print their signer's
    name, the head's, chosen when drafting the minutes (or when voting opened)."""
    if election.counting_head_id is None:
        return _(
            "Choose the head of the counting board: the vote-count minutes are signed by name. Draft the minutes "
            "again choosing the head (one of the counting board the congress elected)."
        )
    return None


def _issue(*, acting_user, election: Election, which: str, document_date: datetime.date | None = None) -> Document:
    """Submit, approve on the congress's behalf and issue, in one transaction: all or nothing.
    `document_date`: the date the clerk confirms (by default the document's, the day of the
    count), never before the previous number of the congress's sequence."""
    problem_of = minutes_problem if which == MINUTES else entry_log_problem
    with transaction.atomic(durable=True):
        election, congress = _locked(election)
        _refuse(problem_of(election, congress))
        document = getattr(election, which)
        if document is None:
            raise ValidationError(
                _("Draft the vote-count minutes first.") if which == MINUTES else _("Draft the ballot entry log first.")
            )
        if document.state == DocumentState.ISSUED:
            raise ValidationError(_already_issued(which, document))
        _refuse(no_head_problem(election))
        if document.state in document_rules.MOVES[DocumentMove.SUBMIT][0]:
            document = move_in_transaction(
                acting_user=acting_user, document=document, move=DocumentMove.SUBMIT, actors={DocumentActor.CLERK},
            )
        if document.state == DocumentState.SUBMITTED:
            comment = MINUTES_APPROVAL_COMMENT if which == MINUTES else ENTRY_LOG_APPROVAL_COMMENT.format(
                board=minutes.board_name(congress.organization.kind),
            )
            document = move_in_transaction(
                acting_user=acting_user, document=document, move=DocumentMove.APPROVE, actors={DocumentActor.LEADER},
                comment=comment,
            )
        document = issue_in_transaction(
            acting_user=acting_user, document=document, actors={DocumentActor.CLERK}, document_date=document_date,
        )
        _log_on_election(acting_user, f"elections.{which}.issued", election, symbol=document.symbol)
    return document


# --- The services ----------------------------------------------------------------------------


def election_minutes_draft(
    *, acting_user, election: Election, day: datetime.date | None = None,
    count_started_time: datetime.time | None = None, minutes_closed_time: datetime.time | None = None,
    counting_head: Member | None = None,
) -> Document:
    """Draft the vote-count minutes of a closed election from its stored facts as a BB document
    of the congress's organisation, numbered in the congress's sequence; drafting again before
    they are issued saves the new text as the next version, which the clerk may edit further on
    the document page.

    `day`, `count_started_time`, `minutes_closed_time`: the day of the count (one of the
    congress's days; default count_day) and its times, entered or confirmed by the clerk (None
    keeps what is recorded); `counting_head`: who heads the board (one of it), for an election
    opened without one. The times and the head are saved on the election (audited); the minutes
    are dated the day of the count and signed outside the body, "T/M TỔ KIỂM PHIẾU / TỔ TRƯỞNG"
    by the head, the other members as the second signature (elections.minutes.signature_fields).
    """
    return _draft(
        acting_user=acting_user, election=election, which=MINUTES, day=day, count_started_time=count_started_time,
        minutes_closed_time=minutes_closed_time, counting_head=counting_head,
    )


def election_minutes_issue(*, acting_user, election: Election, document_date: datetime.date | None = None) -> Document:
    """Issue the vote-count minutes in the congress's sequence, with their final PDF.

    They go to no superior for approval: the board reads them out and the congress adopts them.
    The documents app knows only approval by leaders, so the clerk's submission, the congress's
    adoption (recorded as the approval, comment "Đại hội thông qua biên bản kiểm phiếu") and the
    issue happen together, in one transaction, as for the congress minutes. Refused while no
    head of the counting board is chosen (no_head_problem)."""
    return _issue(acting_user=acting_user, election=election, which=MINUTES, document_date=document_date)


def election_entry_log_draft(*, acting_user, election: Election) -> Document:
    """Draft the ballot entry log of a closed election counted by keying (every keying,
    correction and tie-break, with totals per operator) as a BB document in the congress's
    sequence. An election counted by hand has no entry log."""
    return _draft(acting_user=acting_user, election=election, which=ENTRY_LOG)


def election_entry_log_issue(*, acting_user, election: Election) -> Document:
    """Issue the ballot entry log, confirmed by the counting board, in one transaction."""
    return _issue(acting_user=acting_user, election=election, which=ENTRY_LOG)


# --- What the congress minutes read (congress.hooks) ---------------------------------------------


def issued_minutes_symbols(congress: Congress) -> tuple[str, ...]:
    """The symbols of the congress's issued vote-count minutes, in the order of their numbers:
    the congress minutes name them as the source of the election results."""
    return tuple(
        Election.objects.filter(congress=congress, minutes__state=DocumentState.ISSUED)
        .order_by("minutes__number").values_list("minutes__symbol", flat=True)
    )
