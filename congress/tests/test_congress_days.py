"""The dates of the congress day: one rule for every record of the day and for recording the
congress as held (congress.rules.congress_day_dates and what follows it; Decision D39 in
docs/domain.md §7, the congress day of docs/domain.md §2 step 6: a branch meets for one day, a
grassroots committee's congress may take two).

Before, the whole day (attendance, votes, resolution, elections) could be recorded days before
the congress's date, and "record as held" then refused that date as a day still to come."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from congress import rules
from congress.models import Congress, CongressState, VoteSubject
from congress.rules import Actor, Move
from congress.services.congresses import congress_schedule
from congress.services.moves import congress_move
from congress.services.votes import resolution_adopt, show_of_hands_record
from congress.tests.builders import put_in_state
from congress.tests import test_day_resolution
from documents.models import Document, DocumentState

# The congress day of the resolution's tests (10 official members, 9 present) and its approved
# draft, shared as fixtures.
day = test_day_resolution.day
approved = test_day_resolution.approved
draft_resolution = test_day_resolution.draft_resolution

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

CLERK = {Actor.CLERK}
TODAY = datetime.date(2026, 12, 3)
ONE_DAY = datetime.timedelta(days=1)


def days_ago(n: int) -> datetime.date:
    return datetime.date.today() - datetime.timedelta(days=n)


# --- The pure rules ----------------------------------------------------------------------------------


def test_a_congress_meets_on_its_date_or_on_two_consecutive_days():
    """Decision D39: a congress meets for one day, or two consecutive days (docs/domain.md §2
    step 6); without a date it has no days yet."""
    assert rules.congress_day_dates(TODAY) == (TODAY,)
    assert rules.congress_day_dates(TODAY, 2) == (TODAY, TODAY + ONE_DAY)
    assert rules.congress_day_dates(None, 2) == ()
    with pytest.raises(ValueError):
        rules.congress_day_dates(TODAY, 3)


def test_nothing_of_the_day_is_recorded_before_the_congress_meets():
    """Decision D39: a record of the day carries the congress's date, so it is refused before
    the first day; on its days and after them (entered after the fact) it is accepted."""
    days = (TODAY, TODAY + ONE_DAY)
    assert "meets on 03/12/2026" in rules.day_record_problem(days, TODAY - ONE_DAY)
    assert rules.day_record_problem(days, TODAY) is None
    assert rules.day_record_problem(days, TODAY + ONE_DAY) is None
    assert rules.day_record_problem(days, TODAY + 30 * ONE_DAY) is None
    assert rules.day_record_problem((), TODAY - 365 * ONE_DAY) is None


def test_a_record_carries_the_day_it_was_made_on_or_the_congress_s_last_day():
    """Decision D39: on one of the congress's days a record carries that day; entered after
    the fact, the congress's last day; with no date, the day it is made."""
    days = (TODAY, TODAY + ONE_DAY)
    assert rules.day_record_date(days, TODAY) == TODAY
    assert rules.day_record_date(days, TODAY + ONE_DAY) == TODAY + ONE_DAY
    assert rules.day_record_date(days, TODAY + 9 * ONE_DAY) == TODAY + ONE_DAY
    assert rules.day_record_date((), TODAY) == TODAY


def test_recorded_as_held_on_one_of_its_days_and_never_ahead():
    """Decision D39: held on one of the days its records carry; never a day still to come."""
    one, two = (TODAY,), (TODAY, TODAY + ONE_DAY)
    assert rules.held_on_problem(TODAY, one, TODAY) is None
    assert "still to come" in rules.held_on_problem(TODAY + ONE_DAY, two, TODAY)
    assert rules.held_on_problem(TODAY + ONE_DAY, two, TODAY + 5 * ONE_DAY) is None
    assert "date is 03/12/2026" in rules.held_on_problem(TODAY - ONE_DAY, one, TODAY)
    assert "met on 03/12/2026 and 04/12/2026" in rules.held_on_problem(TODAY + 2 * ONE_DAY, two, TODAY + 9 * ONE_DAY)
    # Without a date: the day its records carry.
    assert rules.held_on_problem(TODAY - ONE_DAY, (), TODAY, [TODAY - ONE_DAY]) is None
    assert "records are dated 02/12/2026" in rules.held_on_problem(TODAY, (), TODAY, [TODAY - ONE_DAY])
    assert rules.held_on_problem(TODAY - 3 * ONE_DAY, (), TODAY) is None


def test_the_day_offered_is_the_last_of_its_days_that_has_come():
    two = (TODAY, TODAY + ONE_DAY)
    assert rules.default_held_on(two, TODAY + 9 * ONE_DAY) == TODAY + ONE_DAY
    assert rules.default_held_on(two, TODAY) == TODAY
    assert rules.default_held_on(two, TODAY - ONE_DAY) == TODAY  # refused then: still to come
    assert rules.default_held_on((), TODAY, [TODAY - 2 * ONE_DAY]) == TODAY - 2 * ONE_DAY
    assert rules.default_held_on((), TODAY) == TODAY


@given(
    first=st.none() | st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31)),
    duration=st.sampled_from(rules.CONGRESS_DURATIONS),
    today=st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31)),
)
def test_what_the_day_records_carry_is_always_accepted_as_the_held_date(first, duration, today):
    """Decision D39, the one rule: whenever a record of the day may be made, the date it
    carries is a day the congress may be recorded as held on, and the day offered for it is
    accepted once it has come. This is what the old behaviour broke."""
    days = rules.congress_day_dates(first, duration)
    if rules.day_record_problem(days, today) is None:
        carried = rules.day_record_date(days, today)
        assert carried <= today
        assert rules.held_on_problem(carried, days, today, [carried]) is None
        assert rules.default_held_on(days, today, [carried]) == carried
    else:
        assert today < days[0]


# --- The services ------------------------------------------------------------------------------------


def test_votes_and_the_resolution_wait_for_the_congress_s_date(day, approved, branch_clerk):
    """Decision D39: the congress's show-of-hands votes and its resolution are not recorded
    before it meets (they used to be, and recording it as held then failed)."""
    Congress.objects.filter(pk=day.pk).update(scheduled_on=datetime.date.today() + 3 * ONE_DAY)
    day.refresh_from_db()
    with pytest.raises(ValidationError, match="is recorded from that day on"):
        show_of_hands_record(acting_user=branch_clerk, congress=day, subject=VoteSubject.AGENDA, votes_for=9)
    with pytest.raises(ValidationError, match="is recorded from that day on"):
        resolution_adopt(acting_user=branch_clerk, congress=day, votes_for=9)
    approved.refresh_from_db()
    assert approved.state == DocumentState.APPROVED and not day.votes.exists()


def test_entered_after_the_fact_the_day_carries_the_congress_s_date(day, approved, branch_clerk):
    """Decision D39: a congress held five days ago and entered today: its resolution is dated
    its day, and it is recorded as held on that day, which is also the day offered."""
    held = days_ago(5)
    Congress.objects.filter(pk=day.pk).update(scheduled_on=held)
    day.refresh_from_db()
    resolution_adopt(acting_user=branch_clerk, congress=day, votes_for=9)
    approved.refresh_from_db()
    assert approved.state == DocumentState.ISSUED and approved.document_date == held
    with pytest.raises(ValidationError, match="it is recorded as held on that day"):
        congress_move(acting_user=branch_clerk, congress=day, move=Move.RECORD_HELD, actors=CLERK, on=days_ago(1))
    congress = congress_move(acting_user=branch_clerk, congress=day, move=Move.RECORD_HELD, actors=CLERK)
    assert (congress.state, congress.held_on) == (CongressState.HELD, held)


def test_a_two_day_congress_is_held_on_either_day(day, approved, branch_clerk):
    """Decision D39: a congress of two days carries its last day when entered after the fact,
    and is recorded as held on its first or its second day, not on a third."""
    first = days_ago(6)
    Congress.objects.filter(pk=day.pk).update(scheduled_on=first, duration_days=2)
    day.refresh_from_db()
    resolution_adopt(acting_user=branch_clerk, congress=day, votes_for=9)
    approved.refresh_from_db()
    assert approved.document_date == first + ONE_DAY
    with pytest.raises(ValidationError, match="met on"):
        congress_move(acting_user=branch_clerk, congress=day, move=Move.RECORD_HELD, actors=CLERK,
                      on=first + 2 * ONE_DAY)
    congress = congress_move(acting_user=branch_clerk, congress=day, move=Move.RECORD_HELD, actors=CLERK, on=first)
    assert congress.held_on == first


def test_without_a_date_the_congress_is_held_on_the_day_its_records_carry(day, approved, branch_clerk):
    resolution_adopt(acting_user=branch_clerk, congress=day, votes_for=9)
    approved.refresh_from_db()
    assert approved.document_date == datetime.date.today()
    with pytest.raises(ValidationError, match="records are dated"):
        congress_move(acting_user=branch_clerk, congress=day, move=Move.RECORD_HELD, actors=CLERK, on=days_ago(2))
    assert congress_move(acting_user=branch_clerk, congress=day, move=Move.RECORD_HELD, actors=CLERK).held_on == (
        datetime.date.today()
    )


def test_the_date_stays_once_the_records_carry_it(day, approved, branch_clerk):
    """Decision D39: once the resolution is issued dated the congress's day, moving the date
    would contradict it: refused. Making it two days from the same first day keeps it."""
    held = days_ago(5)
    Congress.objects.filter(pk=day.pk).update(scheduled_on=held, venue="Nhà văn hóa")
    Document.objects.filter(pk=day.plan.document_id).update(document_date=held - 30 * ONE_DAY)
    day.refresh_from_db()
    resolution_adopt(acting_user=branch_clerk, congress=day, votes_for=9)
    with pytest.raises(ValidationError, match="resolution was issued dated"):
        congress_schedule(acting_user=branch_clerk, congress=day, scheduled_on=held - ONE_DAY, venue="Nhà văn hóa")
    congress = congress_schedule(acting_user=branch_clerk, congress=day, scheduled_on=held, venue="Hội trường",
                                 duration_days=2)
    assert (congress.scheduled_on, congress.duration_days, congress.venue) == (held, 2, "Hội trường")


def test_the_schedule_form_sets_two_days(en, congress_a, branch_clerk):
    en.force_login(branch_clerk)
    url = reverse("congress_schedule", kwargs={"pk": congress_a.pk})
    assert 'name="duration_days"' in en.get(url).content.decode()
    first = datetime.date.today() + 10 * ONE_DAY
    response = en.post(url, {"scheduled_on": f"{first:%d/%m/%Y}", "duration_days": "2", "venue": "Hội trường Đảng ủy"})
    assert response.status_code == 302
    congress_a.refresh_from_db()
    assert congress_a.days == (first, first + ONE_DAY)
    page = en.get(reverse("congress_detail", kwargs={"pk": congress_a.pk})).content.decode()
    assert 'data-testid="congress-two-days"' in page and f"{first + ONE_DAY:%d/%m/%Y}" in page


def test_the_page_offers_the_congress_s_day_for_recording_it_held(en, congress_a, branch_clerk):
    put_in_state(congress_a, CongressState.REVIEWED, scheduled_on=datetime.date(2022, 6, 17))
    en.force_login(branch_clerk)
    page = en.get(reverse("congress_detail", kwargs={"pk": congress_a.pk})).content.decode()
    assert 'value="17/06/2022"' in page
