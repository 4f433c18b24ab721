"""Ratification and annulment by a leader of the superior (docs/domain.md §2 step 7; QĐ 24-QĐ/TW
§16.1): one transaction that moves the congress, issues the QĐ decision and seats the committee."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from branches.models import CommitteeSeat, Position
from branches.tests.factories import CommitteeSeatFactory, MemberFactory
from congress.models import (
    Complaint, CongressDocument, CongressDocumentRole, CongressState, DossierFile, DossierKind, ElectedSeat,
    congress_sequence_key,
)
from congress.rules import Actor
from congress.services.ratification import congress_annul, congress_ratify, decision_subject
from congress.tests.builders import put_in_state
from documents.models import Document, DocumentState, RenderJob
from documents.rules import Actor as DocumentActor
from documents.rules import Move as DocumentMove
from documents.services.documents import document_create, document_issue, document_move

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

LEADER = {Actor.SUPERIOR_LEADER}
HELD_ON = datetime.date(2022, 6, 17)
RECEIVED_ON = datetime.date(2022, 6, 24)


def issued_congress_document(congress, role, doc_type, clerk, leader):
    """A document of the congress's own sequence, approved by the superior's leader and issued."""
    document = document_create(
        acting_user=clerk, issuer=congress.organization, doc_type=doc_type, subject=str(role.label),
        term=congress.plan.term, body="<p>Nội dung</p>", sequence_key=congress_sequence_key(congress.pk),
        signer_name="Nguyễn Văn An",
    )
    document_move(acting_user=clerk, document=document, move=DocumentMove.SUBMIT, actors={DocumentActor.CLERK})
    document_move(acting_user=leader, document=document, move=DocumentMove.APPROVE, actors={DocumentActor.LEADER})
    document = document_issue(acting_user=clerk, document=document, actors={DocumentActor.CLERK})
    CongressDocument.objects.create(congress=congress, role=role, document=document)
    return document


def complete_dossier(congress, clerk, leader):
    issued_congress_document(congress, CongressDocumentRole.DRAFT_RESOLUTION, "NQ", clerk, leader)
    issued_congress_document(congress, CongressDocumentRole.MINUTES, "BB", clerk, leader)
    for kind in (DossierKind.ELECTION_MINUTES, DossierKind.SUMMARY_LIST, DossierKind.CVS):
        DossierFile.objects.create(congress=congress, kind=kind, file=f"dossiers/{congress.pk}/{kind}.pdf", uploaded_by=clerk)


def reported(congress):
    return put_in_state(congress, CongressState.RESULTS_REPORTED, held_on=HELD_ON, results_received_on=RECEIVED_ON)


@pytest.fixture
def deputy(branch_a):
    return MemberFactory(organization=branch_a, full_name="Lê Thị Hoa", gender="female")


@pytest.fixture
def ready(congress_a, member_a, deputy, branch_clerk, superior_leader):
    """Branch A's reported results: a secretary and a deputy, a complete dossier, no complaint."""
    reported(congress_a)
    ElectedSeat.objects.create(congress=congress_a, member=member_a, position=Position.SECRETARY, votes=9)
    ElectedSeat.objects.create(congress=congress_a, member=deputy, position=Position.DEPUTY_SECRETARY, votes=8)
    complete_dossier(congress_a, branch_clerk, superior_leader)
    return congress_a


def test_ratifying_issues_the_decision_and_seats_the_committee(ready, superior_leader, superior, branch_a, member_a,
                                                               deputy):
    superior_leader.full_name = "Trần Văn Bảy"
    superior_leader.save()
    congress = congress_ratify(acting_user=superior_leader, congress=ready, actors=LEADER,
                               on=datetime.date(2022, 7, 1))
    assert congress.state == CongressState.RATIFIED and congress.ratified_on == datetime.date(2022, 7, 1)
    decision = CongressDocument.objects.get(congress=ready, role=CongressDocumentRole.RATIFICATION).document
    assert decision.issuer == superior and decision.doc_type == "QĐ" and decision.term == ready.plan.term
    assert decision.state == DocumentState.ISSUED and decision.approved_by_issuer
    assert decision.symbol == "01-QĐ/ĐU"  # the first QĐ of the superior's register for the term
    assert decision.document_date == datetime.date(2022, 7, 1)
    assert decision.signer_name == "Trần Văn Bảy" and decision.signer_position == "BÍ THƯ"
    assert decision.subject == (
        "Chuẩn y kết quả bầu cử Bí thư, Phó Bí thư Chi bộ TDP Hoàng Trinh, nhiệm kỳ 2022–2025"
    )
    body = decision.versions.get().body
    assert "Căn cứ Điều lệ Đảng Cộng sản Việt Nam" in body
    assert "Quyết định số 244-QĐ/TW" in body
    assert "Xét Báo cáo kết quả Đại hội và đề nghị của Chi bộ TDP Hoàng Trinh" in body
    assert "Điều 1." in body and "Điều 2." in body and "Điều 3." in body
    assert body.index("Nguyễn Văn An</strong>, Bí thư Chi bộ") < body.index("Lê Thị Hoa</strong>, Phó Bí thư Chi bộ")
    assert RenderJob.objects.filter(version__document=decision, issued=True).exists()  # its PDF, after commit
    seats = set(CommitteeSeat.objects.filter(organization=branch_a, term=ready.plan.term)
                .values_list("member_id", "position"))
    assert seats == {(member_a.pk, Position.SECRETARY), (deputy.pk, Position.DEPUTY_SECRETARY)}
    actions = set(LogEntry.objects.values_list("additional_data__action", flat=True))
    assert {"congress.congress.ratify", "documents.document.issued", "branches.committee_seat.added"} <= actions


def test_a_second_decision_takes_the_next_number_of_the_register(ready, congress_b, superior_leader, superior_clerk,
                                                                 branch_b, member_b, no_rendering):
    congress_ratify(acting_user=superior_leader, congress=ready, actors=LEADER)
    reported(congress_b)
    ElectedSeat.objects.create(congress=congress_b, member=member_b, position=Position.SECRETARY)
    complete_dossier(congress_b, superior_clerk, superior_leader)
    congress_ratify(acting_user=superior_leader, congress=congress_b, actors=LEADER)
    symbol = CongressDocument.objects.get(congress=congress_b, role=CongressDocumentRole.RATIFICATION).document.symbol
    assert symbol == "02-QĐ/ĐU"


def test_ratifying_replaces_the_seats_recorded_for_the_term(ready, branch_a, superior_leader):
    old = CommitteeSeatFactory(member=MemberFactory(organization=branch_a), term=ready.plan.term, position="secretary")
    congress_ratify(acting_user=superior_leader, congress=ready, actors=LEADER)
    assert not CommitteeSeat.objects.filter(pk=old.pk).exists()
    assert CommitteeSeat.objects.filter(organization=branch_a, term=ready.plan.term).count() == 2


def test_the_subject_names_the_committee_when_one_was_elected(ready, branch_a):
    seats = list(ready.elected.select_related("member")) + [
        ElectedSeat(congress=ready, member=MemberFactory(organization=branch_a), position=Position.MEMBER),
    ]
    assert decision_subject(ready, seats).startswith("Chuẩn y kết quả bầu cử Chi ủy, Bí thư, Phó Bí thư ")


def _nothing_done(congress):
    congress.refresh_from_db()
    assert congress.state == CongressState.RESULTS_REPORTED and congress.ratified_on is None
    assert not Document.objects.filter(doc_type="QĐ").exists()
    assert not CommitteeSeat.objects.exists()


def test_ratification_needs_a_complete_dossier(congress_a, member_a, superior_leader):
    reported(congress_a)
    ElectedSeat.objects.create(congress=congress_a, member=member_a, position=Position.SECRETARY)
    with pytest.raises(ValidationError, match="results dossier is not complete"):
        congress_ratify(acting_user=superior_leader, congress=congress_a, actors=LEADER)
    _nothing_done(congress_a)


def test_ratification_waits_for_open_complaints(ready, superior_clerk, superior_leader):
    Complaint.objects.create(congress=ready, received_on=RECEIVED_ON, summary="Đơn phản ánh", recorded_by=superior_clerk)
    with pytest.raises(ValidationError, match="complaint about the congress is still open"):
        congress_ratify(acting_user=superior_leader, congress=ready, actors=LEADER)
    _nothing_done(ready)


def test_ratification_needs_a_secretary(ready, superior_leader):
    ready.elected.filter(position=Position.SECRETARY).delete()
    with pytest.raises(ValidationError, match="No secretary was elected"):
        congress_ratify(acting_user=superior_leader, congress=ready, actors=LEADER)
    _nothing_done(ready)


def test_a_clerk_cannot_ratify(ready, superior_clerk):
    with pytest.raises(ValidationError, match="Only a leader of the superior"):
        congress_ratify(acting_user=superior_clerk, congress=ready, actors={Actor.CLERK, Actor.SUPERIOR_CLERK})
    _nothing_done(ready)


def test_only_reported_results_are_ratified(ready, superior_leader):
    put_in_state(ready, CongressState.HELD)
    with pytest.raises(ValidationError, match="Only reported results"):
        congress_ratify(acting_user=superior_leader, congress=ready, actors=LEADER)


def test_the_decision_date_is_neither_future_nor_before_the_report(ready, superior_leader):
    with pytest.raises(ValidationError, match="future"):
        congress_ratify(acting_user=superior_leader, congress=ready, actors=LEADER,
                        on=timezone.localdate() + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="before the results were received"):
        congress_ratify(acting_user=superior_leader, congress=ready, actors=LEADER, on=RECEIVED_ON - datetime.timedelta(days=1))
    _nothing_done(ready)


def test_a_failure_while_issuing_keeps_nothing(ready, superior_leader, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("congress.services.ratification.issue_in_transaction", fail)
    with pytest.raises(RuntimeError):
        congress_ratify(acting_user=superior_leader, congress=ready, actors=LEADER)
    _nothing_done(ready)


# --- Annulment -------------------------------------------------------------------------------------


def test_annulment_needs_a_reason(ready, superior_leader):
    with pytest.raises(ValidationError, match="Give the reason"):
        congress_annul(acting_user=superior_leader, congress=ready, actors=LEADER, reason="   ")
    ready.refresh_from_db()
    assert ready.state == CongressState.RESULTS_REPORTED


def test_annulment_with_a_reason(ready, superior_leader):
    congress = congress_annul(acting_user=superior_leader, congress=ready, actors=LEADER,
                              reason=" Vi phạm quy chế bầu cử. ")
    assert congress.state == CongressState.ANNULLED and congress.annulment_reason == "Vi phạm quy chế bầu cử."
    entry = LogEntry.objects.get_for_object(congress).order_by("-pk").first()
    assert entry.additional_data == {"action": "congress.congress.annul", "reason": "Vi phạm quy chế bầu cử."}


def test_annulling_ratified_results_removes_their_seats_and_keeps_the_decision(ready, superior_leader, branch_a,
                                                                               branch_b, member_b):
    congress_ratify(acting_user=superior_leader, congress=ready, actors=LEADER)
    elsewhere = CommitteeSeatFactory(member=member_b, organization=branch_b, term=ready.plan.term)
    congress_annul(acting_user=superior_leader, congress=ready, actors=LEADER, reason="Có sai phạm trong bầu cử.")
    assert not CommitteeSeat.objects.filter(organization=branch_a).exists()
    assert CommitteeSeat.objects.filter(pk=elsewhere.pk).exists()
    decision = CongressDocument.objects.get(congress=ready, role=CongressDocumentRole.RATIFICATION).document
    assert decision.state == DocumentState.ISSUED
    removed = LogEntry.objects.filter(additional_data__action="branches.committee_seat.removed",
                                      action=LogEntry.Action.DELETE)
    assert removed.count() == 2
    assert removed.first().additional_data["reason"] == "Có sai phạm trong bầu cử."


def test_a_clerk_cannot_annul(ready, branch_clerk):
    with pytest.raises(ValidationError, match="Only a leader of the superior"):
        congress_annul(acting_user=branch_clerk, congress=ready, actors={Actor.CLERK}, reason="Lý do")
