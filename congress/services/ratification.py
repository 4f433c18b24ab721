"""The superior's decision on a congress's results (docs/domain.md §2 step 7; QĐ 24-QĐ/TW §16.1):
ratification (chuẩn y) with a QĐ decision that makes the elected the organisation's committee
for the term, or annulment with a reason."""

import datetime
from html import escape

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.audit import audited
from branches.models import CommitteeSeat, Position, Regulation
from documents.models import Document
from documents.rules import Actor as DocumentActor
from documents.rules import Move as DocumentMove
from documents.services.documents import create_in_transaction, issue_in_transaction
from documents.services.documents import move_in_transaction as document_move_in_transaction

from .. import rules
from ..models import Congress, CongressDocument, CongressDocumentRole, ElectedSeat
from ..rules import Actor, Move
from .moves import move_in_transaction
from ..rules import BRANCH_KINDS
from .results import POSITION_ORDER

# How the decision cites the election regulation of the term (docs/domain.md §3).
REGULATION_CITATIONS = {
    Regulation.QD244_2014: "Quyết định số 244-QĐ/TW ngày 09/6/2014 của Ban Chấp hành Trung ương",
    Regulation.QD190_2024: "Quyết định số 190-QĐ/TW ngày 10/10/2024 của Ban Chấp hành Trung ương",
}


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


def decision_subject(congress: Congress, seats: list[ElectedSeat]) -> str:
    """"Quyết định chuẩn y kết quả bầu cử Chi ủy, Bí thư, Phó Bí thư Chi bộ TDP Hoàng Trinh,
    nhiệm kỳ 2022–2025": naming only the bodies the congress elected."""
    positions = {s.position for s in seats}
    bodies = []
    if Position.MEMBER in positions:
        bodies.append(_titles(congress.organization.kind)["committee"])
    bodies.append("Bí thư")
    if Position.DEPUTY_SECRETARY in positions:
        bodies.append("Phó Bí thư")
    return (
        f"Quyết định chuẩn y kết quả bầu cử {', '.join(bodies)} {congress.organization.name}, "
        f"nhiệm kỳ {congress.plan.term}"
    )


def _date(day: datetime.date | None) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day else ""


def decision_body(congress: Congress, seats: list[ElectedSeat]) -> str:
    """The decision in Vietnamese administrative style: the legal bases, the request it answers,
    then the articles, Article 1 listing the elected and their positions."""
    plan = congress.plan
    organization = congress.organization
    titles = _titles(organization.kind)
    regulation = plan.term.regulation or Regulation.for_start_year(plan.term.start_year)
    plan_document = plan.document
    plan_basis = f"Kế hoạch số {plan_document.symbol}" if plan_document.symbol else "Kế hoạch"
    if plan_document.document_date:
        plan_basis += f" ngày {_date(plan_document.document_date)}"
    plan_basis += f" của {plan.organization.name} về tổ chức đại hội các tổ chức đảng trực thuộc, nhiệm kỳ {plan.term}"
    request = f"Xét Báo cáo kết quả Đại hội và đề nghị của {organization.name}"
    if congress.results_received_on:
        request += f" (nhận ngày {_date(congress.results_received_on)})"
    elected = "".join(
        f"<li>Đồng chí <strong>{escape(s.member.full_name)}</strong>, {titles[s.position]};</li>" for s in seats
    )
    paragraphs = [
        "<p><em>Căn cứ Điều lệ Đảng Cộng sản Việt Nam;</em></p>",
        "<p><em>Căn cứ Quy định thi hành Điều lệ Đảng của Ban Chấp hành Trung ương;</em></p>",
        f"<p><em>Căn cứ Quy chế bầu cử trong Đảng ban hành kèm theo {REGULATION_CITATIONS[regulation]};</em></p>",
        f"<p><em>Căn cứ {escape(plan_basis)};</em></p>",
        f"<p><em>{escape(request)},</em></p>",
        "<p><strong>QUYẾT ĐỊNH:</strong></p>",
        f"<p><strong>Điều 1.</strong> Chuẩn y kết quả bầu cử tại {escape(congress.name)}, gồm "
        f"{len(seats):02d} đồng chí có tên sau:</p>",
        f"<ol>{elected}</ol>",
        "<p><strong>Điều 2.</strong> Các đồng chí có tên tại Điều 1 thực hiện chức trách, nhiệm vụ theo quy định "
        "của Điều lệ Đảng và các quy định của Đảng.</p>",
        f"<p><strong>Điều 3.</strong> Quyết định có hiệu lực kể từ ngày ký. Các cơ quan tham mưu, giúp việc cấp ủy, "
        f"{escape(organization.name)} và các đồng chí có tên tại Điều 1 căn cứ Quyết định thi hành.</p>",
    ]
    return "\n".join(paragraphs)


def congress_ratify(
    *, acting_user, congress: Congress, actors: set[Actor], on: datetime.date | None = None,
) -> Congress:
    """Ratify the results (a leader of the superior, QĐ 24-QĐ/TW §16.1), in one transaction:
    the move RATIFY (reported results, a complete dossier, every complaint settled), the QĐ
    decision of the superior issued with its number and signed by the ratifying leader,
    attached to the congress, and the elected made the organisation's committee for the plan's
    term (replacing the seats recorded for that term). `on`: the decision date (default today).
    """
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({"on": _("The decision cannot be dated in the future.")})
    with transaction.atomic(durable=True):
        congress = move_in_transaction(acting_user=acting_user, congress=congress, move=Move.RATIFY, actors=actors, on=on)
        if congress.results_received_on and on < congress.results_received_on:
            raise ValidationError({"on": _("The decision cannot be dated before the results were received (%(date)s).") % {
                "date": _date(congress.results_received_on),
            }})
        congress = Congress.objects.select_related(
            "organization", "plan", "plan__organization", "plan__term", "plan__document",
        ).get(pk=congress.pk)
        seats = sorted(
            congress.elected.select_related("member"), key=lambda s: (POSITION_ORDER[s.position], s.member.sort_key),
        )
        if not any(s.position == Position.SECRETARY for s in seats):
            raise ValidationError(_("No secretary was elected: record the elected secretary before ratifying."))
        document = _issue_decision(acting_user, congress, seats, on)
        with audited(acting_user, "congress.congress.ratify", document=document.pk):
            CongressDocument.objects.create(congress=congress, role=CongressDocumentRole.RATIFICATION, document=document)
        _seat_the_elected(acting_user, congress, seats)
    return congress


def _issue_decision(acting_user, congress: Congress, seats: list[ElectedSeat], on: datetime.date) -> Document:
    """The QĐ of the superior, through the documents app's own moves: drafted and submitted on
    its clerks' behalf, approved and issued by the leader who ratifies, who signs it."""
    plan = congress.plan
    document = create_in_transaction(
        acting_user=acting_user, issuer=plan.organization, doc_type="QĐ", term=plan.term,
        subject=decision_subject(congress, seats), body=decision_body(congress, seats), approved_by_issuer=True,
        document_date=on, signer_name=acting_user.full_name or str(acting_user), signer_position="BÍ THƯ",
        recipients="- Như Điều 3,\n- Lưu VP.",
    )
    document_move_in_transaction(
        acting_user=acting_user, document=document, move=DocumentMove.SUBMIT, actors={DocumentActor.CLERK},
    )
    document_move_in_transaction(
        acting_user=acting_user, document=document, move=DocumentMove.APPROVE, actors={DocumentActor.LEADER},
        comment=f"Chuẩn y kết quả {congress.name}.",
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
            members = congress.elected.values_list("member_id", flat=True)
            details = {"organization": congress.organization_id, "congress": congress.pk, "reason": reason.strip()}
            with audited(acting_user, "branches.committee_seat.removed", **details):
                for seat in CommitteeSeat.objects.filter(
                    organization=congress.organization, term=congress.plan.term, member__in=list(members),
                ):
                    seat.delete()
    return congress
