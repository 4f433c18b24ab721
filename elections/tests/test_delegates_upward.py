"""Delegates carried upward (docs/domain.md §3, "Delegates"; issue 16): the official delegates a
congress elects are drawn onto the summons list of the delegates' congress directly above it,
with the convening committee, so that nobody types them again. Alternates, rounds not closed,
congresses of another term, annulled congresses and members who may no longer stand are not."""

import pytest
from django.urls import reverse

from branches.models import Situation
from branches.tests.factories import CommitteeSeatFactory, MemberFactory, OrganizationFactory, TermFactory
from congress.models import Congress, CongressState
from congress.services.attendance import Mark, attendance_draw, attendance_record
from congress.tests.builders import put_in_state
from elections.models import Candidate, ElectionState
from elections.tests.builders_minutes import closed_election

pytestmark = pytest.mark.usefixtures("no_rendering")

ELECTED = {"Lê Thị Hoa", "Nguyễn Thị Lan", "Trần Văn Bình"}  # 9, 7 and 6 votes of a base of 11


@pytest.fixture
def delegates_congress(open_plan, superior):
    """The superior's own congress in the plan's term, a delegates' congress."""
    return Congress.objects.create(
        plan=open_plan, organization=superior, ordinal=1, kind="delegates", state=CongressState.PREPARING,
    )


@pytest.fixture
def branch_delegates(congress_a, branch_clerk):
    """Branch A's congress, held, elected three official delegates of four names."""
    return closed_election(congress_a, created_by=branch_clerk, kind="official_delegates", state_of_congress="held")


def on_list(congress) -> dict[str, bool]:
    return {row.member.full_name: row.is_convening_committee_member for row in congress.attendance.select_related("member")}


def test_the_delegates_elected_below_are_drawn_with_the_convening_committee(
    delegates_congress, branch_delegates, superior, superior_clerk,
):
    chair = MemberFactory(organization=superior, full_name="Lê Văn Bí")
    CommitteeSeatFactory(organization=superior, term=TermFactory(start_year=2020, end_year=2025), member=chair, position="secretary")

    drawn = attendance_draw(acting_user=superior_clerk, congress=delegates_congress)

    assert on_list(delegates_congress) == {"Lê Văn Bí": True, **dict.fromkeys(ELECTED, False)}
    assert (drawn.added, drawn.elected_below) == (4, 3)


def test_only_closed_official_rounds_of_held_congresses_of_the_term_directly_below_count(
    delegates_congress, branch_delegates, congress_b, branch_b, branch_a, superior, superior_clerk, branch_clerk, open_plan,
):
    closed_election(congress_b, created_by=branch_clerk, kind="alternate_delegates", state_of_congress="held",
                    votes=(("Dự Khuyết Một", 9),), seats=1)
    open_round = closed_election(congress_b, created_by=branch_clerk, kind="official_delegates", state_of_congress="",
                                 votes=(("Chưa Đóng Phiếu", 9),), seats=1)
    open_round.state = ElectionState.VOTING
    open_round.save()
    # A branch two levels down elects delegates to its own committee's congress, not to this one.
    cell = OrganizationFactory(parent=branch_a, name="Tổ đảng", kind="branch")
    below_below = Congress.objects.create(
        plan=open_plan, organization=cell, ordinal=1, kind="members", state=CongressState.PREPARING,
    )
    closed_election(below_below, created_by=branch_clerk, kind="official_delegates", state_of_congress="held",
                    votes=(("Cấp Dưới Nữa", 9),), seats=1)

    attendance_draw(acting_user=superior_clerk, congress=delegates_congress)

    assert set(on_list(delegates_congress)) == ELECTED


def test_an_annulled_congress_and_a_suspended_delegate_are_not_drawn(
    delegates_congress, branch_delegates, congress_a, superior_clerk,
):
    suspended = Candidate.objects.get(election=branch_delegates, member__full_name="Lê Thị Hoa").member
    suspended.situation = Situation.SUSPENDED
    suspended.save()
    attendance_draw(acting_user=superior_clerk, congress=delegates_congress)
    assert set(on_list(delegates_congress)) == ELECTED - {"Lê Thị Hoa"}

    put_in_state(congress_a, CongressState.ANNULLED)
    attendance_draw(acting_user=superior_clerk, congress=delegates_congress)
    assert set(on_list(delegates_congress)) == ELECTED - {"Lê Thị Hoa"}, "drawing again removes nobody added"


def test_drawing_again_keeps_the_marks_and_adds_the_delegates_elected_since(
    delegates_congress, congress_a, congress_b, branch_clerk, superior_clerk,
):
    attendance_draw(acting_user=superior_clerk, congress=delegates_congress)
    assert on_list(delegates_congress) == {}
    closed_election(congress_a, created_by=branch_clerk, kind="official_delegates", state_of_congress="held")
    attendance_draw(acting_user=superior_clerk, congress=delegates_congress)
    row = delegates_congress.attendance.get(member__full_name="Lê Thị Hoa")
    put_in_state(delegates_congress, CongressState.REVIEWED)  # marks are made from the review on
    attendance_record(acting_user=superior_clerk, congress=delegates_congress,
                      marks={row.pk: Mark(membership=None, present=False, replaced_by_alternate=True)})

    closed_election(congress_b, created_by=branch_clerk, kind="official_delegates", state_of_congress="held",
                    votes=(("Vũ Văn Mới", 9),), seats=1)
    drawn = attendance_draw(acting_user=superior_clerk, congress=delegates_congress)

    assert set(on_list(delegates_congress)) == ELECTED | {"Vũ Văn Mới"}
    assert (drawn.added, drawn.removed, drawn.elected_below) == (1, 0, 1)
    row.refresh_from_db()
    assert (row.present, row.replaced_by_alternate) == (False, True)


def test_a_delegate_who_left_the_committee_stays_as_elected_below(
    delegates_congress, branch_delegates, superior, superior_clerk,
):
    hoa = Candidate.objects.get(election=branch_delegates, member__full_name="Lê Thị Hoa").member
    seat = CommitteeSeatFactory(organization=superior, term=TermFactory(start_year=2020, end_year=2025), member=hoa)
    attendance_draw(acting_user=superior_clerk, congress=delegates_congress)
    assert on_list(delegates_congress)["Lê Thị Hoa"] is True  # by right first
    seat.delete()
    drawn = attendance_draw(acting_user=superior_clerk, congress=delegates_congress)
    assert on_list(delegates_congress)["Lê Thị Hoa"] is False
    assert drawn.removed == 0


def test_the_page_says_the_delegates_came_from_below(en, delegates_congress, branch_delegates, superior_clerk):
    en.force_login(superior_clerk)
    response = en.post(reverse("congress_attendance_draw", args=[delegates_congress.pk]), follow=True)
    page = response.content.decode()
    assert "3 official delegates elected by the congresses below were added to the list" in page
    for name in ELECTED:
        assert name in page
