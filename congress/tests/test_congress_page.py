"""The congress page: everything about one congress in one place, for every role that reads it."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.tests.factories import OrganizationFactory, TermFactory
from congress.models import CongressGuest, CongressState, Debrief, Holiday
from congress.services.congresses import congress_document_create
from congress.tests.builders import issued_plan, put_in_state
from documents.models import Document

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

PLAN_DATE = datetime.date(2022, 4, 28)


@pytest.fixture
def plan(open_plan):
    Document.objects.filter(pk=open_plan.document_id).update(document_date=PLAN_DATE)
    return open_plan


def page(client, user, congress) -> str:
    client.force_login(user)
    response = client.get(reverse("congress_detail", kwargs={"pk": congress.pk}))
    assert response.status_code == 200
    return response.content.decode()


def section(html: str, testid: str) -> str:
    """The element marked data-testid=`testid`, roughly: from the mark to the next card."""
    start = html.index(f'data-testid="{testid}"')
    following = re.compile(r'class="card[ "]').search(html, start + 1)
    return html[start:following.start() if following else None]


def test_the_page_names_the_congress_with_its_state_pilot_badge_and_breadcrumb(
    en, plan, congress_a, superior_clerk, branch_clerk,
):
    html = page(en, superior_clerk, congress_a)
    assert "Đại hội Chi bộ TDP Hoàng Trinh lần thứ nhất, nhiệm kỳ 2022–2025" in html
    assert 'data-testid="congress-state">Planned<' in html
    assert 'data-testid="pilot-badge"' in html
    assert "Members&#x27; congress" in html
    # The superior is in the breadcrumb for its clerk, not for branch A's.
    superior_link = reverse("organization_detail", kwargs={"pk": plan.organization.pk})
    assert superior_link in html
    assert superior_link not in page(en, branch_clerk, congress_a)


def test_schedule_plan_and_deadlines(en, plan, congress_b, superior_clerk, outsider):
    put_in_state(congress_b, CongressState.PREPARING, scheduled_on=datetime.date(2022, 7, 1), venue="Hội trường Trạm Y tế")
    html = page(en, superior_clerk, congress_b)
    assert "01/07/2022" in html and "Hội trường Trạm Y tế" in html
    assert reverse("plan_detail", kwargs={"pk": plan.pk}) in html
    deadlines = section(html, "deadlines")
    assert "Documents due 21/06/2022" in deadlines
    assert "Held by 20/07/2022" in deadlines
    # In 2026 both are long past and neither is met.
    assert deadlines.count("overdue") == 2 and "text-danger" in deadlines
    # Branch B's clerk reads its congress, but not the superior's plan.
    html = page(en, outsider, congress_b)
    assert reverse("plan_detail", kwargs={"pk": plan.pk}) not in html
    assert "01-KH/ĐU" in html


def test_a_pilot_is_held_by_the_pilots_deadline(en, plan, congress_a, branch_clerk):
    assert "Pilot congress held by 15/06/2022" in section(page(en, branch_clerk, congress_a), "deadlines")


def test_report_and_ratification_deadlines_skip_weekends_and_holidays(en, plan, congress_b, superior_clerk):
    # Held on Friday 17/06/2022: 7 working days is Tuesday 28/06 without holidays.
    Holiday.objects.create(date=datetime.date(2022, 6, 20), name="Nghỉ bù")
    Holiday.objects.create(date=datetime.date(2022, 6, 21), name="Nghỉ bù")
    Holiday.objects.create(date=datetime.date(2022, 7, 1), name="Nghỉ bù")
    put_in_state(congress_b, CongressState.RESULTS_REPORTED, scheduled_on=datetime.date(2022, 6, 17),
                 held_on=datetime.date(2022, 6, 17), results_received_on=datetime.date(2022, 6, 29))
    deadlines = section(page(en, superior_clerk, congress_b), "deadlines")
    assert "Results reported by 30/06/2022" in deadlines
    # 15 working days after 29/06, 01/07 off: 21/07.
    assert "Ratified by 21/07/2022" in deadlines
    assert "Documents due" in deadlines and "Held by 20/07/2022" in deadlines


def test_deadlines_met_in_time_are_not_overdue(en, plan, congress_b, superior_clerk):
    put_in_state(congress_b, CongressState.RATIFIED, scheduled_on=datetime.date(2022, 6, 17),
                 held_on=datetime.date(2022, 6, 17), results_received_on=datetime.date(2022, 6, 24),
                 ratified_on=datetime.date(2022, 7, 1))
    deadlines = section(page(en, superior_clerk, congress_b), "deadlines")
    assert "overdue" not in deadlines
    assert "done 24/06/2022" in deadlines


def test_results_received_late_are_marked(en, plan, congress_b, superior_clerk):
    put_in_state(congress_b, CongressState.RESULTS_REPORTED, scheduled_on=datetime.date(2022, 6, 17),
                 held_on=datetime.date(2022, 6, 17), results_received_on=datetime.date(2022, 7, 5))
    deadlines = section(page(en, superior_clerk, congress_b), "deadlines")
    line = next(li for li in deadlines.split("<li") if "Results reported by" in li)
    assert "overdue" in line


def test_a_non_pilot_scheduled_before_the_pilot_is_debriefed_is_warned(en, plan, congress_a, congress_b, outsider):
    put_in_state(congress_b, CongressState.PLANNED, scheduled_on=datetime.date(2022, 7, 1), venue="x")
    html = page(en, outsider, congress_b)
    assert "scheduled before the pilot congresses of the plan are held and debriefed" in html
    assert "Chi bộ TDP Hoàng Trinh (not held yet)" in html


def test_the_published_debrief_shows_on_branch_bs_page(en, plan, congress_a, congress_b, outsider, superior_clerk):
    put_in_state(congress_a, CongressState.HELD, held_on=datetime.date(2022, 6, 10))
    debrief = Debrief.objects.create(
        congress=congress_a, lessons="Chuẩn bị kỹ báo cáo chính trị", points_to_observe="Kiểm tra tư cách đại biểu",
        recorded_by=superior_clerk,
    )
    assert "Chuẩn bị kỹ báo cáo chính trị" not in page(en, outsider, congress_b)  # not published yet
    Debrief.objects.filter(pk=debrief.pk).update(published_at=datetime.datetime(2022, 6, 12, 9, tzinfo=datetime.UTC))
    html = page(en, outsider, congress_b)
    debriefs = section(html, "debriefs")
    assert "Chi bộ TDP Hoàng Trinh" in debriefs
    assert "Chuẩn bị kỹ báo cáo chính trị" in debriefs and "Kiểm tra tư cách đại biểu" in debriefs


def test_guests_show_on_the_page(en, plan, congress_a, branch_clerk):
    CongressGuest.objects.create(congress=congress_a, name="Lê Văn Hùng", position="Phó Bí thư Đảng ủy")
    guests = section(page(en, branch_clerk, congress_a), "guests")
    assert "Lê Văn Hùng" in guests and "Phó Bí thư Đảng ủy" in guests


def test_documents_by_role_with_a_draft_button_for_the_clerk_only(en, plan, congress_a, branch_clerk, superior_leader):
    report = congress_document_create(acting_user=branch_clerk, congress=congress_a, role="political_report")
    documents = section(page(en, branch_clerk, congress_a), "documents")
    assert reverse("document_detail", kwargs={"pk": report.pk}) in documents
    assert documents.count("Draft it") == 3  # the three others
    documents = section(page(en, superior_leader, congress_a), "documents")
    assert reverse("document_detail", kwargs={"pk": report.pk}) in documents
    assert "Draft it" not in documents and "not drafted" in documents


def test_the_checklist_shows_what_is_ready(en, plan, congress_a, branch_clerk):
    put_in_state(congress_a, CongressState.PLANNED, scheduled_on=datetime.date(2022, 6, 10), venue="Nhà văn hóa")
    checklist = section(page(en, branch_clerk, congress_a), "checklist")
    ready = checklist.split("Date and venue set")[0]
    assert "text-success" in ready.rsplit("<li", 1)[1]


@pytest.mark.parametrize(("state", "buttons"), [
    (CongressState.PLANNED, ["Start preparing"]),
    (CongressState.PREPARING, ["Submit for review"]),
    (CongressState.SUBMITTED, []),
    (CongressState.REVIEWED, ["Record as held"]),
    (CongressState.HELD, ["Report the results"]),
    (CongressState.RATIFIED, []),
])
def test_the_clerk_sees_the_moves_open_to_them(en, plan, congress_a, branch_clerk, state, buttons):
    put_in_state(congress_a, state)
    html = page(en, branch_clerk, congress_a)
    labels = ["Start preparing", "Submit for review", "Record as held", "Report the results"]
    assert [label for label in labels if f">{label}</button>" in html] == buttons


def test_readers_and_leaders_see_no_clerk_move(en, plan, congress_a, superior_leader, superior_viewer):
    for user in (superior_leader, superior_viewer):
        html = page(en, user, congress_a)
        assert 'data-testid="moves"' not in html
        assert "Set the date and venue" not in html


def test_the_history_shows_the_moves(en, plan, congress_a, branch_clerk):
    en.force_login(branch_clerk)
    en.post(reverse("congress_move", kwargs={"pk": congress_a.pk}), {"move": "start_preparing"})
    assert "Preparation started" in page(en, branch_clerk, congress_a)


def _queries(client, congress) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("congress_detail", kwargs={"pk": congress.pk})).status_code == 200
    return len(context)


def test_the_page_answers_in_a_bounded_number_of_queries(
    en, superior, branch_a, congress_a, congress_b, superior_clerk, superior_leader, branch_clerk,
    django_assert_max_num_queries,
):
    en.force_login(superior_clerk)
    put_in_state(congress_b, CongressState.PREPARING, scheduled_on=datetime.date(2022, 7, 1), venue="x")
    few = _queries(en, congress_b)
    # A bigger plan: more pilots, published debriefs, guests and documents.
    pilots = [OrganizationFactory(parent=superior, name=f"Chi bộ Khu phố {n}", kind="branch") for n in range(4)]
    plan = issued_plan(
        organization=superior, clerk=superior_clerk, leader=superior_leader, pilots=pilots,
        scope=[branch_a, *pilots], term=TermFactory(start_year=2025, end_year=2030),
    )
    Document.objects.filter(pk=plan.document_id).update(document_date=PLAN_DATE)
    congress = plan.congresses.get(organization=branch_a)
    for pilot in plan.congresses.filter(is_pilot=True):
        put_in_state(pilot, CongressState.HELD, held_on=datetime.date(2022, 6, 1))
        Debrief.objects.create(congress=pilot, lessons="Bài học", recorded_by=superior_clerk,
                               published_at=datetime.datetime(2022, 6, 2, tzinfo=datetime.UTC))
    for n in range(5):
        CongressGuest.objects.create(congress=congress, name=f"Khách {n}")
    for role in ("political_report", "self_review", "draft_resolution", "action_programme"):
        congress_document_create(acting_user=branch_clerk, congress=congress, role=role)
    put_in_state(congress, CongressState.PREPARING, scheduled_on=datetime.date(2022, 7, 1), venue="x")
    many = _queries(en, congress)
    assert many <= few + 2, (few, many)  # the history of a busier congress names a few more objects
    with django_assert_max_num_queries(40):
        en.get(reverse("congress_detail", kwargs={"pk": congress.pk}))


def test_the_branch_reads_the_superiors_issued_notice_about_its_congress(en, branch_clerk, congress_a, superior_clerk,
                                                                         superior_leader):
    """The conclusion notice is a document of the superior; the branch opens it once issued."""
    from congress.models import CongressDocument, CongressDocumentRole
    from documents.rules import Actor as DocumentActor
    from documents.rules import Move as DocumentMove
    from documents.services.documents import document_create, document_issue, document_move
    from documents.tests.factories import FINISHED_BODY

    notice = document_create(acting_user=superior_clerk, issuer=congress_a.plan.organization, doc_type="TB",
                             subject="Thông báo kết luận", term=congress_a.plan.term, approved_by_issuer=True,
                             body=FINISHED_BODY)
    CongressDocument.objects.create(congress=congress_a, role=CongressDocumentRole.CONCLUSION_NOTICE, document=notice)
    other = document_create(acting_user=superior_clerk, issuer=congress_a.plan.organization, doc_type="TB",
                            subject="Thông báo khác", term=congress_a.plan.term, approved_by_issuer=True)
    en.force_login(branch_clerk)
    def url(name, obj):
        return reverse(name, kwargs={"pk": obj.pk})

    assert en.get(url("document_detail", notice)).status_code == 404  # a draft of the superior
    document_move(acting_user=superior_clerk, document=notice, move=DocumentMove.SUBMIT, actors={DocumentActor.CLERK})
    document_move(acting_user=superior_leader, document=notice, move=DocumentMove.APPROVE, actors={DocumentActor.LEADER})
    document_issue(acting_user=superior_clerk, document=notice, actors={DocumentActor.CLERK})
    assert en.get(url("document_detail", notice)).status_code == 200
    assert en.get(url("document_edit", notice)).status_code == 403  # reading only
    assert en.get(url("document_detail", other)).status_code == 404
    page = en.get(url("congress_detail", congress_a)).content.decode()
    assert url("document_detail", notice) in page
