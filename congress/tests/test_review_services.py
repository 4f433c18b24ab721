"""The review of a congress (duyệt đại hội) through its services: scheduling a session, the
leaders' decisions moving the documents, the conclusion in both outcomes with its notice, and
returning a reviewed congress."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.module_loading import import_string

from congress import rules
from congress.models import (
    Congress, CongressDocument, CongressDocumentRole, ReviewDecision, ReviewSession, congress_sequence_key,
)
from congress.rules import Actor, Move
from congress.services import reviews
from congress.services.congresses import document_subject
from congress.services.moves import OWN_SERVICE, congress_move
from congress.tests.builders import put_in_state
from documents.models import Decision, Document
from documents.rules import Actor as DocumentActor
from documents.rules import Move as DocumentMove
from documents.access import approving_organization
from documents.services.documents import document_create, document_issue, document_move

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

CLERK, SUPERIOR_CLERK, LEADER = {Actor.CLERK}, {Actor.SUPERIOR_CLERK}, {Actor.SUPERIOR_LEADER}
REPORT, RESOLUTION = CongressDocumentRole.POLITICAL_REPORT.value, CongressDocumentRole.DRAFT_RESOLUTION.value
SUBJECTS = {
    CongressDocumentRole.POLITICAL_REPORT: ("BC", "của Chi ủy trình Đại hội Chi bộ TDP Hoàng Trinh"),
    CongressDocumentRole.SELF_REVIEW: ("BC", "Kiểm điểm của Chi ủy"),
    CongressDocumentRole.DRAFT_RESOLUTION: ("NQ", "Dự thảo Nghị quyết Đại hội Chi bộ TDP Hoàng Trinh"),
    CongressDocumentRole.ACTION_PROGRAMME: ("CTr", "Thực hiện Nghị quyết"),
}


# --- Building a congress submitted for review (shared with test_review_views.py) ---------------


def attach(congress: Congress, clerk, role: CongressDocumentRole) -> Document:
    doc_type, subject = SUBJECTS[role]
    assert document_subject(congress, role).startswith(subject)
    document = document_create(
        acting_user=clerk, issuer=congress.organization, doc_type=doc_type, subject=document_subject(congress, role),
        term=congress.plan.term,
        body="<p>Nội dung dự thảo</p>", sequence_key=congress_sequence_key(congress.pk),
    )
    CongressDocument.objects.create(congress=congress, role=role, document=document)
    return document


def submit(congress: Congress, clerk, roles=(CongressDocumentRole.POLITICAL_REPORT, CongressDocumentRole.DRAFT_RESOLUTION)):
    """The congress in preparation with documents of `roles`, then submitted for review by its
    clerk (which submits the documents to the superior)."""
    for role in roles:
        attach(congress, clerk, role)
    congress_move(acting_user=clerk, congress=congress, move=Move.START_PREPARING, actors=CLERK)
    return congress_move(acting_user=clerk, congress=congress, move=Move.SUBMIT_FOR_REVIEW, actors=CLERK)


def at(day: int, hour: int = 8, month: int = 5) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2022, month, day, hour, 0))


def schedule(congress, clerk, **fields):
    values = {"mode": "in_person", "starts_at": at(4), "place": "Hội trường Đảng ủy phường"} | fields
    return reviews.review_schedule(acting_user=clerk, congress=congress, actors=SUPERIOR_CLERK, **values)


def documents_of(congress) -> dict[str, Document]:
    return {row.role: row.document for row in congress.documents.select_related("document")}


def actions(code: str) -> int:
    return LogEntry.objects.filter(additional_data__action=code).count()


@pytest.fixture
def submitted(congress_a, branch_clerk):
    return submit(congress_a, branch_clerk)


@pytest.fixture
def session(submitted, superior_clerk):
    return schedule(submitted, superior_clerk)


# --- Scheduling -------------------------------------------------------------------------------


def test_submitting_the_congress_submitted_its_documents(submitted):
    assert submitted.state == rules.SUBMITTED
    assert {d.state for d in documents_of(submitted).values()} == {"submitted"}


def test_a_clerk_of_the_superior_schedules_an_in_person_review(submitted, superior_clerk):
    session = schedule(submitted, superior_clerk)
    assert (session.congress_id, session.mode, session.place, session.meeting_link) == (
        submitted.pk, "in_person", "Hội trường Đảng ủy phường", "")
    assert session.starts_at == at(4) and session.scheduled_by == superior_clerk and session.concluded_at is None
    assert actions("congress.review.scheduled") == 1


def test_an_online_review_keeps_its_link(submitted, superior_clerk):
    session = schedule(submitted, superior_clerk, mode="online", place="", meeting_link="https://meet.example.vn/duyet-dai-hoi")
    assert (session.mode, session.meeting_link) == ("online", "https://meet.example.vn/duyet-dai-hoi")


@pytest.mark.parametrize("link, message", [
    ("", "An online review needs its meeting link."),
    ("meet.example.vn/abc", "Enter the full address of the meeting, starting with https://."),
    ("javascript:alert(1)", "Enter the full address of the meeting, starting with https://."),
])
def test_an_online_review_needs_a_real_link(submitted, superior_clerk, link, message):
    with pytest.raises(ValidationError) as error:
        schedule(submitted, superior_clerk, mode="online", meeting_link=link)
    assert error.value.message_dict == {"meeting_link": [message]}
    assert not ReviewSession.objects.exists()


def test_an_in_person_review_needs_its_place(submitted, superior_clerk):
    with pytest.raises(ValidationError) as error:
        schedule(submitted, superior_clerk, place="  ")
    assert error.value.message_dict == {"place": ["Say where the review session takes place."]}
    assert not ReviewSession.objects.exists()


def test_only_a_congress_submitted_for_review_gets_a_session(congress_a, superior_clerk):
    with pytest.raises(ValidationError) as error:
        schedule(congress_a, superior_clerk)
    assert error.value.messages == ["A review session can be scheduled only for a congress submitted for review."]
    assert not ReviewSession.objects.exists() and actions("congress.review.scheduled") == 0


def test_only_a_clerk_of_the_superior_schedules(submitted, superior_leader):
    with pytest.raises(ValidationError) as error:
        reviews.review_schedule(acting_user=superior_leader, congress=submitted, mode="in_person", starts_at=at(4),
                                place="Hội trường", actors=LEADER)
    assert error.value.messages == ["Only a clerk of the superior organisation may schedule a review session."]
    assert not ReviewSession.objects.exists()


def test_the_review_comes_before_the_congress(submitted, superior_clerk):
    Congress.objects.filter(pk=submitted.pk).update(scheduled_on=datetime.date(2022, 5, 15))
    with pytest.raises(ValidationError) as error:
        schedule(submitted, superior_clerk, starts_at=at(16))
    assert error.value.messages == ["The review must take place before the congress, on 15/05/2022."]
    assert schedule(submitted, superior_clerk, starts_at=at(15, 7)).starts_at == at(15, 7)


def test_scheduling_again_moves_the_open_session(session, superior_clerk):
    moved = schedule(session.congress, superior_clerk, mode="online", place="", meeting_link="https://meet.example.vn/x",
                     starts_at=at(6, 14))
    assert moved.pk == session.pk and ReviewSession.objects.count() == 1
    assert (moved.mode, moved.starts_at, moved.place) == ("online", at(6, 14), "")
    assert actions("congress.review.scheduled") == 2


# --- Decisions ----------------------------------------------------------------------------------


def decide(session, leader, **decisions):
    return reviews.review_decide(acting_user=leader, session=session, decisions=decisions, actors=LEADER)


def test_decisions_move_the_documents(session, superior_leader):
    written = decide(session, superior_leader, political_report=("approved", ""),
                     draft_resolution=("revise", "Bổ sung chỉ tiêu kết nạp đảng viên mới."))
    assert len(written) == 2
    documents = documents_of(session.congress)
    assert documents[REPORT].state == "approved"
    assert documents[RESOLUTION].state == "returned"
    returned = Decision.objects.get(document=documents[RESOLUTION])
    assert (returned.kind, returned.comment, returned.decided_by) == (
        "returned", "Bổ sung chỉ tiêu kết nạp đảng viên mới.", superior_leader)
    stored = {d.item: (d.verdict, d.comment, d.decided_by) for d in session.decisions.all()}
    assert stored == {
        REPORT: ("approved", "", superior_leader),
        RESOLUTION: ("revise", "Bổ sung chỉ tiêu kết nạp đảng viên mới.", superior_leader),
    }
    assert actions("congress.review.decided") == 2
    assert Decision.objects.get(document=documents[REPORT]).kind == "approved"
    for document, code in ((documents[REPORT], "approve"), (documents[RESOLUTION], "return")):
        assert LogEntry.objects.get_for_object(document).filter(additional_data__action=f"documents.document.{code}").exists()


def test_to_revise_needs_comments(session, superior_leader):
    with pytest.raises(ValidationError) as error:
        decide(session, superior_leader, political_report=("approved", ""), draft_resolution=("revise", "   "))
    assert error.value.message_dict == {
        RESOLUTION: ["Say what must be revised: a decision “to revise” needs comments."],
    }
    assert not ReviewDecision.objects.exists()
    assert {d.state for d in documents_of(session.congress).values()} == {"submitted"}


def test_an_unchanged_decision_writes_nothing(session, superior_leader):
    decide(session, superior_leader, political_report=("approved", ""))
    assert decide(session, superior_leader, political_report=("approved", "")) == []
    assert actions("congress.review.decided") == 1


def test_a_returned_document_is_approved_once_submitted_again(session, superior_leader, branch_clerk):
    decide(session, superior_leader, political_report=("revise", "Bổ sung số liệu."))
    with pytest.raises(ValidationError) as error:
        decide(session, superior_leader, political_report=("approved", ""))
    assert error.value.message_dict == {REPORT: [
        "Political report: the document was returned for revision; it can be approved once the branch submits it again."]}
    assert ReviewDecision.objects.get().verdict == "revise"

    report = documents_of(session.congress)[REPORT]
    document_move(acting_user=branch_clerk, document=report, move=DocumentMove.SUBMIT, actors={DocumentActor.CLERK})
    decide(session, superior_leader, political_report=("approved", "Đã tiếp thu."))
    assert documents_of(session.congress)[REPORT].state == "approved"
    assert ReviewDecision.objects.get().verdict == "approved"


def test_an_approved_document_cannot_be_sent_back(session, superior_leader):
    decide(session, superior_leader, political_report=("approved", ""))
    with pytest.raises(ValidationError) as error:
        decide(session, superior_leader, political_report=("revise", "Sửa lại."))
    assert error.value.message_dict == {REPORT: [
        "Political report: the document is already approved and can no longer be returned for revision."]}
    assert ReviewDecision.objects.get().verdict == "approved"


def test_a_document_not_submitted_is_not_decided(session, superior_leader, branch_clerk):
    programme = attach(session.congress, branch_clerk, CongressDocumentRole.ACTION_PROGRAMME)
    with pytest.raises(ValidationError) as error:
        decide(session, superior_leader, action_programme=("approved", ""))
    assert error.value.message_dict == {"action_programme": [
        "Action programme: the document is not submitted to the superior (Draft); the branch submits it first."]}
    programme.refresh_from_db()
    assert programme.state == "draft" and not ReviewDecision.objects.exists()


def test_only_a_leader_of_the_superior_decides(session, superior_clerk):
    with pytest.raises(ValidationError) as error:
        reviews.review_decide(acting_user=superior_clerk, session=session, decisions={REPORT: ("approved", "")},
                              actors=SUPERIOR_CLERK)
    assert error.value.messages == ["Only a leader of the superior organisation may take review decisions."]
    assert not ReviewDecision.objects.exists()


def test_an_unknown_item_is_refused(session, superior_leader):
    with pytest.raises(ValidationError) as error:
        decide(session, superior_leader, self_review=("approved", ""))
    assert error.value.messages == ["Not an item of this review: self_review."]


# --- Conclusion ---------------------------------------------------------------------------------


def conclude(session, leader):
    return reviews.review_conclude(acting_user=leader, session=session, actors=LEADER)


def notice_of(congress) -> Document:
    return CongressDocument.objects.get(congress=congress, role=CongressDocumentRole.CONCLUSION_NOTICE).document


def test_the_move_names_this_service():
    assert import_string(OWN_SERVICE[Move.CONCLUDE_REVIEW]) is reviews.review_conclude


def test_concluding_needs_a_decision_on_every_item(session, superior_leader):
    decide(session, superior_leader, political_report=("approved", ""))
    with pytest.raises(ValidationError) as error:
        conclude(session, superior_leader)
    assert error.value.messages == [
        "Take a decision on every item before concluding; still without one: Resolution."]
    session.refresh_from_db()
    assert session.concluded_at is None
    assert Congress.objects.get(pk=session.congress_id).state == rules.SUBMITTED
    assert not Document.objects.filter(doc_type="TB").exists()


def test_all_approved_makes_the_congress_reviewed_and_drafts_the_notice(session, superior_leader, superior, open_plan):
    decide(session, superior_leader, political_report=("approved", ""),
           draft_resolution=("approved", "Lưu ý rà soát lỗi chính tả."))
    superior_leader.signing_position = "Phó Bí thư"
    superior_leader.save(update_fields=["signing_position"])
    conclude(session, superior_leader)

    congress = Congress.objects.get(pk=session.congress_id)
    session.refresh_from_db()
    assert congress.state == rules.REVIEWED and session.concluded_at is not None
    notice = notice_of(congress)
    assert (notice.issuer, notice.doc_type, notice.term, notice.approved_by_issuer, notice.state) == (
        superior, "TB", open_plan.term, True, "draft")
    # The heading THÔNG BÁO stands above the subject: it does not repeat the type; the leader
    # who concluded signs it by name and position.
    assert (notice.signing_body, notice.signer_name, notice.signer_position) == (
        "BAN THƯỜNG VỤ", superior_leader.full_name or superior_leader.username, "PHÓ BÍ THƯ")
    assert notice.subject == (
        "Kết luận của Ban Thường vụ Đảng ủy phường Kỳ Trinh về việc duyệt văn kiện "
        f"Đại hội Chi bộ TDP Hoàng Trinh {rules.ordinal_text(congress.ordinal)}, nhiệm kỳ {open_plan.term}")
    body = notice.versions.get().body
    assert "8 giờ 00 ngày 04/5/2022" in body and "tại Hội trường Đảng ủy phường" in body
    assert "<strong>1. Báo cáo chính trị</strong>: Thống nhất thông qua." in body
    assert "<strong>2. Dự thảo Nghị quyết Đại hội</strong>" in body and "Lưu ý rà soát lỗi chính tả." in body
    assert "đồng ý để Chi bộ TDP Hoàng Trinh tổ chức Đại hội" in body
    assert actions("congress.congress.conclude_review") == 2  # the congress and the session
    assert actions("congress.review.notice_drafted") == 1


def test_the_notice_follows_the_superiors_document_flow(session, superior_leader, superior_clerk, superior):
    decide(session, superior_leader, political_report=("approved", ""), draft_resolution=("approved", ""))
    conclude(session, superior_leader)
    notice = notice_of(session.congress)
    assert approving_organization(notice) == superior
    document_move(acting_user=superior_clerk, document=notice, move=DocumentMove.SUBMIT, actors={DocumentActor.CLERK})
    document_move(acting_user=superior_leader, document=notice, move=DocumentMove.APPROVE, actors={DocumentActor.LEADER})
    issued = document_issue(acting_user=superior_clerk, document=notice, actors={DocumentActor.CLERK})
    assert (issued.state, issued.symbol) == ("issued", "01-TB/ĐU")
    assert notice_of(session.congress).signing_body == "BAN THƯỜNG VỤ"


def test_an_item_to_revise_sends_the_congress_back_to_preparation(session, superior_leader):
    decide(session, superior_leader, political_report=("revise", "Bổ sung đánh giá công tác phát triển đảng viên."),
           draft_resolution=("approved", ""))
    conclude(session, superior_leader)

    congress = Congress.objects.get(pk=session.congress_id)
    assert congress.state == rules.PREPARING
    body = notice_of(congress).versions.get().body
    assert "Chưa thống nhất thông qua" in body and "Bổ sung đánh giá công tác phát triển đảng viên." in body
    assert "duyệt lại trước khi tổ chức Đại hội" in body
    move = LogEntry.objects.get(additional_data__action="congress.congress.return_to_preparing",
                                content_type__model="congress")
    assert move.additional_data["reason"] == "Báo cáo chính trị: Bổ sung đánh giá công tác phát triển đảng viên."


def test_the_clerk_revises_and_a_new_review_replaces_the_notice(session, superior_leader, superior_clerk, branch_clerk):
    decide(session, superior_leader, political_report=("revise", "Bổ sung số liệu."), draft_resolution=("approved", ""))
    conclude(session, superior_leader)
    congress = Congress.objects.get(pk=session.congress_id)
    first_notice = notice_of(congress)

    resubmitted = congress_move(acting_user=branch_clerk, congress=congress, move=Move.SUBMIT_FOR_REVIEW, actors=CLERK)
    assert documents_of(resubmitted)[REPORT].state == "submitted"
    second = schedule(resubmitted, superior_clerk, mode="online", place="", meeting_link="https://meet.example.vn/lan-2",
                      starts_at=at(10, 14))
    assert second.pk != session.pk
    decide(second, superior_leader, political_report=("approved", ""), draft_resolution=("approved", ""))
    conclude(second, superior_leader)

    congress.refresh_from_db()
    assert congress.state == rules.REVIEWED
    notice = notice_of(congress)
    assert notice.pk != first_notice.pk and Document.objects.filter(pk=first_notice.pk).exists()
    body = notice.versions.get().body
    assert "14 giờ 00 ngày 10/5/2022" in body and "https://meet.example.vn/lan-2" in body
    assert "theo hình thức trực tuyến" in body


def test_a_concluded_session_is_closed(session, superior_leader):
    decide(session, superior_leader, political_report=("approved", ""), draft_resolution=("approved", ""))
    conclude(session, superior_leader)
    with pytest.raises(ValidationError) as error:
        decide(session, superior_leader, political_report=("approved", "Thêm ý kiến."))
    assert error.value.messages == ["This review session is concluded; its decisions can no longer change."]
    with pytest.raises(ValidationError) as error:
        conclude(session, superior_leader)
    assert error.value.messages == ["Only a congress submitted for review can have its review concluded."]
    assert Document.objects.filter(doc_type="TB").count() == 1


def test_only_a_leader_concludes(session, superior_leader, superior_clerk):
    decide(session, superior_leader, political_report=("approved", ""), draft_resolution=("approved", ""))
    with pytest.raises(ValidationError) as error:
        reviews.review_conclude(acting_user=superior_clerk, session=session, actors=SUPERIOR_CLERK)
    assert error.value.messages == ["Only a leader of the superior organisation may review, ratify or annul a congress."]
    assert Congress.objects.get(pk=session.congress_id).state == rules.SUBMITTED


def test_a_session_on_a_congress_not_submitted_is_not_concluded(congress_a, superior_clerk, superior_leader):
    session = ReviewSession.objects.create(congress=congress_a, starts_at=at(4), place="Hội trường",
                                           scheduled_by=superior_clerk)
    with pytest.raises(ValidationError) as error:
        conclude(session, superior_leader)
    assert error.value.messages == ["Only a congress submitted for review can have its review concluded."]
    with pytest.raises(ValidationError) as error:
        decide(session, superior_leader, political_report=("approved", ""))
    assert error.value.messages == ["Review decisions are taken while the congress is submitted for review."]


# --- Returning a reviewed congress ------------------------------------------------------------


def test_a_leader_returns_a_reviewed_congress_with_a_comment(congress_a, superior_leader):
    put_in_state(congress_a, rules.REVIEWED)
    reviews.review_return(acting_user=superior_leader, congress=congress_a, comment=" Đổi địa điểm đại hội. ",
                          actors=LEADER)
    assert Congress.objects.get(pk=congress_a.pk).state == rules.PREPARING
    entry = LogEntry.objects.get(additional_data__action="congress.congress.return_to_preparing")
    assert entry.additional_data["reason"] == "Đổi địa điểm đại hội."


@pytest.mark.parametrize("state, comment, actors, message", [
    (rules.REVIEWED, "  ", LEADER, "Say what must be revised before the congress is held."),
    (rules.REVIEWED, "Sửa", SUPERIOR_CLERK,
     "Only a leader of the superior organisation may review, ratify or annul a congress."),
    (rules.SUBMITTED, "Sửa", LEADER,
     "Only a reviewed congress, not yet held, is returned here; a congress under review is returned by concluding "
     "its review session."),
    (rules.HELD, "Sửa", LEADER,
     "Only a congress submitted for review or reviewed, and not yet held, can be returned for revision."),
])
def test_returning_is_refused(congress_a, superior_leader, state, comment, actors, message):
    put_in_state(congress_a, state)
    with pytest.raises(ValidationError) as error:
        reviews.review_return(acting_user=superior_leader, congress=congress_a, comment=comment, actors=actors)
    assert error.value.messages == [message]
    assert Congress.objects.get(pk=congress_a.pk).state == state
    assert actions("congress.congress.return_to_preparing") == 0


# --- The texts ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name, expected", [
    ("Đảng bộ phường Kỳ Trinh", "Ban Thường vụ Đảng ủy phường Kỳ Trinh"),
    ("Đảng bộ Công an thị xã", "Ban Thường vụ Đảng ủy Công an thị xã"),
    ("Thị ủy Kỳ Anh", "Ban Thường vụ Thị ủy Kỳ Anh"),
])
def test_standing_committee_name(name, expected):
    assert reviews.standing_committee_name(name) == expected


def test_the_notice_body_escapes_what_people_typed():
    body = reviews.conclusion_notice_body(
        standing="Ban Thường vụ Đảng ủy phường Kỳ Trinh", organization="Chi bộ TDP Hoàng Trinh",
        congress_name="Đại hội Chi bộ TDP Hoàng Trinh lần thứ nhất, nhiệm kỳ 2022–2025",
        starts_at=datetime.datetime(2022, 2, 3, 14, 30), online=True, place="Phòng họp số 1",
        meeting_link="https://meet.example.vn/a?b=1&c=2",
        decisions=[("Báo cáo chính trị", "", False, "Sửa <mục 2>\nBổ sung số liệu"),
                   ("Chương trình hành động", "Chương trình hành động thực hiện Nghị quyết", True, ""),
                   ("Dự thảo Nghị quyết Đại hội", "Nghị quyết Đại hội Chi bộ", True, "Rà soát chỉ tiêu.")],
    )
    assert "14 giờ 30 ngày 03/02/2022" in body
    assert "<strong>2. Chương trình hành động</strong>: Thống nhất thông qua." in body
    assert ("<strong>3. Dự thảo Nghị quyết Đại hội</strong> (Nghị quyết Đại hội Chi bộ): Cơ bản thống nhất với nội "
            "dung dự thảo; đề nghị lưu ý: Rà soát chỉ tiêu.") in body
    assert "phòng họp trực tuyến: https://meet.example.vn/a?b=1&amp;c=2" in body
    assert "điểm cầu chính tại Phòng họp số 1" in body
    assert "Sửa &lt;mục 2&gt;<br>Bổ sung số liệu" in body
    assert body.count("Ban Thường vụ Đảng ủy phường Kỳ Trinh") == 1  # then "Ban Thường vụ Đảng ủy"
    assert "báo cáo Ban Thường vụ Đảng ủy duyệt lại" in body


def test_returning_a_reviewed_congress_returns_its_approved_documents(session, superior_leader, branch_clerk):
    decide(session, superior_leader, political_report=("approved", ""), draft_resolution=("approved", ""))
    conclude(session, superior_leader)
    congress = Congress.objects.get(pk=session.congress_id)
    assert congress.state == rules.REVIEWED
    reviews.review_return(acting_user=superior_leader, congress=congress, comment="Bổ sung chỉ tiêu.", actors=LEADER)
    documents = documents_of(congress)
    assert {documents[role].state for role in ("political_report", "draft_resolution")} == {"returned"}
    assert documents["political_report"].decisions.order_by("-pk").first().comment == "Bổ sung chỉ tiêu."
