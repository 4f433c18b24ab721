"""The superior's decisions on a congress's results (docs/domain.md §2 step 7, §3.11; QĐ 24-QĐ/TW
§16.1): the appointment of a secretary the congress did not elect (chỉ định), ratification
(chuẩn y) with a QĐ decision that makes the elected the organisation's committee for the term,
or annulment with a reason."""

import datetime
from html import escape

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.audit import audited
from branches.models import CommitteeSeat, Position, Regulation
from documents import legal
from documents.models import Document
from documents.rules import issuing_body_name, short_date
from documents.signatures import leader_signature
from documents.rules import Actor as DocumentActor
from documents.rules import Move as DocumentMove
from documents.services.documents import create_in_transaction, issue_in_transaction
from documents.services.documents import move_in_transaction as document_move_in_transaction

from .. import rules
from ..models import Congress, CongressDocument, CongressDocumentRole, ElectedSeat, SecretaryAppointment
from ..rules import BRANCH_KINDS, Actor, Move
from . import results
from .locks import locked
from .moves import move_in_transaction



def _titles(kind: str) -> dict[str, str]:
    """The positions as the decision names them: a branch's committee is its chi ủy, a
    committee's is its executive (Đảng ủy)."""
    if kind in BRANCH_KINDS:
        return {
            "committee": "Chi ủy",
            Position.SECRETARY: "Bí thư Chi bộ",
            Position.DEPUTY_SECRETARY: "Phó Bí thư Chi bộ",
            Position.MEMBER: "Chi ủy viên",
        }
    return {
        "committee": "Ban Chấp hành",
        Position.SECRETARY: "Bí thư Đảng ủy",
        Position.DEPUTY_SECRETARY: "Phó Bí thư Đảng ủy",
        Position.MEMBER: "Đảng ủy viên",
    }


# --- Pure rules ------------------------------------------------------------------------------------


def ratification_problem(
    *, elected: int, secretary_elected: bool, secretary_appointed: bool, secretary_left_vacant: bool,
) -> str | None:
    """Why results of `elected` people (the appointed secretary included) cannot be ratified,
    or None. The secretary's seat must be settled: elected; appointed by the superior's decision
    after three rounds without election [docs/domain.md §3.11]; or left vacant by the congress's
    recorded decision (bầu thiếu, 244-QĐ/TW Art. 20 cl. 2), which does not hold the results
    back (Decision D41). With nobody elected nor appointed there is nothing to ratify."""
    if not elected:
        return _("Nobody was elected or appointed: there is nothing to ratify.")
    if not (secretary_elected or secretary_appointed or secretary_left_vacant):
        return _(
            "No secretary was elected: record the elected secretary before ratifying, or, after three rounds "
            "without a secretary elected, appoint one; a congress that decided to leave the seat vacant is "
            "ratified as it is."
        )
    return None


def appointment_problem(*, elections_held: bool, secretary_to_appoint: bool, secretary_elected: bool) -> str | None:
    """Why the superior cannot appoint the secretary now, or None. A secretary not elected after
    three rounds is appointed by the superior [docs/domain.md §3.11]: where the congress's
    elections are recorded here, only once the congress recorded that decision after its third
    round; where they were recorded outside the product, once no secretary is among the elected
    (the superior read the minutes). Never beside an elected secretary."""
    if secretary_elected:
        return _("The congress elected its secretary: there is nobody to appoint.")
    if elections_held and not secretary_to_appoint:
        return _(
            "The superior appoints a secretary once the congress has recorded, after three rounds without a "
            "secretary elected, that the superior appoints one."
        )
    return None


def decision_subject(congress: Congress, seats: list[ElectedSeat]) -> str:
    """"Chuẩn y kết quả bầu cử Chi ủy, Bí thư, Phó Bí thư Chi bộ TDP Hoàng Trinh, nhiệm kỳ
    2022–2025" (the heading QUYẾT ĐỊNH stands above it: the subject does not repeat the type,
    docs/domain.md §4a): naming only the bodies the congress elected (an appointed secretary was
    not elected: the decision names them apart)."""
    positions = {s.position for s in seats if not getattr(s, "appointed", False)}
    bodies = []
    if Position.MEMBER in positions:
        bodies.append(_titles(congress.organization.kind)["committee"])
    if Position.SECRETARY in positions:
        bodies.append("Bí thư")
    if Position.DEPUTY_SECRETARY in positions:
        bodies.append("Phó Bí thư")
    if not bodies:
        return f"Chuẩn y kết quả đại hội {congress.organization.name}, nhiệm kỳ {congress.plan.term}"
    return (
        f"Chuẩn y kết quả bầu cử {', '.join(bodies)} {congress.organization.name}, "
        f"nhiệm kỳ {congress.plan.term}"
    )


def _date(day: datetime.date | None) -> str:
    """One date style in the text: "09/6/2014" (documents.rules.short_date)."""
    return short_date(day) if day else ""


def _bases(congress: Congress) -> list[str]:
    """The legal bases a decision of the superior about the congress cites, in order."""
    plan = congress.plan
    regulation = plan.term.regulation or Regulation.for_start_year(plan.term.start_year)
    plan_document = plan.document
    plan_basis = f"Kế hoạch số {plan_document.symbol}" if plan_document.symbol else "Kế hoạch"
    if plan_document.document_date:
        plan_basis += f" ngày {_date(plan_document.document_date)}"
    issuer = issuing_body_name(plan.organization.name, plan.organization.kind)
    plan_basis += f" của {issuer} về tổ chức đại hội các tổ chức đảng trực thuộc, nhiệm kỳ {plan.term}"
    return [
        *(f"<p><em>{line}</em></p>" for line in legal.basis_lines(
            legal.CHARTER, legal.CHARTER_RULES, legal.election_regulation(regulation).symbol,
        )),
        f"<p><em>Căn cứ {escape(plan_basis)};</em></p>",
    ]


def decision_body(congress: Congress, seats: list[ElectedSeat], *, appointment: SecretaryAppointment | None = None,
                  secretary_left_vacant: bool = False) -> str:
    """The decision in Vietnamese administrative style: the legal bases, the request it answers,
    then the articles, Article 1 listing the elected and their positions, then the secretary
    the superior appointed (with its decision) or the seat the congress left vacant."""
    organization = congress.organization
    titles = _titles(organization.kind)
    request = f"Xét Báo cáo kết quả Đại hội và đề nghị của {organization.name}"
    if congress.results_received_on:
        request += f" (nhận ngày {_date(congress.results_received_on)})"
    chosen = [s for s in seats if not getattr(s, "appointed", False)]
    elected = "".join(
        f"<li>Đồng chí <strong>{escape(s.member.full_name)}</strong>, {titles[s.position]};</li>" for s in chosen
    )
    if chosen:
        article_1 = [
            f"<p><strong>Điều 1.</strong> Chuẩn y kết quả bầu cử tại {escape(congress.name)}, gồm "
            f"{len(chosen):02d} đồng chí có tên sau:</p>",
            f"<ol>{elected}</ol>",
        ]
    else:
        article_1 = [f"<p><strong>Điều 1.</strong> Chuẩn y kết quả {escape(congress.name)}.</p>"]
    if appointment is not None:
        document = appointment.document
        article_1.append(
            f"<p>Đồng chí <strong>{escape(appointment.member.full_name)}</strong> giữ chức "
            f"{titles[Position.SECRETARY]} theo Quyết định số {escape(document.symbol)} ngày "
            f"{_date(document.document_date)} của {escape(issuing_body_name(document.issuer.name, document.issuer.kind))} về việc chỉ định Bí thư.</p>"
        )
    elif secretary_left_vacant:
        article_1.append(f"<p>Chức danh {titles[Position.SECRETARY]} để khuyết theo quyết định của Đại hội.</p>")
    paragraphs = [
        *_bases(congress),
        f"<p><em>{escape(request)},</em></p>",
        "<p><strong>QUYẾT ĐỊNH:</strong></p>",
        *article_1,
        "<p><strong>Điều 2.</strong> Các đồng chí có tên tại Điều 1 thực hiện chức trách, nhiệm vụ theo quy định "
        "của Điều lệ Đảng và các quy định của Đảng.</p>",
        f"<p><strong>Điều 3.</strong> Quyết định có hiệu lực kể từ ngày ký. Các cơ quan tham mưu, giúp việc cấp ủy, "
        f"{escape(organization.name)} và các đồng chí có tên tại Điều 1 căn cứ Quyết định thi hành.</p>",
    ]
    return "\n".join(paragraphs)


# --- The secretary appointed by the superior -------------------------------------------------------


def appointment_subject(congress: Congress) -> str:
    """"Chỉ định Bí thư Chi bộ TDP Hoàng Trinh, nhiệm kỳ 2025–2030": the subject does not repeat
    the type QUYẾT ĐỊNH (docs/domain.md §4a)."""
    return f"Chỉ định Bí thư {congress.organization.name}, nhiệm kỳ {congress.plan.term}"


def appointment_body(congress: Congress, member) -> str:
    """The decision appointing the secretary: the legal bases, the congress's result it answers,
    then the articles."""
    titles = _titles(congress.organization.kind)
    organization = congress.organization
    paragraphs = [
        *_bases(congress),
        f"<p><em>Xét kết quả bầu cử tại {escape(congress.name)}: Đại hội bầu Bí thư ba lần không có đồng chí nào "
        "trúng cử, và đề nghị cấp ủy cấp trên chỉ định,</em></p>",
        "<p><strong>QUYẾT ĐỊNH:</strong></p>",
        f"<p><strong>Điều 1.</strong> Chỉ định đồng chí <strong>{escape(member.full_name)}</strong> giữ chức "
        f"{titles[Position.SECRETARY]} {escape(organization.name)}, nhiệm kỳ {congress.plan.term}.</p>",
        "<p><strong>Điều 2.</strong> Đồng chí có tên tại Điều 1 thực hiện chức trách, nhiệm vụ theo quy định của "
        "Điều lệ Đảng và các quy định của Đảng.</p>",
        f"<p><strong>Điều 3.</strong> Quyết định có hiệu lực kể từ ngày ký. Các cơ quan tham mưu, giúp việc cấp ủy, "
        f"{escape(organization.name)} và đồng chí có tên tại Điều 1 căn cứ Quyết định thi hành.</p>",
    ]
    return "\n".join(paragraphs)


def secretary_appoint(
    *, acting_user, congress: Congress, actors: set[Actor], member, on: datetime.date | None = None,
) -> SecretaryAppointment:
    """A leader of the superior appoints the secretary the congress did not elect (quyết định
    chỉ định, docs/domain.md §3.11), in one transaction: the QĐ of the superior issued in its
    register with its number, signed by the leader, filed with the congress (the organisation
    reads it), and the appointment recorded. The congress can then be ratified; the appointee is
    listed among the elected, marked appointed, and takes the secretary's seat on ratification.

    Refused unless the results are still open (held or reported), the congress's elections here
    decided that the superior appoints (appointment_problem), nobody was appointed yet, and the
    appointee may stand (an official member of the organisation, not suspended) and was not
    elected deputy. `on`: the decision date (default today), not in the future nor before the
    congress was held."""
    if Actor.SUPERIOR_LEADER not in actors:
        raise ValidationError(_("Only a leader of the superior organisation appoints a secretary."))
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({"on": _("The decision cannot be dated in the future.")})
    if member is None:
        raise ValidationError({"member": _("Choose the member appointed secretary.")})
    with transaction.atomic(durable=True):
        congress = locked(congress)
        if congress.state not in results.RESULTS_STATES:
            if congress.state in {rules.RATIFIED, rules.ANNULLED}:
                raise ValidationError(_("The results are decided (ratified or annulled); they can no longer change."))
            raise ValidationError(_("A secretary is appointed once the congress is held."))
        if congress.held_on and on < congress.held_on:
            raise ValidationError({"on": _("The decision cannot be dated before the congress was held (%(date)s).") % {
                "date": congress.held_on.strftime("%d/%m/%Y"),
            }})
        if SecretaryAppointment.objects.filter(congress=congress).exists():
            raise ValidationError(_("The superior has already appointed the secretary of this congress."))
        seats = list(congress.elected.select_related("member"))
        problem = appointment_problem(
            elections_held=results.elections_held(congress), secretary_to_appoint=results.secretary_to_appoint(congress),
            secretary_elected=any(s.position == Position.SECRETARY for s in seats),
        )
        if problem:
            raise ValidationError(problem)
        problem = results.standing_problem(member, congress.organization)
        if problem:
            raise ValidationError({"member": problem})
        if any(s.member_id == member.pk and s.position == Position.DEPUTY_SECRETARY for s in seats):
            raise ValidationError({"member": _(
                "%(name)s was elected deputy secretary and cannot also be the secretary."
            ) % {"name": member.full_name}})
        congress = Congress.objects.select_related(
            "organization", "plan", "plan__organization", "plan__term", "plan__document",
        ).get(pk=congress.pk)
        document = _issue_decision(
            acting_user, congress, on, subject=appointment_subject(congress), body=appointment_body(congress, member),
            comment=f"Chỉ định Bí thư {congress.organization.name}.",
        )
        appointment = SecretaryAppointment(
            congress=congress, member=member, document=document, appointed_on=on, appointed_by=acting_user,
        )
        appointment.full_clean(exclude=["appointed_by"])
        with audited(acting_user, "congress.secretary.appointed", congress=congress.pk,
                     organization=congress.organization_id, document=document.pk):
            appointment.save()
            CongressDocument.objects.create(congress=congress, role=CongressDocumentRole.APPOINTMENT, document=document)
    return appointment


# --- Ratification and annulment ------------------------------------------------------------------


def congress_ratify(
    *, acting_user, congress: Congress, actors: set[Actor], on: datetime.date | None = None,
) -> Congress:
    """Ratify the results (a leader of the superior, QĐ 24-QĐ/TW §16.1), in one transaction:
    the move RATIFY (reported results, a complete dossier, every complaint settled), the
    secretary's seat settled (ratification_problem: elected, appointed, or left vacant by the
    congress), the QĐ decision of the superior issued with its number and signed by the
    ratifying leader, attached to the congress, and the elected, with the appointed secretary,
    made the organisation's committee for the plan's term (replacing the seats recorded for
    that term). `on`: the decision date (default today).
    """
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({"on": _("The decision cannot be dated in the future.")})
    with transaction.atomic(durable=True):
        congress = move_in_transaction(acting_user=acting_user, congress=congress, move=Move.RATIFY, actors=actors, on=on)
        if congress.results_received_on and on < congress.results_received_on:
            raise ValidationError({"on": _("The decision cannot be dated before the results were received (%(date)s).") % {
                "date": congress.results_received_on.strftime("%d/%m/%Y"),
            }})
        congress = Congress.objects.select_related(
            "organization", "plan", "plan__organization", "plan__term", "plan__document",
        ).get(pk=congress.pk)
        seats = results.elected_seats(congress)
        appointment = SecretaryAppointment.objects.filter(congress=congress).select_related(
            "member", "document", "document__issuer",
        ).first()
        vacant = results.secretary_left_vacant(congress)
        problem = ratification_problem(
            elected=len(seats), secretary_elected=any(s.position == Position.SECRETARY and not s.appointed for s in seats),
            secretary_appointed=appointment is not None, secretary_left_vacant=vacant,
        )
        if problem:
            raise ValidationError(problem)
        document = _issue_decision(
            acting_user, congress, on, subject=decision_subject(congress, seats),
            body=decision_body(congress, seats, appointment=appointment, secretary_left_vacant=vacant),
            comment=f"Chuẩn y kết quả {congress.name}.",
        )
        with audited(acting_user, "congress.congress.ratify", document=document.pk):
            CongressDocument.objects.create(congress=congress, role=CongressDocumentRole.RATIFICATION, document=document)
        _seat_the_elected(acting_user, congress, seats)
    return congress


def _issue_decision(acting_user, congress: Congress, on: datetime.date, *, subject: str, body: str,
                    comment: str) -> Document:
    """A QĐ of the superior in its register, through the documents app's own moves: drafted and
    submitted on its clerks' behalf, approved and issued by the leader who decides, who signs it."""
    plan = congress.plan
    document = create_in_transaction(
        acting_user=acting_user, issuer=plan.organization, doc_type="QĐ", term=plan.term,
        subject=subject, body=body, approved_by_issuer=True,
        document_date=on, **leader_signature(acting_user),
        recipients="- Như Điều 3,\n- Lưu VP.",
    )
    document_move_in_transaction(
        acting_user=acting_user, document=document, move=DocumentMove.SUBMIT, actors={DocumentActor.CLERK},
    )
    document_move_in_transaction(
        acting_user=acting_user, document=document, move=DocumentMove.APPROVE, actors={DocumentActor.LEADER},
        comment=comment,
    )
    return issue_in_transaction(acting_user=acting_user, document=document, actors={DocumentActor.CLERK})


def _seat_the_elected(acting_user, congress: Congress, seats: list[ElectedSeat]) -> None:
    """The committees-per-term record: the elected replace whatever was recorded for the
    organisation and the plan's term."""
    organization, term = congress.organization, congress.plan.term
    details = {"organization": organization.pk, "congress": congress.pk}
    with audited(acting_user, "branches.committee_seat.removed", **details):
        for seat in CommitteeSeat.objects.filter(organization=organization, term=term):
            seat.delete()
    with audited(acting_user, "branches.committee_seat.added", **details):
        for elected in seats:
            CommitteeSeat.objects.create(organization=organization, term=term, member=elected.member, position=elected.position)


def congress_annul(*, acting_user, congress: Congress, actors: set[Actor], reason: str) -> Congress:
    """Annul the congress (a leader of the superior, with the reason). Annulled ratified results
    take their committee seats for the term with them; the ratification decision stays in the
    register, superseded in practice by the annulment."""
    with transaction.atomic(durable=True):
        previous = Congress.objects.select_for_update(of=("self",)).values_list("state", flat=True).get(pk=congress.pk)
        congress = move_in_transaction(
            acting_user=acting_user, congress=congress, move=Move.ANNUL, actors=actors, reason=reason,
        )
        if previous == rules.RATIFIED:
            members = [*congress.elected.values_list("member_id", flat=True), *SecretaryAppointment.objects.filter(
                congress=congress,
            ).values_list("member_id", flat=True)]
            details = {"organization": congress.organization_id, "congress": congress.pk, "reason": reason.strip()}
            with audited(acting_user, "branches.committee_seat.removed", **details):
                for seat in CommitteeSeat.objects.filter(
                    organization=congress.organization, term=congress.plan.term, member__in=members,
                ):
                    seat.delete()
    return congress
