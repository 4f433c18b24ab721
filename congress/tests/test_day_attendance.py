"""The summons list and attendance of a members' congress: drawing it from the members,
marking it in one form, and the base for the majority shown with its breakdown."""

import re

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches.models import Member
from branches.tests.factories import MemberFactory
from congress.models import Attendance, Congress, CongressState
from congress.selectors import conditions
from congress.services.attendance import Mark, attendance_draw, attendance_record
from congress.tests.builders import put_in_state

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

# --- Shared by the other test_day_* modules ----------------------------------------------------


def draw(congress, clerk, state=CongressState.REVIEWED):
    """Draw the summons list of `congress` (put in `state` first)."""
    put_in_state(congress, state)
    attendance_draw(acting_user=clerk, congress=congress)
    return list(congress.attendance.select_related("member"))


def mark_all(congress, clerk, absent=(), **accepted):
    """Mark every row present but the members named in `absent` (full names); `accepted`: full
    name -> accepted reason."""
    marks = {}
    for row in congress.attendance.select_related("member"):
        name = row.member.full_name
        if name in accepted:
            marks[row.pk] = Mark(None, False, True, accepted[name])
        else:
            marks[row.pk] = Mark(None, name not in absent)
    attendance_record(acting_user=clerk, congress=congress, marks=marks)


def members(branch, count, status="official", prefix="Đảng viên"):
    return [MemberFactory(organization=branch, full_name=f"{prefix} {i:03d}", status=status) for i in range(count)]


def facts(row, membership="official", situation="none") -> dict:
    """The two fields of a row's facts on the congress date, as the attendance form posts them."""
    return {f"membership_{row}": membership, f"situation_{row}": situation}


# --- Drawing the summons list ------------------------------------------------------------------


def test_the_list_is_drawn_from_the_branch_members_with_their_two_facts(congress_a, branch_clerk, member_a, member_b):
    # docs/domain.md §1.4 (Decision D4): official or probationary, and the situation, are copied.
    probationary = MemberFactory(organization=congress_a.organization, full_name="Lê Thị Dự", status="probationary")
    elsewhere = MemberFactory(organization=congress_a.organization, full_name="Hồ Thị Xa", membership="probationary",
                              situation="transferred_temporarily")
    rows = draw(congress_a, branch_clerk, CongressState.PREPARING)
    assert {(r.member_id, r.membership, r.situation, r.present) for r in rows} == {
        (member_a.pk, "official", "none", None), (probationary.pk, "probationary", "none", None),
        (elsewhere.pk, "probationary", "transferred_temporarily", None),
    }
    created = LogEntry.objects.filter(additional_data__action="congress.attendance.drawn", action=LogEntry.Action.CREATE)
    assert created.count() == 3 and {e.actor for e in created} == {branch_clerk}
    assert LogEntry.objects.get_for_object(congress_a).filter(additional_data__action="congress.attendance.drawn").exists()


def test_a_committee_congress_summons_the_members_of_its_whole_subtree(open_plan, superior, member_a, member_b, superior_clerk):
    congress = Congress.objects.create(plan=open_plan, organization=superior, ordinal=1, kind="members", state="preparing")
    own = MemberFactory(organization=superior, full_name="Hoàng Văn Ủy")
    attendance_draw(acting_user=superior_clerk, congress=congress)
    assert set(congress.attendance.values_list("member_id", flat=True)) == {member_a.pk, member_b.pk, own.pk}


def test_drawing_again_keeps_the_marks_and_follows_who_joined_and_left(congress_a, branch_clerk, branch_b, member_a):
    leaving = MemberFactory(organization=congress_a.organization, full_name="Đỗ Văn Đi")
    rows = draw(congress_a, branch_clerk)
    row_a = next(r for r in rows if r.member_id == member_a.pk)
    attendance_record(acting_user=branch_clerk, congress=congress_a, marks={row_a.pk: Mark("official", False, False, "", situation="exempt")})
    Member.objects.filter(pk=leaving.pk).update(organization=branch_b)
    joining = MemberFactory(organization=congress_a.organization, full_name="Vũ Thị Đến")

    drawn = attendance_draw(acting_user=branch_clerk, congress=congress_a)

    assert (drawn.added, drawn.removed, drawn.kept) == (1, 1, 1)
    kept = Attendance.objects.get(pk=row_a.pk)
    assert (kept.situation, kept.present) == ("exempt", False)  # the corrected situation and the mark stay
    assert set(congress_a.attendance.values_list("member_id", flat=True)) == {member_a.pk, joining.pk}
    assert LogEntry.objects.filter(additional_data__action="congress.attendance.drawn", action=LogEntry.Action.DELETE).count() == 1


def test_the_list_is_drawn_from_the_preparation_on(congress_a, branch_clerk, member_a):
    with pytest.raises(ValidationError, match="Start preparing the congress"):
        attendance_draw(acting_user=branch_clerk, congress=congress_a)
    assert not congress_a.attendance.exists()


def test_a_held_congress_keeps_its_attendance(congress_a, branch_clerk, member_a):
    rows = draw(congress_a, branch_clerk)
    put_in_state(congress_a, CongressState.HELD)
    with pytest.raises(ValidationError, match="recorded as held"):
        attendance_draw(acting_user=branch_clerk, congress=congress_a)
    with pytest.raises(ValidationError, match="recorded as held"):
        attendance_record(acting_user=branch_clerk, congress=congress_a, marks={rows[0].pk: Mark("official", True)})
    assert Attendance.objects.get(pk=rows[0].pk).present is None


# --- Marking it --------------------------------------------------------------------------------


def test_marks_are_saved_and_audited_row_by_row(congress_a, branch_clerk, member_a):
    other = MemberFactory(organization=congress_a.organization, full_name="Bùi Văn Vắng")
    rows = {r.member_id: r for r in draw(congress_a, branch_clerk, CongressState.SUBMITTED)}
    marks = {
        rows[member_a.pk].pk: Mark("official", True),
        rows[other.pk].pk: Mark("official", False, True, "  Ốm nằm viện  "),
    }
    assert attendance_record(acting_user=branch_clerk, congress=congress_a, marks=marks) == 2
    absent = Attendance.objects.get(pk=rows[other.pk].pk)
    assert (absent.present, absent.absence_accepted, absent.absence_reason) == (False, True, "Ốm nằm viện")
    assert conditions(congress_a)["attendance_recorded"]
    entries = LogEntry.objects.filter(additional_data__action="congress.attendance.recorded", action=LogEntry.Action.UPDATE)
    row_entry = entries.get(object_pk=str(absent.pk))
    assert row_entry.actor == branch_clerk and row_entry.changes["present"] == ["None", "False"]
    assert entries.filter(object_pk=str(congress_a.pk), content_type__model="congress").exists()
    # The same marks again change nothing and write nothing.
    before = LogEntry.objects.count()
    assert attendance_record(acting_user=branch_clerk, congress=congress_a, marks=marks) == 0
    assert LogEntry.objects.count() == before


@pytest.mark.parametrize(("mark", "message"), [
    (Mark("official", True, True, "Ốm"), "Only an absence can have an accepted reason"),
    (Mark("official", None, True, "Ốm"), "Only an absence can have an accepted reason"),
    (Mark("official", False, True, " "), "Write the reason"),
    (Mark("retired", True), "Choose official or probationary"),
    (Mark("official", True, situation="retired"), "Choose a situation"),
    (Mark("official", False, True, "Ốm " * 100), "at most 255 characters"),
])
def test_contradictory_marks_are_refused(congress_a, branch_clerk, member_a, mark, message):
    [row] = draw(congress_a, branch_clerk)
    with pytest.raises(ValidationError, match=message):
        attendance_record(acting_user=branch_clerk, congress=congress_a, marks={row.pk: mark})
    assert Attendance.objects.get(pk=row.pk).present is None


def test_marks_wait_for_the_submission_for_review(congress_a, branch_clerk, member_a):
    [row] = draw(congress_a, branch_clerk, CongressState.PREPARING)
    with pytest.raises(ValidationError, match="once the congress is submitted for review"):
        attendance_record(acting_user=branch_clerk, congress=congress_a, marks={row.pk: Mark("official", True)})


def test_a_list_drawn_again_meanwhile_is_not_overwritten(congress_a, branch_clerk, member_a):
    [row] = draw(congress_a, branch_clerk)
    with pytest.raises(ValidationError, match="drawn again meanwhile"):
        attendance_record(acting_user=branch_clerk, congress=congress_a, marks={row.pk + 1000: Mark("official", True)})


# --- The page ----------------------------------------------------------------------------------


def figures(html: str) -> dict[str, int]:
    """The attendance report of the page: label -> number."""
    card = html[html.index('data-testid="base"'):]
    return {label: int(n) for label, n in re.findall(r'<td>([^<]+)</td><td class="text-end"[^>]*>(\d+)</td>', card)}


def test_the_page_shows_the_base_with_its_exclusions(en, branch_clerk, congress_a):
    branch = congress_a.organization
    cast = {
        "Official Present": "official", "Official Present Two": "official", "Official Excused": "official",
        "Official Missing": "official", "Exempt Absent": "exempt", "Exempt Present": "exempt",
        "Suspended Member": "suspended", "Transferred Member": "transferred_temporarily",
        "Probationary Member": "probationary",
    }
    for name, status in cast.items():
        MemberFactory(organization=branch, full_name=name, status=status)
    draw(congress_a, branch_clerk)
    mark_all(congress_a, branch_clerk, absent={"Official Missing", "Exempt Absent", "Suspended Member",
                                                "Transferred Member"}, **{"Official Excused": "Đi công tác"})
    en.force_login(branch_clerk)

    html = en.get(reverse("congress_attendance", kwargs={"pk": congress_a.pk})).content.decode()

    shown = figures(html)
    assert shown["Members summoned"] == 9
    assert shown["Official members summoned"] == 8
    assert shown["Probationary members (attend, not counted)"] == 1
    assert shown["Present"] == 4
    assert shown["Temporarily active elsewhere and absent (not counted)"] == 1
    assert shown["Exempt members absent (not counted)"] == 1
    assert shown["Suspended, prosecuted or detained (not counted)"] == 1
    assert shown["Absent for the whole congress with an accepted reason (not counted)"] == 1
    assert shown["Absent without an accepted reason (still counted)"] == 1
    assert shown["Base for the majority"] == 4
    assert shown["Votes needed (more than half of the base)"] == 3
    assert re.search(r"Probationary Member <span[^>]*>attends, not counted</span>", html)


def test_one_post_saves_the_whole_list(en, branch_clerk, congress_a, member_a):
    other = MemberFactory(organization=congress_a.organization, full_name="Bùi Văn Vắng")
    rows = {r.member_id: r for r in draw(congress_a, branch_clerk)}
    a, b = rows[member_a.pk].pk, rows[other.pk].pk
    en.force_login(branch_clerk)
    response = en.post(reverse("congress_attendance", kwargs={"pk": congress_a.pk}), {
        **facts(a), f"present_{a}": "yes",
        **facts(b, situation="exempt"), f"present_{b}": "no", f"accepted_{b}": "on", f"reason_{b}": "Ốm",
    })
    assert response.status_code == 302
    assert dict(congress_a.attendance.values_list("member_id", "present")) == {member_a.pk: True, other.pk: False}
    assert Attendance.objects.get(pk=b).absence_reason == "Ốm"
    assert Attendance.objects.get(pk=b).situation == "exempt"


def test_everyone_left_unmarked_can_be_marked_present_at_once(en, branch_clerk, congress_a, member_a):
    other = MemberFactory(organization=congress_a.organization, full_name="Bùi Văn Vắng")
    rows = {r.member_id: r for r in draw(congress_a, branch_clerk)}
    a, b = rows[member_a.pk].pk, rows[other.pk].pk
    en.force_login(branch_clerk)
    en.post(reverse("congress_attendance", kwargs={"pk": congress_a.pk}), {
        **facts(a), **facts(b), f"present_{b}": "no", "rest_present": "on",
    })
    assert dict(congress_a.attendance.values_list("member_id", "present")) == {member_a.pk: True, other.pk: False}


def test_an_accepted_reason_for_a_present_member_is_shown_on_the_row(en, branch_clerk, congress_a, member_a):
    [row] = draw(congress_a, branch_clerk)
    en.force_login(branch_clerk)
    response = en.post(reverse("congress_attendance", kwargs={"pk": congress_a.pk}), {
        **facts(row.pk), f"present_{row.pk}": "yes", f"accepted_{row.pk}": "on",
    })
    assert response.status_code == 200
    assert "Only an absence can have an accepted reason." in response.content.decode()
    assert Attendance.objects.get(pk=row.pk).present is None


def test_a_held_congress_answers_with_the_reason(en, branch_clerk, congress_a, member_a):
    [row] = draw(congress_a, branch_clerk)
    put_in_state(congress_a, CongressState.HELD)
    en.force_login(branch_clerk)
    url = reverse("congress_attendance", kwargs={"pk": congress_a.pk})
    response = en.post(url, {**facts(row.pk), f"present_{row.pk}": "yes"}, follow=True)
    assert "recorded as held" in response.content.decode()
    assert Attendance.objects.get(pk=row.pk).present is None
    page = en.get(url).content.decode()
    assert 'name="present_' not in page and "not marked" in page  # read-only now


def test_drawing_from_the_page(en, branch_clerk, congress_a, member_a):
    put_in_state(congress_a, CongressState.PREPARING)
    en.force_login(branch_clerk)
    response = en.post(reverse("congress_attendance_draw", kwargs={"pk": congress_a.pk}), follow=True)
    assert "The summons list was drawn: 1 added, 0 removed, 0 kept" in response.content.decode()
    assert congress_a.attendance.count() == 1


def test_a_viewer_reads_the_list_without_the_form(client, superior_viewer, branch_clerk, congress_a, member_a):
    draw(congress_a, branch_clerk)
    client.force_login(superior_viewer)
    page = client.get(reverse("congress_attendance", kwargs={"pk": congress_a.pk})).content.decode()
    assert "Nguyễn Văn An" in page and 'name="present_' not in page and 'data-testid="draw"' not in page


# --- A hundred members -------------------------------------------------------------------------


@pytest.fixture
def hundred(congress_a, branch_clerk):
    members(congress_a.organization, 90)
    members(congress_a.organization, 10, status="probationary", prefix="Dự bị")
    return draw(congress_a, branch_clerk)


def test_the_page_of_a_hundred_members_takes_a_bounded_number_of_queries(
    en, branch_clerk, congress_a, hundred, django_assert_max_num_queries,
):
    mark_all(congress_a, branch_clerk, absent={"Đảng viên 001"}, **{"Đảng viên 002": "Ốm"})
    en.force_login(branch_clerk)
    url = reverse("congress_attendance", kwargs={"pk": congress_a.pk})
    en.get(url)
    with django_assert_max_num_queries(10):
        response = en.get(url)
    assert response.content.decode().count('data-testid="attendance-row"') == 100


def test_saving_a_hundred_marks_takes_a_bounded_number_of_queries(
    en, branch_clerk, congress_a, hundred, django_assert_max_num_queries,
):
    en.force_login(branch_clerk)
    data = {key: value for row in hundred for key, value in facts(row.pk, row.membership, row.situation).items()}
    data.update({f"present_{row.pk}": "yes" for row in hundred})
    data[f"present_{hundred[0].pk}"] = "no"
    # 4 of them seal the audit rows into the audit trail's chain, however many rows (branches.seals).
    with django_assert_max_num_queries(18):
        response = en.post(reverse("congress_attendance", kwargs={"pk": congress_a.pk}), data)
    assert response.status_code == 302
    assert congress_a.attendance.filter(present=True).count() == 99
    assert LogEntry.objects.filter(additional_data__action="congress.attendance.recorded").count() == 101
