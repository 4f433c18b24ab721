"""Preparing a congress (docs/domain.md §2 steps 2–3): its date and venue, the documents it drafts,
the superior's guests, and the debrief (rút kinh nghiệm) after a pilot congress.

The state of a congress changes only through congress.services.moves; nothing here moves it.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.audit import audited
from branches.text import fold
from documents.rules import issuing_body_name
from documents.models import Document, DocumentTemplate
from documents.services.documents import create_in_transaction

from .. import rules, selectors, targets
from ..models import (
    SUBMITTED_ROLES, Congress, CongressDocument, CongressDocumentRole, CongressGuest, CongressState, Debrief, Plan,
    congress_sequence_key,
)
from . import resolution as resolution_services
from .locks import locked

# A congress gets its date and venue until it is held.
SCHEDULABLE = frozenset({CongressState.PLANNED, CongressState.PREPARING, CongressState.SUBMITTED, CongressState.REVIEWED})
# Its documents are drafted before it is submitted for review (a returned congress is preparing again).
DRAFTING = frozenset({CongressState.PLANNED, CongressState.PREPARING})
# A pilot is debriefed once it was held.
HELD_OR_LATER = frozenset({CongressState.HELD, CongressState.RESULTS_REPORTED, CongressState.RATIFIED})


# --- Date and venue ----------------------------------------------------------------------------


def plan_issued_on(plan: Plan) -> datetime.date | None:
    """The date of the plan: its KH document's date ("Kế hoạch số 29-KH/ĐU, ngày 28/4/2022"),
    else the day it opened the congresses."""
    if plan.document.document_date:
        return plan.document.document_date
    return timezone.localdate(plan.opened_at) if plan.opened_at else None


def congress_schedule(
    *, acting_user, congress: Congress, scheduled_on: datetime.date, venue: str, duration_days: int | None = None,
) -> Congress:
    """Set the date and venue of a congress not yet held, and whether it meets for one day or
    two (`duration_days`; None keeps it). A date in the past is accepted (congresses are often
    entered after the fact), one before the plan is not; a date after the plan's deadline is
    accepted too, and the page warns (schedule_warnings). Once the records of its day carry its
    dates (the resolution issued), the dates no longer change (rules.day_record_date)."""
    if scheduled_on is None:
        raise ValidationError({"scheduled_on": _("Give the date of the congress.")})
    if duration_days is not None and duration_days not in rules.CONGRESS_DURATIONS:
        raise ValidationError({"duration_days": _("A congress meets for one day or two.")})
    with transaction.atomic(durable=True):
        congress = locked(congress)
        if congress.state not in SCHEDULABLE:
            raise ValidationError(_("The congress was held or closed; its date and venue can no longer change."))
        duration_days = congress.duration_days if duration_days is None else duration_days
        dated = selectors.day_records_on(congress)
        days = rules.congress_day_dates(scheduled_on, duration_days)
        if dated and not set(dated) <= set(days):
            raise ValidationError({"scheduled_on": _(
                "The congress's resolution was issued dated %(date)s: its date can no longer change."
            ) % {"date": ", ".join(f"{day:%d/%m/%Y}" for day in sorted(set(dated)))}})
        issued_on = plan_issued_on(congress.plan)
        if issued_on and scheduled_on < issued_on:
            raise ValidationError({"scheduled_on": _(
                "The congress cannot take place before the plan that organises it (%(date)s)."
            ) % {"date": f"{issued_on:%d/%m/%Y}"}})
        congress.scheduled_on = scheduled_on
        congress.duration_days = duration_days
        congress.venue = venue.strip()
        congress.full_clean()
        with audited(acting_user, "congress.congress.scheduled"):
            congress.save(update_fields=["scheduled_on", "duration_days", "venue"])
    return congress


@dataclass(frozen=True)
class PendingPilot:
    """A pilot congress of the plan that others should wait for, and why."""

    congress: Congress
    reason: str


def pending_pilots(congress: Congress) -> list[PendingPilot]:
    """The plan's pilot congresses not yet held and debriefed by the date of `congress` (a
    non-pilot; docs/domain.md §2 step 2: the others follow the pilots' lessons). Annulled pilots
    are not waited for. Empty for a pilot itself."""
    if congress.is_pilot:
        return []
    pilots = (
        Congress.objects.filter(plan_id=congress.plan_id, is_pilot=True)
        .exclude(state=CongressState.ANNULLED)
        .select_related("organization", "plan", "plan__term", "debrief")
        .order_by("organization__path")
    )
    pending = []
    for pilot in pilots:
        debrief = getattr(pilot, "debrief", None)
        if pilot.state not in HELD_OR_LATER:
            pending.append(PendingPilot(pilot, _("not held yet")))
        elif debrief is None or debrief.published_at is None:
            pending.append(PendingPilot(pilot, _("debrief not published yet")))
        elif congress.scheduled_on and timezone.localdate(debrief.published_at) > congress.scheduled_on:
            pending.append(PendingPilot(pilot, _("debrief published after this date")))
    return pending


def schedule_warnings(congress: Congress) -> list[str]:
    """What to warn about the date of a congress not yet held: after the plan's deadline, or
    (a non-pilot) before the pilot congresses are held and debriefed. Allowed, but warned."""
    if not congress.scheduled_on or congress.state not in SCHEDULABLE:
        return []
    warnings = []
    deadline = selectors.held_by(congress)
    if congress.scheduled_on > deadline:
        if congress.is_pilot and congress.plan.pilots_held_by:
            text = _("The date is after the plan's deadline: pilot congresses are to be held by %(date)s.")
        else:
            text = _("The date is after the plan's deadline: congresses are to be held by %(date)s.")
        warnings.append(text % {"date": f"{deadline:%d/%m/%Y}"})
    pending = pending_pilots(congress)
    if pending:
        warnings.append(_(
            "The congress is scheduled before the pilot congresses of the plan are held and debriefed: %(pilots)s."
        ) % {"pilots": "; ".join(f"{p.congress.organization.name} ({p.reason})" for p in pending)})
    return warnings


# --- Documents ---------------------------------------------------------------------------------

# Words a template's name holds when it is meant for the role (several roles share a type).
_ROLE_WORDS = {
    CongressDocumentRole.POLITICAL_REPORT: "chinh tri",
    CongressDocumentRole.SELF_REVIEW: "kiem diem",
    CongressDocumentRole.DRAFT_RESOLUTION: "nghi quyet",
    CongressDocumentRole.ACTION_PROGRAMME: "chuong trinh",
}

_POLITICAL_REPORT_BODY = (
    "<p><b>Phần thứ nhất</b></p>"
    "<p><b>KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT ĐẠI HỘI NHIỆM KỲ TRƯỚC</b></p>"
    "<p><b>I. Kết quả đạt được</b></p><p></p>"
    "<p><b>II. Hạn chế, khuyết điểm và nguyên nhân</b></p><p></p>"
    "<p><b>III. Bài học kinh nghiệm</b></p><p></p>"
    "<p><b>Phần thứ hai</b></p>"
    "<p><b>PHƯƠNG HƯỚNG, MỤC TIÊU, NHIỆM VỤ NHIỆM KỲ {term}</b></p>"
    "<p><b>I. Mục tiêu tổng quát</b></p><p></p>"
    "<p><b>II. Các chỉ tiêu chủ yếu</b></p><p></p>"
    "<p><b>III. Nhiệm vụ và giải pháp</b></p><p></p>"
)
_SELF_REVIEW_BODY = (
    "<p><b>I. Ưu điểm</b></p><p></p>"
    "<p><b>II. Hạn chế, khuyết điểm và nguyên nhân</b></p><p></p>"
    "<p><b>III. Phương hướng khắc phục</b></p><p></p>"
)


_RESULTS_HEADING = "<p><b>I. Kết quả đạt được</b></p>"


def previous_targets_html(congress: Congress) -> str:
    """The table of the previous congress's targets and what each year achieved, for the political
    report's "I. Kết quả đạt được" (docs/documents.md "Targets"); "" when it set none."""
    previous = selectors.previous_congress(congress)
    if previous is None:
        return ""
    rows = selectors.target_rows(previous)
    if not rows:
        return ""
    return targets.results_table_html(
        [row.record for row in rows], selectors.recorded_years(rows), str(previous.plan.term),
    )


def political_report_body(congress: Congress) -> str:
    """The political report's outline, with the previous term's targets under its results."""
    body = _POLITICAL_REPORT_BODY.format(term=congress.plan.term)
    table = previous_targets_html(congress)
    if table and _RESULTS_HEADING in body:
        body = body.replace(_RESULTS_HEADING, _RESULTS_HEADING + table, 1)
    return body


def resolution_recipients(congress: Congress) -> str:
    """Nơi nhận of the resolution: the superior, those who carry it out, the file."""
    carried_by = (
        "Đảng viên trong Chi bộ" if congress.organization.kind in rules.BRANCH_KINDS
        else "Các chi bộ, đảng bộ trực thuộc"
    )
    superior = issuing_body_name(congress.plan.organization.name, congress.plan.organization.kind)
    return f"- {superior} (để báo cáo),\n- {carried_by} (để thực hiện),\n- Lưu."


def document_subject(congress: Congress, role: str) -> str:
    """The subject (trích yếu) of a congress document, in Vietnamese, under its heading
    (document_heading) and without repeating it (docs/domain.md §4a): "BÁO CÁO CHÍNH TRỊ / của
    Chi ủy trình Đại hội Chi bộ TDP Hoàng Trinh lần thứ II, nhiệm kỳ 2022–2025". The draft
    resolution says it is a draft until the congress adopts it (congress.resolution.adopted_subject)."""
    committee = "Chi ủy" if congress.organization.kind in rules.BRANCH_KINDS else "Ban Chấp hành"
    return {
        CongressDocumentRole.POLITICAL_REPORT: f"của {committee} trình {congress.name}",
        CongressDocumentRole.SELF_REVIEW: f"Kiểm điểm của {committee} trình {congress.name}",
        CongressDocumentRole.DRAFT_RESOLUTION: f"Dự thảo Nghị quyết {congress.name}",
        CongressDocumentRole.ACTION_PROGRAMME: f"Thực hiện Nghị quyết {congress.name}",
    }[role]


# Headings other than the type's own (documents.rules.HEADINGS), as these documents are titled.
DOCUMENT_HEADINGS = {
    CongressDocumentRole.POLITICAL_REPORT: "BÁO CÁO CHÍNH TRỊ",
    CongressDocumentRole.ACTION_PROGRAMME: "CHƯƠNG TRÌNH HÀNH ĐỘNG",
}


def plan_template(plan: Plan, role: str) -> DocumentTemplate | None:
    """The plan's template for `role`: one of its type whose name says the role, else the only
    role of that type takes any template of the type."""
    doc_type = SUBMITTED_ROLES[role]
    candidates = list(plan.templates.filter(doc_type=doc_type).order_by("name", "pk"))
    for template in candidates:
        if _ROLE_WORDS[role] in fold(template.name):
            return template
    shared = sum(1 for t in SUBMITTED_ROLES.values() if t == doc_type) > 1
    return candidates[0] if candidates and not shared else None


def congress_document_create(*, acting_user, congress: Congress, role: str) -> Document:
    """Draft the congress's document for `role` (one of SUBMITTED_ROLES), numbered in the
    congress's own sequence, from the plan's template when it has one; refused when the
    congress already has it."""
    if role not in SUBMITTED_ROLES:
        raise ValidationError({"role": _("Choose one of the congress documents.")})
    role = CongressDocumentRole(role)
    with transaction.atomic(durable=True):
        congress = locked(congress)
        if congress.state not in DRAFTING:
            raise ValidationError(_(
                "The congress documents are drafted before the congress is submitted for review."
            ))
        if CongressDocument.objects.filter(congress=congress, role=role).exists():
            raise ValidationError(_("The congress already has its %(role)s.") % {"role": role.label.lower()})
        template = plan_template(congress.plan, role)
        body = ""
        if template is None and role is CongressDocumentRole.POLITICAL_REPORT:
            body = political_report_body(congress)
        elif template is None and role is CongressDocumentRole.SELF_REVIEW:
            body = _SELF_REVIEW_BODY
        elif template is None and role is CongressDocumentRole.DRAFT_RESOLUTION:
            body = resolution_services.resolution_body(congress)
        document = create_in_transaction(
            acting_user=acting_user, issuer=congress.organization, doc_type=SUBMITTED_ROLES[role],
            subject=document_subject(congress, role), term=congress.plan.term, body=body, template=template,
            sequence_key=congress_sequence_key(congress.pk), issuer_lines=congress.issuer_lines,
            heading=DOCUMENT_HEADINGS.get(role, ""),
        )
        if role is CongressDocumentRole.DRAFT_RESOLUTION:
            # Signed on behalf of the presidium, by its presiding member named at adoption
            # (docs/domain.md §4a): no position line.
            document.signing_mode = resolution_services.SIGNING_MODE
            document.signing_body = resolution_services.SIGNING_BODY
            document.signer_position = ""
            document.recipients = resolution_recipients(congress)
            document.save(update_fields=["signing_mode", "signing_body", "signer_position", "recipients"])
        row = CongressDocument(congress=congress, role=role, document=document)
        row.full_clean()
        with audited(acting_user, "congress.document.attached", role=role.value):
            row.save()
    return document


# --- Guests from the superior ------------------------------------------------------------------


def guest_save(*, acting_user, congress: Congress, name: str, position: str = "") -> CongressGuest:
    """Record someone from the superior who attends the congress ("Their pages show who from
    the superior attends": pilots above all)."""
    with transaction.atomic(durable=True):
        congress = locked(congress)
        if congress.state == CongressState.ANNULLED:
            raise ValidationError(_("The congress was annulled."))
        guest = CongressGuest(congress=congress, name=" ".join(name.split()), position=position.strip())
        guest.full_clean()
        with audited(acting_user, "congress.guest.saved", congress=congress.pk):
            guest.save()
    return guest


def guest_remove(*, acting_user, guest: CongressGuest) -> None:
    with transaction.atomic(durable=True), audited(acting_user, "congress.guest.removed", congress=guest.congress_id):
        guest = CongressGuest.objects.select_for_update().filter(pk=guest.pk).first()
        if guest is not None:  # removed meanwhile: nothing left to do
            guest.delete()


# --- The debrief of a pilot --------------------------------------------------------------------


def debrief_problem(congress: Congress) -> str | None:
    if not congress.is_pilot:
        return _("Only a pilot congress is debriefed.")
    if congress.state not in HELD_OR_LATER:
        return _("The pilot congress is debriefed once it was held.")
    return None


def debrief_save(*, acting_user, congress: Congress, lessons: str, points_to_observe: str = "") -> Debrief:
    """Record (or correct) the superior's debrief of a pilot congress that was held. A published
    debrief stays published: its corrections are what the other organisations read."""
    with transaction.atomic(durable=True):
        congress = locked(congress)
        problem = debrief_problem(congress)
        if problem:
            raise ValidationError(problem)
        if not lessons.strip():
            raise ValidationError({"lessons": _("Write the lessons learnt from the pilot congress.")})
        debrief = Debrief.objects.filter(congress=congress).first() or Debrief(congress=congress)
        debrief.lessons = lessons.strip()
        debrief.points_to_observe = points_to_observe.strip()
        debrief.recorded_by = acting_user
        debrief.full_clean()
        with audited(acting_user, "congress.debrief.saved", congress=congress.pk):
            debrief.save()
    return debrief


def debrief_publish(*, acting_user, congress: Congress) -> Debrief:
    """Publish the debrief of a pilot to every organisation of the plan: it shows on all their
    congress pages."""
    with transaction.atomic(durable=True):
        congress = locked(congress)
        problem = debrief_problem(congress)
        if problem:
            raise ValidationError(problem)
        debrief = Debrief.objects.select_for_update().filter(congress=congress).first()
        if debrief is None or not debrief.lessons.strip():
            raise ValidationError(_("Write the lessons learnt before publishing the debrief."))
        if debrief.published_at is not None:
            raise ValidationError(_("The debrief is already published."))
        debrief.published_at = timezone.now()
        with audited(acting_user, "congress.debrief.published", congress=congress.pk):
            debrief.save(update_fields=["published_at"])
    return debrief


def published_debriefs(plan: Plan):
    """The published debriefs of the plan's pilot congresses, for every congress page of it."""
    return (
        Debrief.objects.filter(congress__plan=plan, published_at__isnull=False)
        .select_related("congress__organization").order_by("published_at", "pk")
    )
