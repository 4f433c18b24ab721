"""The vote-count minutes (biên bản kiểm phiếu) and the ballot entry log (nhật ký nhập phiếu) of
a closed election: drafted from its stored facts (elections.minutes writes the text) as BB
documents in the congress's number sequence, and issued once adopted."""

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
from congress.services.locks import locked
from documents import rules as document_rules
from documents.models import Document, DocumentState
from documents.rules import Actor as DocumentActor
from documents.rules import Move as DocumentMove
from documents.services.documents import (
    create_in_transaction, document_save_body, issue_in_transaction, move_in_transaction,
)

from .. import minutes, rules
from ..models import CountingMode, Election, ElectionState, InvalidReason

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


def count_facts(election: Election) -> minutes.CountFacts:
    """What the vote-count minutes say, read from the closed election's stored facts."""
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
        held_on=congress.held_on or congress.scheduled_on,
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
    )


def _operator_name(user) -> str:
    return getattr(user, "full_name", "") or user.get_username()


def entry_log_facts(election: Election) -> minutes.EntryLogFacts:
    """What the entry log says: every line, in the order it was written, in local time."""
    lines = election.entry_log_lines.select_related("operator").order_by("at", "pk")
    reasons = {}
    for reason in InvalidReason.objects.all():
        reasons[str(reason.pk)] = reason.name
        if reason.code:
            reasons[reason.code] = reason.name
    return minutes.EntryLogFacts(
        count=count_facts(election),
        lines=tuple(
            minutes.LogLine(
                at=timezone.localtime(line.at), serial=line.serial, operator=_operator_name(line.operator),
                action=line.action, reading=line.reading, resolved_disagreement=line.resolved_disagreement,
            )
            for line in lines
        ),
        reasons=reasons,
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


def _draft(*, acting_user, election: Election, which: str) -> Document:
    problem_of = minutes_problem if which == MINUTES else entry_log_problem
    code = f"elections.{which}.drafted"
    _refuse(problem_of(election))
    # Read again: the caller's instance may predate an earlier draft.
    existing = getattr(Election.objects.select_related(which).get(pk=election.pk), which)
    if existing is not None:
        if existing.state not in document_rules.EDITABLE:
            raise ValidationError(_not_redrafted(which, existing))
        # document_save_body owns its transaction: the new version and the audit row on the
        # election are two steps, as for the congress minutes.
        _subject, body = _text(election, which)
        version = document_save_body(
            acting_user=acting_user, document=existing, body=body, note=_("Drafted again from the election's count"),
        )
        if version is not None:
            with transaction.atomic(durable=True):
                election, _congress = _locked(election)
                _log_on_election(acting_user, code, election, version=version.number)
        return existing
    congress = election.congress
    with transaction.atomic(durable=True), audited(
        acting_user, code, congress=congress.pk, organization=congress.organization_id, election=election.pk,
    ):
        election, congress = _locked(election)
        _refuse(problem_of(election, congress))
        if getattr(election, which) is not None:
            raise ValidationError(_("The document was drafted meanwhile: open it from the election's minutes page."))
        subject, body = _text(election, which)
        document = create_in_transaction(
            acting_user=acting_user, issuer=congress.organization, doc_type="BB", subject=subject,
            term=congress.plan.term, body=body, sequence_key=congress_sequence_key(congress.pk),
            approved_by_issuer=True, issuer_lines=congress.issuer_lines,
            # Dated the congress's day like the resolution in the same sequence (rules.day_record_date).
            document_date=day_record_date(congress),
        )
        # The defaults sign for the organisation ("T/M CHI BỘ, BÍ THƯ"); the counting board
        # signs in the body instead. No recipients: the minutes are filed in the congress's
        # dossier, which goes to the superior as a whole.
        document.signing_mode = document.signing_body = document.signer_position = ""
        document.save(update_fields=["signing_mode", "signing_body", "signer_position"])
        setattr(election, which, document)
        election.full_clean()
        election.save(update_fields=[which])
    return document


def _text(election: Election, which: str) -> tuple[str, str]:
    """The subject and the body of the document, from the election's stored facts."""
    if which == MINUTES:
        facts = count_facts(election)
        return minutes.minutes_subject(facts), minutes.count_minutes_html(facts)
    log = entry_log_facts(election)
    return minutes.entry_log_subject(log.count), minutes.entry_log_html(log)


def _issue(*, acting_user, election: Election, which: str) -> Document:
    """Submit, approve on the congress's behalf and issue, in one transaction: all or nothing."""
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
        document = issue_in_transaction(acting_user=acting_user, document=document, actors={DocumentActor.CLERK})
        _log_on_election(acting_user, f"elections.{which}.issued", election, symbol=document.symbol)
    return document


# --- The services ----------------------------------------------------------------------------


def election_minutes_draft(*, acting_user, election: Election) -> Document:
    """Draft the vote-count minutes of a closed election from its stored facts as a BB document
    of the congress's organisation, numbered in the congress's sequence; drafting again before
    they are issued saves the new text as the next version, which the clerk may edit further on
    the document page. The counting board signs in the body: the document's own signature block
    is left empty."""
    return _draft(acting_user=acting_user, election=election, which=MINUTES)


def election_minutes_issue(*, acting_user, election: Election) -> Document:
    """Issue the vote-count minutes in the congress's sequence, with their final PDF.

    They go to no superior for approval: the board reads them out and the congress adopts them.
    The documents app knows only approval by leaders, so the clerk's submission, the congress's
    adoption (recorded as the approval, comment "Đại hội thông qua biên bản kiểm phiếu") and the
    issue happen together, in one transaction, as for the congress minutes."""
    return _issue(acting_user=acting_user, election=election, which=MINUTES)


def election_entry_log_draft(*, acting_user, election: Election) -> Document:
    """Draft the ballot entry log of a closed election counted by keying (every keying,
    correction and tie-break, with totals per operator) as a BB document in the congress's
    sequence. An election counted by hand has no entry log."""
    return _draft(acting_user=acting_user, election=election, which=ENTRY_LOG)


def election_entry_log_issue(*, acting_user, election: Election) -> Document:
    """Issue the ballot entry log, confirmed by the counting board, in one transaction."""
    return _issue(acting_user=acting_user, election=election, which=ENTRY_LOG)
