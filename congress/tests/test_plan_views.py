"""The superior's clerk prepares and issues a congress plan through its pages: the organisation's
congresses, creating the plan, its page, its dates and deadlines, and issuing it."""

import datetime
import html

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from branches.models import RoleKind
from branches.tests.factories import MemberFactory, OrganizationFactory, RoleFactory, TermFactory, UserFactory
from congress.models import Congress, Plan, PlanScope
from congress.services.plans import plan_create, working_group_save
from congress.tests.builders import HELD_BY, PILOTS_BY, PLAN_BODY, round_term
from documents.models import Document
from documents.rules import Actor, Move
from documents.services.documents import document_issue, document_move, document_save_body

pytestmark = pytest.mark.usefixtures("english", "no_rendering")


def page(response) -> str:
    return html.unescape(response.content.decode())


def url(name, obj):
    return reverse(name, kwargs={"pk": obj.pk})


@pytest.fixture
def term(db):
    return round_term()


@pytest.fixture
def draft(superior, branch_a, branch_b, superior_clerk, term):
    return plan_create(
        acting_user=superior_clerk, organization=superior, term=term, subject="Kế hoạch tổ chức đại hội chi bộ",
        congresses_held_by=HELD_BY, pilots_held_by=PILOTS_BY, pilots=[branch_a],
    )


def approve(plan, clerk, leader):
    document_save_body(acting_user=clerk, document=plan.document, body=PLAN_BODY)
    document_move(acting_user=clerk, document=plan.document, move=Move.SUBMIT, actors={Actor.CLERK})
    document_move(acting_user=leader, document=plan.document, move=Move.APPROVE, actors={Actor.LEADER})


def snapshot():
    return (
        LogEntry.objects.count(),
        list(Plan.objects.values_list("pk", "pilots_held_by", "congresses_held_by", "documents_days_before", "opened_at")),
        list(Document.objects.values_list("pk", "subject", "state", "number")),
        list(PlanScope.objects.values_list("plan", "organization", "is_pilot")),
        Congress.objects.count(),
    )


# --- The organisation's congresses -------------------------------------------------------------


def test_the_superior_clerk_sees_the_plans_and_may_start_one(en, superior, superior_clerk, draft, open_plan):
    en.force_login(superior_clerk)
    response = en.get(url("organization_congresses", superior))
    text = page(response)
    assert response.status_code == 200
    assert "Kế hoạch tổ chức đại hội chi bộ" in text and "01-KH/ĐU" in text
    assert "2022–2025" in text and "Draft" in text and "Issued" in text
    assert "Open: 2 congresses" in text and "Not open yet" in text
    assert url("plan_create", superior) in text and url("plan_detail", draft) in text
    # The tab next to Documents
    assert f'href="{url("organization_congresses", superior)}">Congresses</a>' in response.content.decode()


def test_a_viewer_sees_the_plans_without_the_new_plan_button(en, superior, superior_viewer, draft):
    en.force_login(superior_viewer)
    text = page(en.get(url("organization_congresses", superior)))
    assert url("plan_detail", draft) in text
    assert url("plan_create", superior) not in text


def test_a_branch_clerk_sees_the_branch_congress_and_no_plan_button(en, branch_a, branch_clerk, congress_a):
    en.force_login(branch_clerk)
    text = page(en.get(url("organization_congresses", branch_a)))
    assert "Đại hội Chi bộ TDP Hoàng Trinh lần thứ nhất, nhiệm kỳ 2022–2025" in text
    assert url("congress_detail", congress_a) in text
    assert url("congress_ordinal", congress_a) in text
    assert url("plan_create", branch_a) not in text
    # The superior's plan is out of the branch clerk's reach: named, not linked.
    assert url("plan_detail", congress_a.plan) not in text and "01-KH/ĐU" in text


def test_the_organisation_page_answers_in_a_bounded_number_of_queries(
    en, superior, superior_clerk, superior_leader, branch_a, django_assert_max_num_queries,
):
    for start in (2010, 2015, 2020, 2025, 2030):
        term = TermFactory(start_year=start, end_year=start + 5)
        plan_create(
            acting_user=superior_clerk, organization=superior, term=term, subject=f"Kế hoạch {start}",
            congresses_held_by=datetime.date(start, 7, 1),
        )
    en.force_login(superior_clerk)
    with django_assert_max_num_queries(10):
        response = en.get(url("organization_congresses", superior))
    assert page(response).count("Not open yet") == 5


# --- Creating a plan ---------------------------------------------------------------------------


def test_the_form_proposes_the_current_term(en, superior, superior_clerk):
    this_year = datetime.date.today().year
    current = TermFactory(start_year=this_year - 1, end_year=this_year + 4)
    TermFactory(start_year=this_year - 6, end_year=this_year - 1)
    en.force_login(superior_clerk)
    response = en.get(url("plan_create", superior))
    assert response.context["form"]["term"].value() == current.pk
    assert "personnel plan starts with it" in page(response)  # the default of each congress's choice (docs/domain.md §3.3)


def test_creating_a_plan_creates_its_draft_and_the_default_scope(en, superior, branch_a, branch_b, superior_clerk, term):
    OrganizationFactory(parent=superior, name="Chi bộ đã giải thể", is_active=False)
    en.force_login(superior_clerk)
    response = en.post(url("plan_create", superior), {
        "subject": "Kế hoạch tổ chức đại hội các chi bộ", "term": term.pk, "congresses_held_by": "20/07/2022",
        "pilots_held_by": "15/06/2022", "documents_days_before": 12, "report_working_days": 7,
        "ratify_working_days": 15, "elects_secretary_directly": "on",
    })
    plan = Plan.objects.get()
    assert response.status_code == 302 and response.url == url("plan_detail", plan)
    assert (plan.document.doc_type, plan.document.state, plan.document.subject) == ("KH", "draft", "Kế hoạch tổ chức đại hội các chi bộ")
    assert plan.document.issuer == superior and plan.document.approved_by_issuer
    assert (plan.congresses_held_by, plan.pilots_held_by) == (HELD_BY, PILOTS_BY)
    assert plan.documents_days_before == 12 and plan.elects_secretary_directly
    assert {row.organization for row in plan.scope.all()} == {branch_a, branch_b}
    assert LogEntry.objects.filter(additional_data__action="congress.plan.created", actor=superior_clerk).exists()
    assert "The plan was created with its draft document and 2 organisations." in page(en.get(response.url))


def test_a_plan_below_which_there_is_no_branch_is_refused(en, branch_a, branch_clerk, term):
    en.force_login(branch_clerk)
    assert "There is no active Party branch below" in page(en.get(url("plan_create", branch_a)))
    response = en.post(url("plan_create", branch_a), {
        "subject": "Kế hoạch", "term": term.pk, "congresses_held_by": "20/07/2022", "documents_days_before": 10,
        "report_working_days": 7, "ratify_working_days": 15,
    })
    assert response.status_code == 200
    assert "a plan needs branches to hold congresses" in page(response)
    assert not Plan.objects.exists() and not Document.objects.exists()


def test_pilots_after_the_other_congresses_are_refused_on_the_form(en, superior, branch_a, superior_clerk, term):
    en.force_login(superior_clerk)
    response = en.post(url("plan_create", superior), {
        "subject": "Kế hoạch", "term": term.pk, "congresses_held_by": "20/07/2022", "pilots_held_by": "21/07/2022",
        "documents_days_before": 10, "report_working_days": 7, "ratify_working_days": 15,
    })
    assert response.status_code == 200
    assert "Pilot congresses must be held by the date all congresses are held." in page(response)
    assert not Plan.objects.exists() and not Document.objects.exists()


def test_an_incomplete_form_changes_nothing(en, superior, branch_a, superior_clerk):
    en.force_login(superior_clerk)
    response = en.post(url("plan_create", superior), {"subject": "Kế hoạch"})
    assert response.status_code == 200 and "This field is required." in page(response)
    assert not Plan.objects.exists()


# --- The plan page -----------------------------------------------------------------------------


def test_the_clerk_sees_the_draft_plan_and_what_is_missing_to_issue_it(en, draft, branch_a, branch_b, superior_clerk, superior_leader):
    working_group_save(
        acting_user=superior_clerk, plan=draft, name="Tổ công tác số 1", members=[superior_leader], organizations=[branch_b],
    )
    en.force_login(superior_clerk)
    response = en.get(url("plan_detail", draft))
    text = page(response)
    assert "Draft (no number yet)" in text and "Not issued yet" in text
    assert url("document_detail", draft.document) in text and url("document_edit", draft.document) in text
    assert "the plan document must be approved by the committee's leaders first" in text
    assert "Issue the plan" not in text and url("plan_dashboard", draft) not in text
    for name in ("plan_update", "plan_scope", "plan_guidance", "working_group_create"):
        assert url(name, draft) in text
    scope = response.context["scope"]
    assert [(row.organization, row.is_pilot, row.groups) for row in scope] == [
        (branch_a, True, []), (branch_b, False, ["Tổ công tác số 1"]),
    ]
    assert "20/07/2022" in text and "15/06/2022" in text and "10 days before the congress" in text
    assert "7 working days" in text and "15 working days" in text
    assert "Plan created" in text  # the history


def test_a_viewer_reads_the_plan_without_the_clerks_buttons(en, draft, superior_viewer):
    en.force_login(superior_viewer)
    text = page(en.get(url("plan_detail", draft)))
    assert "Kế hoạch tổ chức đại hội chi bộ" in text
    assert url("plan_update", draft) not in text and url("plan_issue", draft) not in text
    assert url("document_edit", draft.document) not in text


def test_once_approved_the_clerk_may_issue(en, draft, superior_clerk, superior_leader):
    approve(draft, superior_clerk, superior_leader)
    en.force_login(superior_clerk)
    text = page(en.get(url("plan_detail", draft)))
    assert "Issue the plan" in text and url("plan_issue", draft) in text
    assert "must be approved" not in text
    assert url("document_edit", draft.document) not in text  # approved: no longer edited


def test_the_page_of_an_open_plan_lists_its_congresses(en, open_plan, congress_a, congress_b, superior_clerk):
    en.force_login(superior_clerk)
    text = page(en.get(url("plan_detail", open_plan)))
    assert "01-KH/ĐU" in text and "Issued, congresses open" in text
    assert "Đại hội Chi bộ TDP Hoàng Trinh lần thứ nhất, nhiệm kỳ 2022–2025" in text
    assert "Đại hội Chi bộ Trạm Y tế lần thứ nhất, nhiệm kỳ 2022–2025" in text
    assert url("congress_detail", congress_a) in text and url("congress_detail", congress_b) in text
    assert "Members' congress" in text and "Planned" in text
    # Issued: no more changes to the dates or the organisations, guidance and groups still.
    assert url("plan_update", open_plan) not in text and url("plan_scope", open_plan) not in text
    assert url("plan_issue", open_plan) not in text
    assert url("plan_guidance", open_plan) in text and url("working_group_create", open_plan) in text
    assert "Plan issued, congresses opened" in text
    assert url("plan_dashboard", open_plan) in text  # the progress of the round


def test_the_plan_page_answers_in_a_bounded_number_of_queries(
    en, superior, superior_clerk, superior_leader, django_assert_max_num_queries,
):
    branches = [OrganizationFactory(parent=superior, name=f"Chi bộ {i:03d}") for i in range(120)]
    for org in branches[:40]:
        MemberFactory(organization=org)
    plan = plan_create(
        acting_user=superior_clerk, organization=superior, term=round_term(), subject="Kế hoạch lớn",
        congresses_held_by=HELD_BY, pilots=branches[:2], pilots_held_by=PILOTS_BY,
    )
    for i in range(5):
        working_group_save(
            acting_user=superior_clerk, plan=plan, name=f"Tổ {i}", members=[superior_clerk, superior_leader],
            organizations=branches[i * 10:(i + 1) * 10],
        )
    approve(plan, superior_clerk, superior_leader)
    en.force_login(superior_clerk)
    en.post(url("plan_issue", plan))
    with django_assert_max_num_queries(20):
        response = en.get(url("plan_detail", plan))
    assert len(response.context["congresses"]) == 120


# --- Dates and deadlines -----------------------------------------------------------------------


def _update_data(**overrides):
    return {
        "subject": "Kế hoạch tổ chức đại hội chi bộ (sửa đổi)", "congresses_held_by": "31/07/2022",
        "pilots_held_by": "30/06/2022", "documents_days_before": 15, "report_working_days": 5,
        "ratify_working_days": 10, **overrides,
    }


def test_the_clerk_changes_the_subject_and_the_deadlines(en, draft, superior_clerk):
    en.force_login(superior_clerk)
    response = en.post(url("plan_update", draft), _update_data())
    assert response.status_code == 302 and response.url == url("plan_detail", draft)
    draft.refresh_from_db()
    assert draft.document.subject == "Kế hoạch tổ chức đại hội chi bộ (sửa đổi)"
    assert (draft.congresses_held_by, draft.pilots_held_by) == (datetime.date(2022, 7, 31), datetime.date(2022, 6, 30))
    assert (draft.documents_days_before, draft.report_working_days, draft.ratify_working_days) == (15, 5, 10)
    entry = LogEntry.objects.get(additional_data__action="congress.plan.updated")
    assert entry.actor == superior_clerk and "congresses_held_by" in entry.changes_dict
    assert LogEntry.objects.filter(additional_data__action="documents.document.updated").exists()


def test_the_subject_is_fixed_once_the_document_is_submitted(en, draft, superior_clerk):
    document_move(acting_user=superior_clerk, document=draft.document, move=Move.SUBMIT, actors={Actor.CLERK})
    en.force_login(superior_clerk)
    text = page(en.get(url("plan_update", draft)))
    assert "its subject can change only while it is a draft" in text
    en.post(url("plan_update", draft), _update_data(subject="Tên khác"))
    draft.refresh_from_db()
    assert draft.document.subject == "Kế hoạch tổ chức đại hội chi bộ"  # a disabled field keeps its value
    assert draft.congresses_held_by == datetime.date(2022, 7, 31)


def test_wrong_dates_are_refused_and_change_nothing(en, draft, superior_clerk):
    en.force_login(superior_clerk)
    before = snapshot()
    response = en.post(url("plan_update", draft), _update_data(pilots_held_by="01/08/2022"))
    assert response.status_code == 200
    assert "Pilot congresses must be held by the date all congresses are held." in page(response)
    assert snapshot() == before


def test_an_issued_plan_can_no_longer_change(en, open_plan, superior_clerk):
    en.force_login(superior_clerk)
    assert "it can no longer change" in page(en.get(url("plan_update", open_plan)))
    before = snapshot()
    response = en.post(url("plan_update", open_plan), _update_data(), follow=True)
    assert "The plan is issued and its congresses are open; it can no longer change." in page(response)
    assert snapshot() == before


# --- Issuing -----------------------------------------------------------------------------------


def test_issuing_before_approval_is_refused_and_changes_nothing(en, draft, superior_clerk):
    en.force_login(superior_clerk)
    before = snapshot()
    response = en.post(url("plan_issue", draft), follow=True)
    assert "Only an approved document can be issued." in page(response)
    assert snapshot() == before


def test_issuing_after_approval_opens_the_congresses(en, draft, branch_a, branch_b, superior_clerk, superior_leader):
    approve(draft, superior_clerk, superior_leader)
    en.force_login(superior_clerk)
    response = en.post(url("plan_issue", draft), follow=True)
    text = page(response)
    assert "The plan is issued: 2 congresses are open." in text
    draft.refresh_from_db()
    assert draft.is_open and Document.objects.get(pk=draft.document_id).symbol == "01-KH/ĐU"
    congresses = {c.organization: c for c in draft.congresses.all()}
    assert set(congresses) == {branch_a, branch_b} and congresses[branch_a].is_pilot
    # What the clerk sees afterwards: the congresses, the number, no issue button.
    assert "Đại hội Chi bộ Trạm Y tế lần thứ nhất" in text and "01-KH/ĐU" in text
    assert "Issue the plan" not in text


def test_the_issue_step_offers_the_date_and_refuses_a_bad_one(en, draft, superior_clerk, superior_leader):
    """docs/domain.md §4a: every issue step offers the date, editable."""
    approve(draft, superior_clerk, superior_leader)
    en.force_login(superior_clerk)
    assert 'name="document_date"' in page(en.get(url("plan_detail", draft)))
    before = snapshot()
    refused = page(en.post(url("plan_issue", draft), {"document_date": "31/02/2022"}, follow=True))
    assert "Enter a valid date." in refused and snapshot() == before
    en.post(url("plan_issue", draft), {"document_date": "28/04/2022"})
    document = Document.objects.get(pk=draft.document_id)
    assert (document.symbol, document.document_date) == ("01-KH/ĐU", datetime.date(2022, 4, 28))


def test_only_a_clerk_of_the_committee_issues(en, draft, superior_clerk, superior_leader):
    approve(draft, superior_clerk, superior_leader)
    en.force_login(superior_leader)
    assert en.post(url("plan_issue", draft)).status_code == 403
    assert not Congress.objects.exists()


def test_a_plan_document_issued_from_its_own_page_still_opens_the_congresses(en, draft, superior_clerk, superior_leader):
    approve(draft, superior_clerk, superior_leader)
    document_issue(acting_user=superior_clerk, document=draft.document, actors={Actor.CLERK})
    en.force_login(superior_clerk)
    assert "Open the congresses" in page(en.get(url("plan_detail", draft)))
    response = en.post(url("plan_issue", draft), follow=True)
    assert "The plan is issued: 2 congresses are open." in page(response)
    assert Document.objects.get(pk=draft.document_id).number == 1  # not numbered twice


def test_a_clerk_of_another_committee_is_kept_out(en, draft):
    stranger = UserFactory()
    RoleFactory(user=stranger, organization=OrganizationFactory(kind="superior"), kind=RoleKind.CLERK)
    en.force_login(stranger)
    assert en.get(url("plan_detail", draft)).status_code == 404
    assert en.post(url("plan_issue", draft)).status_code == 404
