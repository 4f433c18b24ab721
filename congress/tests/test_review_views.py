"""The review through its pages: the superior's clerk schedules, its leader decides and
concludes, everyone who sees the congress follows it on the congress page."""

import pytest
from auditlog.models import LogEntry
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse

from congress import rules
from congress.models import Congress, ReviewDecision, ReviewSession
from congress.services.moves import congress_move
from congress.tests.builders import put_in_state
from congress.tests.test_review_services import (
    CLERK, LEADER, REPORT, RESOLUTION, at, conclude, decide, documents_of, notice_of, schedule, submit,
)
from congress.views.reviews import review_panel_context
from documents.models import Document

pytestmark = pytest.mark.usefixtures("no_rendering")


@pytest.fixture
def submitted(congress_a, branch_clerk):
    return submit(congress_a, branch_clerk)


@pytest.fixture
def session(submitted, superior_clerk):
    return schedule(submitted, superior_clerk)


def url(name, obj):
    return reverse(name, kwargs={"pk": obj.pk})


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def page_of(client, congress) -> str:
    response = client.get(url("congress_detail", congress))
    assert response.status_code == 200
    return response.content.decode()


SCHEDULE = {"mode": "in_person", "date": "04/05/2022", "time": "08:00", "place": "Hội trường Đảng ủy phường"}


# --- Scheduling -------------------------------------------------------------------------------


def test_the_superior_clerk_schedules_an_online_review_everyone_sees(en, submitted, superior_clerk, branch_clerk):
    en.force_login(superior_clerk)
    page = page_of(en, submitted)
    assert url("review_schedule", submitted) in page and "No review session scheduled yet." in page
    assert en.get(url("review_schedule", submitted)).status_code == 200

    response = en.post(url("review_schedule", submitted), {
        **SCHEDULE, "mode": "online", "place": "", "meeting_link": "https://meet.example.vn/duyet-dai-hoi"})
    assert response.status_code == 302 and response.url == url("congress_detail", submitted)
    assert flashed(response) == ["The review session is scheduled."]
    session = ReviewSession.objects.get()
    assert (session.mode, session.starts_at, session.meeting_link) == ("online", at(4), "https://meet.example.vn/duyet-dai-hoi")

    en.force_login(branch_clerk)
    page = page_of(en, submitted)
    assert '<a href="https://meet.example.vn/duyet-dai-hoi" target="_blank" rel="noopener noreferrer"' in page
    assert "08:00 04/05/2022" in page and "Online" in page
    assert url("review_schedule", submitted) not in page and url("review_decide", session) not in page


def test_an_online_review_without_its_link_is_refused_on_the_form(en, submitted, superior_clerk):
    en.force_login(superior_clerk)
    response = en.post(url("review_schedule", submitted), {**SCHEDULE, "mode": "online", "place": ""})
    assert response.status_code == 200
    assert "An online review needs its meeting link." in response.content.decode()
    response = en.post(url("review_schedule", submitted), {**SCHEDULE, "mode": "online", "meeting_link": "ftp://files.example.vn/x"})
    assert "Enter a valid URL." in response.content.decode()
    assert not ReviewSession.objects.exists()


def test_scheduling_a_congress_not_submitted_is_refused_politely(en, congress_a, superior_clerk):
    en.force_login(superior_clerk)
    page = en.get(url("review_schedule", congress_a)).content.decode()
    assert "A review session can be scheduled only for a congress submitted for review." in page
    response = en.post(url("review_schedule", congress_a), SCHEDULE)
    assert response.status_code == 302 and response.url == url("congress_detail", congress_a)
    assert flashed(response) == ["A review session can be scheduled only for a congress submitted for review."]
    assert not ReviewSession.objects.exists()


def test_the_form_shows_the_open_session_to_move_it(en, session, superior_clerk):
    en.force_login(superior_clerk)
    page = en.get(url("review_schedule", session.congress)).content.decode()
    assert "Change the review session" in page and 'value="04/05/2022"' in page and 'value="08:00"' in page
    en.post(url("review_schedule", session.congress), {**SCHEDULE, "time": "14:30"})
    assert ReviewSession.objects.get().starts_at == at(4).replace(hour=14, minute=30)


# --- Decisions ----------------------------------------------------------------------------------


def test_the_leader_decides_item_by_item(en, session, superior_leader):
    en.force_login(superior_leader)
    assert url("review_decide", session) in page_of(en, session.congress)
    documents = documents_of(session.congress)
    page = en.get(url("review_decide", session)).content.decode()
    for document in documents.values():
        assert url("document_detail", document) in page
    assert "Political report" in page and "Resolution" in page

    response = en.post(url("review_decide", session), {
        f"{REPORT}-verdict": "approved", f"{RESOLUTION}-verdict": "revise",
        f"{RESOLUTION}-comment": "Bổ sung chỉ tiêu phát triển đảng viên.",
    })
    assert response.status_code == 302 and response.url == url("congress_detail", session.congress)
    documents = documents_of(session.congress)
    assert (documents[REPORT].state, documents[RESOLUTION].state) == ("approved", "returned")
    page = page_of(en, session.congress)
    assert "Bổ sung chỉ tiêu phát triển đảng viên." in page and "To revise" in page


def test_to_revise_without_comments_is_refused_on_the_form(en, session, superior_leader):
    en.force_login(superior_leader)
    response = en.post(url("review_decide", session), {f"{REPORT}-verdict": "approved", f"{RESOLUTION}-verdict": "revise"})
    assert response.status_code == 200 and "Say what must be revised." in response.content.decode()
    assert not ReviewDecision.objects.exists()
    assert {d.state for d in documents_of(session.congress).values()} == {"submitted"}


def test_a_refusal_of_the_service_shows_under_its_item(en, session, superior_leader):
    decide(session, superior_leader, political_report=("approved", ""))
    en.force_login(superior_leader)
    response = en.post(url("review_decide", session), {f"{REPORT}-verdict": "revise", f"{REPORT}-comment": "Sửa lại."})
    assert response.status_code == 200
    assert "the document is already approved and can no longer be returned" in response.content.decode()
    assert ReviewDecision.objects.get().verdict == "approved"


def test_deciding_on_a_congress_not_submitted_is_refused_politely(en, congress_a, superior_clerk, superior_leader):
    session = ReviewSession.objects.create(congress=congress_a, starts_at=at(4), place="Hội trường", scheduled_by=superior_clerk)
    en.force_login(superior_leader)
    page = en.get(url("review_decide", session)).content.decode()
    assert "Decisions are taken on an open review session while the congress is submitted for review." in page
    response = en.post(url("review_decide", session), {f"{REPORT}-verdict": "approved"})
    assert response.status_code == 302
    assert flashed(response) == ["Decisions are taken on an open review session while the congress is submitted for review."]
    assert not ReviewDecision.objects.exists()


# --- Conclusion ---------------------------------------------------------------------------------


def test_concluding_without_every_decision_is_refused(en, session, superior_leader):
    decide(session, superior_leader, political_report=("approved", ""))
    en.force_login(superior_leader)
    response = en.post(url("review_conclude", session))
    assert response.status_code == 302
    assert flashed(response) == ["Take a decision on every item before concluding; still without one: Resolution."]
    assert Congress.objects.get(pk=session.congress_id).state == rules.SUBMITTED
    assert not Document.objects.filter(doc_type="TB").exists()


def test_concluding_reviews_the_congress_and_the_page_links_the_notice(en, session, superior_leader, branch_clerk):
    decide(session, superior_leader, political_report=("approved", ""), draft_resolution=("approved", ""))
    en.force_login(superior_leader)
    response = en.post(url("review_conclude", session))
    assert response.status_code == 302
    assert flashed(response)[0].startswith("The review is concluded: the congress is reviewed.")
    congress = Congress.objects.get(pk=session.congress_id)
    assert congress.state == rules.REVIEWED
    notice = notice_of(congress)
    page = page_of(en, congress)
    assert url("document_detail", notice) in page and "Conclusion notice" in page
    assert url("review_return", congress) in page

    en.force_login(branch_clerk)  # the notice is the superior's: its state, no link
    page = page_of(en, congress)
    assert url("document_detail", notice) not in page and notice.subject in page and "Draft" in page


def test_concluding_with_an_item_to_revise_sends_the_congress_back(en, session, superior_leader):
    decide(session, superior_leader, political_report=("revise", "Bổ sung số liệu."), draft_resolution=("approved", ""))
    en.force_login(superior_leader)
    response = en.post(url("review_conclude", session))
    assert flashed(response)[0].startswith("The review is concluded: the congress goes back to preparation")
    assert Congress.objects.get(pk=session.congress_id).state == rules.PREPARING
    assert "Bổ sung số liệu." in notice_of(session.congress).versions.get().body


# --- Returning a reviewed congress ------------------------------------------------------------


def test_the_leader_returns_a_reviewed_congress_with_a_comment(en, congress_a, superior_leader):
    put_in_state(congress_a, rules.REVIEWED)
    en.force_login(superior_leader)
    response = en.post(url("review_return", congress_a), {"comment": ""})
    assert flashed(response) == ["Say what must be revised before the congress is held."]
    assert Congress.objects.get(pk=congress_a.pk).state == rules.REVIEWED

    response = en.post(url("review_return", congress_a), {"comment": "Điều chỉnh phương án nhân sự."})
    assert flashed(response)[-1] == "The congress is returned to its organisation for revision."
    assert Congress.objects.get(pk=congress_a.pk).state == rules.PREPARING
    entry = LogEntry.objects.get(additional_data__action="congress.congress.return_to_preparing")
    assert entry.additional_data["reason"] == "Điều chỉnh phương án nhân sự."


def test_returning_a_congress_under_review_is_refused(en, submitted, superior_leader):
    en.force_login(superior_leader)
    response = en.post(url("review_return", submitted), {"comment": "Sửa"})
    assert flashed(response) == [
        "Only a reviewed congress, not yet held, is returned here; a congress under review is returned by "
        "concluding its review session."]
    assert Congress.objects.get(pk=submitted.pk).state == rules.SUBMITTED


# --- Who may do what ------------------------------------------------------------------------------


@pytest.mark.parametrize("role, name, status", [
    ("branch_clerk", "review_schedule", 403),
    ("superior_leader", "review_schedule", 403),
    ("outsider", "review_schedule", 404),
    ("branch_clerk", "review_return", 403),
    ("superior_clerk", "review_return", 403),
    ("outsider", "review_return", 404),
])
def test_wrong_roles_on_the_congress(client, request, session, role, name, status):
    if name == "review_return":
        put_in_state(session.congress, rules.REVIEWED)
    client.force_login(request.getfixturevalue(role))
    data = {**SCHEDULE, "comment": "Sửa"}
    assert client.post(url(name, session.congress), data).status_code == status
    assert ReviewSession.objects.count() == 1 and ReviewSession.objects.get().starts_at == at(4)
    state = rules.REVIEWED if name == "review_return" else rules.SUBMITTED
    assert Congress.objects.get(pk=session.congress_id).state == state


@pytest.mark.parametrize("role, status", [
    ("branch_clerk", 403), ("superior_clerk", 403), ("superior_viewer", 403), ("outsider", 404),
])
def test_wrong_roles_on_the_session(client, request, session, superior_leader, role, status):
    decide(session, superior_leader, political_report=("approved", ""))
    client.force_login(request.getfixturevalue(role))
    assert client.get(url("review_decide", session)).status_code == status
    response = client.post(url("review_decide", session), {f"{RESOLUTION}-verdict": "approved"})
    assert response.status_code == status
    assert client.post(url("review_conclude", session)).status_code == status
    assert ReviewDecision.objects.count() == 1
    assert documents_of(session.congress)[RESOLUTION].state == "submitted"
    assert Congress.objects.get(pk=session.congress_id).state == rules.SUBMITTED


def test_an_unknown_session_is_404(client, superior_leader):
    client.force_login(superior_leader)
    assert client.get(reverse("review_decide", kwargs={"pk": 999999})).status_code == 404


# --- The panel ------------------------------------------------------------------------------------


def test_the_panel_reads_a_bounded_number_of_queries(session, superior_clerk, superior_leader, branch_clerk,
                                                     django_assert_max_num_queries):
    """Sessions pile up when a congress is returned and reviewed again: the panel still reads them
    in a few queries."""
    congress = session.congress
    decide(session, superior_leader, political_report=("revise", "Sửa."), draft_resolution=("approved", ""))
    conclude(session, superior_leader)
    for day in (10, 12, 14):
        congress = congress_move(acting_user=branch_clerk, congress=congress, move=rules.Move.SUBMIT_FOR_REVIEW,
                                 actors=CLERK)
        again = schedule(congress, superior_clerk, starts_at=at(day))
        decide(again, superior_leader, political_report=("revise", f"Sửa lần {day}."), draft_resolution=("approved", ""))
        conclude(again, superior_leader)
    request = RequestFactory().get("/")
    request.user = superior_leader
    congress = Congress.objects.select_related("plan__organization").get(pk=congress.pk)
    with django_assert_max_num_queries(5):
        context = review_panel_context(request, congress, LEADER)
        lines = [line for s in context["review_sessions"] for line in s.lines]
    assert len(context["review_sessions"]) == 4 and len(lines) == 8
    assert context["review_notice"] == notice_of(congress)


def test_the_panel_waits_for_a_submitted_congress(en, congress_a, superior_clerk, branch_clerk):
    en.force_login(superior_clerk)
    assert 'data-testid="review"' not in page_of(en, congress_a)
    submit(congress_a, branch_clerk)
    assert 'data-testid="review"' in page_of(en, congress_a)
