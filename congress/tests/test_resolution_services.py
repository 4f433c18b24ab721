"""The resolution drafted from the congress's data, drafted again, and completed at adoption
(congress.services.resolution, congress.services.votes.resolution_adopt; docs/domain.md §4a)."""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches.models import Position
from congress.models import CongressDocumentRole, CongressState, ElectedSeat, ShowOfHands, Target, VoteSubject
from congress.resolution import ELECTIONS_PENDING, ELECTIONS_PENDING_TEXT, TASKS_PENDING, TARGETS_PENDING
from congress.services.congresses import congress_document_create
from congress.services.resolution import ADOPTION_NOTE, adoption_problem, resolution_draft_again
from documents.guard import leftovers
from congress.services.votes import resolution_adopt, show_of_hands_record
from congress.tests.builders import put_in_state
from congress.tests.test_day_attendance import draw, mark_all, members
from documents.models import Document, DocumentState
from documents.render import render_pdf
from documents.rules import Actor, Move
from documents.services.documents import (
    document_create, document_issue, document_move, document_save_body, document_update,
)

pytestmark = pytest.mark.usefixtures("english", "no_rendering", "congress_alone")

TASKS = "<p><b>1. Công tác xây dựng Đảng</b></p><p>Nâng cao chất lượng sinh hoạt chi bộ.</p>"


def report_with_tasks(congress, clerk):
    report = congress_document_create(acting_user=clerk, congress=congress, role=CongressDocumentRole.POLITICAL_REPORT)
    heading = "<p><b>III. Nhiệm vụ và giải pháp</b></p>"
    body = report.versions.get().body.replace("<p></p>", "").replace(heading, heading + TASKS)
    document_save_body(acting_user=clerk, document=report, body=body)
    return report


def add_targets(congress):
    Target.objects.create(congress=congress, position=0, label="đảng viên hoàn thành nhiệm vụ", comparison="exactly",
                          value=100, unit="%")
    Target.objects.create(congress=congress, position=1, label="kết nạp", comparison="at_least", value=1,
                          unit="đảng viên mới")


def body(document) -> str:
    return document.versions.order_by("-number").first().body


# --- Drafting -----------------------------------------------------------------------------------


def test_the_draft_is_written_from_the_targets_and_the_political_report(congress_a, branch_clerk):
    add_targets(congress_a)
    report_with_tasks(congress_a, branch_clerk)
    draft = congress_document_create(acting_user=branch_clerk, congress=congress_a, role=CongressDocumentRole.DRAFT_RESOLUTION)
    text = body(draft)
    assert "ĐẠI HỘI CHI BỘ TDP HOÀNG TRINH QUYẾT NGHỊ:" in text
    assert "<li>100% đảng viên hoàn thành nhiệm vụ;</li><li>kết nạp từ 01 đảng viên mới trở lên.</li>" in text
    assert "<p><b>3.1. Công tác xây dựng Đảng</b></p><p>Nâng cao chất lượng sinh hoạt chi bộ.</p>" in text
    assert TASKS_PENDING not in text
    assert ELECTIONS_PENDING in text
    assert (draft.subject, draft.signing_mode, draft.signing_body, draft.signer_position) == (
        f"Dự thảo Nghị quyết {congress_a.name}", "T/M", "ĐOÀN CHỦ TỊCH", "",
    )
    assert draft.recipients == "- Đảng ủy phường Kỳ Trinh (để báo cáo),\n- Đảng viên trong Chi bộ (để thực hiện),\n- Lưu."


def test_drafting_again_saves_the_next_version_with_the_new_targets(congress_a, branch_clerk):
    draft = congress_document_create(acting_user=branch_clerk, congress=congress_a, role=CongressDocumentRole.DRAFT_RESOLUTION)
    assert TARGETS_PENDING in body(draft)
    add_targets(congress_a)
    resolution_draft_again(acting_user=branch_clerk, congress=congress_a)
    version = draft.versions.order_by("-number").first()
    assert version.number == 2 and version.note == "Drafted again from the congress records"
    assert "kết nạp từ 01 đảng viên mới trở lên" in version.body and TARGETS_PENDING not in version.body
    resolution_draft_again(acting_user=branch_clerk, congress=congress_a)  # nothing changed: no version
    assert draft.versions.count() == 2


def test_drafting_again_is_refused_once_the_draft_is_submitted(congress_a, branch_clerk):
    draft = congress_document_create(acting_user=branch_clerk, congress=congress_a, role=CongressDocumentRole.DRAFT_RESOLUTION)
    document_move(acting_user=branch_clerk, document=draft, move=Move.SUBMIT, actors={Actor.CLERK})
    with pytest.raises(ValidationError, match="can no longer be drafted again"):
        resolution_draft_again(acting_user=branch_clerk, congress=congress_a)
    assert draft.versions.count() == 1


def test_drafting_again_without_a_draft_is_refused(congress_a, branch_clerk):
    with pytest.raises(ValidationError, match="Draft the resolution first"):
        resolution_draft_again(acting_user=branch_clerk, congress=congress_a)


# --- Adoption -----------------------------------------------------------------------------------


@pytest.fixture
def approved(congress_a, branch_clerk, superior_leader):
    """Branch A's draft resolution from its data, approved at the review (the guard lets the
    pending elections' paragraph through), and the congress on its day: 10 official members,
    all present, the presidium elected."""
    members(congress_a.organization, 10)
    add_targets(congress_a)
    report_with_tasks(congress_a, branch_clerk)
    draft = congress_document_create(acting_user=branch_clerk, congress=congress_a, role=CongressDocumentRole.DRAFT_RESOLUTION)
    document_move(acting_user=branch_clerk, document=draft, move=Move.SUBMIT, actors={Actor.CLERK})
    document_move(acting_user=superior_leader, document=draft, move=Move.APPROVE, actors={Actor.LEADER})
    draw(congress_a, branch_clerk)
    mark_all(congress_a, branch_clerk)
    people = [row.member for row in congress_a.attendance.select_related("member").order_by("member__sort_key")]
    show_of_hands_record(acting_user=branch_clerk, congress=congress_a, subject=VoteSubject.PRESIDIUM, votes_for=10,
                         members=[people[2], people[0]])
    return draft


def elect(congress, names: dict[str, str]):
    """The elected, recorded as the elections would (position by full name)."""
    by_name = {row.member.full_name: row.member for row in congress.attendance.select_related("member")}
    for name, position in names.items():
        ElectedSeat.objects.create(congress=congress, member=by_name[name], position=position)


def test_adoption_writes_the_elections_drops_the_draft_and_signs_for_the_presidium(congress_a, approved, branch_clerk):
    elect(congress_a, {"Đảng viên 001": Position.SECRETARY, "Đảng viên 003": Position.DEPUTY_SECRETARY,
                       "Đảng viên 005": Position.MEMBER})
    vote = resolution_adopt(acting_user=branch_clerk, congress=congress_a, votes_for=10)
    assert vote.passed
    document = Document.objects.get(pk=approved.pk)
    assert document.state == DocumentState.ISSUED and document.symbol == "01-NQ/CB"
    assert document.subject == congress_a.name  # "Đại hội Chi bộ TDP Hoàng Trinh lần thứ nhất, nhiệm kỳ 2022–2025"
    assert (document.signing_mode, document.signing_body, document.signer_position, document.signer_name) == (
        "T/M", "ĐOÀN CHỦ TỊCH", "", "Đảng viên 000",  # the first of the presidium, as the minutes list it
    )
    version = document.versions.order_by("-number").first()
    assert (version.number, version.note) == (2, ADOPTION_NOTE)
    assert ELECTIONS_PENDING not in version.body
    assert ("Đại hội đã bầu Chi ủy nhiệm kỳ 2022–2025 gồm 03 đồng chí: Đảng viên 001, Đảng viên 003, Đảng viên 005; "
            "bầu đồng chí Đảng viên 001 làm Bí thư, đồng chí Đảng viên 003 làm Phó Bí thư.") in version.body


@pytest.fixture
def open_elections(monkeypatch):
    """The congress's elections are recorded here and one is still open (the elections app would
    say so through congress.hooks)."""
    monkeypatch.setattr("congress.services.resolution.elections_held", lambda congress: True)
    monkeypatch.setattr("congress.services.resolution.elections_closed", lambda congress: False)


def test_elections_counted_on_paper_leave_a_line_to_fill_by_hand(congress_a, approved, branch_clerk):
    """Decision D64: no election recorded here (counted on paper, the elected entered once the
    congress is held): the item is a line the secretary fills in on the signed copy."""
    assert "line to fill in by hand" in adoption_problem(congress_a)
    vote = resolution_adopt(acting_user=branch_clerk, congress=congress_a, votes_for=10)
    assert vote.passed
    document = Document.objects.get(pk=approved.pk)
    body = document.versions.order_by("-number").first().body
    assert document.state == DocumentState.ISSUED and ELECTIONS_PENDING_TEXT not in body
    assert '<p>Đại hội đã bầu <span class="fill-by-hand">' in body
    assert leftovers(body) == []


def test_adoption_before_the_elections_close_is_refused_and_changes_nothing(
    congress_a, approved, branch_clerk, open_elections,
):
    with pytest.raises(ValidationError, match="Close the elections first"):
        resolution_adopt(acting_user=branch_clerk, congress=congress_a, votes_for=10)
    document = Document.objects.get(pk=approved.pk)
    assert (document.state, document.subject, document.versions.count()) == (
        DocumentState.APPROVED, approved.subject, 1,
    )
    assert not ShowOfHands.objects.filter(congress=congress_a, subject=VoteSubject.RESOLUTION).exists()


def test_a_failed_vote_changes_nothing_in_the_draft(congress_a, approved, branch_clerk):
    vote = resolution_adopt(acting_user=branch_clerk, congress=congress_a, votes_for=4)
    assert not vote.passed
    document = Document.objects.get(pk=approved.pk)
    assert (document.state, document.versions.count(), document.signer_name) == (DocumentState.APPROVED, 1, "")


def test_the_date_offered_is_the_congress_day_and_may_be_changed(congress_a, approved, branch_clerk):
    elect(congress_a, {"Đảng viên 001": Position.SECRETARY})
    day = datetime.date(2022, 5, 20)
    put_in_state(congress_a, CongressState.REVIEWED, scheduled_on=day, duration_days=2)
    resolution_adopt(acting_user=branch_clerk, congress=congress_a, votes_for=10, document_date=day)
    assert Document.objects.get(pk=approved.pk).document_date == day


def test_a_date_outside_the_congress_days_is_refused(congress_a, approved, branch_clerk):
    elect(congress_a, {"Đảng viên 001": Position.SECRETARY})
    put_in_state(congress_a, CongressState.REVIEWED, scheduled_on=datetime.date(2022, 5, 20))
    with pytest.raises(ValidationError, match="dated a day of the congress"):
        resolution_adopt(acting_user=branch_clerk, congress=congress_a, votes_for=10,
                         document_date=datetime.date(2022, 5, 25))
    assert Document.objects.get(pk=approved.pk).state == DocumentState.APPROVED


def test_a_date_before_the_previous_number_of_the_series_is_refused(congress_a, approved, branch_clerk, superior_leader):
    elect(congress_a, {"Đảng viên 001": Position.SECRETARY})
    put_in_state(congress_a, CongressState.REVIEWED, scheduled_on=datetime.date(2022, 5, 20), duration_days=2)
    earlier = document_create(
        acting_user=branch_clerk, issuer=congress_a.organization, doc_type="TB", term=congress_a.plan.term,
        subject="Thông báo của Đoàn Chủ tịch", body="<p>Đoàn Chủ tịch thông báo lịch làm việc.</p>",
        sequence_key=approved.sequence_key, signer_name="Nguyễn Văn An",
    )
    document_update(acting_user=branch_clerk, document=earlier, document_date=datetime.date(2022, 5, 21))
    document_move(acting_user=branch_clerk, document=earlier, move=Move.SUBMIT, actors={Actor.CLERK})
    document_move(acting_user=superior_leader, document=earlier, move=Move.APPROVE, actors={Actor.LEADER})
    document_issue(acting_user=branch_clerk, document=earlier, actors={Actor.CLERK})
    with pytest.raises(ValidationError, match="cannot be earlier than 21/05/2022"):
        resolution_adopt(acting_user=branch_clerk, congress=congress_a, votes_for=10,
                         document_date=datetime.date(2022, 5, 20))
    assert Document.objects.get(pk=approved.pk).state == DocumentState.APPROVED
    resolution_adopt(acting_user=branch_clerk, congress=congress_a, votes_for=10, document_date=datetime.date(2022, 5, 21))
    assert Document.objects.get(pk=approved.pk).symbol == "02-NQ/CB"


def test_targets_value_is_a_decimal(congress_a):
    add_targets(congress_a)
    assert congress_a.targets.first().value == Decimal(100)


# --- The adopted resolution's PDF --------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_adopted_resolution_reads_fit_to_sign(congress_a, approved, branch_clerk, tmp_path):
    elect(congress_a, {"Đảng viên 001": Position.SECRETARY, "Đảng viên 003": Position.DEPUTY_SECRETARY,
                       "Đảng viên 005": Position.MEMBER})
    resolution_adopt(acting_user=branch_clerk, congress=congress_a, votes_for=10)
    document = Document.objects.get(pk=approved.pk)
    path = tmp_path / "resolution.pdf"
    path.write_bytes(render_pdf(document.versions.order_by("-number").first(), issued=True).data)
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "NGHỊ QUYẾT" in text and "Dự thảo" not in text and "DỰ THẢO" not in text
    assert "QUYẾT NGHỊ:" in text and "100% đảng viên hoàn thành nhiệm vụ" in text
    assert "kết nạp từ 01 đảng viên mới trở lên" in text
    assert "Đại hội đã bầu Chi ủy nhiệm kỳ 2022–2025 gồm 03 đồng chí" in text
    assert "T/M ĐOÀN CHỦ TỊCH" in text and "Đảng viên 000" in text
    assert "01-NQ/CB" in text and "(Kết quả bầu cử" not in text
    assert "Giao Chi ủy nhiệm kỳ 2022–2025" in text
    assert "Nơi nhận:" in text and "Đảng ủy phường Kỳ Trinh (để báo cáo)" in text


# --- The adoption form on the votes page --------------------------------------------------------


def test_the_votes_page_offers_the_date_and_says_to_close_the_elections_first(
    en, congress_a, approved, branch_clerk, open_elections,
):
    put_in_state(congress_a, CongressState.REVIEWED, scheduled_on=datetime.date(2022, 5, 20))
    en.force_login(branch_clerk)
    url = reverse("congress_votes", kwargs={"pk": congress_a.pk})
    page = en.get(url).content.decode()
    assert 'name="document_date" id="id_resolution_date" value="20/05/2022"' in page
    assert 'data-testid="adoption-problem"' in page and "Close the elections first" in page
    response = en.post(reverse("congress_resolution", kwargs={"pk": congress_a.pk}),
                       {"votes_for": "10", "votes_against": "0", "document_date": "20/05/2022"}, follow=True)
    assert "Close the elections first" in response.content.decode()
    assert Document.objects.get(pk=approved.pk).state == DocumentState.APPROVED


def test_a_bad_date_on_the_adoption_form_is_refused_with_a_message(client, congress_a, approved, branch_clerk):
    elect(congress_a, {"Đảng viên 001": Position.SECRETARY})
    put_in_state(congress_a, CongressState.REVIEWED, scheduled_on=datetime.date(2022, 5, 20))
    client.force_login(branch_clerk)  # the Vietnamese interface
    url = reverse("congress_resolution", kwargs={"pk": congress_a.pk})
    for date in ("31/02/2022", "hôm nay", "25/05/2022"):
        response = client.post(url, {"votes_for": "10", "votes_against": "0", "document_date": date}, follow=True)
        assert response.status_code == 200
        assert Document.objects.get(pk=approved.pk).state == DocumentState.APPROVED
    page = response.content.decode()
    assert "Nghị quyết ghi ngày là một ngày Đại hội (20/05/2022)." in page
    client.post(url, {"votes_for": "10", "votes_against": "0", "document_date": "20/05/2022"})
    document = Document.objects.get(pk=approved.pk)
    assert (document.state, document.document_date) == (DocumentState.ISSUED, datetime.date(2022, 5, 20))
