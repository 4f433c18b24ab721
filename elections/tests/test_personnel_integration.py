"""The personnel plan in the congress round: submitting the congress for review needs a
submitted plan, concluding the review an approved one (congress.hooks), and the congress page
and its review panel show where the plan stands."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from congress import hooks, rules
from congress.models import Congress, CongressDocumentRole
from congress.rules import Move
from congress.selectors import conditions
from congress.services import reviews
from congress.services.moves import congress_move
from congress.tests.test_review_services import attach, schedule
from elections.models import PersonnelPlan, PersonnelPlanState
from elections.services import personnel
from elections.tests.builders_personnel import CLERK, LEADER, approved_plan, complete_plan, submitted_plan

pytestmark = pytest.mark.usefixtures("english", "no_rendering")


def _preparing(congress, clerk):
    for role in (CongressDocumentRole.POLITICAL_REPORT, CongressDocumentRole.DRAFT_RESOLUTION):
        attach(congress, clerk, role)
    return congress_move(acting_user=clerk, congress=congress, move=Move.START_PREPARING, actors=CLERK)


def _submit(congress, clerk):
    return congress_move(acting_user=clerk, congress=congress, move=Move.SUBMIT_FOR_REVIEW, actors=CLERK)


def test_the_elections_app_registers_both_conditions():
    assert {"personnel_plan_ready", "personnel_plan_approved"} <= set(hooks.registered_conditions())


def test_without_the_hooks_the_congress_app_needs_no_plan(congress_a):
    with hooks.override(personnel_plan_ready=None, personnel_plan_approved=None):
        facts = conditions(congress_a)
    assert facts["personnel_plan_ready"] and facts["personnel_plan_approved"]


def test_conditions_follow_the_current_revision(congress_a, branch_clerk, superior_leader):
    assert not conditions(congress_a)["personnel_plan_ready"]
    plan = complete_plan(congress_a, clerk=branch_clerk)
    assert not conditions(congress_a)["personnel_plan_ready"]
    personnel.personnel_plan_submit(acting_user=branch_clerk, plan=plan, actors=CLERK)
    facts = conditions(congress_a)
    assert facts["personnel_plan_ready"] and not facts["personnel_plan_approved"]
    personnel.personnel_plan_approve(acting_user=superior_leader, plan=plan, actors=LEADER)
    assert conditions(congress_a)["personnel_plan_approved"]
    personnel.personnel_plan_revise(acting_user=branch_clerk, plan=plan, actors=CLERK)
    facts = conditions(congress_a)
    assert not facts["personnel_plan_ready"] and not facts["personnel_plan_approved"]


def test_submitting_the_congress_is_refused_without_a_submitted_plan(congress_a, branch_clerk):
    congress = _preparing(congress_a, branch_clerk)
    complete_plan(congress, clerk=branch_clerk)
    with pytest.raises(ValidationError, match="personnel plan is not ready for review"):
        _submit(congress, branch_clerk)
    congress.refresh_from_db()
    assert congress.state == rules.PREPARING


def test_a_submitted_plan_lets_the_congress_go_to_review(congress_a, branch_clerk):
    congress = _preparing(congress_a, branch_clerk)
    submitted_plan(congress, clerk=branch_clerk)
    assert _submit(congress, branch_clerk).state == rules.SUBMITTED


def _reviewed_session(congress, branch_clerk, superior_clerk, superior_leader, verdict="approved"):
    congress = _preparing(congress, branch_clerk)
    plan = submitted_plan(congress, clerk=branch_clerk)
    congress = _submit(congress, branch_clerk)
    session = schedule(congress, superior_clerk)
    comment = "" if verdict == "approved" else "Bổ sung số liệu."
    items = {item.key: (verdict, comment) for item in reviews.review_items(congress)}
    reviews.review_decide(acting_user=superior_leader, session=session, decisions=items, actors=LEADER)
    return congress, plan, session


def test_concluding_the_review_is_refused_without_an_approved_plan(
    congress_a, branch_clerk, superior_clerk, superior_leader,
):
    congress, _plan, session = _reviewed_session(congress_a, branch_clerk, superior_clerk, superior_leader)
    with pytest.raises(ValidationError, match="personnel plan is not approved yet"):
        reviews.review_conclude(acting_user=superior_leader, session=session, actors=LEADER)
    congress.refresh_from_db()
    session.refresh_from_db()
    assert congress.state == rules.SUBMITTED and session.concluded_at is None


def test_an_approved_plan_lets_the_review_conclude(congress_a, branch_clerk, superior_clerk, superior_leader):
    congress, plan, session = _reviewed_session(congress_a, branch_clerk, superior_clerk, superior_leader)
    personnel.personnel_plan_approve(acting_user=superior_leader, plan=plan, actors=LEADER)
    reviews.review_conclude(acting_user=superior_leader, session=session, actors=LEADER)
    congress.refresh_from_db()
    assert congress.state == rules.REVIEWED


def test_a_review_returning_the_documents_needs_no_approved_plan(
    congress_a, branch_clerk, superior_clerk, superior_leader,
):
    congress, _plan, session = _reviewed_session(
        congress_a, branch_clerk, superior_clerk, superior_leader, verdict="revise",
    )
    reviews.review_conclude(acting_user=superior_leader, session=session, actors=LEADER)
    congress.refresh_from_db()
    assert congress.state == rules.PREPARING


def test_the_congress_page_links_the_plan_and_shows_its_state(en, congress_a, branch_clerk, superior_leader):
    client = en
    client.force_login(branch_clerk)
    page = client.get(reverse("congress_detail", kwargs={"pk": congress_a.pk})).content.decode()
    assert reverse("personnel_plan", kwargs={"pk": congress_a.pk}) in page
    assert 'data-testid="personnel-elections"' in page and "Not prepared yet" in page
    approved_plan(congress_a, clerk=branch_clerk, leader=superior_leader)
    page = client.get(reverse("congress_detail", kwargs={"pk": congress_a.pk})).content.decode()
    assert "Revision 1: Approved" in page


def test_the_review_panel_shows_the_plan(en, congress_a, branch_clerk, superior_leader):
    congress = _preparing(congress_a, branch_clerk)
    submitted_plan(congress, clerk=branch_clerk)
    _submit(congress, branch_clerk)
    client = en
    client.force_login(superior_leader)
    page = client.get(reverse("congress_detail", kwargs={"pk": congress.pk})).content.decode()
    assert 'data-testid="review-personnel-plan"' in page
    assert "Revision 1: Submitted to the superior" in page
    assert "The review can be concluded once a leader of the superior approves it." in page


def _run(command: str) -> str:
    out = io.StringIO()
    call_command(command, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_demo_round_goes_through_the_personnel_plans(db):
    _run("seed_demo")
    _run("seed_demo_documents")
    assert "Demo congress round loaded" in _run("seed_demo_congress")
    from_submitted = {rules.SUBMITTED, rules.REVIEWED, rules.HELD, rules.RESULTS_REPORTED, rules.RATIFIED}
    for congress in Congress.objects.filter(state__in=from_submitted):
        assert personnel.current_plan(congress).state == PersonnelPlanState.APPROVED, congress
    drafts = PersonnelPlan.objects.filter(congress__state=rules.PREPARING, state=PersonnelPlanState.DRAFT)
    assert drafts.count() == 1
    assert Congress.objects.filter(state__in=from_submitted).count() == PersonnelPlan.objects.filter(
        state=PersonnelPlanState.APPROVED,
    ).count()
