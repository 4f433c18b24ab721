"""The summons list with a member's two facts (docs/domain.md §1.4): a member temporarily active
elsewhere who attends counts in the base and votes, absent is left out [01-HD/TW §13.2; 294-QĐ/TW
§9.3.2]; a suspended member never counts; and members temporarily attached from elsewhere are
summoned as guests who neither vote, nor stand, nor count [244-QĐ/TW Art. 11 cl. 2, Art. 15 cl. 2]."""

import datetime

import pytest
from django.urls import reverse

from branches.models import AttachedMember
from branches.tests.factories import MemberFactory
from congress.models import AttachedGuest, CongressState, VoteSubject
from congress.services.attendance import attendance_draw, breakdown, voters
from congress.services.votes import congress_count, show_of_hands_record
from congress.tests.builders import put_in_state
from congress.tests.test_day_attendance import draw, facts, mark_all, members

pytestmark = pytest.mark.usefixtures("english", "no_rendering")


@pytest.fixture
def day(congress_a, branch_clerk):
    """Branch A on its day: 8 official members active as usual, one temporarily active
    elsewhere, one suspended, one probationary member temporarily active elsewhere."""
    branch = congress_a.organization
    members(branch, 8)
    MemberFactory(organization=branch, full_name="Tạm Vắng Nơi Khác", situation="transferred_temporarily")
    MemberFactory(organization=branch, full_name="Đình Chỉ", situation="suspended")
    MemberFactory(organization=branch, full_name="Dự Bị Nơi Khác", membership="probationary",
                  situation="transferred_temporarily", official_on=None)
    draw(congress_a, branch_clerk)
    return congress_a


def _names(rows):
    return sorted(row.member.full_name for row in rows)


def test_a_transferred_member_who_attends_counts_and_votes(day, branch_clerk):
    # 01-HD/TW §13.2; 294-QĐ/TW §9.3.2. The product used to exclude them even when present and
    # refuse them as voters (congress.services.day.VOTING_STATUSES, changed by issue 13).
    mark_all(day, branch_clerk)
    rows = list(day.attendance.select_related("member"))
    figures = breakdown(rows)
    assert (figures.summoned, figures.official_summoned, figures.probationary) == (11, 10, 1)
    assert (figures.excluded_transferred, figures.excluded_suspended) == (0, 1)
    assert figures.base == 9  # the eight, and the member active elsewhere
    assert "Tạm Vắng Nơi Khác" in _names(voters(rows))
    assert "Đình Chỉ" not in _names(voters(rows)) and "Dự Bị Nơi Khác" not in _names(voters(rows))
    count = congress_count(day)
    assert (count.base, count.voters) == (9, 9)


def test_absent_the_transferred_member_is_left_out_of_the_base(day, branch_clerk):
    mark_all(day, branch_clerk, absent={"Tạm Vắng Nơi Khác", "Đình Chỉ"})
    figures = breakdown(day.attendance.all())
    assert (figures.excluded_transferred, figures.excluded_suspended, figures.base) == (1, 1, 8)


def test_a_present_transferred_member_may_be_elected_to_the_bodies_of_the_congress(day, branch_clerk):
    mark_all(day, branch_clerk)
    transferred = day.attendance.get(member__full_name="Tạm Vắng Nơi Khác").member
    vote = show_of_hands_record(
        acting_user=branch_clerk, congress=day, subject=VoteSubject.SECRETARIAT, votes_for=9, members=[transferred],
    )
    assert (vote.base, vote.passed, list(vote.members.all())) == (9, True, [transferred])


def test_the_votes_page_offers_the_transferred_member_present_and_not_the_suspended(en, day, branch_clerk):
    mark_all(day, branch_clerk)
    en.force_login(branch_clerk)
    page = en.get(reverse("congress_votes", kwargs={"pk": day.pk})).content.decode()
    options = page[page.index('name="members"'):]
    options = options[:options.index("</select>")]
    assert "Tạm Vắng Nơi Khác" in options and "Đình Chỉ" not in options and "Dự Bị Nơi Khác" not in options


def test_the_clerk_corrects_the_situation_on_the_congress_date(en, day, branch_clerk):
    # Decision D4: the facts are copied when the list is drawn and a row may be corrected.
    row = day.attendance.get(member__full_name="Đảng viên 000")
    en.force_login(branch_clerk)
    data = {}
    for other in day.attendance.all():
        data.update(facts(other.pk, other.membership, other.situation))
        data[f"present_{other.pk}"] = "yes"
    data.update(facts(row.pk, "official", "transferred_temporarily"))
    data[f"present_{row.pk}"] = "no"
    assert en.post(reverse("congress_attendance", kwargs={"pk": day.pk}), data).status_code == 302
    row.refresh_from_db()
    assert (row.membership, row.situation, row.present) == ("official", "transferred_temporarily", False)
    assert breakdown(day.attendance.all()).base == 8  # 7 + the member elsewhere present; the corrected one is out


# --- Members attached from elsewhere: guests -----------------------------------------------------


def _attach(organization, user, name, since=datetime.date(2022, 1, 1), until=None):
    return AttachedMember.objects.create(
        organization=organization, full_name=name, home_organization="Chi bộ Phòng Kế toán, Công ty Điện lực",
        attached_from=since, attached_until=until, created_by=user,
    )


def test_members_attached_from_elsewhere_are_summoned_as_guests_only(congress_a, branch_clerk, member_a):
    branch = congress_a.organization
    put_in_state(congress_a, CongressState.REVIEWED, scheduled_on=datetime.date(2022, 6, 20))
    guest = _attach(branch, branch_clerk, "Phan Văn Tạm")
    _attach(branch, branch_clerk, "Ngô Thị Đã Về", until=datetime.date(2022, 5, 31))  # ended before the date
    _attach(branch, branch_clerk, "Lý Văn Sắp Đến", since=datetime.date(2022, 7, 1))  # begins after it

    drawn = attendance_draw(acting_user=branch_clerk, congress=congress_a)

    assert (drawn.added, drawn.guests) == (1, 1)
    assert list(congress_a.attached_guests.values_list("attached", "full_name", "home_organization")) == [
        (guest.pk, "Phan Văn Tạm", "Chi bộ Phòng Kế toán, Công ty Điện lực"),
    ]
    # Never on the list of members: not counted, not a voter, so never offered as a candidate.
    assert list(congress_a.attendance.values_list("member_id", flat=True)) == [member_a.pk]
    mark_all(congress_a, branch_clerk)
    figures = breakdown(congress_a.attendance.all())
    assert (figures.summoned, figures.base, len(voters(congress_a.attendance.all()))) == (1, 1, 1)


def test_drawing_again_follows_the_attachments(congress_a, branch_clerk, member_a):
    put_in_state(congress_a, CongressState.PREPARING, scheduled_on=datetime.date(2022, 6, 20))
    first = _attach(congress_a.organization, branch_clerk, "Phan Văn Tạm")
    attendance_draw(acting_user=branch_clerk, congress=congress_a)
    assert list(congress_a.attached_guests.values_list("attached", flat=True)) == [first.pk]
    AttachedMember.objects.filter(pk=first.pk).update(attached_until=datetime.date(2022, 6, 1))  # went home
    second = _attach(congress_a.organization, branch_clerk, "Vũ Thị Mới")
    drawn = attendance_draw(acting_user=branch_clerk, congress=congress_a)
    assert drawn.guests == 1
    assert list(congress_a.attached_guests.values_list("attached", flat=True)) == [second.pk]


def test_a_delegates_congress_summons_no_guest_member(open_plan, superior, branch_a, superior_clerk, member_a):
    from congress.models import Congress

    congress = Congress.objects.create(plan=open_plan, organization=superior, ordinal=1, kind="delegates",
                                       state="preparing")
    _attach(branch_a, superior_clerk, "Phan Văn Tạm")
    assert attendance_draw(acting_user=superior_clerk, congress=congress).guests == 0
    assert not AttachedGuest.objects.filter(congress=congress).exists()


def test_the_attendance_page_lists_the_guests_apart(en, congress_a, branch_clerk, member_a):
    put_in_state(congress_a, CongressState.REVIEWED)
    _attach(congress_a.organization, branch_clerk, "Phan Văn Tạm")
    en.force_login(branch_clerk)
    response = en.post(reverse("congress_attendance_draw", kwargs={"pk": congress_a.pk}), follow=True)
    page = response.content.decode()
    assert "1 members temporarily attached from elsewhere are summoned as guests" in page
    guests = page[page.index('data-testid="guests-table"'):]
    assert "Phan Văn Tạm" in guests and "Chi bộ Phòng Kế toán, Công ty Điện lực" in guests
    table = page[page.index('data-testid="attendance-table"'):page.index('data-testid="guests-table"')]
    assert "Phan Văn Tạm" not in table


def test_a_guest_on_a_summons_list_is_not_removed_but_the_attachment_may_end(congress_a, branch_clerk, member_a):
    from django.core.exceptions import ValidationError

    from branches.services.attached import attached_member_remove

    put_in_state(congress_a, CongressState.PREPARING)
    guest = _attach(congress_a.organization, branch_clerk, "Phan Văn Tạm")
    attendance_draw(acting_user=branch_clerk, congress=congress_a)
    with pytest.raises(ValidationError, match="is on the summons list of a congress"):
        attached_member_remove(acting_user=branch_clerk, attached=guest)
    assert AttachedMember.objects.filter(pk=guest.pk).exists()
