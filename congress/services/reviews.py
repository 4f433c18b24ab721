"""Reviewing a congress (duyệt đại hội, docs/domain.md §2 step 5): the superior's clerk schedules a
session, its leaders decide on each submitted item (approved, or to revise with comments), and
concluding the session moves the congress (reviewed, or back to preparation) and drafts the
conclusion notice (thông báo kết luận), a TB document of the superior that then follows the
usual approval and issue of documents.

A decision moves its document at once (approved → APPROVE, to revise → RETURN with the
comment), so the branch sees what to revise on the document itself. A decision can change
until the session is concluded, as far as the document can follow: an approved document cannot
be returned any more, and a returned one is approved again only once resubmitted.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from branches.audit import audited
from documents.models import Document, DocumentState
from documents.rules import short_date
from documents.signatures import leader_signature
from documents.rules import Actor as DocumentActor
from documents.rules import Move as DocumentMove
from documents.services.documents import create_in_transaction
from documents.services.documents import move_in_transaction as document_move_in_transaction

from .. import rules
from ..models import (
    SUBMITTED_ROLES, Congress, CongressDocument, CongressDocumentRole, ReviewDecision, ReviewMode, ReviewSession,
    ReviewVerdict,
)
from ..rules import Actor, Move
from .congresses import document_subject
from .moves import move_in_transaction

# The items of a review as official texts name them (Vietnamese whatever the interface language).
ITEM_NAMES = {
    CongressDocumentRole.POLITICAL_REPORT: "Báo cáo chính trị",
    CongressDocumentRole.SELF_REVIEW: "Báo cáo kiểm điểm của cấp ủy",
    CongressDocumentRole.DRAFT_RESOLUTION: "Dự thảo Nghị quyết Đại hội",
    CongressDocumentRole.ACTION_PROGRAMME: "Chương trình hành động",
}

_WEB_LINK = URLValidator(schemes=["http", "https"])


@dataclass(frozen=True)
class ReviewItem:
    """Something a review decides on: a submitted document of the congress."""

    key: str  # the CongressDocumentRole value, stored as ReviewDecision.item
    label: str
    document: Document


def review_items(congress: Congress) -> list[ReviewItem]:
    """The documents of SUBMITTED_ROLES attached to the congress, in the order of SUBMITTED_ROLES."""
    attached = {
        row.role: row.document
        for row in congress.documents.filter(role__in=list(SUBMITTED_ROLES)).select_related("document")
    }
    return [ReviewItem(role.value, role.label, attached[role]) for role in SUBMITTED_ROLES if role in attached]


def open_session(congress: Congress) -> ReviewSession | None:
    """The session not concluded yet, if any (there is at most one: scheduling again moves it)."""
    return congress.reviews.filter(concluded_at__isnull=True).order_by("-pk").first()


# --- Scheduling -------------------------------------------------------------------------------


def review_schedule(
    *, acting_user, congress: Congress, mode: str, starts_at: datetime.datetime, place: str = "",
    meeting_link: str = "", actors: set[Actor],
) -> ReviewSession:
    """Schedule the review of a congress submitted for review, in person (at `place`) or
    online (at `meeting_link`). While a session is open, scheduling again moves that session."""
    if Actor.SUPERIOR_CLERK not in actors:
        raise ValidationError(_("Only a clerk of the superior organisation may schedule a review session."))
    place, meeting_link = place.strip(), meeting_link.strip()
    if mode not in ReviewMode.values:
        raise ValidationError({"mode": _("Choose whether the review is held in person or online.")})
    if mode == ReviewMode.IN_PERSON and not place:
        raise ValidationError({"place": _("Say where the review session takes place.")})
    if mode == ReviewMode.ONLINE:
        if not meeting_link:
            raise ValidationError({"meeting_link": _("An online review needs its meeting link.")})
        try:
            _WEB_LINK(meeting_link)
        except ValidationError:
            raise ValidationError({
                "meeting_link": _("Enter the full address of the meeting, starting with https://."),
            }) from None
    else:
        meeting_link = ""
    with transaction.atomic(durable=True):
        congress = Congress.objects.select_for_update(of=("self",)).get(pk=congress.pk)
        if congress.state != rules.SUBMITTED:
            raise ValidationError(_("A review session can be scheduled only for a congress submitted for review."))
        if congress.scheduled_on and timezone.localtime(starts_at).date() > congress.scheduled_on:
            raise ValidationError({"date": _("The review must take place before the congress, on %(date)s.") % {
                "date": congress.scheduled_on.strftime("%d/%m/%Y"),
            }})
        session = open_session(congress) or ReviewSession(congress=congress, scheduled_by=acting_user)
        session.mode, session.starts_at, session.place, session.meeting_link = mode, starts_at, place, meeting_link
        session.full_clean()
        with audited(acting_user, "congress.review.scheduled", **_tags(congress)):
            session.save()
    return session


def _tags(congress: Congress) -> dict:
    """Details that let a page find the audit rows of a congress's review."""
    return {"congress": congress.pk, "organization": congress.organization_id}


# --- Decisions ----------------------------------------------------------------------------------


def review_decide(
    *, acting_user, session: ReviewSession, decisions: Mapping[str, tuple[str, str]], actors: set[Actor],
) -> list[ReviewDecision]:
    """Record the leaders' decisions: item -> (verdict, comment). Each decision moves its
    document if it is submitted (approved → APPROVE, to revise → RETURN with the comment).
    Items not named keep their decision; an unchanged decision writes nothing. Returns the
    decisions written."""
    if Actor.SUPERIOR_LEADER not in actors:
        raise ValidationError(_("Only a leader of the superior organisation may take review decisions."))
    wanted = {}
    problems = {}
    for item, (verdict, comment) in decisions.items():
        comment = (comment or "").strip()
        if verdict not in ReviewVerdict.values:
            problems[item] = _("Choose approved or to revise.")
        elif verdict == ReviewVerdict.REVISE and not comment:
            problems[item] = _("Say what must be revised: a decision “to revise” needs comments.")
        wanted[item] = (verdict, comment)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic(durable=True):
        session = ReviewSession.objects.select_for_update(of=("self",)).select_related("congress").get(pk=session.pk)
        congress = session.congress
        if session.concluded_at is not None:
            raise ValidationError(_("This review session is concluded; its decisions can no longer change."))
        if congress.state != rules.SUBMITTED:
            raise ValidationError(_("Review decisions are taken while the congress is submitted for review."))
        items = {item.key: item for item in review_items(congress)}
        unknown = sorted(set(wanted) - set(items))
        if unknown:
            raise ValidationError(_("Not an item of this review: %(items)s.") % {"items": ", ".join(unknown)})
        existing = {d.item: d for d in session.decisions.all()}
        changes = []
        for key, (verdict, comment) in wanted.items():
            before = existing.get(key)
            if before is not None and (before.verdict, before.comment) == (verdict, comment):
                continue
            problem = _document_problem(items[key], verdict)
            if problem:
                problems[key] = problem
            changes.append((items[key], before, verdict, comment))
        if problems:
            raise ValidationError(problems)
        written = []
        for item, before, verdict, comment in changes:
            decision = before or ReviewDecision(session=session, item=item.key)
            decision.verdict, decision.comment, decision.decided_by = verdict, comment, acting_user
            decision.full_clean()
            with audited(acting_user, "congress.review.decided", item=item.key, **_tags(congress)):
                decision.save()
            _move_document(acting_user, item.document, verdict, comment)
            written.append(decision)
    return written


def _document_problem(item: ReviewItem, verdict: str) -> str | None:
    """Why the document of `item` cannot follow `verdict`, or None."""
    state = item.document.state
    if state == DocumentState.SUBMITTED:
        return None
    if verdict == ReviewVerdict.APPROVED and state == DocumentState.APPROVED:
        return None
    if verdict == ReviewVerdict.REVISE and state == DocumentState.RETURNED:
        return None  # returned already: the comments are updated
    if state == DocumentState.APPROVED:
        return _("%(item)s: the document is already approved and can no longer be returned for revision.") % {
            "item": item.label,
        }
    if state == DocumentState.RETURNED:
        return _("%(item)s: the document was returned for revision; it can be approved once the branch submits it "
                 "again.") % {"item": item.label}
    return _("%(item)s: the document is not submitted to the superior (%(state)s); the branch submits it first.") % {
        "item": item.label, "state": DocumentState(state).label,
    }


def _move_document(acting_user, document: Document, verdict: str, comment: str) -> None:
    if document.state != DocumentState.SUBMITTED:
        return
    if verdict == ReviewVerdict.APPROVED:
        document_move_in_transaction(
            acting_user=acting_user, document=document, move=DocumentMove.APPROVE, actors={DocumentActor.LEADER},
        )
    else:
        document_move_in_transaction(
            acting_user=acting_user, document=document, move=DocumentMove.RETURN, actors={DocumentActor.LEADER},
            comment=comment,
        )
    document.refresh_from_db(fields=["state"])


# --- Conclusion ---------------------------------------------------------------------------------


def review_conclude(*, acting_user, session: ReviewSession, actors: set[Actor]) -> ReviewSession:
    """Conclude a session once every item has a decision: all approved → the congress is
    reviewed (CONCLUDE_REVIEW), else it goes back to preparation (RETURN_TO_PREPARING) and the
    branch revises and submits again. Drafts the conclusion notice (TB of the superior) and
    attaches it to the congress as its CONCLUSION_NOTICE (a later review replaces it there)."""
    with transaction.atomic(durable=True):
        session = ReviewSession.objects.select_for_update(of=("self",)).get(pk=session.pk)
        congress = Congress.objects.select_related("organization", "plan__organization", "plan__term").get(
            pk=session.congress_id,
        )
        # Who and from where only: the conditions are checked by the move the decisions lead to
        # (a return for revision needs no approved personnel plan).
        anything = dict.fromkeys(rules.MOVES[Move.CONCLUDE_REVIEW][3], True)
        problem = rules.move_problem(Move.CONCLUDE_REVIEW, congress.state, actors, conditions=anything)
        if problem:
            raise ValidationError(problem)
        if session.concluded_at is not None:
            raise ValidationError(_("This review session is already concluded."))
        items = review_items(congress)
        decisions = {d.item: d for d in session.decisions.all()}
        missing = [str(item.label) for item in items if item.key not in decisions]
        if not items or missing:
            raise ValidationError(_("Take a decision on every item before concluding; still without one: %(items)s.") % {
                "items": ", ".join(missing) or "—",
            })
        to_revise = [item for item in items if decisions[item.key].verdict == ReviewVerdict.REVISE]
        move = Move.RETURN_TO_PREPARING if to_revise else Move.CONCLUDE_REVIEW
        reason = "; ".join(f"{ITEM_NAMES[item.key]}: {decisions[item.key].comment}" for item in to_revise)
        congress = move_in_transaction(acting_user=acting_user, congress=congress, move=move, actors=actors, reason=reason)
        session.concluded_at = timezone.now()
        with audited(acting_user, f"congress.congress.{move.value}", **_tags(congress)):
            session.save(update_fields=["concluded_at"])
        _draft_notice(acting_user, congress, session, items, decisions)
    return session


def _draft_notice(acting_user, congress: Congress, session: ReviewSession, items, decisions) -> Document:
    plan = congress.plan
    standing = standing_committee_name(plan.organization.name)
    notice = create_in_transaction(
        acting_user=acting_user, issuer=plan.organization, doc_type="TB", term=plan.term,
        subject=f"Kết luận của {standing} về việc duyệt văn kiện {congress.name}",
        body=conclusion_notice_body(
            standing=standing, organization=congress.organization.name, congress_name=congress.name,
            starts_at=timezone.localtime(session.starts_at), online=session.mode == ReviewMode.ONLINE,
            place=session.place, meeting_link=session.meeting_link,
            decisions=[
                (ITEM_NAMES[item.key], _own_subject(congress, item), decisions[item.key].verdict == ReviewVerdict.APPROVED,
                 decisions[item.key].comment)
                for item in items
            ],
            congress_on=congress.scheduled_on, congress_venue=congress.venue,
        ),
        signing_body="BAN THƯỜNG VỤ", **leader_signature(acting_user),
        recipients=f"- {congress.organization.name},\n- Lưu VP.",
        approved_by_issuer=True,
    )
    with audited(acting_user, "congress.review.notice_drafted", **_tags(congress)):
        row = (
            CongressDocument.objects.filter(congress=congress, role=CongressDocumentRole.CONCLUSION_NOTICE).first()
            or CongressDocument(congress=congress, role=CongressDocumentRole.CONCLUSION_NOTICE)
        )
        row.document = notice
        row.full_clean()
        row.save()
    return notice


def _own_subject(congress: Congress, item) -> str:
    """The item's subject where the clerk gave it one of their own (a template's), for the notice
    to name it; "" for the subject the product wrote, which only repeats the item's name."""
    subject = item.document.subject
    return "" if subject == document_subject(congress, item.key) else subject


def standing_committee_name(organization_name: str) -> str:
    """The standing committee of a Party organisation, as a notice names it: "Đảng bộ phường
    Kỳ Trinh" -> "Ban Thường vụ Đảng ủy phường Kỳ Trinh" (a Đảng bộ is led by its Đảng ủy)."""
    name = organization_name.strip()
    if name.startswith("Đảng bộ "):
        name = "Đảng ủy " + name.removeprefix("Đảng bộ ")
    return f"Ban Thường vụ {name}"


def _date_text(day: datetime.date) -> str:
    """05/5/2022, as administrative texts write a date (documents.rules.short_date)."""
    return short_date(day)


def _paragraphs(text: str) -> str:
    return "<br>".join(escape(line.strip()) for line in text.strip().splitlines() if line.strip())


def _short_standing(standing: str) -> str:
    """How the text names the standing committee after the first time: "Ban Thường vụ Đảng ủy
    phường Kỳ Trinh" -> "Ban Thường vụ Đảng ủy"."""
    words = standing.split()
    if len(words) > 4 and words[4] == "ủy":
        return " ".join(words[:5])
    return standing


def conclusion_notice_body(
    *, standing: str, organization: str, congress_name: str, starts_at: datetime.datetime, online: bool,
    place: str, meeting_link: str, decisions: list[tuple[str, str, bool, str]],
    congress_on: datetime.date | None = None, congress_venue: str = "",
) -> str:
    """The body (HTML) of the conclusion notice, in Vietnamese: when and how the review was
    held, then the conclusion on each item (name, document subject, approved?, comments), then
    what the organisation does next. Pure: plain values in, text out."""
    short = escape(_short_standing(standing))
    organization = escape(organization)
    when = f"{starts_at.hour} giờ {starts_at.minute:02d} ngày {_date_text(starts_at.date())}"
    if online:
        how = "theo hình thức trực tuyến"
        if meeting_link:
            how += f" (phòng họp trực tuyến: {escape(meeting_link)})"
        if place:
            how += f", điểm cầu chính tại {escape(place)}"
    else:
        how = f"tại {escape(place)}" if place else "theo hình thức trực tiếp"
    parts = [
        f"<p>Vào lúc {when}, {escape(standing)} đã tổ chức duyệt văn kiện {escape(congress_name)} {how}.</p>",
        f"<p>Sau khi nghe đại diện {organization} báo cáo công tác chuẩn bị Đại hội và ý kiến phát biểu của các "
        f"đồng chí dự họp, {short} kết luận như sau:</p>",
    ]
    for number, (name, subject, approved, comment) in enumerate(decisions, start=1):
        title = f"<p><strong>{number}. {escape(name)}</strong>"
        if subject and not subject.casefold().startswith(name.casefold()):
            title += f" ({escape(subject)})"
        if approved and comment.strip():
            parts.append(f"{title}: Cơ bản thống nhất với nội dung dự thảo; đề nghị lưu ý: {_paragraphs(comment)}</p>")
        elif approved:
            parts.append(f"{title}: Thống nhất thông qua.</p>")
        else:
            parts.append(
                f"{title}: Chưa thống nhất thông qua. Đề nghị tiếp thu, chỉnh sửa, bổ sung theo các ý kiến sau: "
                f"{_paragraphs(comment)}</p>"
            )
    if all(approved for _name, _subject, approved, _comment in decisions):
        held = ""
        if congress_on:
            held = f" vào ngày {_date_text(congress_on)}"
            if congress_venue.strip():
                held += f" tại {escape(congress_venue.strip())}"
        parts.append(
            f"<p>{short} đồng ý để {organization} tổ chức Đại hội{held} theo kế hoạch. Đề nghị {organization} "
            "tiếp thu các ý kiến nêu trên, hoàn chỉnh văn kiện, chuẩn bị chu đáo các điều kiện để Đại hội thành "
            "công.</p>"
        )
    else:
        parts.append(
            f"<p>Đề nghị {organization} tiếp thu đầy đủ các ý kiến nêu trên, khẩn trương hoàn chỉnh văn kiện, "
            f"báo cáo {short} duyệt lại trước khi tổ chức Đại hội.</p>"
        )
    parts.append(f"<p>{short} thông báo để {organization} biết, thực hiện.</p>")
    return "\n".join(parts)


# --- Returning a reviewed congress ------------------------------------------------------------


def review_return(*, acting_user, congress: Congress, comment: str, actors: set[Actor]) -> Congress:
    """A leader of the superior returns a reviewed congress, not yet held, for revision (after
    the notice, something must change before the congress): it goes back to preparation, and
    the clerk submits it for review again. A congress under review is returned by concluding
    its session instead."""
    comment = comment.strip()
    problem = rules.move_problem(Move.RETURN_TO_PREPARING, congress.state, actors, conditions={})
    if problem:
        raise ValidationError(problem)
    if not comment:
        raise ValidationError({"comment": _("Say what must be revised before the congress is held.")})
    with transaction.atomic(durable=True):
        state = Congress.objects.select_for_update(of=("self",)).values_list("state", flat=True).get(pk=congress.pk)
        if state != rules.REVIEWED:
            raise ValidationError(_(
                "Only a reviewed congress, not yet held, is returned here; a congress under review is returned "
                "by concluding its review session."))
        congress = move_in_transaction(
            acting_user=acting_user, congress=congress, move=Move.RETURN_TO_PREPARING, actors=actors, reason=comment,
        )
        # The documents approved at the review go back to the branch with the comment, so that
        # they can be revised and submitted again.
        for row in congress.documents.filter(role__in=list(SUBMITTED_ROLES), document__state=DocumentState.APPROVED):
            document_move_in_transaction(
                acting_user=acting_user, document=row.document, move=DocumentMove.RETURN,
                actors={DocumentActor.LEADER}, comment=comment,
            )
        return congress
