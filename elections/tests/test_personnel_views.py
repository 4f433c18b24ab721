"""The personnel plan's pages: what each person sees and does, refusals as messages, and a
bounded number of queries."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from branches.tests.factories import MemberFactory
from congress import rules
from congress.tests.builders import put_in_state
from elections.models import NominationVote, Nominee, NomineeRole, PersonnelPlan, PersonnelPlanState
from elections.services import personnel
from elections.tests.builders_personnel import CLERK, approved_plan, complete_plan, enough_for_a_committee, submitted_plan

pytestmark = pytest.mark.usefixtures("no_rendering")


def _url(name, pk):
    return reverse(name, kwargs={"pk": pk})


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def clerk(en, branch_clerk):
    en.force_login(branch_clerk)
    return en


@pytest.fixture
def leader(en, superior_leader):
    en.force_login(superior_leader)
    return en


@pytest.fixture
def draft(congress_a, branch_clerk):
    enough_for_a_committee(congress_a)
    return personnel.personnel_plan_update(
        acting_user=branch_clerk, plan=personnel.personnel_plan_create(acting_user=branch_clerk, congress=congress_a, actors=CLERK),
        actors=CLERK, elects_committee=True, committee_size=3,
    )


def test_the_clerk_prepares_the_plan_from_the_empty_page(clerk, congress_a):
    page = clerk.get(_url("personnel_plan", congress_a.pk))
    assert page.status_code == 200 and b'data-testid="create-plan"' in page.content
    response = clerk.post(_url("personnel_plan_create", congress_a.pk))
    assert response.status_code == 302 and response.url == _url("personnel_plan", congress_a.pk)
    assert PersonnelPlan.objects.get(congress=congress_a).revision == 1
    again = clerk.post(_url("personnel_plan_create", congress_a.pk))
    assert again.status_code == 302 and "The congress already has a personnel plan." in _messages(again)
    assert PersonnelPlan.objects.count() == 1


def test_a_viewer_reads_the_plan_without_buttons(en, superior_viewer, draft):
    en.force_login(superior_viewer)
    page = en.get(_url("personnel_plan", draft.congress_id)).content.decode()
    assert 'data-testid="indicators"' in page and "Revision 1" in page
    assert 'data-testid="edit-plan"' not in page and 'data-testid="nominee-form"' not in page
    assert 'data-testid="approve-plan"' not in page


def test_the_edit_form_saves_and_shows_refusals(clerk, draft):
    response = clerk.post(_url("personnel_plan_edit", draft.pk), {
        "elects_committee": "on", "committee_size": "8", "elects_deputy": "on", "women_target_percent": "15",
        "young_target_percent": "0", "young_age_limit": "40", "new_target_percent": "0", "delegates_allocated": "0",
        "alternates_planned": "0", "notes": "",
    })
    assert response.status_code == 200 and b"at most 7" in response.content
    response = clerk.post(_url("personnel_plan_edit", draft.pk), {
        "elects_committee": "on", "committee_size": "5", "elects_deputy": "on", "women_target_percent": "20",
        "young_target_percent": "10", "young_age_limit": "35", "new_target_percent": "0", "delegates_allocated": "1",
        "alternates_planned": "1", "notes": "Cơ cấu",
    })
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.committee_size, draft.women_target_percent, draft.young_age_limit, draft.notes) == (5, 20, 35, "Cơ cấu")


def test_the_leader_may_not_edit(leader, draft):
    assert leader.get(_url("personnel_plan_edit", draft.pk)).status_code == 403


def test_the_member_choice_lists_who_may_stand(clerk, draft, branch_a, member_a, member_b):
    probationary = MemberFactory(organization=branch_a, full_name="Lê Văn Dự Bị", status="probationary")
    page = clerk.get(_url("personnel_plan", draft.congress_id)).content.decode()
    assert member_a.full_name in page
    assert member_b.full_name not in page and probationary.full_name not in page


def test_nominating_and_removing(clerk, draft, member_a, member_b):
    response = clerk.post(_url("personnel_plan_nominee_add", draft.pk), {"member": member_a.pk, "role": "committee"})
    assert response.status_code == 302 and "Nguyễn Văn An is nominated as committee member." in _messages(response)
    nominee = Nominee.objects.get(personnel_plan=draft)
    refused = clerk.post(_url("personnel_plan_nominee_add", draft.pk), {"member": member_b.pk, "role": "committee"})
    assert refused.status_code == 302 and Nominee.objects.count() == 1
    assert any("Party member" in m for m in _messages(refused))
    response = clerk.post(_url("personnel_plan_nominee_remove", nominee.pk))
    assert response.status_code == 302 and not Nominee.objects.exists()


def test_recording_a_step(clerk, draft):
    step = draft.steps.first()
    assert clerk.get(_url("personnel_plan_step", step.pk)).status_code == 200
    response = clerk.post(_url("personnel_plan_step", step.pk), {
        "held_on": "02/05/2022", "participants": "10", "votes_for": "8", "votes_against": "3",
    })
    assert response.status_code == 200 and b"cannot be more than the people taking part" in response.content
    response = clerk.post(_url("personnel_plan_step", step.pk), {
        "held_on": "02/05/2022", "participants": "10", "votes_for": "8", "votes_against": "2", "notes": "Phiếu kín",
    })
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.is_recorded and step.votes_against == 2


def test_submitting_an_incomplete_plan_explains_what_is_missing(clerk, draft):
    response = clerk.post(_url("personnel_plan_submit", draft.pk))
    assert response.status_code == 302
    assert any("Nominate the secretary." in m for m in _messages(response))
    draft.refresh_from_db()
    assert draft.state == PersonnelPlanState.DRAFT


def test_the_clerk_submits_and_the_leader_approves(en, branch_clerk, superior_leader, congress_a):
    plan = complete_plan(congress_a, clerk=branch_clerk)
    en.force_login(branch_clerk)
    assert en.post(_url("personnel_plan_submit", plan.pk)).status_code == 302
    en.force_login(superior_leader)
    page = en.get(_url("personnel_plan", congress_a.pk)).content.decode()
    assert 'data-testid="approve-plan"' in page
    response = en.post(_url("personnel_plan_approve", plan.pk), {"comment": "Đồng ý"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.state, plan.decision_comment) == ("approved", "Đồng ý")


def test_returning_without_a_comment_is_refused(leader, congress_a, branch_clerk):
    plan = submitted_plan(congress_a, clerk=branch_clerk)
    response = leader.post(_url("personnel_plan_return", plan.pk), {"comment": ""})
    assert response.status_code == 302 and "Say what must be revised." in _messages(response)
    plan.refresh_from_db()
    assert plan.state == PersonnelPlanState.SUBMITTED
    leader.post(_url("personnel_plan_return", plan.pk), {"comment": "Thêm nữ"})
    plan.refresh_from_db()
    assert (plan.state, plan.decision_comment) == ("returned", "Thêm nữ")


def test_the_clerk_may_not_approve(clerk, congress_a, branch_clerk):
    plan = submitted_plan(congress_a, clerk=branch_clerk)
    assert clerk.post(_url("personnel_plan_approve", plan.pk)).status_code == 403
    plan.refresh_from_db()
    assert plan.state == PersonnelPlanState.SUBMITTED


def test_revising_an_approved_plan(clerk, congress_a, branch_clerk, superior_leader):
    plan = approved_plan(congress_a, clerk=branch_clerk, leader=superior_leader)
    response = clerk.post(_url("personnel_plan_revise", plan.pk))
    assert response.status_code == 302
    assert list(congress_a.personnel_plans.order_by("revision").values_list("state", flat=True)) == ["approved", "draft"]
    page = clerk.get(_url("personnel_plan", congress_a.pk)).content.decode()
    assert "Revision 2" in page and 'data-testid="revisions"' in page


def test_once_the_congress_is_held_writes_are_refused_with_a_message(clerk, draft, member_a):
    put_in_state(draft.congress, rules.HELD)
    for name, data in (
        ("personnel_plan_nominee_add", {"member": member_a.pk, "role": "committee"}),
        ("personnel_plan_submit", {}),
        ("personnel_plan_edit", {}),
    ):
        response = clerk.post(_url(name, draft.pk), data)
        assert response.status_code == 302
        assert "The personnel plan can change only until the congress is held." in _messages(response)
    step = draft.steps.first()
    response = clerk.post(_url("personnel_plan_step", step.pk), {"held_on": "02/05/2022"})
    assert response.status_code == 302
    assert not Nominee.objects.exists() and not NominationVote.objects.filter(held_on__isnull=False).exists()
    page = clerk.get(_url("personnel_plan", draft.congress_id))
    assert page.status_code == 200 and b'data-testid="state-message"' in page.content


def test_the_page_reads_in_a_bounded_number_of_queries(clerk, congress_a, branch_clerk, branch_a,
                                                       django_assert_max_num_queries):
    members = [MemberFactory(organization=branch_a) for _ in range(7)]
    plan = complete_plan(congress_a, clerk=branch_clerk, members=members, seats=7)
    personnel.personnel_plan_update(acting_user=branch_clerk, plan=plan, actors=CLERK, delegates_allocated=2)
    for member in members[2:4]:
        personnel.nominee_add(acting_user=branch_clerk, plan=plan, actors=CLERK, member=member, role=NomineeRole.OFFICIAL_DELEGATE)
    with django_assert_max_num_queries(20):  # 15 today, whatever the nominees, steps and history
        response = clerk.get(_url("personnel_plan", congress_a.pk))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="nominee"') == 7 + 2 + 2
