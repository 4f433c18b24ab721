"""Preparing a congress: its date and venue with the warnings, the documents it drafts, the
superior's guests and the debrief of a pilot (congress.services.congresses)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from congress.models import (
    CongressDocument, CongressDocumentRole, CongressGuest, CongressState, Debrief, congress_sequence_key,
)
from congress.services.congresses import (
    congress_document_create, congress_schedule, debrief_publish, debrief_save, guest_remove, guest_save,
    pending_pilots, schedule_warnings,
)
from congress.tests.builders import put_in_state
from documents.models import Document, DocumentTemplate, DocumentState

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

PLAN_DATE = datetime.date(2022, 4, 28)


@pytest.fixture
def plan(open_plan):
    """The open plan, dated as the real one was (its KH document is issued in the tests' today)."""
    Document.objects.filter(pk=open_plan.document_id).update(document_date=PLAN_DATE)
    open_plan.document.refresh_from_db()
    return open_plan


@pytest.fixture
def pilot(plan, branch_a):
    return plan.congresses.get(organization=branch_a)


@pytest.fixture
def other(plan, branch_b):
    return plan.congresses.get(organization=branch_b)


def last_action(obj):
    entry = LogEntry.objects.get_for_object(obj).order_by("-pk").first()
    return entry.additional_data["action"], entry.actor


# --- Date and venue ----------------------------------------------------------------------------


def test_scheduling_sets_date_and_venue_and_is_audited(other, branch_clerk):
    congress = congress_schedule(
        acting_user=branch_clerk, congress=other, scheduled_on=datetime.date(2022, 7, 1), venue="  Hội trường Trạm Y tế ",
    )
    congress.refresh_from_db()
    assert (congress.scheduled_on, congress.venue) == (datetime.date(2022, 7, 1), "Hội trường Trạm Y tế")
    assert last_action(congress) == ("congress.congress.scheduled", branch_clerk)


def test_a_date_in_the_past_is_accepted_but_not_one_before_the_plan(other, branch_clerk):
    congress_schedule(acting_user=branch_clerk, congress=other, scheduled_on=PLAN_DATE, venue="Hội trường")
    with pytest.raises(ValidationError, match=r"before the plan that organises it \(28/04/2022\)"):
        congress_schedule(
            acting_user=branch_clerk, congress=other, scheduled_on=datetime.date(2022, 4, 27), venue="Hội trường",
        )
    other.refresh_from_db()
    assert other.scheduled_on == PLAN_DATE


@pytest.mark.parametrize("state", [CongressState.HELD, CongressState.RATIFIED, CongressState.ANNULLED])
def test_a_held_or_closed_congress_keeps_its_date(other, branch_clerk, state):
    put_in_state(other, state, scheduled_on=datetime.date(2022, 7, 1))
    with pytest.raises(ValidationError, match="can no longer change"):
        congress_schedule(acting_user=branch_clerk, congress=other, scheduled_on=datetime.date(2022, 7, 2), venue="x")
    other.refresh_from_db()
    assert other.scheduled_on == datetime.date(2022, 7, 1)


@pytest.mark.parametrize("state", [CongressState.PREPARING, CongressState.SUBMITTED, CongressState.REVIEWED])
def test_a_congress_not_yet_held_can_move_its_date(other, branch_clerk, state):
    put_in_state(other, state)
    congress_schedule(acting_user=branch_clerk, congress=other, scheduled_on=datetime.date(2022, 7, 2), venue="x")
    other.refresh_from_db()
    assert other.scheduled_on == datetime.date(2022, 7, 2)


def test_after_the_plans_deadline_is_warned(other, branch_clerk):
    congress = congress_schedule(
        acting_user=branch_clerk, congress=other, scheduled_on=datetime.date(2022, 7, 21), venue="x",
    )
    warnings = schedule_warnings(congress)
    assert "congresses are to be held by 20/07/2022" in warnings[0]


def test_a_pilot_is_held_to_the_pilots_deadline(pilot, branch_clerk):
    congress = congress_schedule(
        acting_user=branch_clerk, congress=pilot, scheduled_on=datetime.date(2022, 6, 16), venue="x",
    )
    assert schedule_warnings(congress) == [
        "The date is after the plan's deadline: pilot congresses are to be held by 15/06/2022.",
    ]
    in_time = congress_schedule(acting_user=branch_clerk, congress=pilot, scheduled_on=datetime.date(2022, 6, 15), venue="x")
    assert schedule_warnings(in_time) == []


def test_a_non_pilot_before_the_pilot_is_held_and_debriefed_is_warned(pilot, other, branch_clerk, superior_clerk):
    congress = congress_schedule(acting_user=branch_clerk, congress=other, scheduled_on=datetime.date(2022, 7, 1), venue="x")
    assert [p.reason for p in pending_pilots(congress)] == ["not held yet"]
    assert "Chi bộ TDP Hoàng Trinh (not held yet)" in schedule_warnings(congress)[0]

    put_in_state(pilot, CongressState.HELD, held_on=datetime.date(2022, 6, 10))
    assert "Chi bộ TDP Hoàng Trinh (debrief not published yet)" in schedule_warnings(congress)[0]

    debrief_save(acting_user=superior_clerk, congress=pilot, lessons="Chuẩn bị kỹ văn kiện")
    assert schedule_warnings(congress)  # recorded, not yet published
    debrief_publish(acting_user=superior_clerk, congress=pilot)
    Debrief.objects.update(published_at=datetime.datetime(2022, 6, 13, 9, tzinfo=datetime.UTC))
    assert schedule_warnings(congress) == []


def test_a_non_pilot_held_before_the_debrief_was_published_is_warned(pilot, other, branch_clerk, superior_clerk):
    put_in_state(pilot, CongressState.HELD, held_on=datetime.date(2022, 6, 10))
    debrief_save(acting_user=superior_clerk, congress=pilot, lessons="Chuẩn bị kỹ văn kiện")
    debrief_publish(acting_user=superior_clerk, congress=pilot)  # published today, in 2026
    congress = congress_schedule(acting_user=branch_clerk, congress=other, scheduled_on=datetime.date(2022, 7, 1), venue="x")
    assert [p.reason for p in pending_pilots(congress)] == ["debrief published after this date"]


def test_an_annulled_pilot_is_not_waited_for(pilot, other, branch_clerk):
    put_in_state(pilot, CongressState.ANNULLED)
    congress = congress_schedule(acting_user=branch_clerk, congress=other, scheduled_on=datetime.date(2022, 7, 1), venue="x")
    assert schedule_warnings(congress) == []


# --- Documents ---------------------------------------------------------------------------------


def test_drafting_the_political_report(pilot, branch_clerk):
    document = congress_document_create(acting_user=branch_clerk, congress=pilot, role="political_report")
    assert document.subject == (
        "của Chi ủy trình Đại hội Chi bộ TDP Hoàng Trinh lần thứ nhất, nhiệm kỳ 2022–2025"
    )
    assert (document.doc_type, document.issuer, document.term, document.state) == (
        "BC", pilot.organization, pilot.plan.term, DocumentState.DRAFT,
    )
    assert document.sequence_key == congress_sequence_key(pilot.pk)
    assert document.issuer_lines == "CHI BỘ TDP HOÀNG TRINH\nĐẠI HỘI LẦN THỨ NHẤT\nNHIỆM KỲ 2022–2025"
    assert not document.approved_by_issuer  # approved by the superior's leaders at the review
    body = document.versions.get().body
    assert "PHƯƠNG HƯỚNG, MỤC TIÊU, NHIỆM VỤ NHIỆM KỲ 2022–2025" in body
    row = CongressDocument.objects.get(congress=pilot)
    assert (row.role, row.document) == (CongressDocumentRole.POLITICAL_REPORT, document)
    assert last_action(row) == ("congress.document.attached", branch_clerk)


def test_the_draft_resolution_and_action_programme_have_their_types_and_subjects(pilot, branch_clerk):
    resolution = congress_document_create(acting_user=branch_clerk, congress=pilot, role="draft_resolution")
    programme = congress_document_create(acting_user=branch_clerk, congress=pilot, role="action_programme")
    assert (resolution.doc_type, resolution.signing_mode, resolution.signing_body, resolution.signer_position) == (
        "NQ", "T/M", "ĐOÀN CHỦ TỊCH", "",
    )
    assert resolution.subject.startswith("Dự thảo Nghị quyết Đại hội Chi bộ TDP Hoàng Trinh lần thứ nhất")
    assert programme.doc_type == "CTr"
    assert pilot.documents.count() == 2


def test_the_plans_template_is_used_when_it_has_one(pilot, branch_clerk, superior):
    template = DocumentTemplate.objects.create(
        owner=superior, name="Nghị quyết đại hội chi bộ", doc_type="NQ", is_published=True,
        body="<p>Đại hội {{ organization }} nhiệm kỳ {{ term }} quyết nghị</p>",
    )
    DocumentTemplate.objects.create(owner=superior, name="Báo cáo chính trị", doc_type="BC", body="<p>Mẫu báo cáo</p>")
    pilot.plan.templates.set([template, *DocumentTemplate.objects.filter(doc_type="BC")])
    resolution = congress_document_create(acting_user=branch_clerk, congress=pilot, role="draft_resolution")
    assert resolution.versions.get().body == "<p>Đại hội Chi bộ TDP Hoàng Trinh nhiệm kỳ 2022–2025 quyết nghị</p>"
    report = congress_document_create(acting_user=branch_clerk, congress=pilot, role="political_report")
    assert report.versions.get().body == "<p>Mẫu báo cáo</p>"
    # The political report's template is not the self-review's, though both are reports.
    review = congress_document_create(acting_user=branch_clerk, congress=pilot, role="self_review")
    assert "Mẫu báo cáo" not in review.versions.get().body
    assert review.subject.startswith("Kiểm điểm của Chi ủy trình Đại hội")


def test_a_second_document_for_the_same_role_is_refused(pilot, branch_clerk):
    congress_document_create(acting_user=branch_clerk, congress=pilot, role="political_report")
    with pytest.raises(ValidationError, match="already has its political report"):
        congress_document_create(acting_user=branch_clerk, congress=pilot, role="political_report")
    assert Document.objects.filter(issuer=pilot.organization).count() == 1


def test_an_unknown_role_is_refused(pilot, branch_clerk):
    with pytest.raises(ValidationError, match="Choose one of the congress documents"):
        congress_document_create(acting_user=branch_clerk, congress=pilot, role="minutes")
    assert not pilot.documents.exists()


def test_documents_are_not_drafted_once_submitted(pilot, branch_clerk):
    put_in_state(pilot, CongressState.SUBMITTED)
    with pytest.raises(ValidationError, match="before the congress is submitted"):
        congress_document_create(acting_user=branch_clerk, congress=pilot, role="action_programme")
    assert not Document.objects.filter(issuer=pilot.organization).exists()


# --- Guests ------------------------------------------------------------------------------------


def test_guests_are_added_and_removed_with_audit(pilot, superior_clerk):
    guest = guest_save(acting_user=superior_clerk, congress=pilot, name=" Lê  Văn Hùng ", position="Phó Bí thư Đảng ủy")
    assert (guest.name, guest.position) == ("Lê Văn Hùng", "Phó Bí thư Đảng ủy")
    assert last_action(guest) == ("congress.guest.saved", superior_clerk)
    guest_remove(acting_user=superior_clerk, guest=guest)
    assert not CongressGuest.objects.exists()
    entry = LogEntry.objects.filter(additional_data__action="congress.guest.removed").get()
    assert (entry.actor, entry.additional_data["congress"]) == (superior_clerk, pilot.pk)


def test_a_guest_needs_a_name(pilot, superior_clerk):
    with pytest.raises(ValidationError):
        guest_save(acting_user=superior_clerk, congress=pilot, name="   ")
    assert not CongressGuest.objects.exists()


# --- The debrief -------------------------------------------------------------------------------


def test_the_debrief_of_a_held_pilot_is_saved_then_published(pilot, superior_clerk):
    put_in_state(pilot, CongressState.HELD, held_on=datetime.date(2022, 6, 10))
    debrief = debrief_save(
        acting_user=superior_clerk, congress=pilot, lessons="Chuẩn bị kỹ văn kiện", points_to_observe="Đúng giờ",
    )
    assert (debrief.lessons, debrief.points_to_observe, debrief.published_at) == (
        "Chuẩn bị kỹ văn kiện", "Đúng giờ", None,
    )
    assert last_action(debrief) == ("congress.debrief.saved", superior_clerk)
    debrief_save(acting_user=superior_clerk, congress=pilot, lessons="Chuẩn bị kỹ văn kiện, nhân sự")
    assert Debrief.objects.get().lessons == "Chuẩn bị kỹ văn kiện, nhân sự"

    published = debrief_publish(acting_user=superior_clerk, congress=pilot)
    assert published.published_at is not None and published.published_at <= timezone.now()
    assert last_action(published) == ("congress.debrief.published", superior_clerk)
    with pytest.raises(ValidationError, match="already published"):
        debrief_publish(acting_user=superior_clerk, congress=pilot)


def test_only_a_pilot_is_debriefed(other, superior_clerk):
    put_in_state(other, CongressState.HELD, held_on=datetime.date(2022, 7, 1))
    with pytest.raises(ValidationError, match="Only a pilot congress is debriefed"):
        debrief_save(acting_user=superior_clerk, congress=other, lessons="x")
    assert not Debrief.objects.exists()


def test_a_pilot_is_debriefed_once_held(pilot, superior_clerk):
    put_in_state(pilot, CongressState.REVIEWED)
    with pytest.raises(ValidationError, match="once it was held"):
        debrief_save(acting_user=superior_clerk, congress=pilot, lessons="x")
    assert not Debrief.objects.exists()


def test_a_debrief_needs_lessons_before_it_is_saved_or_published(pilot, superior_clerk):
    put_in_state(pilot, CongressState.RATIFIED, held_on=datetime.date(2022, 6, 10))
    with pytest.raises(ValidationError, match="Write the lessons"):
        debrief_save(acting_user=superior_clerk, congress=pilot, lessons="  ")
    with pytest.raises(ValidationError, match="Write the lessons learnt before publishing"):
        debrief_publish(acting_user=superior_clerk, congress=pilot)
    assert not Debrief.objects.exists()
