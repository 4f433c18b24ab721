"""Votes by show of hands (the presidium, the secretariat, the counting board, the agenda) and
the agenda itself."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches.tests.factories import MemberFactory
from congress.models import CongressState, ShowOfHands, VoteSubject
from congress.services.day import USUAL_AGENDA, agenda_save
from congress.services.votes import show_of_hands_record
from congress.tests.builders import put_in_state
from congress.tests.test_day_attendance import draw, mark_all, members

pytestmark = pytest.mark.usefixtures("english", "no_rendering")


@pytest.fixture
def day(congress_a, branch_clerk):
    """Branch A's congress on its day: 10 official members (9 present, one absent without an
    accepted reason), and a probationary member present: base 10, 6 votes needed, 9 voters."""
    members(congress_a.organization, 10)
    MemberFactory(organization=congress_a.organization, full_name="Dự Bị Có Mặt", status="probationary")
    draw(congress_a, branch_clerk)
    mark_all(congress_a, branch_clerk, absent={"Đảng viên 009"})
    return congress_a


def present(congress, *numbers):
    return [row.member for row in congress.attendance.select_related("member")
            if row.member.full_name in {f"Đảng viên {n:03d}" for n in numbers}]


def test_the_presidium_is_recorded_with_its_members_against_the_base(day, branch_clerk):
    vote = show_of_hands_record(
        acting_user=branch_clerk, congress=day, subject=VoteSubject.PRESIDIUM, votes_for=6, votes_against=3,
        members=present(day, 0, 1, 2),
    )
    assert (vote.base, vote.passed) == (10, True)
    assert sorted(m.full_name for m in vote.members.all()) == ["Đảng viên 000", "Đảng viên 001", "Đảng viên 002"]
    entry = LogEntry.objects.get_for_object(vote).first()
    assert entry.actor == branch_clerk
    assert entry.additional_data == {"action": "congress.vote.recorded", "congress": day.pk, "subject": "presidium"}


def test_five_of_a_base_of_ten_is_not_a_majority(day, branch_clerk):
    vote = show_of_hands_record(acting_user=branch_clerk, congress=day, subject=VoteSubject.AGENDA, votes_for=5, votes_against=4)
    assert (vote.base, vote.passed) == (10, False)


def test_recording_a_subject_again_replaces_it(day, branch_clerk):
    show_of_hands_record(acting_user=branch_clerk, congress=day, subject=VoteSubject.SECRETARIAT, votes_for=5,
                         members=present(day, 0))
    show_of_hands_record(acting_user=branch_clerk, congress=day, subject=VoteSubject.SECRETARIAT, votes_for=9,
                         members=present(day, 1, 2))
    vote = ShowOfHands.objects.get(congress=day, subject=VoteSubject.SECRETARIAT)
    assert (vote.votes_for, vote.passed) == (9, True)
    assert sorted(m.full_name for m in vote.members.all()) == ["Đảng viên 001", "Đảng viên 002"]


@pytest.mark.parametrize(("votes_for", "votes_against", "message"), [
    (-1, 0, "cannot be negative"),
    (5, -2, "cannot be negative"),
    (6, 4, "10 votes for and against, but only 9 official members present may vote"),
])
def test_impossible_counts_are_refused(day, branch_clerk, votes_for, votes_against, message):
    with pytest.raises(ValidationError, match=message):
        show_of_hands_record(acting_user=branch_clerk, congress=day, subject=VoteSubject.AGENDA,
                             votes_for=votes_for, votes_against=votes_against)
    assert not ShowOfHands.objects.exists()


def test_only_official_members_present_are_elected_to_the_bodies(day, branch_clerk):
    rows = {row.member.full_name: row.member for row in day.attendance.select_related("member")}
    for name in ("Dự Bị Có Mặt", "Đảng viên 009"):  # probationary; absent
        with pytest.raises(ValidationError, match=f"not: {name}"):
            show_of_hands_record(acting_user=branch_clerk, congress=day, subject=VoteSubject.COUNTING_BOARD,
                                 votes_for=9, members=[rows["Đảng viên 000"], rows[name]])
    with pytest.raises(ValidationError, match="Choose the people elected"):
        show_of_hands_record(acting_user=branch_clerk, congress=day, subject=VoteSubject.COUNTING_BOARD, votes_for=9)
    with pytest.raises(ValidationError, match="The agenda elects nobody"):
        show_of_hands_record(acting_user=branch_clerk, congress=day, subject=VoteSubject.AGENDA, votes_for=9,
                             members=[rows["Đảng viên 000"]])


def test_votes_wait_for_the_attendance(congress_a, branch_clerk, member_a):
    draw(congress_a, branch_clerk)
    with pytest.raises(ValidationError, match="Record the attendance first"):
        show_of_hands_record(acting_user=branch_clerk, congress=congress_a, subject=VoteSubject.AGENDA, votes_for=1)


def test_votes_stop_once_the_congress_is_held(day, branch_clerk):
    put_in_state(day, CongressState.HELD)
    with pytest.raises(ValidationError, match="recorded as held"):
        show_of_hands_record(acting_user=branch_clerk, congress=day, subject=VoteSubject.AGENDA, votes_for=9)


def test_the_resolution_has_its_own_service(day, branch_clerk):
    with pytest.raises(ValueError, match="resolution_adopt"):
        show_of_hands_record(acting_user=branch_clerk, congress=day, subject=VoteSubject.RESOLUTION, votes_for=9)


# --- The votes page ----------------------------------------------------------------------------


def test_the_page_records_a_vote(en, day, branch_clerk):
    en.force_login(branch_clerk)
    url = reverse("congress_votes", kwargs={"pk": day.pk})
    page = en.get(url).content.decode()
    assert "Base for the majority: <strong>10</strong> · votes needed: <strong>6</strong>" in page
    assert "Dự Bị Có Mặt" not in page.split('name="members"')[1].split("</select>")[0]  # not electable
    chosen = present(day, 3, 4)
    response = en.post(url, {"subject": "counting_board", "members": [m.pk for m in chosen], "votes_for": 8,
                             "votes_against": 1}, follow=True)
    assert "Vote-counting board: recorded, passed." in response.content.decode()
    vote = ShowOfHands.objects.get(congress=day, subject="counting_board")
    assert set(vote.members.all()) == set(chosen)


def test_the_page_refuses_negative_votes_in_the_form(en, day, branch_clerk):
    en.force_login(branch_clerk)
    response = en.post(reverse("congress_votes", kwargs={"pk": day.pk}),
                       {"subject": "agenda", "votes_for": -3, "votes_against": 0})
    assert response.status_code == 200
    assert "The number of votes cannot be negative." in response.content.decode()
    assert not ShowOfHands.objects.exists()


def test_the_page_says_too_many_votes(en, day, branch_clerk):
    en.force_login(branch_clerk)
    response = en.post(reverse("congress_votes", kwargs={"pk": day.pk}),
                       {"subject": "agenda", "votes_for": 9, "votes_against": 1})
    assert "but only 9 official members present may vote" in response.content.decode()
    assert not ShowOfHands.objects.exists()


def test_the_page_asks_for_the_attendance_first(en, congress_a, branch_clerk, member_a):
    draw(congress_a, branch_clerk)
    en.force_login(branch_clerk)
    url = reverse("congress_votes", kwargs={"pk": congress_a.pk})
    assert 'data-testid="attendance-missing"' in en.get(url).content.decode()
    response = en.post(url, {"subject": "agenda", "votes_for": 1, "votes_against": 0}, follow=True)
    assert "Record the attendance first" in response.content.decode()
    assert not ShowOfHands.objects.exists()


# --- The agenda --------------------------------------------------------------------------------


def test_an_empty_agenda_is_prefilled_with_the_usual_order(en, congress_a, branch_clerk):
    en.force_login(branch_clerk)
    page = en.get(reverse("congress_agenda", kwargs={"pk": congress_a.pk})).content.decode()
    assert "\n".join(USUAL_AGENDA) in page
    assert USUAL_AGENDA[0] == "Chào cờ" and USUAL_AGENDA[-1] == "Bế mạc" and "Thông qua Nghị quyết" in USUAL_AGENDA
    assert 'data-testid="usual"' in page


def test_the_agenda_is_saved_one_item_per_line(en, congress_a, branch_clerk):
    en.force_login(branch_clerk)
    response = en.post(reverse("congress_agenda", kwargs={"pk": congress_a.pk}),
                       {"agenda": "Chào cờ\r\n\r\n  Khai mạc   Đại hội \r\nBế mạc\r\n"})
    assert response.status_code == 302
    congress_a.refresh_from_db()
    assert congress_a.agenda == "Chào cờ\nKhai mạc Đại hội\nBế mạc"
    entry = LogEntry.objects.get_for_object(congress_a).first()
    assert entry.additional_data["action"] == "congress.agenda.saved" and entry.actor == branch_clerk
    page = en.get(reverse("congress_agenda", kwargs={"pk": congress_a.pk})).content.decode()
    assert 'data-testid="usual"' not in page and "Khai mạc Đại hội" in page


def test_an_empty_agenda_is_refused(congress_a, branch_clerk):
    with pytest.raises(ValidationError, match="at least one item"):
        agenda_save(acting_user=branch_clerk, congress=congress_a, agenda=" \n \n")


def test_the_agenda_of_a_held_congress_stays(en, congress_a, branch_clerk):
    put_in_state(congress_a, CongressState.HELD, agenda="Chào cờ")
    en.force_login(branch_clerk)
    response = en.post(reverse("congress_agenda", kwargs={"pk": congress_a.pk}), {"agenda": "Bế mạc"}, follow=True)
    assert "recorded as held" in response.content.decode()
    congress_a.refresh_from_db()
    assert congress_a.agenda == "Chào cờ"


def test_a_viewer_reads_the_agenda(client, congress_a, superior_viewer):
    put_in_state(congress_a, CongressState.PREPARING, agenda="Chào cờ\nBế mạc")
    client.force_login(superior_viewer)
    page = client.get(reverse("congress_agenda", kwargs={"pk": congress_a.pk})).content.decode()
    assert '<ol class="mb-0" data-testid="agenda"><li>Chào cờ</li><li>Bế mạc</li></ol>' in page
    assert "<textarea" not in page
