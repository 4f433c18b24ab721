"""The minutes of a congress (biên bản đại hội): drafted from the recorded facts
(congress.minutes writes the text) and issued once the congress approves them. They are dated
the day of the meeting and give its times, which the clerk enters or confirms when drafting;
they are signed by name by the presiding member for the presidium and by the secretaries
(docs/domain.md §4a)."""

import datetime
from html import escape

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.audit import audited
from branches.models import Position
from documents import rules as document_rules
from documents.rules import issuing_body_name
from documents.models import Document, DocumentState
from documents.rules import Actor as DocumentActor
from documents.rules import Move as DocumentMove
from documents.services.documents import (
    create_in_transaction, document_save_body, issue_in_transaction, move_in_transaction,
)

from .. import hooks, minutes, rules, selectors
from ..models import Congress, CongressDocument, CongressDocumentRole, ElectedSeat, congress_sequence_key
from .day import USUAL_AGENDA, agenda_lines, log_on_congress, minutes_problem, refuse
from .locks import locked
from .attendance import breakdown, is_recorded


# --- The minutes -------------------------------------------------------------------------------


def minutes_subject(congress: Congress) -> str:
    """"Đại hội Chi bộ TDP Hoàng Trinh lần thứ II, nhiệm kỳ 2022–2025", under the heading BIÊN
    BẢN (the subject does not repeat the type: docs/domain.md §4a)."""
    return congress.name


# The elected as the minutes list them: the secretary, the deputy, then the committee by name.
POSITION_ORDER = {Position.SECRETARY: 0, Position.DEPUTY_SECRETARY: 1, Position.MEMBER: 2}


def elected_facts(congress: Congress) -> minutes.Elected:
    """Who the congress elected: its ElectedSeat rows (the elections app fills them when a ballot
    closes, or the clerk enters them), the delegates and the issued vote-count minutes the
    elections app tells through congress.hooks (this app does not import it)."""
    seats = sorted(
        ElectedSeat.objects.filter(congress=congress).select_related("member"),
        key=lambda s: (POSITION_ORDER.get(s.position, 3), s.member.sort_key, s.pk),
    )
    organization = congress.organization.name
    body = "Chi ủy" if congress.organization.kind in rules.BRANCH_KINDS else "Ban Chấp hành"
    superior = congress.plan.organization.name
    delegates = tuple(
        (label, names) for label, names in (
            (f"đại biểu chính thức dự Đại hội {superior}", hooks.names("results:official_delegates", congress)),
            (f"đại biểu dự khuyết dự Đại hội {superior}", hooks.names("results:alternate_delegates", congress)),
        ) if names
    )
    committee = tuple(s.member.full_name for s in seats)
    return minutes.Elected(
        committee_name=f"{body} {organization} nhiệm kỳ {congress.plan.term}",
        # A branch under 9 official members elects a secretary (and a deputy), no committee.
        committee=committee if any(s.position == Position.MEMBER for s in seats) else (),
        secretary=next((s.member.full_name for s in seats if s.position == Position.SECRETARY), ""),
        deputy=next((s.member.full_name for s in seats if s.position == Position.DEPUTY_SECRETARY), ""),
        organization_name=organization,
        delegates=delegates,
        count_minutes=hooks.names("minutes:count_minutes", congress),
    )


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
        days=meeting_days(congress),
        opening_time=congress.opening_time,
        closing_time=congress.closing_time,
        elected=elected_facts(congress),
        political_report=congress.documents.filter(role=CongressDocumentRole.POLITICAL_REPORT).exists(),
        self_review=congress.documents.filter(role=CongressDocumentRole.SELF_REVIEW).exists(),
    )


def meeting_days(congress: Congress) -> tuple[datetime.date, ...]:
    """The days the minutes record: the congress's days (Congress.days), else the day it was
    held, else none (the minutes then leave the date to write by hand)."""
    if congress.days:
        return congress.days
    day = congress.held_on or congress.scheduled_on
    return (day,) if day else ()


def default_meeting_day(congress: Congress, today: datetime.date | None = None) -> datetime.date:
    """The day the drafting form offers: the day it was recorded as held, else
    congress.rules.default_held_on (its last day not after today)."""
    return congress.held_on or selectors.default_held_on(congress, today)


def meeting_problem(
    congress: Congress, held_on: datetime.date | None, opening: datetime.time | None,
    closing: datetime.time | None, today: datetime.date | None = None,
) -> ValidationError | None:
    """Why the minutes cannot record the congress as held on `held_on` (None: not checked) from
    `opening` to `closing`, as a ValidationError naming the field, or None: the day is one of
    its days, not one still to come (congress.rules.held_on_problem); a congress of one day
    closes after it opens (congress.rules.meeting_times_problem)."""
    if held_on is not None:
        today = today or timezone.localdate()
        problem = rules.held_on_problem(held_on, congress.days, today, selectors.day_records_on(congress))
        if problem:
            return ValidationError({"held_on": problem})
    problem = rules.meeting_times_problem(opening, closing, days=len(congress.days) or 1)
    if problem:
        return ValidationError({"closing_time": problem})
    return None


def _signature_fields(facts: minutes.MinutesFacts) -> dict[str, str]:
    """The minutes' signatures (outside the body): for the presidium, its presiding member at
    the right; the secretaries at the left (docs/domain.md §4a)."""
    return {
        "signing_mode": minutes.SIGNING_MODE,
        "signing_body": minutes.SIGNING_BODY,
        "signer_position": "",
        "signer_name": minutes.presiding_member(facts),
        "cosigner_title": minutes.COSIGNER_TITLE,
        "cosigner_names": "\n".join(minutes.secretaries(facts)),
    }


def _document_fields(facts: minutes.MinutesFacts) -> dict:
    """What drafting sets on the document besides its body: the signatures, and the date, the
    congress's last day (minutes are dated the day of the meeting they record)."""
    days = facts.meeting_days
    return {**_signature_fields(facts), "document_date": days[-1] if days else None}


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


def _with_meeting(congress: Congress, held_on, opening_time, closing_time) -> tuple[Congress, list[str]]:
    """`congress` with the day and the times the clerk entered (None: keep what is recorded),
    checked (meeting_problem); the names of the fields that change."""
    changed = []
    for name, value in (("held_on", held_on), ("opening_time", opening_time), ("closing_time", closing_time)):
        if value is not None and getattr(congress, name) != value:
            setattr(congress, name, value)
            changed.append(name)
    if changed:
        problem = meeting_problem(
            congress, held_on if "held_on" in changed else None, congress.opening_time, congress.closing_time,
        )
        if problem:
            raise problem
    return congress, changed


def minutes_draft(
    *, acting_user, congress: Congress, held_on: datetime.date | None = None,
    opening_time: datetime.time | None = None, closing_time: datetime.time | None = None,
) -> Document:
    """Draft the minutes (biên bản đại hội) from the recorded facts (congress.minutes) as a BB
    document of the organisation, numbered in the congress's sequence; drafting again before
    they are issued saves the new text as the next version, which the clerk may edit further
    on the document page.

    `held_on`, `opening_time`, `closing_time`: the day and the times of the meeting the clerk
    enters or confirms (None keeps what is recorded), saved on the congress (audited) and
    given by the minutes, which are dated the congress's last day. The minutes are signed
    outside their body: "T/M ĐOÀN CHỦ TỊCH" by the presiding member (the presidium's first
    member), and "THƯ KÝ ĐẠI HỘI" by the secretaries; drafting again updates the signatures.
    """
    refuse(minutes_problem(congress))
    congress, changed = _with_meeting(congress, held_on, opening_time, closing_time)
    row = _minutes_row(congress)
    facts = minutes_facts(congress)
    body = minutes.minutes_html(facts)
    fields = _document_fields(facts)
    if row is not None:
        # documents.services.document_save_body owns its transaction: the new version, then the
        # congress's times, the document's signatures and the audit row on the congress.
        if row.document.state not in document_rules.EDITABLE:
            raise ValidationError(_not_redrafted(row.document))
        version = document_save_body(
            acting_user=acting_user, document=row.document, body=body,
            note=_("Drafted again from the congress records"),
        )
        with transaction.atomic(durable=True), audited(acting_user, "congress.minutes.drafted", congress=congress.pk):
            locked_congress = locked(congress)
            refuse(minutes_problem(locked_congress))
            _save_meeting(locked_congress, congress, changed)
            document = Document.objects.select_for_update(of=("self",)).get(pk=row.document.pk)
            if document.state not in document_rules.EDITABLE:
                raise ValidationError(_not_redrafted(document))
            _set_fields(document, fields)
            if version is not None or changed:
                log_on_congress(
                    acting_user, "congress.minutes.drafted", locked_congress,
                    version=version.number if version is not None else None,
                )
        return document
    with transaction.atomic(durable=True), audited(acting_user, "congress.minutes.drafted", congress=congress.pk):
        locked_congress = locked(congress)
        refuse(minutes_problem(locked_congress))
        if _minutes_row(locked_congress) is not None:
            raise ValidationError(_("The minutes were drafted meanwhile: open them from the congress page."))
        _save_meeting(locked_congress, congress, changed)
        document = create_in_transaction(
            acting_user=acting_user, issuer=locked_congress.organization, doc_type="BB",
            subject=minutes_subject(locked_congress), term=locked_congress.plan.term, body=body,
            sequence_key=congress_sequence_key(locked_congress.pk), approved_by_issuer=True,
            issuer_lines=locked_congress.issuer_lines,
            recipients=f"- {issuing_body_name(locked_congress.plan.organization.name, locked_congress.plan.organization.kind)} (để báo cáo),\n- Lưu.",
        )
        # The defaults sign for the organisation ("T/M CHI BỘ, BÍ THƯ"): the minutes are signed
        # for the presidium and by the secretariat.
        _set_fields(document, fields)
        CongressDocument.objects.create(
            congress=locked_congress, role=CongressDocumentRole.MINUTES, document=document,
        )
        log_on_congress(acting_user, "congress.minutes.drafted", locked_congress, version=1)
    return document


def _save_meeting(target: Congress, source: Congress, changed: list[str]) -> None:
    """Save on the locked `target` the day and the times `source` carries (audited by the
    caller's audited() block)."""
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


def minutes_write_discussion(*, acting_user, congress: Congress, summary: str) -> Document:
    """The secretary's summary of the discussion (plain text, a paragraph per line) in place of
    the one instruction the draft leaves for it (congress.minutes.DISCUSSION_INSTRUCTION), saved
    as the next version; the clerk may as well edit the body on the document page."""
    row = _minutes_row(congress)
    if row is None:
        raise ValidationError(_("Draft the minutes first."))
    document = row.document
    if document.state not in document_rules.EDITABLE:
        raise ValidationError(_not_redrafted(document))
    body = document.versions.order_by("-number").values_list("body", flat=True).first() or ""
    instruction = f"<p>{minutes.DISCUSSION_INSTRUCTION}</p>"
    paragraphs = "".join(f"<p>{escape(line.strip())}</p>" for line in summary.splitlines() if line.strip())
    if instruction not in body:
        raise ValidationError(_("The summary of the discussion was already written: edit it on the document page."))
    if not paragraphs:
        raise ValidationError(_("Write the summary of the discussion."))
    document_save_body(
        acting_user=acting_user, document=document, body=body.replace(instruction, paragraphs),
        note=_("The summary of the discussion"),
    )
    return document


MINUTES_APPROVAL_COMMENT = "Đại hội thông qua biên bản"


def minutes_issue(*, acting_user, congress: Congress, document_date: datetime.date | None = None) -> Document:
    """Issue the minutes, numbered in the congress's sequence, with their final PDF.

    Minutes go to no superior for approval: they are read out at the closing and the congress
    itself adopts them (docs/domain.md §2 step 6). The documents app knows only approval by leaders,
    so this service makes its three moves together, in one transaction, on the congress's
    behalf: the clerk submits (Actor.CLERK), the congress's adoption is recorded as the approval
    (Actor.LEADER, comment "Đại hội thông qua biên bản"), and the clerk issues. Either all of
    it happens or none, so no minutes wait half-approved for a leader who will never act.

    `document_date`: the date the clerk confirms (by default the document's, the congress's
    last day); never before the previous number of the congress's sequence (the documents app
    refuses it, naming the field "document_date"). Minutes print their signer's name: without a
    presiding member they are refused.
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
        if not document.signer_name.strip():
            raise ValidationError(_(
                "The minutes are signed by name for the presidium: record the presidium the congress elected (votes "
                "by show of hands) and draft the minutes again, or write the signer's name on the document page."
            ))
        if document.state in document_rules.MOVES[DocumentMove.SUBMIT][0]:
            document = move_in_transaction(
                acting_user=acting_user, document=document, move=DocumentMove.SUBMIT, actors={DocumentActor.CLERK},
            )
        if document.state == DocumentState.SUBMITTED:
            document = move_in_transaction(
                acting_user=acting_user, document=document, move=DocumentMove.APPROVE, actors={DocumentActor.LEADER},
                comment=MINUTES_APPROVAL_COMMENT,
            )
        document = issue_in_transaction(
            acting_user=acting_user, document=document, actors={DocumentActor.CLERK}, document_date=document_date,
        )
        log_on_congress(acting_user, "congress.minutes.issued", congress, symbol=document.symbol)
    return document
