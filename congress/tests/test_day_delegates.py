"""The summons list of a delegates' congress: the convening committee drawn from the committee's
seats, the elected delegates added by name, the marks with alternates, and the delegates' base
(docs/domain.md §3) on the pages, in the votes and in the minutes."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from branches.tests.factories import CommitteeSeatFactory, MemberFactory, TermFactory
from congress.models import Attendance, Congress, CongressState, ShowOfHands, VoteSubject
from congress.services.attendance import Mark, attendance_draw, attendance_record, delegate_add, delegate_remove
from congress.services.minutes import minutes_draft
from congress.services.votes import resolution_adopt, show_of_hands_record
from congress.tests.builders import put_in_state
from congress.tests.test_day_resolution import draft_resolution
from documents.models import DocumentState

pytestmark = pytest.mark.usefixtures("english", "no_rendering")


@pytest.fixture
def delegates_congress(open_plan, superior):
    """The superior's own congress (term 2022–2025 of the plan), a delegates' congress."""
    return Congress.objects.create(
        plan=open_plan, organization=superior, ordinal=1, kind="delegates", state=CongressState.PREPARING,
    )


@pytest.fixture
def committee(superior):
    """The committee of 2020–2025 (the latest term before the plan's): two official members and a
    probationary one; an older and a later committee that must not count."""
    current = TermFactory(start_year=2020, end_year=2025)
    older = TermFactory(start_year=2015, end_year=2020)
    later = TermFactory(start_year=2025, end_year=2030)
    chair = MemberFactory(organization=superior, full_name="Lê Văn Bí")
    deputy = MemberFactory(organization=superior, full_name="Phạm Thị Phó")
    CommitteeSeatFactory(organization=superior, term=current, member=chair, position="secretary")
    CommitteeSeatFactory(organization=superior, term=current, member=deputy, position="member")
    CommitteeSeatFactory(
        organization=superior, term=current, position="member",
        member=MemberFactory(organization=superior, full_name="Đỗ Văn Dự", status="probationary"),
    )
    CommitteeSeatFactory(organization=superior, term=older, member=MemberFactory(organization=superior, full_name="Cũ Văn Xưa"))
    CommitteeSeatFactory(organization=superior, term=later, member=MemberFactory(organization=superior, full_name="Mới Văn Sau"))
    return [chair, deputy]


def names(congress):
    return {
        (row.member.full_name, row.is_convening_committee_member)
        for row in congress.attendance.select_related("member")
    }


def row_of(congress, member):
    return congress.attendance.get(member=member)


# --- Drawing the convening committee and adding delegates --------------------------------------


def test_the_convening_committee_is_drawn_from_the_latest_seats_before_the_term(
    delegates_congress, committee, superior_clerk, member_a,
):
    drawn = attendance_draw(acting_user=superior_clerk, congress=delegates_congress)

    assert (drawn.added, drawn.removed, drawn.kept) == (2, 0, 0)
    assert names(delegates_congress) == {("Lê Văn Bí", True), ("Phạm Thị Phó", True)}
    created = LogEntry.objects.filter(additional_data__action="congress.attendance.drawn", action=LogEntry.Action.CREATE)
    assert created.count() == 2


def test_drawing_again_follows_the_committee_and_keeps_the_delegates_added(
    delegates_congress, committee, superior_clerk, member_a, superior,
):
    chair, deputy = committee
    attendance_draw(acting_user=superior_clerk, congress=delegates_congress)
    delegate_add(acting_user=superior_clerk, congress=delegates_congress, member=member_a)
    deputy.committee_seats.all().delete()  # left the committee
    newcomer = MemberFactory(organization=superior, full_name="Vũ Văn Mới")
    CommitteeSeatFactory(organization=superior, term=chair.committee_seats.get().term, member=newcomer)

    drawn = attendance_draw(acting_user=superior_clerk, congress=delegates_congress)

    assert (drawn.added, drawn.removed, drawn.kept) == (1, 1, 2)
    assert names(delegates_congress) == {("Lê Văn Bí", True), ("Vũ Văn Mới", True), ("Nguyễn Văn An", False)}


def test_a_delegate_on_the_committee_becomes_a_delegate_by_right(delegates_congress, committee, superior_clerk):
    chair, _deputy = committee
    delegate_add(acting_user=superior_clerk, congress=delegates_congress, member=chair)
    attendance_draw(acting_user=superior_clerk, congress=delegates_congress)
    assert row_of(delegates_congress, chair).is_convening_committee_member


def test_delegates_are_official_members_of_the_subtree(
    delegates_congress, superior_clerk, member_a, member_b, branch_a,
):
    row = delegate_add(acting_user=superior_clerk, congress=delegates_congress, member=member_b)
    assert (row.membership, row.is_convening_committee_member, row.present) == ("official", False, None)

    probationary = MemberFactory(organization=branch_a, full_name="Hồ Thị Mới", status="probationary")
    with pytest.raises(ValidationError, match="not an official member"):
        delegate_add(acting_user=superior_clerk, congress=delegates_congress, member=probationary)
    outside = MemberFactory(full_name="Người Ngoài")
    with pytest.raises(ValidationError, match="not an official member"):
        delegate_add(acting_user=superior_clerk, congress=delegates_congress, member=outside)
    with pytest.raises(ValidationError, match="already on the list"):
        delegate_add(acting_user=superior_clerk, congress=delegates_congress, member=member_b)
    assert names(delegates_congress) == {("Trần Thị Bình", False)}


def test_a_members_congress_takes_no_delegates(congress_a, branch_clerk, member_a):
    put_in_state(congress_a, CongressState.PREPARING)
    with pytest.raises(ValidationError, match="only to a delegates' congress"):
        delegate_add(acting_user=branch_clerk, congress=congress_a, member=member_a)
    assert not congress_a.attendance.exists()


def test_an_elected_delegate_is_removed_but_not_a_convening_member(
    delegates_congress, committee, superior_clerk, member_a,
):
    attendance_draw(acting_user=superior_clerk, congress=delegates_congress)
    added = delegate_add(acting_user=superior_clerk, congress=delegates_congress, member=member_a)

    delegate_remove(acting_user=superior_clerk, congress=delegates_congress, row_pk=added.pk)
    with pytest.raises(ValidationError, match="convening committee"):
        delegate_remove(acting_user=superior_clerk, congress=delegates_congress,
                        row_pk=row_of(delegates_congress, committee[0]).pk)
    with pytest.raises(ValidationError, match="no longer on the list"):
        delegate_remove(acting_user=superior_clerk, congress=delegates_congress, row_pk=added.pk)

    assert names(delegates_congress) == {("Lê Văn Bí", True), ("Phạm Thị Phó", True)}
    removed = LogEntry.objects.get(action=LogEntry.Action.DELETE, content_type__model="attendance")
    assert removed.additional_data["action"] == "congress.attendance.drawn" and removed.actor == superior_clerk


def test_the_list_is_frozen_once_the_congress_is_held(delegates_congress, superior_clerk, member_a):
    put_in_state(delegates_congress, CongressState.HELD)
    with pytest.raises(ValidationError, match="recorded as held"):
        delegate_add(acting_user=superior_clerk, congress=delegates_congress, member=member_a)


# --- Marks and the base ------------------------------------------------------------------------


@pytest.fixture
def day(delegates_congress, committee, superior_clerk, superior):
    """Two convening committee members (one absent) and four elected delegates: two present, one
    absent replaced by an alternate, one absent not replaced. Base 6 − 1 − 1 = 4, 3 votes needed;
    voters: 3 delegates present + 1 alternate = 4."""
    attendance_draw(acting_user=superior_clerk, congress=delegates_congress)
    elected = [MemberFactory(organization=superior, full_name=f"Đại biểu {i}") for i in range(4)]
    for member in elected:
        delegate_add(acting_user=superior_clerk, congress=delegates_congress, member=member)
    put_in_state(delegates_congress, CongressState.REVIEWED)
    chair, deputy = committee
    marks = {
        row_of(delegates_congress, chair).pk: Mark("official", True),
        row_of(delegates_congress, deputy).pk: Mark("official", False),
        row_of(delegates_congress, elected[0]).pk: Mark("official", True),
        row_of(delegates_congress, elected[1]).pk: Mark("official", True),
        row_of(delegates_congress, elected[2]).pk: Mark("official", False, replaced_by_alternate=True),
        row_of(delegates_congress, elected[3]).pk: Mark("official", False),
    }
    attendance_record(acting_user=superior_clerk, congress=delegates_congress, marks=marks)
    return delegates_congress


def test_marks_record_the_alternates(day, committee):
    replaced = day.attendance.filter(replaced_by_alternate=True).select_related("member")
    assert [row.member.full_name for row in replaced] == ["Đại biểu 2"]


def test_an_alternate_replaces_only_an_absent_elected_delegate(day, committee, superior_clerk):
    chair, deputy = committee
    present = day.attendance.get(member__full_name="Đại biểu 0")
    with pytest.raises(ValidationError, match="Only an absent delegate"):
        attendance_record(acting_user=superior_clerk, congress=day,
                          marks={present.pk: Mark("official", True, replaced_by_alternate=True)})
    with pytest.raises(ValidationError, match="convening committee is not replaced"):
        attendance_record(acting_user=superior_clerk, congress=day, marks={
            row_of(day, deputy).pk: Mark("official", False, replaced_by_alternate=True),
        })
    assert day.attendance.filter(replaced_by_alternate=True).count() == 1


def test_a_members_congress_has_no_alternates(congress_a, branch_clerk, member_a):
    put_in_state(congress_a, CongressState.REVIEWED)
    attendance_draw(acting_user=branch_clerk, congress=congress_a)
    row = congress_a.attendance.get()
    with pytest.raises(ValidationError, match="Only a delegate"):
        attendance_record(acting_user=branch_clerk, congress=congress_a,
                          marks={row.pk: Mark("official", False, replaced_by_alternate=True)})


@pytest.mark.parametrize("fields", [
    {"present": True, "replaced_by_alternate": True},
    {"present": None, "replaced_by_alternate": True},
    {"present": False, "replaced_by_alternate": True, "is_convening_committee_member": True},
])
def test_the_database_refuses_impossible_replacements(day, fields):
    row = day.attendance.filter(replaced_by_alternate=False).first()
    for name, value in fields.items():
        setattr(row, name, value)
    with pytest.raises(ValidationError):
        row.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Attendance.objects.filter(pk=row.pk).update(**fields)


def test_the_page_shows_the_delegates_breakdown_and_base(en, day, superior_clerk):
    en.force_login(superior_clerk)
    page = en.get(reverse("congress_attendance", kwargs={"pk": day.pk})).content.decode()
    for label, number in [
        ("Official delegates summoned", 6), ("of whom members of the convening committee", 2), ("Present", 3),
        ("Absent", 3), ("Absent, replaced by an alternate delegate (counted)", 1),
        ("Absent members of the convening committee (not counted)", 1),
        ("Absent delegates not replaced by an alternate (not counted)", 1), ("Base for the majority", 4),
    ]:
        assert f'<td>{label}</td><td class="text-end">{number}</td>' in page.replace("&#x27;", "'")
    assert 'data-testid="required">3<' in page
    assert page.count('data-testid="convening"') == 2
    assert "Status on the congress date" not in page


def test_the_clerk_adds_marks_and_removes_delegates_on_the_page(
    en, delegates_congress, committee, superior_clerk, member_a,
):
    en.force_login(superior_clerk)
    url = reverse("congress_attendance", kwargs={"pk": delegates_congress.pk})
    en.post(reverse("congress_attendance_draw", kwargs={"pk": delegates_congress.pk}))
    response = en.post(reverse("congress_delegate_add", kwargs={"pk": delegates_congress.pk}),
                       {"member": member_a.pk}, follow=True)
    assert "Nguyễn Văn An was added to the delegates." in response.content.decode()
    response = en.post(reverse("congress_delegate_add", kwargs={"pk": delegates_congress.pk}), {"member": "x"},
                       follow=True)
    assert "The delegate was not added" in response.content.decode()

    put_in_state(delegates_congress, CongressState.SUBMITTED)
    rows = {row.member_id: row for row in delegates_congress.attendance.all()}
    chair, deputy = committee
    data = {
        f"present_{rows[chair.pk].pk}": "yes", f"present_{rows[deputy.pk].pk}": "no",
        f"present_{rows[member_a.pk].pk}": "yes", f"replaced_{rows[member_a.pk].pk}": "on",
    }
    page = en.post(url, data).content.decode()
    assert "Only an absent delegate can be replaced by an alternate." in page
    assert not delegates_congress.attendance.filter(present__isnull=False).exists()
    data[f"present_{rows[member_a.pk].pk}"] = "no"
    assert en.post(url, data).status_code == 302
    assert Attendance.objects.get(pk=rows[member_a.pk].pk).replaced_by_alternate

    put_in_state(delegates_congress, CongressState.PREPARING)
    response = en.post(reverse("congress_delegate_remove", kwargs={"pk": delegates_congress.pk}),
                       {"row": rows[member_a.pk].pk}, follow=True)
    assert "Nguyễn Văn An was removed from the delegates." in response.content.decode()
    response = en.post(reverse("congress_delegate_remove", kwargs={"pk": delegates_congress.pk}),
                       {"row": rows[chair.pk].pk}, follow=True)
    assert "delegate by right" in response.content.decode()
    assert names(delegates_congress) == {("Lê Văn Bí", True), ("Phạm Thị Phó", True)}


# --- Votes, the resolution and the minutes against the delegates' base -------------------------


def test_votes_count_the_alternates_among_the_voters(day, superior_clerk):
    # 3 delegates present + 1 alternate may raise a hand.
    with pytest.raises(ValidationError, match="only 4 delegates present"):
        show_of_hands_record(acting_user=superior_clerk, congress=day, subject=VoteSubject.AGENDA, votes_for=5)
    vote = show_of_hands_record(acting_user=superior_clerk, congress=day, subject=VoteSubject.AGENDA, votes_for=4)
    assert (vote.base, vote.passed) == (4, True)


def test_the_bodies_are_elected_among_the_delegates_present(day, committee, superior_clerk):
    chair, deputy = committee
    with pytest.raises(ValidationError, match="official delegates present"):
        show_of_hands_record(acting_user=superior_clerk, congress=day, subject=VoteSubject.PRESIDIUM, votes_for=4,
                             members=[deputy])
    vote = show_of_hands_record(acting_user=superior_clerk, congress=day, subject=VoteSubject.PRESIDIUM,
                                votes_for=4, members=[chair])
    assert list(vote.members.all()) == [chair]


def test_the_resolution_passes_against_the_delegates_base(day, superior_clerk, superior_leader):
    draft = draft_resolution(day, superior_clerk, superior_leader)
    failed = resolution_adopt(acting_user=superior_clerk, congress=day, votes_for=2)
    assert (failed.base, failed.passed) == (4, False)
    draft.refresh_from_db()
    assert draft.state == DocumentState.APPROVED

    adopted = resolution_adopt(acting_user=superior_clerk, congress=day, votes_for=3, votes_against=1)

    assert (adopted.base, adopted.passed) == (4, True)
    draft.refresh_from_db()
    assert draft.state == DocumentState.ISSUED
    assert ShowOfHands.objects.get(congress=day, subject=VoteSubject.RESOLUTION).votes_for == 3


def test_the_votes_page_names_the_delegates(en, day, superior_clerk):
    en.force_login(superior_clerk)
    page = en.get(reverse("congress_votes", kwargs={"pk": day.pk})).content.decode()
    assert "Base for the majority: <strong>4</strong>" in page and "votes needed: <strong>3</strong>" in page
    assert "alternates in an absent delegate" in page and ": 4</p>" in page


def test_the_minutes_show_the_delegates_figures(day, superior_clerk):
    document = minutes_draft(acting_user=superior_clerk, congress=day)
    body = document.versions.order_by("-number").first().body
    assert "2. Đại biểu chính thức" in body
    assert "Tổng số đại biểu chính thức được triệu tập: 6 đồng chí" in body
    assert "cấp ủy triệu tập Đại hội vắng mặt: 1" in body
    assert "không có đại biểu dự khuyết thay thế: 1" in body
    assert "Số đại biểu được tính để xác định kết quả biểu quyết, bầu cử: 4 đồng chí" in body
    assert "ít nhất 3 đồng chí" in body
    assert "đảng viên dự bị" not in body


def test_the_panel_shows_the_delegates_base(en, day, superior_clerk):
    en.force_login(superior_clerk)
    page = en.get(reverse("congress_detail", kwargs={"pk": day.pk})).content.decode()
    assert 'data-testid="day-delegates"' in page
    assert "3 present of 6 summoned" in page and "base 4" in page and "votes needed 3" in page
