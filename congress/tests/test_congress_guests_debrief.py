"""The superior's part in a pilot congress: who attends from the superior, and the debrief
(rút kinh nghiệm) that every organisation of the plan then reads."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from congress.models import CongressGuest, CongressState, Debrief
from congress.tests.builders import put_in_state

pytestmark = pytest.mark.usefixtures("english", "no_rendering")


def url(name, obj):
    return reverse(name, kwargs={"pk": obj.pk})


def follow(client, response) -> str:
    assert response.status_code == 302
    return client.get(response.url).content.decode()


@pytest.fixture
def held_pilot(congress_a):
    return put_in_state(congress_a, CongressState.HELD, held_on=datetime.date(2022, 6, 10))


# --- Guests ------------------------------------------------------------------------------------


def test_the_superior_clerk_adds_and_removes_guests(en, congress_a, superior_clerk):
    en.force_login(superior_clerk)
    html = follow(en, en.post(url("congress_guests", congress_a), {"name": "Lê Văn Hùng", "position": "Phó Bí thư Đảng ủy"}))
    assert "Lê Văn Hùng was added to the guests." in html
    guest = CongressGuest.objects.get(congress=congress_a)
    assert guest.position == "Phó Bí thư Đảng ủy"
    assert "Guest from the superior saved" in html  # the page's history
    html = follow(en, en.post(url("congress_guest_delete", guest)))
    assert "Lê Văn Hùng was removed from the guests." in html
    assert not CongressGuest.objects.exists()
    actions = LogEntry.objects.filter(additional_data__congress=congress_a.pk).values_list("additional_data__action", flat=True)
    assert set(actions) == {"congress.guest.saved", "congress.guest.removed"}


def test_a_guest_needs_a_name(en, congress_a, superior_clerk):
    en.force_login(superior_clerk)
    response = en.post(url("congress_guests", congress_a), {"name": "", "position": "x"})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not CongressGuest.objects.exists()


def test_branch_a_reads_the_guests_but_may_not_change_them(en, congress_a, branch_clerk):
    guest = CongressGuest.objects.create(congress=congress_a, name="Lê Văn Hùng")
    en.force_login(branch_clerk)
    html = en.get(url("congress_guests", congress_a)).content.decode()
    assert "Lê Văn Hùng" in html and "Add a guest" not in html and "Remove" not in html
    assert en.post(url("congress_guests", congress_a), {"name": "Ai đó"}).status_code == 403
    assert en.post(url("congress_guest_delete", guest)).status_code == 403
    assert list(CongressGuest.objects.values_list("name", flat=True)) == ["Lê Văn Hùng"]


def test_removing_a_guest_that_is_gone_is_not_found(en, congress_a, superior_clerk):
    en.force_login(superior_clerk)
    assert en.post(reverse("congress_guest_delete", kwargs={"pk": 999})).status_code == 404


# --- Debrief -----------------------------------------------------------------------------------


def test_the_superior_clerk_records_and_publishes_the_debrief(en, held_pilot, congress_b, superior_clerk, outsider):
    en.force_login(superior_clerk)
    html = follow(en, en.post(url("congress_debrief", held_pilot), {
        "lessons": "Chuẩn bị kỹ báo cáo chính trị", "points_to_observe": "Kiểm tra tư cách đảng viên",
    }))
    assert "The debrief was saved." in html and "not published" in html
    debrief = Debrief.objects.get(congress=held_pilot)
    assert (debrief.recorded_by, debrief.published_at) == (superior_clerk, None)

    html = follow(en, en.post(url("congress_debrief_publish", held_pilot)))
    assert "The debrief is published to every organisation of the plan." in html
    debrief.refresh_from_db()
    assert debrief.published_at is not None
    actions = set(LogEntry.objects.filter(additional_data__congress=held_pilot.pk).values_list("additional_data__action", flat=True))
    assert actions == {"congress.debrief.saved", "congress.debrief.published"}

    en.force_login(outsider)  # branch B's clerk reads it on its own congress page
    assert "Chuẩn bị kỹ báo cáo chính trị" in en.get(url("congress_detail", congress_b)).content.decode()


def test_an_unpublished_debrief_is_the_superiors_draft(en, held_pilot, superior_clerk, branch_clerk):
    Debrief.objects.create(congress=held_pilot, lessons="Bản nháp rút kinh nghiệm", recorded_by=superior_clerk)
    en.force_login(branch_clerk)
    html = en.get(url("congress_debrief", held_pilot)).content.decode()
    assert "Bản nháp rút kinh nghiệm" not in html and "has not published a debrief" in html


def test_a_pilot_not_yet_held_is_not_debriefed(en, congress_a, superior_clerk):
    en.force_login(superior_clerk)
    html = en.get(url("congress_debrief", congress_a)).content.decode()
    assert "debriefed once it was held" in html and "Record the debrief" not in html
    response = en.post(url("congress_debrief", congress_a), {"lessons": "x"})
    assert response.status_code == 200 and "debriefed once it was held" in response.content.decode()
    assert not Debrief.objects.exists()


def test_a_congress_that_is_not_a_pilot_is_not_debriefed(en, congress_b, superior_clerk):
    put_in_state(congress_b, CongressState.HELD, held_on=datetime.date(2022, 7, 1))
    en.force_login(superior_clerk)
    assert "Only a pilot congress is debriefed." in en.get(url("congress_debrief", congress_b)).content.decode()
    html = follow(en, en.post(url("congress_debrief_publish", congress_b)))
    assert "Only a pilot congress is debriefed." in html
    assert not Debrief.objects.exists()


def test_empty_lessons_are_refused(en, held_pilot, superior_clerk):
    en.force_login(superior_clerk)
    response = en.post(url("congress_debrief", held_pilot), {"lessons": "   "})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    html = follow(en, en.post(url("congress_debrief_publish", held_pilot)))
    assert "Write the lessons learnt before publishing the debrief." in html
    assert not Debrief.objects.exists()


def test_branch_a_reads_the_debrief_but_may_not_write_it(en, held_pilot, superior_clerk, branch_clerk):
    Debrief.objects.create(congress=held_pilot, lessons="Bài học", recorded_by=superior_clerk,
                           published_at=datetime.datetime(2022, 6, 12, tzinfo=datetime.UTC))
    en.force_login(branch_clerk)
    html = en.get(url("congress_debrief", held_pilot)).content.decode()
    assert "Bài học" in html and "Correct the debrief" not in html
    assert en.post(url("congress_debrief", held_pilot), {"lessons": "Khác"}).status_code == 403
    assert en.post(url("congress_debrief_publish", held_pilot)).status_code == 403
    assert Debrief.objects.get().lessons == "Bài học"
