"""The congress minutes fit to sign (docs/domain.md §4a): the day and the times the clerk enters
or confirms, who was elected, the signatures outside the body by name, the date offered when
issuing and refused before the previous number; the issued PDF read back as text."""

import datetime
import shutil
import subprocess

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches.models import Position
from congress.minutes import DISCUSSION_INSTRUCTION
from congress.models import (
    CongressGuest, CongressState, ElectedSeat, ShowOfHands, VoteSubject, congress_sequence_key,
)
from congress.selectors import dossier_status
from congress.services.minutes import MINUTES_APPROVAL_COMMENT, minutes_draft, minutes_issue, minutes_write_discussion
from congress.services.votes import show_of_hands_record
from congress.tests.builders import put_in_state
from congress.tests.test_day_attendance import draw, mark_all, members
from documents.guard import leftovers
from documents.models import Decision, DocumentState, RenderJob
from documents.rules import Actor, Move
from documents.services.documents import document_create, document_issue, document_move, document_save_body

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

DAY = datetime.date(2025, 6, 5)
SUMMARY = "<p>Đại hội thảo luận sôi nổi, thống nhất cao với các báo cáo trình Đại hội.</p>"


def complete(document, clerk):
    """The secretary's summary of the discussion in place of the instruction (the guard refuses
    to issue while it is there), as the clerk writes it on the document page."""
    body = document.versions.order_by("-number").first().body
    document_save_body(acting_user=clerk, document=document, body=body.replace(f"<p>{DISCUSSION_INSTRUCTION}</p>", SUMMARY))
    return document


@pytest.fixture
def day(congress_a, branch_clerk):
    """On the day (5 June 2025): 10 official members, 9 present; the presidium, the secretariat
    and the counting board elected by show of hands."""
    people = members(congress_a.organization, 10)
    draw(congress_a, branch_clerk)
    mark_all(congress_a, branch_clerk, absent={"Đảng viên 009"})
    put_in_state(congress_a, CongressState.REVIEWED, scheduled_on=DAY, venue="Nhà văn hóa TDP")
    for subject, chosen in ((VoteSubject.PRESIDIUM, people[:2]), (VoteSubject.SECRETARIAT, people[2:4]),
                            (VoteSubject.COUNTING_BOARD, people[4:6]), (VoteSubject.AGENDA, [])):
        show_of_hands_record(acting_user=branch_clerk, congress=congress_a, subject=subject, votes_for=9,
                             members=chosen)
    # The resolution adopted (its own service issues it: congress.tests.test_day_resolution).
    ShowOfHands.objects.create(congress=congress_a, subject=VoteSubject.RESOLUTION, votes_for=9, base=10,
                               passed=True, recorded_by=branch_clerk)
    return congress_a


def test_drafting_saves_the_day_and_the_times_and_signs_by_name(day, branch_clerk):
    document = minutes_draft(acting_user=branch_clerk, congress=day, held_on=DAY,
                             opening_time=datetime.time(7, 30), closing_time=datetime.time(11, 0))
    day.refresh_from_db()
    assert (day.held_on, day.opening_time, day.closing_time) == (DAY, datetime.time(7, 30), datetime.time(11, 0))
    assert LogEntry.objects.get_for_object(day).filter(changes__has_key="opening_time").exists()
    assert document.document_date == DAY
    assert (document.signing_mode, document.signing_body, document.signer_position, document.signer_name) == (
        "T/M", "ĐOÀN CHỦ TỊCH", "", "Đảng viên 000",
    )
    assert (document.cosigner_title, document.cosigner_names) == ("THƯ KÝ ĐẠI HỘI", "Đảng viên 002\nĐảng viên 003")
    body = document.versions.get().body
    assert "Hôm nay, ngày 05 tháng 6 năm 2025, tại Nhà văn hóa TDP" in body
    assert "Đại hội khai mạc vào hồi 7 giờ 30 phút." in body and "bế mạc vào hồi 11 giờ 00 phút cùng ngày" in body
    assert "<table>" not in body


def test_a_congress_of_two_days_is_dated_its_last_day(day, branch_clerk):
    put_in_state(day, CongressState.REVIEWED, duration_days=2)
    document = minutes_draft(acting_user=branch_clerk, congress=day, held_on=DAY + datetime.timedelta(days=1),
                             opening_time=datetime.time(7, 30), closing_time=datetime.time(11, 0))
    assert document.document_date == datetime.date(2025, 6, 6)
    assert "Trong hai ngày 05 và 06 tháng 6 năm 2025" in document.versions.get().body


@pytest.mark.parametrize("values, field, message", [
    ({"held_on": datetime.date(2025, 6, 9)}, "held_on", "The congress's date is 05/06/2025"),
    ({"opening_time": datetime.time(11, 0), "closing_time": datetime.time(7, 30)}, "closing_time",
     "The congress closes after it opens: 07:30 is not after 11:00."),
])
def test_a_wrong_day_or_times_change_nothing(day, branch_clerk, values, field, message):
    with pytest.raises(ValidationError, match=message) as refused:
        minutes_draft(acting_user=branch_clerk, congress=day, **values)
    assert field in refused.value.error_dict
    day.refresh_from_db()
    assert (day.held_on, day.opening_time) == (None, None) and not day.documents.exists()


def test_drafting_again_updates_the_times_and_the_signatures(day, branch_clerk):
    document = minutes_draft(acting_user=branch_clerk, congress=day, opening_time=datetime.time(7, 30),
                             closing_time=datetime.time(11, 0))
    show_of_hands_record(acting_user=branch_clerk, congress=day, subject=VoteSubject.SECRETARIAT, votes_for=9,
                         members=list(day.votes.get(subject=VoteSubject.PRESIDIUM).members.order_by("sort_key"))[1:])
    again = minutes_draft(acting_user=branch_clerk, congress=day, closing_time=datetime.time(11, 30))
    assert again == document
    again.refresh_from_db()
    assert again.cosigner_names == "Đảng viên 001"
    assert "bế mạc vào hồi 11 giờ 30 phút" in again.versions.order_by("-number").first().body


def test_the_minutes_name_who_was_elected(day, branch_clerk):
    people = [r.member for r in day.attendance.select_related("member").order_by("member__sort_key")]
    for member, position in ((people[0], Position.SECRETARY), (people[1], Position.DEPUTY_SECRETARY),
                             (people[2], Position.MEMBER)):
        ElectedSeat.objects.create(congress=day, member=member, position=position)
    CongressGuest.objects.create(congress=day, name="Lê Văn Cường", position="Phó Bí thư Đảng ủy")
    body = minutes_draft(acting_user=branch_clerk, congress=day).versions.get().body
    assert "gồm 03 đồng chí: Đảng viên 000, Đảng viên 001, Đảng viên 002." in body
    assert "Đồng chí Đảng viên 000 được bầu làm Bí thư Chi bộ TDP Hoàng Trinh." in body
    assert "Đồng chí Lê Văn Cường, Phó Bí thư Đảng ủy, đại biểu" in body


def test_the_issue_offers_the_date_and_refuses_one_before_the_previous_number(day, branch_clerk):
    document = complete(minutes_draft(acting_user=branch_clerk, congress=day, opening_time=datetime.time(7, 30),
                                      closing_time=datetime.time(11, 0)), branch_clerk)
    issued = minutes_issue(acting_user=branch_clerk, congress=day, document_date=DAY)
    assert (issued.state, issued.symbol, issued.document_date) == (DocumentState.ISSUED, "01-BB/CB", DAY)
    assert issued == document


def test_an_issue_date_before_the_previous_number_is_refused(day, branch_clerk, superior_leader):
    previous = document_create(
        acting_user=branch_clerk, issuer=day.organization, doc_type="TB", term=day.plan.term,
        subject="Thông báo", body="<p>Thông báo.</p>", sequence_key=congress_sequence_key(day.pk),
        signer_name="Nguyễn Văn An",
    )
    document_move(acting_user=branch_clerk, document=previous, move=Move.SUBMIT, actors={Actor.CLERK})
    document_move(acting_user=superior_leader, document=previous, move=Move.APPROVE, actors={Actor.LEADER})
    previous = document_issue(acting_user=branch_clerk, document=previous, actors={Actor.CLERK})  # dated today
    document = complete(minutes_draft(acting_user=branch_clerk, congress=day, opening_time=datetime.time(7, 30),
                                      closing_time=datetime.time(11, 0)), branch_clerk)
    with pytest.raises(ValidationError, match="cannot be earlier than") as refused:
        minutes_issue(acting_user=branch_clerk, congress=day, document_date=DAY)
    assert "document_date" in refused.value.error_dict
    document.refresh_from_db()
    assert (document.state, document.document_date) == (DocumentState.DRAFT, DAY)
    assert minutes_issue(acting_user=branch_clerk, congress=day, document_date=previous.document_date).symbol == "02-BB/CB"


def test_the_congress_adopts_and_issues_its_own_minutes(day, branch_clerk):
    complete(minutes_draft(acting_user=branch_clerk, congress=day, opening_time=datetime.time(7, 30),
                           closing_time=datetime.time(11, 0)), branch_clerk)
    document = minutes_issue(acting_user=branch_clerk, congress=day)
    assert (document.state, document.symbol, document.document_date) == (DocumentState.ISSUED, "01-BB/CB", DAY)
    decision = Decision.objects.get(document=document)
    assert (decision.kind, decision.comment, decision.decided_by) == ("approved", MINUTES_APPROVAL_COMMENT, branch_clerk)
    assert dossier_status(day)["minutes"]
    assert LogEntry.objects.get_for_object(day).filter(additional_data__action="congress.minutes.issued").exists()
    with pytest.raises(ValidationError, match="already issued as 01-BB/CB"):
        minutes_issue(acting_user=branch_clerk, congress=day)
    with pytest.raises(ValidationError, match="issued as 01-BB/CB; they can no longer be drafted again"):
        minutes_draft(acting_user=branch_clerk, congress=day)


def test_the_guard_refuses_the_minutes_while_the_instruction_is_there(day, branch_clerk):
    minutes_draft(acting_user=branch_clerk, congress=day, opening_time=datetime.time(7, 30),
                  closing_time=datetime.time(11, 0))
    with pytest.raises(ValidationError, match="Thư ký ghi tóm tắt"):
        minutes_issue(acting_user=branch_clerk, congress=day)


def test_a_failing_issue_leaves_the_minutes_a_draft(day, branch_clerk, monkeypatch):
    document = complete(minutes_draft(acting_user=branch_clerk, congress=day, opening_time=datetime.time(7, 30),
                                      closing_time=datetime.time(11, 0)), branch_clerk)

    def fail(*args, **kwargs):
        raise ValidationError("no number today")

    monkeypatch.setattr("congress.services.minutes.issue_in_transaction", fail)
    with pytest.raises(ValidationError, match="no number today"):
        minutes_issue(acting_user=branch_clerk, congress=day)
    document.refresh_from_db()
    assert document.state == DocumentState.DRAFT and not Decision.objects.filter(document=document).exists()


def test_the_summary_of_the_discussion_replaces_the_instruction(day, branch_clerk):
    document = minutes_draft(acting_user=branch_clerk, congress=day, opening_time=datetime.time(7, 30),
                             closing_time=datetime.time(11, 0))
    minutes_write_discussion(acting_user=branch_clerk, congress=day, summary="Ý kiến thứ nhất <b>.\n\nÝ kiến thứ hai.")
    body = document.versions.order_by("-number").first().body
    assert DISCUSSION_INSTRUCTION not in body
    assert "<p>Ý kiến thứ nhất &lt;b&gt;.</p><p>Ý kiến thứ hai.</p>" in body
    with pytest.raises(ValidationError, match="already written"):
        minutes_write_discussion(acting_user=branch_clerk, congress=day, summary="Lần nữa.")
    assert minutes_issue(acting_user=branch_clerk, congress=day).state == DocumentState.ISSUED


def test_without_a_presiding_member_the_minutes_are_not_issued(day, branch_clerk):
    day.votes.get(subject=VoteSubject.PRESIDIUM).members.clear()
    complete(minutes_draft(acting_user=branch_clerk, congress=day), branch_clerk)
    with pytest.raises(ValidationError, match="signed by name for the presidium"):
        minutes_issue(acting_user=branch_clerk, congress=day)


# --- The pages ---------------------------------------------------------------------------------


def test_the_draft_page_asks_for_the_day_and_the_times(en, day, branch_clerk):
    en.force_login(branch_clerk)
    url = reverse("congress_minutes_draft", kwargs={"pk": day.pk})
    page = en.get(url).content.decode()
    assert 'name="held_on"' in page and 'name="opening_time"' in page and 'name="closing_time"' in page
    response = en.post(url, {"held_on": "05/06/2025", "opening_time": "07:30", "closing_time": "11:00"})
    document = day.documents.get(role="minutes").document
    assert response.url == reverse("document_detail", kwargs={"pk": document.pk})
    day.refresh_from_db()
    assert day.opening_time == datetime.time(7, 30)


def test_the_summary_of_the_discussion_is_written_with_the_draft_and_escaped(en, day, branch_clerk):
    en.force_login(branch_clerk)
    url = reverse("congress_minutes_draft", kwargs={"pk": day.pk})
    assert 'name="discussion"' in en.get(url).content.decode()
    en.post(url, {
        "held_on": "05/06/2025", "opening_time": "07:30", "closing_time": "11:00",
        "discussion": "Đồng chí A phát biểu về công tác <b>an ninh</b>.\n\nĐồng chí B góp ý về phát triển đảng viên.",
    })
    document = day.documents.get(role="minutes").document
    body = document.versions.order_by("-number").first().body
    assert "Thư ký ghi tóm tắt" not in body
    assert "<p>Đồng chí A phát biểu về công tác &lt;b&gt;an ninh&lt;/b&gt;.</p><p>Đồng chí B góp ý" in body
    assert not [item for item in leftovers(body) if "Thư ký" in item]


@pytest.mark.parametrize("data, message", [
    ({"held_on": "05/06/2025", "opening_time": "7h", "closing_time": "11:00"}, "Enter a valid time."),
    ({"held_on": "05/06/2025", "opening_time": "11:00", "closing_time": "07:30"}, "The congress closes after it opens"),
    ({"held_on": "", "opening_time": "07:30", "closing_time": "11:00"}, "This field is required."),
])
def test_bad_times_show_the_form_again_and_change_nothing(en, day, branch_clerk, data, message):
    en.force_login(branch_clerk)
    response = en.post(reverse("congress_minutes_draft", kwargs={"pk": day.pk}), data)
    assert response.status_code == 200 and message in response.content.decode()
    day.refresh_from_db()
    assert day.opening_time is None and not day.documents.exists()


def test_bad_times_are_said_in_vietnamese(client, day, branch_clerk):
    client.force_login(branch_clerk)
    response = client.post(reverse("congress_minutes_draft", kwargs={"pk": day.pk}),
                           {"held_on": "05/06/2025", "opening_time": "11:00", "closing_time": "07:30"})
    assert response.status_code == 200
    assert "Đại hội bế mạc sau khi khai mạc: 07:30 không sau 11:00." in response.content.decode()


def test_the_issue_page_offers_the_date_and_says_why_it_refuses(en, day, branch_clerk):
    en.force_login(branch_clerk)
    complete(minutes_draft(acting_user=branch_clerk, congress=day, opening_time=datetime.time(7, 30),
                           closing_time=datetime.time(11, 0)), branch_clerk)
    url = reverse("congress_minutes_issue", kwargs={"pk": day.pk})
    assert 'value="05/06/2025"' in en.get(url).content.decode()
    response = en.post(url, {"document_date": "31/13/2025"})
    assert response.status_code == 200 and "Enter a valid date." in response.content.decode()
    response = en.post(url, {"document_date": "05/06/2025"}, follow=True)
    assert "The minutes were issued as 01-BB/CB." in response.content.decode()


# --- The issued PDF ----------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_issued_pdf_reads_fit_to_sign(day, branch_clerk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from documents.tasks import render_job  # noqa: PLC0415 - the worker's entry point

    complete(minutes_draft(acting_user=branch_clerk, congress=day, opening_time=datetime.time(7, 30),
                           closing_time=datetime.time(11, 0)), branch_clerk)
    document = minutes_issue(acting_user=branch_clerk, congress=day)
    job = RenderJob.objects.get(version__document=document, issued=True)
    render_job(job.pk)
    job.refresh_from_db()
    path = tmp_path / "minutes.pdf"
    with job.pdf.open("rb") as handle:
        path.write_bytes(handle.read())
    text = " ".join(subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "ngày 05 tháng 6 năm 2025" in text and "khai mạc vào hồi 7 giờ 30 phút" in text
    assert "T/M ĐOÀN CHỦ TỊCH" in text and "Đảng viên 000" in text
    assert "THƯ KÝ ĐẠI HỘI" in text and "Đảng viên 002" in text and "Đảng viên 003" in text
    assert "... giờ" not in text and "(Thư ký" not in text
