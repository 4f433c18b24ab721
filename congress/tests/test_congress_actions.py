"""What the organisation's clerk does from the congress page: the date and venue, the moves and
drafting the documents; refusals come back as messages and change nothing."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from congress.models import CongressDocument, CongressState
from congress.tests.builders import put_in_state
from documents.models import Document

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

PLAN_DATE = datetime.date(2022, 4, 28)


@pytest.fixture
def plan(open_plan):
    Document.objects.filter(pk=open_plan.document_id).update(document_date=PLAN_DATE)
    return open_plan


def url(name, obj):
    return reverse(name, kwargs={"pk": obj.pk})


def follow(client, response) -> str:
    assert response.status_code == 302
    return client.get(response.url).content.decode()


# --- Date and venue ----------------------------------------------------------------------------


def test_the_clerk_sets_date_and_venue(en, plan, congress_a, branch_clerk):
    en.force_login(branch_clerk)
    assert en.get(url("congress_schedule", congress_a)).status_code == 200
    response = en.post(url("congress_schedule", congress_a), {"scheduled_on": "10/06/2022", "venue": "Nhà văn hóa TDP"})
    assert response.url == url("congress_detail", congress_a)
    congress_a.refresh_from_db()
    assert (congress_a.scheduled_on, congress_a.venue) == (datetime.date(2022, 6, 10), "Nhà văn hóa TDP")
    entry = LogEntry.objects.get_for_object(congress_a).order_by("-pk").first()
    assert (entry.additional_data["action"], entry.actor) == ("congress.congress.scheduled", branch_clerk)
    html = follow(en, response)
    assert "The date and venue were saved." in html and "alert-warning" not in html


def test_a_date_after_the_deadline_is_saved_with_a_warning(en, plan, congress_a, branch_clerk):
    en.force_login(branch_clerk)
    response = en.post(url("congress_schedule", congress_a), {"scheduled_on": "16/06/2022", "venue": "Nhà văn hóa"})
    html = follow(en, response)
    assert "pilot congresses are to be held by 15/06/2022" in html
    congress_a.refresh_from_db()
    assert congress_a.scheduled_on == datetime.date(2022, 6, 16)


def test_a_non_pilot_before_the_pilots_is_saved_with_a_warning(en, plan, congress_b, outsider):
    en.force_login(outsider)  # branch B's clerk
    response = en.post(url("congress_schedule", congress_b), {"scheduled_on": "01/07/2022", "venue": "Trạm Y tế"})
    html = follow(en, response)
    assert "before the pilot congresses of the plan are held and debriefed" in html
    assert "Chi bộ TDP Hoàng Trinh (not held yet)" in html


def test_a_date_before_the_plan_is_refused_on_the_form(en, plan, congress_a, branch_clerk):
    en.force_login(branch_clerk)
    response = en.post(url("congress_schedule", congress_a), {"scheduled_on": "01/04/2022", "venue": "Nhà văn hóa"})
    assert response.status_code == 200
    assert "before the plan that organises it (28/04/2022)" in response.content.decode()
    congress_a.refresh_from_db()
    assert congress_a.scheduled_on is None


def test_bad_input_is_shown_on_the_form(en, plan, congress_a, branch_clerk):
    en.force_login(branch_clerk)
    response = en.post(url("congress_schedule", congress_a), {"scheduled_on": "32/13/2022", "venue": ""})
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
    congress_a.refresh_from_db()
    assert congress_a.scheduled_on is None


def test_a_held_congress_keeps_its_date(en, plan, congress_a, branch_clerk):
    put_in_state(congress_a, CongressState.HELD, scheduled_on=datetime.date(2022, 6, 10), held_on=datetime.date(2022, 6, 10))
    en.force_login(branch_clerk)
    assert "can no longer change" in en.get(url("congress_schedule", congress_a)).content.decode()
    response = en.post(url("congress_schedule", congress_a), {"scheduled_on": "11/06/2022", "venue": "x"})
    assert "can no longer change" in response.content.decode()
    congress_a.refresh_from_db()
    assert congress_a.scheduled_on == datetime.date(2022, 6, 10)


def test_readers_and_leaders_may_not_schedule(en, plan, congress_a, superior_leader, superior_viewer):
    for user in (superior_leader, superior_viewer):
        en.force_login(user)
        assert en.get(url("congress_schedule", congress_a)).status_code == 403
        assert en.post(url("congress_schedule", congress_a), {"scheduled_on": "10/06/2022", "venue": "x"}).status_code == 403
    congress_a.refresh_from_db()
    assert congress_a.scheduled_on is None


# --- Moves -------------------------------------------------------------------------------------


def test_the_clerk_starts_preparing(en, plan, congress_a, branch_clerk):
    en.force_login(branch_clerk)
    html = follow(en, en.post(url("congress_move", congress_a), {"move": "start_preparing"}))
    assert "The congress is now: Preparing." in html
    congress_a.refresh_from_db()
    assert congress_a.state == CongressState.PREPARING
    entry = LogEntry.objects.get_for_object(congress_a).order_by("-pk").first()
    assert (entry.additional_data["action"], entry.actor) == ("congress.congress.start_preparing", branch_clerk)


def test_submitting_without_the_documents_says_what_is_missing(en, plan, congress_a, branch_clerk):
    put_in_state(congress_a, CongressState.PREPARING)
    en.force_login(branch_clerk)
    html = follow(en, en.post(url("congress_move", congress_a), {"move": "submit_for_review"}))
    assert "attach the political report and the draft resolution first" in html
    congress_a.refresh_from_db()
    assert congress_a.state == CongressState.PREPARING


def test_submitting_with_the_documents_drafted_from_the_page(en, plan, congress_a, branch_clerk):
    put_in_state(congress_a, CongressState.PREPARING)
    en.force_login(branch_clerk)
    en.post(url("congress_document_create", congress_a), {"role": "political_report"})
    en.post(url("congress_document_create", congress_a), {"role": "draft_resolution"})
    html = follow(en, en.post(url("congress_move", congress_a), {"move": "submit_for_review"}))
    assert "The congress is now: Submitted for review." in html
    assert set(Document.objects.filter(issuer=congress_a.organization).values_list("state", flat=True)) == {"submitted"}


def test_recording_held_needs_attendance_and_the_resolution(en, plan, congress_a, branch_clerk):
    put_in_state(congress_a, CongressState.REVIEWED, scheduled_on=datetime.date(2022, 6, 10))
    en.force_login(branch_clerk)
    html = follow(en, en.post(url("congress_move", congress_a), {"move": "record_held", "on": "10/06/2022"}))
    assert "Record the attendance" in html and "adopted its resolution" in html
    congress_a.refresh_from_db()
    assert (congress_a.state, congress_a.held_on) == (CongressState.REVIEWED, None)


def test_reporting_results_takes_the_day_they_were_received(en, plan, congress_a, branch_clerk):
    put_in_state(congress_a, CongressState.HELD, held_on=datetime.date(2022, 6, 10))
    en.force_login(branch_clerk)
    en.post(url("congress_move", congress_a), {"move": "report_results", "on": "15/06/2022"})
    congress_a.refresh_from_db()
    assert (congress_a.state, congress_a.results_received_on) == (CongressState.RESULTS_REPORTED, datetime.date(2022, 6, 15))


def test_results_received_before_the_congress_are_refused(en, plan, congress_a, branch_clerk):
    put_in_state(congress_a, CongressState.HELD, held_on=datetime.date(2022, 6, 10))
    en.force_login(branch_clerk)
    html = follow(en, en.post(url("congress_move", congress_a), {"move": "report_results", "on": "09/06/2022"}))
    assert "cannot be received before the congress was held" in html
    congress_a.refresh_from_db()
    assert congress_a.state == CongressState.HELD


@pytest.mark.parametrize("data", [{}, {"move": "jump"}, {"move": "ratify"}, {"move": "conclude_review"}])
def test_an_unknown_or_foreign_move_changes_nothing(en, plan, congress_a, branch_clerk, data):
    put_in_state(congress_a, CongressState.SUBMITTED)
    en.force_login(branch_clerk)
    before = LogEntry.objects.count()
    html = follow(en, en.post(url("congress_move", congress_a), data))
    assert "Unknown action: nothing was changed." in html
    congress_a.refresh_from_db()
    assert congress_a.state == CongressState.SUBMITTED and LogEntry.objects.count() == before


def test_a_bad_date_changes_nothing(en, plan, congress_a, branch_clerk):
    put_in_state(congress_a, CongressState.HELD, held_on=datetime.date(2022, 6, 10))
    en.force_login(branch_clerk)
    html = follow(en, en.post(url("congress_move", congress_a), {"move": "report_results", "on": "yesterday"}))
    assert "Enter a valid date." in html
    congress_a.refresh_from_db()
    assert congress_a.state == CongressState.HELD


def test_a_move_out_of_turn_is_refused_with_a_message(en, plan, congress_a, branch_clerk):
    en.force_login(branch_clerk)
    html = follow(en, en.post(url("congress_move", congress_a), {"move": "report_results"}))
    assert "Results can be reported only for a congress that was held." in html
    congress_a.refresh_from_db()
    assert congress_a.state == CongressState.PLANNED


def test_only_clerks_make_the_clerks_moves(en, plan, congress_a, superior_leader, superior_viewer, superior_clerk):
    for user in (superior_leader, superior_viewer):
        en.force_login(user)
        assert en.post(url("congress_move", congress_a), {"move": "start_preparing"}).status_code == 403
    congress_a.refresh_from_db()
    assert congress_a.state == CongressState.PLANNED
    en.force_login(superior_clerk)  # a clerk of the superior is a clerk of branch A too (docs/domain.md §5)
    en.post(url("congress_move", congress_a), {"move": "start_preparing"})
    congress_a.refresh_from_db()
    assert congress_a.state == CongressState.PREPARING


def test_an_outsider_does_not_see_the_congress(en, plan, congress_a, outsider):
    en.force_login(outsider)
    assert en.post(url("congress_move", congress_a), {"move": "start_preparing"}).status_code == 404
    assert en.get(url("congress_detail", congress_a)).status_code == 404


# --- Drafting a document -----------------------------------------------------------------------


def test_drafting_opens_the_editor(en, plan, congress_a, branch_clerk):
    en.force_login(branch_clerk)
    response = en.post(url("congress_document_create", congress_a), {"role": "political_report"})
    row = CongressDocument.objects.get(congress=congress_a)
    assert response.url == url("document_edit", row.document)
    assert row.document.subject.startswith("của Chi ủy trình Đại hội Chi bộ TDP Hoàng Trinh")
    assert row.document.heading == "BÁO CÁO CHÍNH TRỊ"
    assert LogEntry.objects.filter(additional_data__action="congress.document.attached").count() == 1


def test_a_second_draft_of_a_role_is_refused_with_a_message(en, plan, congress_a, branch_clerk):
    en.force_login(branch_clerk)
    en.post(url("congress_document_create", congress_a), {"role": "political_report"})
    html = follow(en, en.post(url("congress_document_create", congress_a), {"role": "political_report"}))
    assert "The congress already has its political report." in html
    assert CongressDocument.objects.filter(congress=congress_a).count() == 1


@pytest.mark.parametrize("data", [{}, {"role": "minutes"}, {"role": "nonsense"}])
def test_an_unknown_role_is_refused_with_a_message(en, plan, congress_a, branch_clerk, data):
    en.force_login(branch_clerk)
    html = follow(en, en.post(url("congress_document_create", congress_a), data))
    assert "Choose one of the congress documents." in html
    assert not CongressDocument.objects.exists()


def test_only_clerks_draft(en, plan, congress_a, superior_leader):
    en.force_login(superior_leader)
    assert en.post(url("congress_document_create", congress_a), {"role": "political_report"}).status_code == 403
    assert not CongressDocument.objects.exists()
