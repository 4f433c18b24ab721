"""Working-day deadlines: 7 working days to report results, 15 to ratify (docs/domain.md §2)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from congress.deadlines import add_working_days, is_working_day, working_days_between

FRIDAY = date(2022, 6, 17)
days = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
holiday_sets = st.frozensets(days, max_size=15)


def test_a_friday_congress_reports_by_the_tuesday_after_next():
    assert add_working_days(FRIDAY, 7) == date(2022, 6, 28)


def test_holidays_push_the_deadline():
    # 30/4 and 1/5/2022 fell on a weekend; take 2/5 and 3/5 off instead (as data).
    holidays = {date(2022, 5, 2), date(2022, 5, 3)}
    assert add_working_days(date(2022, 4, 29), 1) == date(2022, 5, 2)
    assert add_working_days(date(2022, 4, 29), 1, holidays) == date(2022, 5, 4)


def test_fifteen_working_days_to_ratify():
    assert add_working_days(date(2022, 6, 28), 15) == date(2022, 7, 19)


def test_zero_days_is_the_same_day_and_negative_is_refused():
    assert add_working_days(FRIDAY, 0) == FRIDAY
    with pytest.raises(ValueError):
        add_working_days(FRIDAY, -1)


def test_weekends_are_not_working_days():
    assert not is_working_day(date(2022, 6, 18), set())  # Saturday
    assert not is_working_day(date(2022, 6, 19), set())  # Sunday
    assert is_working_day(date(2022, 6, 20), set())


@given(start=days, n=st.integers(min_value=1, max_value=40), holidays=holiday_sets)
def test_the_deadline_is_a_working_day_exactly_n_working_days_later(start, n, holidays):
    deadline = add_working_days(start, n, holidays)
    assert deadline > start
    assert is_working_day(deadline, holidays)
    assert working_days_between(start, deadline, holidays) == n
    assert working_days_between(start, deadline - timedelta(days=1), holidays) == n - 1


@given(start=days, n=st.integers(min_value=0, max_value=40), holidays=holiday_sets, extra=days)
def test_another_holiday_never_brings_the_deadline_forward(start, n, holidays, extra):
    assert add_working_days(start, n, holidays | {extra}) >= add_working_days(start, n, holidays)


@given(start=days, n=st.integers(min_value=0, max_value=30), holidays=holiday_sets)
def test_more_days_never_come_sooner(start, n, holidays):
    assert add_working_days(start, n + 1, holidays) > add_working_days(start, n, holidays)


def test_a_congress_deadlines_follow_its_dates():
    from congress.deadlines import congress_deadlines

    deadlines = congress_deadlines(
        scheduled_on=FRIDAY, held_on=FRIDAY, report_received_on=date(2022, 6, 28),
        documents_days_before=10, report_working_days=7, ratify_working_days=15,
    )
    assert deadlines.documents_due == date(2022, 6, 7)
    assert deadlines.report_due == date(2022, 6, 28)
    assert deadlines.ratification_due == date(2022, 7, 19)


def test_unknown_dates_give_no_deadline():
    from congress.deadlines import congress_deadlines

    deadlines = congress_deadlines(
        scheduled_on=None, held_on=None, report_received_on=None,
        documents_days_before=10, report_working_days=7, ratify_working_days=15,
    )
    assert deadlines == type(deadlines)(None, None, None)
