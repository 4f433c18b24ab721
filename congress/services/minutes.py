"""The minutes of a congress (biên bản đại hội): drafted from the recorded facts
(congress.minutes writes the text) and issued once the congress approves them."""


from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.audit import audited
from documents import rules as document_rules
from documents.models import Document, DocumentState
from documents.rules import Actor as DocumentActor
from documents.rules import Move as DocumentMove
from documents.services.documents import (
    create_in_transaction, document_save_body, issue_in_transaction, move_in_transaction,
)

from .. import minutes, rules
from ..models import Congress, CongressDocument, CongressDocumentRole, congress_sequence_key
from .day import USUAL_AGENDA, agenda_lines, log_on_congress, minutes_problem, refuse
from .locks import locked
from .attendance import breakdown, is_recorded


# --- The minutes -------------------------------------------------------------------------------


def minutes_subject(congress: Congress) -> str:
    """"Biên bản Đại hội Chi bộ TDP Hoàng Trinh lần thứ II, nhiệm kỳ 2022–2025"."""
    return f"Biên bản {congress.name}"


def minutes_facts(congress: Congress) -> minutes.MinutesFacts:
    """What the minutes say, read from the congress's records."""
    rows = list(congress.attendance.all())
    if not is_recorded(rows):
        raise ValidationError(_(
            "Record the attendance first: every member on the summons list must be marked present or absent."
        ))
    figures = breakdown(rows, congress.kind)
    votes = {}
    for vote in congress.votes.prefetch_related("members"):
        names = tuple(m.full_name for m in sorted(vote.members.all(), key=lambda m: (m.sort_key, m.pk)))
        votes[vote.subject] = minutes.Vote(
            votes_for=vote.votes_for, votes_against=vote.votes_against, base=vote.base, passed=vote.passed,
            members=names,
        )
    return minutes.MinutesFacts(
        congress_name=congress.name,
        organization_name=congress.organization.name,
        superior_name=congress.plan.organization.name,
        held_on=congress.held_on or congress.scheduled_on,
        venue=congress.venue,
        guests=tuple((g.name, g.position) for g in congress.guests.all()),
        attendance=figures,
        required_votes=rules.required_votes(figures.base),
        agenda=tuple(agenda_lines(congress.agenda) or USUAL_AGENDA),
        votes=votes,
    )


def _minutes_row(congress: Congress) -> CongressDocument | None:
    return congress.documents.filter(role=CongressDocumentRole.MINUTES).select_related("document").first()


def _not_redrafted(document: Document) -> str:
    if document.state == DocumentState.ISSUED:
        return _("The minutes were issued as %(symbol)s; they can no longer be drafted again.") % {
            "symbol": document.symbol,
        }
    return _("The minutes are being approved (“%(state)s”); they can no longer be drafted again.") % {
        "state": document.get_state_display(),
    }


def minutes_draft(*, acting_user, congress: Congress) -> Document:
    """Draft the minutes (biên bản đại hội) from the recorded facts (congress.minutes) as a BB
    document of the organisation, numbered in the congress's sequence; drafting again before
    they are issued saves the new text as the next version, which the clerk may edit further
    on the document page.

    The minutes carry their signatures in their body (the secretariat, and the presidium on
    behalf of the congress), so the document's own signature block is left empty.
    """
    refuse(minutes_problem(congress))
    row = _minutes_row(congress)
    body = minutes.minutes_html(minutes_facts(congress))
    if row is not None:
        # documents.services.document_save_body owns its transaction: the new version and the
        # audit row on the congress are two steps.
        if row.document.state not in document_rules.EDITABLE:
            raise ValidationError(_not_redrafted(row.document))
        version = document_save_body(
            acting_user=acting_user, document=row.document, body=body,
            note=_("Drafted again from the congress records"),
        )
        if version is not None:
            with transaction.atomic(durable=True):
                log_on_congress(acting_user, "congress.minutes.drafted", locked(congress), version=version.number)
        return row.document
    with transaction.atomic(durable=True), audited(acting_user, "congress.minutes.drafted", congress=congress.pk):
        congress = locked(congress)
        refuse(minutes_problem(congress))
        if _minutes_row(congress) is not None:
            raise ValidationError(_("The minutes were drafted meanwhile: open them from the congress page."))
        document = create_in_transaction(
            acting_user=acting_user, issuer=congress.organization, doc_type="BB", subject=minutes_subject(congress),
            term=congress.plan.term, body=body, sequence_key=congress_sequence_key(congress.pk),
            approved_by_issuer=True, issuer_lines=congress.issuer_lines,
            recipients=f"- {congress.plan.organization.name} (để báo cáo),\n- Lưu.",
        )
        # The defaults sign for the organisation ("T/M CHI BỘ, BÍ THƯ"); the minutes are signed
        # in their body instead.
        document.signing_mode = document.signing_body = document.signer_position = ""
        document.save(update_fields=["signing_mode", "signing_body", "signer_position"])
        CongressDocument.objects.create(congress=congress, role=CongressDocumentRole.MINUTES, document=document)
        log_on_congress(acting_user, "congress.minutes.drafted", congress, version=1)
    return document


MINUTES_APPROVAL_COMMENT = "Đại hội thông qua biên bản"


def minutes_issue(*, acting_user, congress: Congress) -> Document:
    """Issue the minutes, numbered in the congress's sequence, with their final PDF.

    Minutes go to no superior for approval: they are read out at the closing and the congress
    itself adopts them (docs/domain.md §2 step 6). The documents app knows only approval by leaders,
    so this service makes its three moves together, in one transaction, on the congress's
    behalf: the clerk submits (Actor.CLERK), the congress's adoption is recorded as the approval
    (Actor.LEADER, comment "Đại hội thông qua biên bản"), and the clerk issues. Either all of
    it happens or none, so no minutes wait half-approved for a leader who will never act.
    """
    with transaction.atomic(durable=True), audited(acting_user, "congress.minutes.issued", congress=congress.pk):
        congress = locked(congress)
        refuse(minutes_problem(congress))
        row = _minutes_row(congress)
        if row is None:
            raise ValidationError(_("Draft the minutes first."))
        document = row.document
        if document.state == DocumentState.ISSUED:
            raise ValidationError(_("The minutes were already issued as %(symbol)s.") % {"symbol": document.symbol})
        if document.state in document_rules.MOVES[DocumentMove.SUBMIT][0]:
            document = move_in_transaction(
                acting_user=acting_user, document=document, move=DocumentMove.SUBMIT, actors={DocumentActor.CLERK},
            )
        if document.state == DocumentState.SUBMITTED:
            document = move_in_transaction(
                acting_user=acting_user, document=document, move=DocumentMove.APPROVE, actors={DocumentActor.LEADER},
                comment=MINUTES_APPROVAL_COMMENT,
            )
        document = issue_in_transaction(acting_user=acting_user, document=document, actors={DocumentActor.CLERK})
        log_on_congress(acting_user, "congress.minutes.issued", congress, symbol=document.symbol)
    return document
