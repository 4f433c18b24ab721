"""The resolution adopted by show of hands and issued in the congress's sequence, the minutes
drafted from the records and issued, and the panel of the congress page."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from congress.models import (
    CongressDocument, CongressDocumentRole, CongressGuest, CongressState, ShowOfHands, VoteSubject,
    congress_sequence_key,
)
from congress.rules import Actor as CongressActor
from congress.rules import Move as CongressMove
from congress.selectors import conditions
from congress.services.minutes import minutes_draft, minutes_issue
from congress.services.votes import resolution_adopt, show_of_hands_record
from congress.services.moves import congress_move
from congress.tests.builders import put_in_state
from congress.tests.test_day_attendance import draw, mark_all, members
from documents.models import Document, DocumentState
from documents.rules import Actor, Move
from documents.services.documents import document_create, document_move

pytestmark = pytest.mark.usefixtures("english", "no_rendering")


def draft_resolution(congress, clerk, leader=None):
    """The congress's draft resolution in its sequence; approved at the review when `leader`."""
    document = document_create(
        acting_user=clerk, issuer=congress.organization, doc_type="NQ", term=congress.plan.term,
        subject=f"Nghị quyết {congress.name}", body="<p>Đại hội quyết nghị.</p>",
        sequence_key=congress_sequence_key(congress.pk),
    )
    CongressDocument.objects.create(congress=congress, role=CongressDocumentRole.DRAFT_RESOLUTION, document=document)
    if leader is not None:
        document_move(acting_user=clerk, document=document, move=Move.SUBMIT, actors={Actor.CLERK})
        document = document_move(acting_user=leader, document=document, move=Move.APPROVE, actors={Actor.LEADER})
    return document


@pytest.fixture
def day(congress_a, branch_clerk):
    """On the day: 10 official members, 9 present: base 10, 6 votes needed."""
    members(congress_a.organization, 10)
    draw(congress_a, branch_clerk)
    mark_all(congress_a, branch_clerk, absent={"Đảng viên 009"})
    return congress_a


@pytest.fixture
def approved(day, branch_clerk, superior_leader):
    """The approved draft, whose signer's name the clerk wrote in its details: these tests record
    no presidium, whose presiding member would otherwise sign it at adoption."""
    document = draft_resolution(day, branch_clerk, superior_leader)
    Document.objects.filter(pk=document.pk).update(signer_name="Nguyễn Văn An")
    document.refresh_from_db()
    return document


# --- The resolution ----------------------------------------------------------------------------


def test_a_resolution_without_a_majority_is_recorded_and_not_issued(day, approved, branch_clerk):
    vote = resolution_adopt(acting_user=branch_clerk, congress=day, votes_for=5, votes_against=4)
    assert (vote.subject, vote.base, vote.passed) == (VoteSubject.RESOLUTION, 10, False)
    approved.refresh_from_db()
    assert (approved.state, approved.number) == (DocumentState.APPROVED, None)
    assert not conditions(day)["resolution_adopted"]
    assert not LogEntry.objects.filter(additional_data__action="congress.resolution.adopted").exists()


def test_a_resolution_with_a_majority_is_issued_first_in_the_congress_sequence(day, approved, branch_clerk):
    resolution_adopt(acting_user=branch_clerk, congress=day, votes_for=5, votes_against=4)
    vote = resolution_adopt(acting_user=branch_clerk, congress=day, votes_for=6, votes_against=3)
    assert vote.passed and ShowOfHands.objects.filter(congress=day, subject=VoteSubject.RESOLUTION).count() == 1
    approved.refresh_from_db()
    assert approved.state == DocumentState.ISSUED
    assert (approved.sequence_key, approved.number, approved.symbol) == (congress_sequence_key(day.pk), 1, "01-NQ/CB")
    assert conditions(day)["resolution_adopted"]
    entry = LogEntry.objects.get_for_object(day).filter(additional_data__action="congress.resolution.adopted").get()
    assert entry.actor == branch_clerk
    # ...and the congress can now be recorded as held.
    held = congress_move(acting_user=branch_clerk, congress=day, move=CongressMove.RECORD_HELD,
                         actors={CongressActor.CLERK}, on=approved.document_date)
    assert held.state == CongressState.HELD


def test_an_adopted_resolution_is_not_voted_again(day, approved, branch_clerk):
    resolution_adopt(acting_user=branch_clerk, congress=day, votes_for=9)
    with pytest.raises(ValidationError, match="already adopted and issued as 01-NQ/CB"):
        resolution_adopt(acting_user=branch_clerk, congress=day, votes_for=2, votes_against=7)
    assert ShowOfHands.objects.get(congress=day, subject=VoteSubject.RESOLUTION).votes_for == 9


def test_the_resolution_needs_its_draft_approved_at_the_review(day, branch_clerk):
    with pytest.raises(ValidationError, match="has no draft resolution"):
        resolution_adopt(acting_user=branch_clerk, congress=day, votes_for=9)
    draft_resolution(day, branch_clerk)
    with pytest.raises(ValidationError, match="not approved \\(it is “Draft”\\)"):
        resolution_adopt(acting_user=branch_clerk, congress=day, votes_for=9)
    assert not ShowOfHands.objects.exists()


def test_the_resolution_is_adopted_on_the_day_only(day, approved, branch_clerk):
    put_in_state(day, CongressState.SUBMITTED)
    with pytest.raises(ValidationError, match="not reviewed yet"):
        resolution_adopt(acting_user=branch_clerk, congress=day, votes_for=9)
    put_in_state(day, CongressState.HELD)
    with pytest.raises(ValidationError, match="recorded as held"):
        resolution_adopt(acting_user=branch_clerk, congress=day, votes_for=9)


def test_more_votes_than_voters_issue_nothing(day, approved, branch_clerk):
    with pytest.raises(ValidationError, match="only 9 official members present may vote"):
        resolution_adopt(acting_user=branch_clerk, congress=day, votes_for=10)
    approved.refresh_from_db()
    assert approved.state == DocumentState.APPROVED and not ShowOfHands.objects.exists()


def test_the_resolution_page_says_what_happened(en, day, approved, branch_clerk):
    en.force_login(branch_clerk)
    url = reverse("congress_resolution", kwargs={"pk": day.pk})
    failed = en.post(url, {"votes_for": 4, "votes_against": 5}, follow=True).content.decode()
    assert "The resolution was not adopted: 4 votes for, 6 needed (base 10)" in failed
    passed = en.post(url, {"votes_for": 7, "votes_against": 2}, follow=True).content.decode()
    assert "The congress adopted its resolution (7 of a base of 10); it was issued as 01-NQ/CB." in passed
    bad = en.post(url, {"votes_for": -1, "votes_against": 0}, follow=True).content.decode()
    assert "The number of votes cannot be negative." in bad


def test_the_resolution_page_refuses_politely_before_the_review(en, day, approved, branch_clerk):
    put_in_state(day, CongressState.SUBMITTED)
    en.force_login(branch_clerk)
    response = en.post(reverse("congress_resolution", kwargs={"pk": day.pk}), {"votes_for": 9, "votes_against": 0})
    assert response.status_code == 302
    assert "not reviewed yet" in en.get(response.url).content.decode()
    assert not ShowOfHands.objects.exists()


# --- The minutes (issuing them: congress.tests.test_minutes_fit) ------------------------------------


def test_the_minutes_are_drafted_from_the_records(day, approved, branch_clerk):
    CongressGuest.objects.create(congress=day, name="Lê Văn Cường", position="Phó Bí thư Đảng ủy")
    put_in_state(day, CongressState.REVIEWED, venue="Nhà văn hóa TDP")
    show_of_hands_record(acting_user=branch_clerk, congress=day, subject=VoteSubject.PRESIDIUM, votes_for=9,
                         members=[r.member for r in day.attendance.select_related("member")][:2])
    document = minutes_draft(acting_user=branch_clerk, congress=day)
    assert (document.doc_type, document.state, document.sequence_key) == ("BB", "draft", congress_sequence_key(day.pk))
    assert document.subject == day.name  # under the heading BIÊN BẢN
    assert document.subject.startswith("Đại hội Chi bộ TDP Hoàng Trinh lần thứ nhất, nhiệm kỳ 2022–2025")
    # Signed for the presidium by its presiding member (congress.tests.test_minutes_fit).
    assert (document.signing_mode, document.signing_body, document.signer_name) == ("T/M", "ĐOÀN CHỦ TỊCH", "Đảng viên 000")
    assert document.approved_by_issuer
    body = document.versions.get().body
    assert "Nhà văn hóa TDP" in body and "Đồng chí Lê Văn Cường" in body
    assert "Tổng số đảng viên được triệu tập: 10 đồng chí" in body and "Đảng viên 000, Đảng viên 001" in body
    assert CongressDocument.objects.get(congress=day, role=CongressDocumentRole.MINUTES).document == document
    assert LogEntry.objects.get_for_object(day).filter(additional_data__action="congress.minutes.drafted").exists()


def test_drafting_again_saves_a_new_version(day, approved, branch_clerk):
    document = minutes_draft(acting_user=branch_clerk, congress=day)
    resolution_adopt(acting_user=branch_clerk, congress=day, votes_for=8, votes_against=1)
    minutes_draft(acting_user=branch_clerk, congress=day)
    versions = list(document.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert "Tán thành: 8/10 đồng chí (80,00%)" in versions[1].body
    assert "Tán thành: 8/10" not in versions[0].body


def test_the_minutes_need_the_attendance_and_the_day(congress_a, branch_clerk, member_a):
    draw(congress_a, branch_clerk)
    with pytest.raises(ValidationError, match="Record the attendance first"):
        minutes_draft(acting_user=branch_clerk, congress=congress_a)
    put_in_state(congress_a, CongressState.SUBMITTED)
    with pytest.raises(ValidationError, match="once the superior has reviewed"):
        minutes_draft(acting_user=branch_clerk, congress=congress_a)


def test_minutes_are_issued_once_drafted(day, branch_clerk):
    with pytest.raises(ValidationError, match="Draft the minutes first"):
        minutes_issue(acting_user=branch_clerk, congress=day)


def test_the_minutes_page_refuses_politely(en, congress_a, branch_clerk):
    en.force_login(branch_clerk)
    response = en.post(reverse("congress_minutes_issue", kwargs={"pk": congress_a.pk}))
    assert response.url == reverse("congress_detail", kwargs={"pk": congress_a.pk})
    assert "once the superior has reviewed" in en.get(response.url).content.decode()


# --- The panel on the congress page ------------------------------------------------------------


def test_the_panel_sums_up_the_day_for_the_clerk(en, day, approved, branch_clerk):
    resolution_adopt(acting_user=branch_clerk, congress=day, votes_for=9)
    show_of_hands_record(acting_user=branch_clerk, congress=day, subject=VoteSubject.AGENDA, votes_for=9)
    en.force_login(branch_clerk)
    page = en.get(reverse("congress_detail", kwargs={"pk": day.pk})).content.decode()
    panel = page[page.index('data-testid="day-panel"'):]
    assert "9 present of 10 summoned" in panel and "base 10 · votes needed 6" in panel
    assert "Agenda and working rules" in panel
    assert "adopted and issued as" in panel and "01-NQ/CB" in panel
    assert reverse("congress_minutes_draft", kwargs={"pk": day.pk}) in panel
    assert reverse("congress_attendance", kwargs={"pk": day.pk}) in panel


def test_the_panel_offers_no_button_to_a_viewer(client, day, superior_viewer):
    client.force_login(superior_viewer)
    page = client.get(reverse("congress_detail", kwargs={"pk": day.pk})).content.decode()
    assert 'data-testid="day-panel"' in page
    assert reverse("congress_minutes_draft", kwargs={"pk": day.pk}) not in page


def test_the_panel_waits_for_the_preparation(client, congress_a, superior_viewer):
    client.force_login(superior_viewer)
    page = client.get(reverse("congress_detail", kwargs={"pk": congress_a.pk})).content.decode()
    assert 'data-testid="day-panel"' not in page
