"""Drafting and issuing the vote-count minutes and the entry log of a closed election, as BB
documents in the congress's number sequence."""

import datetime
import shutil
import subprocess

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from congress.models import CongressState, congress_sequence_key
from congress.tests.builders import put_in_state
from documents.models import Decision, DocumentState, RenderJob
from documents.rules import Actor, Move
from documents.services.documents import document_create, document_issue, document_move
from elections.models import CountingMode, Election, ElectionState
from elections.services.minutes import (
    MINUTES_APPROVAL_COMMENT, election_entry_log_draft, election_entry_log_issue, election_minutes_draft,
    election_minutes_issue,
)
from elections.tests.builders_minutes import closed_election, counting_board, log_lines

pytestmark = pytest.mark.usefixtures("english", "no_rendering")


@pytest.fixture
def election(congress_a, branch_clerk):
    election = closed_election(congress_a, created_by=branch_clerk)
    board = counting_board(congress_a, recorded_by=branch_clerk)
    # Chosen when voting opened: the head signs the minutes by name.
    Election.objects.filter(pk=election.pk).update(counting_head=board.members.get(full_name="Đỗ Văn Kiểm"))
    election.refresh_from_db()
    return election


def actions(election) -> list[str]:
    return list(
        LogEntry.objects.get_for_object(election).filter(additional_data__action__startswith="elections.")
        .order_by("pk").values_list("additional_data__action", flat=True)
    )


def issued_in_sequence(congress, clerk, leader, doc_type="NQ"):
    """Another document of the congress, issued first in its sequence (the resolution)."""
    document = document_create(
        acting_user=clerk, issuer=congress.organization, doc_type=doc_type, term=congress.plan.term,
        subject=f"Nghị quyết {congress.name}", body="<p>Đại hội quyết nghị.</p>",
        sequence_key=congress_sequence_key(congress.pk), signer_name="Nguyễn Văn An",
    )
    document_move(acting_user=clerk, document=document, move=Move.SUBMIT, actors={Actor.CLERK})
    document_move(acting_user=leader, document=document, move=Move.APPROVE, actors={Actor.LEADER})
    return document_issue(acting_user=clerk, document=document, actors={Actor.CLERK})


# --- The vote-count minutes --------------------------------------------------------------------


def test_the_minutes_are_drafted_from_the_closed_election(election, branch_clerk):
    document = election_minutes_draft(acting_user=branch_clerk, election=election)
    election.refresh_from_db()
    assert election.minutes == document
    assert (document.doc_type, document.state, document.sequence_key) == ("BB", "draft", congress_sequence_key(election.congress_id))
    assert document.subject == "Kiểm phiếu bầu Chi ủy Chi bộ TDP Hoàng Trinh, nhiệm kỳ 2022–2025 (vòng 1)"
    assert document.approved_by_issuer
    # Signed outside the body by the board: the head by name, the other members beside.
    assert (document.signing_mode, document.signing_body, document.signer_position, document.signer_name) == (
        "T/M", "TỔ KIỂM PHIẾU", "TỔ TRƯỞNG", "Đỗ Văn Kiểm",
    )
    assert (document.cosigner_title, document.cosigner_names) == ("CÁC THÀNH VIÊN", "Vũ Thị Phiếu")
    # The board issues under the congress (docs/domain.md §4), dated the day of the count.
    assert document.issuer_lines.splitlines() == ["ĐẠI HỘI CHI BỘ TDP HOÀNG TRINH LẦN THỨ NHẤT", "TỔ KIỂM PHIẾU"]
    assert document.document_date == datetime.date(2025, 6, 5)
    body = document.versions.get().body
    assert "Quyết định số 244-QĐ/TW ngày 09/6/2014" in body  # the 2022–2025 round's regulation
    assert "Hôm nay, vào hồi 9 giờ 15 phút, ngày 05 tháng 6 năm 2025, tại Nhà văn hóa TDP" in body
    assert "Số phiếu không hợp lệ: 1 phiếu, trong đó:" in body and "Phiếu bầu vượt quá số lượng cần bầu: 1 phiếu." in body
    assert "<td>Trần Văn Bình</td><td>6</td><td>54,55%</td>" in body
    assert "<li>Đồng chí Đỗ Văn Kiểm – tổ trưởng</li>" in body and "<table><tbody><tr><td>" not in body
    assert actions(election) == ["elections.minutes.drafted"]
    entry = LogEntry.objects.get_for_object(election).get(additional_data__action="elections.minutes.drafted")
    assert entry.actor == branch_clerk
    assert entry.additional_data["congress"] == election.congress_id


def test_drafting_again_saves_a_new_version_only_when_the_text_changes(election, branch_clerk):
    document = election_minutes_draft(acting_user=branch_clerk, election=election)
    election_minutes_draft(acting_user=branch_clerk, election=election)
    assert document.versions.count() == 1
    Election.objects.filter(pk=election.pk).update(outcome_note="Đại hội thống nhất kết quả.")
    election.refresh_from_db()
    assert election_minutes_draft(acting_user=branch_clerk, election=election) == document
    versions = list(document.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert "Đại hội thống nhất kết quả." in versions[1].body and "thống nhất" not in versions[0].body
    assert actions(election) == ["elections.minutes.drafted", "elections.minutes.drafted"]


def test_the_congress_adopts_the_minutes_and_they_continue_its_sequence(election, branch_clerk, superior_leader):
    resolution = issued_in_sequence(election.congress, branch_clerk, superior_leader)
    assert resolution.symbol == "01-NQ/CB"
    election_minutes_draft(acting_user=branch_clerk, election=election)
    # The resolution was issued today: the minutes are dated the same day, not before it.
    document = election_minutes_issue(acting_user=branch_clerk, election=election, document_date=resolution.document_date)
    assert (document.state, document.number, document.symbol) == (DocumentState.ISSUED, 2, "02-BB/CB")
    assert document.document_date == resolution.document_date
    decision = Decision.objects.get(document=document)
    assert (decision.kind, decision.comment, decision.decided_by) == ("approved", MINUTES_APPROVAL_COMMENT, branch_clerk)
    assert RenderJob.objects.filter(version__document=document, issued=True).exists()
    assert actions(election) == ["elections.minutes.drafted", "elections.minutes.issued"]
    issued = LogEntry.objects.get_for_object(election).get(additional_data__action="elections.minutes.issued")
    assert issued.additional_data["symbol"] == "02-BB/CB"
    with pytest.raises(ValidationError, match="already issued as 02-BB/CB"):
        election_minutes_issue(acting_user=branch_clerk, election=election)
    with pytest.raises(ValidationError, match="issued as 02-BB/CB; they can no longer be drafted again"):
        election_minutes_draft(acting_user=branch_clerk, election=election)


def test_the_count_day_and_times_are_entered_when_drafting(election, branch_clerk):
    put_in_state(election.congress, CongressState.REVIEWED, scheduled_on=datetime.date(2025, 6, 5), duration_days=2)
    election.refresh_from_db()
    document = election_minutes_draft(
        acting_user=branch_clerk, election=election, day=datetime.date(2025, 6, 6),
        count_started_time=datetime.time(8, 30), minutes_closed_time=datetime.time(9, 5),
    )
    election.refresh_from_db()
    assert (election.count_started_time, election.minutes_closed_time) == (datetime.time(8, 30), datetime.time(9, 5))
    assert document.document_date == datetime.date(2025, 6, 6)
    body = document.versions.get().body
    assert "Hôm nay, vào hồi 8 giờ 30 phút, ngày 06 tháng 6 năm 2025" in body
    assert "Biên bản lập xong hồi 9 giờ 05 phút cùng ngày" in body
    changes = LogEntry.objects.get_for_object(election).filter(changes__has_key="count_started_time")
    assert changes.exists()


@pytest.mark.parametrize("values, field, message", [
    ({"day": datetime.date(2025, 6, 9)}, "day", "The count is dated on a day of the congress"),
    ({"count_started_time": datetime.time(9, 50), "minutes_closed_time": datetime.time(9, 15)},
     "minutes_closed_time", "closed after the count starts"),
])
def test_a_wrong_day_or_times_change_nothing(election, branch_clerk, values, field, message):
    put_in_state(election.congress, CongressState.REVIEWED, scheduled_on=datetime.date(2025, 6, 5))
    election.refresh_from_db()
    with pytest.raises(ValidationError, match=message) as refused:
        election_minutes_draft(acting_user=branch_clerk, election=election, **values)
    assert field in refused.value.error_dict
    election.refresh_from_db()
    assert election.minutes is None and election.count_started_time == datetime.time(9, 15)


def test_the_minutes_are_not_dated_before_the_previous_number(election, branch_clerk, superior_leader):
    resolution = issued_in_sequence(election.congress, branch_clerk, superior_leader)  # dated today
    document = election_minutes_draft(acting_user=branch_clerk, election=election)
    assert document.document_date < resolution.document_date
    with pytest.raises(ValidationError, match="cannot be earlier than") as refused:
        election_minutes_issue(acting_user=branch_clerk, election=election)
    assert "document_date" in refused.value.error_dict
    document.refresh_from_db()
    assert document.state == DocumentState.DRAFT and document.document_date == datetime.date(2025, 6, 5)


def test_without_a_head_the_minutes_are_not_issued_until_one_is_chosen(election, branch_clerk):
    Election.objects.filter(pk=election.pk).update(counting_head=None)
    election.refresh_from_db()
    document = election_minutes_draft(acting_user=branch_clerk, election=election)
    assert document.signer_name == "" and document.cosigner_names == "Đỗ Văn Kiểm\nVũ Thị Phiếu"
    with pytest.raises(ValidationError, match="Choose the head of the counting board"):
        election_minutes_issue(acting_user=branch_clerk, election=election)
    head = election.congress.votes.get(subject="counting_board").members.get(full_name="Vũ Thị Phiếu")
    document = election_minutes_draft(acting_user=branch_clerk, election=election, counting_head=head)
    assert (document.signer_name, document.cosigner_names) == ("Vũ Thị Phiếu", "Đỗ Văn Kiểm")
    assert election_minutes_issue(acting_user=branch_clerk, election=election).state == DocumentState.ISSUED


def test_the_head_is_one_of_the_board(election, branch_clerk, member_a):
    with pytest.raises(ValidationError, match="is not on the counting board"):
        election_minutes_draft(acting_user=branch_clerk, election=election, counting_head=member_a)
    election.refresh_from_db()
    assert election.minutes is None and election.counting_head.full_name == "Đỗ Văn Kiểm"


def test_each_round_has_its_own_minutes_numbered_in_turn(election, congress_a, branch_clerk):
    second = closed_election(congress_a, created_by=branch_clerk, kind="secretary", seats=1,
                             votes=(("Lê Thị Hoa", 10),), invalid=(), state_of_congress=CongressState.HELD)
    Election.objects.filter(pk=second.pk).update(counting_head=election.counting_head)
    second.refresh_from_db()
    election_minutes_draft(acting_user=branch_clerk, election=second)
    election_minutes_draft(acting_user=branch_clerk, election=election)
    assert election_minutes_issue(acting_user=branch_clerk, election=second).symbol == "01-BB/CB"
    assert election_minutes_issue(acting_user=branch_clerk, election=election).symbol == "02-BB/CB"
    second.refresh_from_db()
    assert second.minutes.subject == "Kiểm phiếu bầu Bí thư Chi bộ TDP Hoàng Trinh, nhiệm kỳ 2022–2025 (vòng 1)"


def test_minutes_are_issued_once_drafted(election, branch_clerk):
    with pytest.raises(ValidationError, match="Draft the vote-count minutes first"):
        election_minutes_issue(acting_user=branch_clerk, election=election)


def test_a_failing_issue_leaves_the_minutes_a_draft(election, branch_clerk, monkeypatch):
    document = election_minutes_draft(acting_user=branch_clerk, election=election)

    def fail(**kwargs):
        raise ValidationError("no number today")

    monkeypatch.setattr("elections.services.minutes.issue_in_transaction", fail)
    with pytest.raises(ValidationError, match="no number today"):
        election_minutes_issue(acting_user=branch_clerk, election=election)
    document.refresh_from_db()
    assert document.state == DocumentState.DRAFT and not Decision.objects.filter(document=document).exists()
    assert actions(election) == ["elections.minutes.drafted"]


def test_an_election_still_counting_has_no_minutes(election, branch_clerk):
    Election.objects.filter(pk=election.pk).update(state=ElectionState.VOTING)
    election.refresh_from_db()
    with pytest.raises(ValidationError, match="once the count is closed"):
        election_minutes_draft(acting_user=branch_clerk, election=election)
    with pytest.raises(ValidationError, match="once the count is closed"):
        election_entry_log_draft(acting_user=branch_clerk, election=election)
    election.refresh_from_db()
    assert election.minutes is None and election.entry_log is None and not actions(election)


@pytest.mark.parametrize("state, message", [
    (CongressState.PLANNED, "once the superior has reviewed the congress"),
    (CongressState.SUBMITTED, "once the superior has reviewed the congress"),
    (CongressState.RATIFIED, "The results are ratified"),
    (CongressState.ANNULLED, "An annulled congress cannot change"),
])
def test_the_congress_state_governs_the_minutes(election, branch_clerk, state, message):
    put_in_state(election.congress, state)
    election.refresh_from_db()
    with pytest.raises(ValidationError, match=message):
        election_minutes_draft(acting_user=branch_clerk, election=election)
    election.refresh_from_db()
    assert election.minutes is None


@pytest.mark.parametrize("state", [CongressState.REVIEWED, CongressState.HELD, CongressState.RESULTS_REPORTED])
def test_the_minutes_are_drafted_and_issued_on_the_day_and_until_the_report(election, branch_clerk, state):
    put_in_state(election.congress, state)
    election.refresh_from_db()
    election_minutes_draft(acting_user=branch_clerk, election=election)
    assert election_minutes_issue(acting_user=branch_clerk, election=election).state == DocumentState.ISSUED


def test_a_draft_cannot_be_issued_once_the_results_are_ratified(election, branch_clerk):
    document = election_minutes_draft(acting_user=branch_clerk, election=election)
    put_in_state(election.congress, CongressState.RATIFIED)
    election.refresh_from_db()
    with pytest.raises(ValidationError, match="The results are ratified"):
        election_minutes_issue(acting_user=branch_clerk, election=election)
    document.refresh_from_db()
    assert document.state == DocumentState.DRAFT


def test_without_a_counting_board_the_minutes_leave_blank_lines(congress_a, branch_clerk):
    election = closed_election(congress_a, created_by=branch_clerk)
    body = election_minutes_draft(acting_user=branch_clerk, election=election).versions.get().body
    assert "chưa ghi nhận trong hệ thống, ghi bổ sung" in body
    with pytest.raises(ValidationError, match="Choose the head of the counting board"):
        election_minutes_issue(acting_user=branch_clerk, election=election)


def test_a_tie_found_in_the_stored_votes_is_reported_with_the_decision(congress_a, branch_clerk):
    election = closed_election(
        congress_a, created_by=branch_clerk, votes=(("Trần Văn Bình", 7), ("Lê Thị Hoa", 9), ("Phạm Văn Hùng", 7),
                                                    ("Nguyễn Thị Lan", 7)),
        outcome="further_round", outcome_note="Bầu vòng 2 giữa ba đồng chí.",
    )
    # The count elected only the first; three share the votes of the last two seats.
    election.candidates.exclude(member__full_name="Lê Thị Hoa").update(elected=False)
    body = election_minutes_draft(acting_user=branch_clerk, election=election).versions.get().body
    assert "1/3 đồng chí sau đây trúng cử" in body
    assert "Các đồng chí Trần Văn Bình, Phạm Văn Hùng, Nguyễn Thị Lan có số phiếu bầu bằng nhau (7 phiếu) cho 2 vị trí" in body
    assert "Số lượng chưa bầu đủ" not in body
    assert "Quyết định của Đại hội: Đại hội quyết định bầu vòng tiếp theo. Bầu vòng 2 giữa ba đồng chí." in body


# --- The entry log -----------------------------------------------------------------------------


def test_the_entry_log_is_drafted_and_confirmed_by_the_board(election, branch_clerk, superior_clerk, superior_leader):
    log_lines(election, operators=[branch_clerk, superior_clerk, superior_leader])
    document = election_entry_log_draft(acting_user=branch_clerk, election=election)
    election.refresh_from_db()
    assert election.entry_log == document and document.doc_type == "BB"
    assert document.subject == "Nhật ký nhập phiếu bầu Chi ủy Chi bộ TDP Hoàng Trinh, nhiệm kỳ 2022–2025 (vòng 1)"
    body = document.versions.get().body
    clerk = branch_clerk.full_name
    assert f"<td>{clerk}</td><td>Nhập phiếu</td><td>Gạch số 3</td><td></td>" in body
    assert f"<td>{clerk}</td><td>Sửa</td><td>Gạch số 1, 4</td><td>Có</td>" in body
    assert "<td>Nhập phân xử</td><td>Không hợp lệ: Phiếu bầu vượt quá số lượng cần bầu</td><td>Có</td>" in body
    assert f"<tr><td>{clerk}</td><td>3</td><td>1</td><td>0</td></tr>" in body
    assert "Số phiếu đã nhập: 3; số lần nhập: 8; số lần sửa: 1; số lần nhập phân xử: 1" in body
    issued = election_entry_log_issue(acting_user=branch_clerk, election=election)
    assert issued.symbol == "01-BB/CB"
    assert Decision.objects.get(document=issued).comment == "Tổ kiểm phiếu xác nhận nhật ký nhập phiếu"
    assert actions(election) == ["elections.entry_log.drafted", "elections.entry_log.issued"]


def test_an_election_counted_by_hand_has_no_entry_log(congress_a, branch_clerk):
    election = closed_election(congress_a, created_by=branch_clerk, counting_mode=CountingMode.TOTALS)
    with pytest.raises(ValidationError, match="counted by hand"):
        election_entry_log_draft(acting_user=branch_clerk, election=election)
    with pytest.raises(ValidationError, match="counted by hand"):
        election_entry_log_issue(acting_user=branch_clerk, election=election)
    election.refresh_from_db()
    assert election.entry_log is None
    # ...but its minutes are drafted as any other's.
    assert election_minutes_draft(acting_user=branch_clerk, election=election).doc_type == "BB"


# --- The PDF -----------------------------------------------------------------------------------


def test_issued_minutes_are_rendered_to_a_pdf(election, branch_clerk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from documents.tasks import render_job

    election_minutes_draft(acting_user=branch_clerk, election=election)
    document = election_minutes_issue(acting_user=branch_clerk, election=election)
    job = RenderJob.objects.get(version__document=document, issued=True)
    render_job(job.pk)  # what the worker does with the queued job (here nothing is enqueued)
    job.refresh_from_db()
    assert job.state == "done" and job.pages >= 1
    with job.pdf.open("rb") as handle:
        data = handle.read()
    assert data[:5] == b"%PDF-"
    if shutil.which("pdftotext") is None:
        return
    path = tmp_path / "minutes.pdf"
    path.write_bytes(data)
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    # Fit to sign (docs/domain.md §4a): the board under the congress, the times, the head by name.
    assert "ĐẠI HỘI CHI BỘ TDP HOÀNG" in text and "TRINH LẦN THỨ NHẤT" in text and "TỔ KIỂM PHIẾU" in text
    assert "vào hồi 9 giờ 15 phút, ngày 05 tháng 6 năm 2025" in text and "lập xong hồi 9 giờ 50 phút" in text
    assert "T/M TỔ KIỂM PHIẾU" in text and "TỔ TRƯỞNG" in text and "Đỗ Văn Kiểm" in text
    assert "CÁC THÀNH VIÊN" in text and "Vũ Thị Phiếu" in text
    assert "..." not in text
