"""The page of an election's vote-count minutes and entry log, and its four POST actions: the
minutes' with their forms (the day, the times and the head; the date of issue)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from congress.models import CongressState
from congress.tests.builders import put_in_state
from documents.models import DocumentState, RenderJob, RenderState
from elections.models import CountingMode, Election
from elections.tests.builders_minutes import closed_election, counting_board, headed_by, log_lines

pytestmark = pytest.mark.usefixtures("no_rendering")


@pytest.fixture
def election(congress_a, branch_clerk):
    election = closed_election(congress_a, created_by=branch_clerk)
    counting_board(congress_a, recorded_by=branch_clerk)
    log_lines(election, operators=[branch_clerk, branch_clerk])
    return headed_by(election)


def url(name, election):
    return reverse(name, kwargs={"pk": election.pk})


def draft_data(election, **overrides):
    return {
        "day": "05/06/2025", "count_started_time": "09:15", "minutes_closed_time": "09:50",
        "counting_head": election.counting_head_id, **overrides,
    }


ISSUE = {"document_date": "05/06/2025"}


def test_the_clerk_drafts_and_issues_both_documents_from_the_page(en, election, branch_clerk):
    en.force_login(branch_clerk)
    page = en.get(url("election_minutes", election)).content.decode()
    assert url("election_minutes_draft", election) in page and url("election_entry_log_draft", election) in page
    assert url("election_minutes_issue", election) not in page  # nothing drafted yet
    assert 'name="count_started_time"' in page and 'name="counting_head"' in page
    response = en.post(url("election_minutes_draft", election), draft_data(election), follow=True)
    assert "The vote-count minutes were drafted from the count." in response.content.decode()
    election.refresh_from_db()
    minutes = election.minutes
    assert (election.count_started_time, minutes.document_date) == (datetime.time(9, 15), datetime.date(2025, 6, 5))
    page = response.content.decode()
    assert reverse("document_detail", kwargs={"pk": minutes.pk}) in page
    assert url("election_minutes_issue", election) in page and 'value="05/06/2025"' in page
    response = en.post(url("election_minutes_issue", election), ISSUE, follow=True)
    assert "The vote-count minutes were issued as 01-BB/CB." in response.content.decode()
    en.post(url("election_entry_log_draft", election))
    response = en.post(url("election_entry_log_issue", election), follow=True)
    assert "The ballot entry log was issued as 02-BB/CB." in response.content.decode()
    election.refresh_from_db()
    assert (election.minutes.state, election.entry_log.state) == (DocumentState.ISSUED, DocumentState.ISSUED)
    page = response.content.decode()
    assert url("election_minutes_draft", election) not in page and url("election_minutes_issue", election) not in page
    assert "Vote-count minutes issued" in page  # the history


def test_the_issued_pdf_is_offered_once_rendered(en, election, branch_clerk, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    en.force_login(branch_clerk)
    en.post(url("election_minutes_draft", election), draft_data(election))
    en.post(url("election_minutes_issue", election), ISSUE)
    job = RenderJob.objects.get(version__document__pk=Election.objects.get(pk=election.pk).minutes_id, issued=True)
    page = en.get(url("election_minutes", election)).content.decode()
    assert "The issued PDF is being rendered" in page
    job.pdf.save("minutes.pdf", ContentFile(b"%PDF-1.7 stand-in"), save=False)
    job.state = RenderState.DONE
    job.save()
    page = en.get(url("election_minutes", election)).content.decode()
    download = reverse("render_job_download", kwargs={"pk": job.pk})
    assert download in page
    assert en.get(download).status_code == 200


def test_a_refused_write_says_why_and_changes_nothing(en, election, branch_clerk):
    put_in_state(election.congress, CongressState.SUBMITTED)
    en.force_login(branch_clerk)
    response = en.post(url("election_minutes_draft", election))
    assert response.status_code == 302 and response.url == url("election_minutes", election)
    page = en.get(response.url).content.decode()
    assert "once the superior has reviewed the congress" in page
    election.refresh_from_db()
    assert election.minutes is None


@pytest.mark.parametrize("overrides, message", [
    ({"count_started_time": "25:99"}, "Enter a valid time."),
    ({"minutes_closed_time": "09:00"}, "The minutes are closed after the count starts: 09:00 is not after 09:15."),
    ({"day": "31/02/2025"}, "Enter a valid date."),
])
def test_bad_times_show_the_form_again_and_change_nothing(en, election, branch_clerk, overrides, message):
    en.force_login(branch_clerk)
    response = en.post(url("election_minutes_draft", election), draft_data(election, **overrides))
    assert response.status_code == 200 and message in response.content.decode()
    election.refresh_from_db()
    assert election.minutes is None and election.count_started_time == datetime.time(9, 15)


def test_bad_times_are_said_in_vietnamese(client, election, branch_clerk):
    client.force_login(branch_clerk)
    response = client.post(url("election_minutes_draft", election), draft_data(election, minutes_closed_time="09:00"))
    assert response.status_code == 200
    assert "Biên bản lập xong sau khi bắt đầu kiểm phiếu: 09:00 không sau 09:15." in response.content.decode()


def test_an_issue_date_before_the_previous_number_is_a_form_error(en, election, branch_clerk):
    en.force_login(branch_clerk)
    en.post(url("election_minutes_draft", election), draft_data(election))
    en.post(url("election_entry_log_draft", election))
    en.post(url("election_entry_log_issue", election))  # 01-BB/CB, dated the day of the count
    response = en.post(url("election_minutes_issue", election), {"document_date": "04/06/2025"})
    assert response.status_code == 200
    assert "The date cannot be earlier than 05/06/2025" in response.content.decode()
    assert Election.objects.get(pk=election.pk).minutes.state == DocumentState.DRAFT


def test_issuing_before_drafting_is_refused_politely(en, election, branch_clerk):
    en.force_login(branch_clerk)
    page = en.post(url("election_entry_log_issue", election), follow=True).content.decode()
    assert "Draft the ballot entry log first." in page


def test_an_election_counted_by_hand_shows_no_entry_log(en, congress_a, branch_clerk):
    election = closed_election(congress_a, created_by=branch_clerk, counting_mode=CountingMode.TOTALS)
    en.force_login(branch_clerk)
    page = en.get(url("election_minutes", election)).content.decode()
    assert "there is no ballot entry log to print" in page
    assert url("election_entry_log_draft", election) not in page
    page = en.post(url("election_entry_log_draft", election), follow=True).content.decode()
    assert "counted by hand" in page
    assert Election.objects.get(pk=election.pk).entry_log is None


def test_the_page_warns_when_no_counting_board_is_recorded(en, congress_a, branch_clerk):
    election = closed_election(congress_a, created_by=branch_clerk)
    en.force_login(branch_clerk)
    page = en.get(url("election_minutes", election)).content.decode()
    assert 'data-testid="no-board"' in page


def test_readers_see_the_state_without_the_buttons(en, election, branch_clerk, superior_viewer,
                                                    django_assert_max_num_queries):
    en.force_login(branch_clerk)
    en.post(url("election_minutes_draft", election), draft_data(election))
    en.force_login(superior_viewer)
    with django_assert_max_num_queries(30):
        page = en.get(url("election_minutes", election)).content.decode()
    assert 'data-testid="minutes-link"' in page
    assert url("election_minutes_draft", election) not in page and url("election_minutes_issue", election) not in page
    assert en.post(url("election_minutes_issue", election), ISSUE).status_code == 403
