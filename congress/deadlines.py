"""Working-day deadlines (DOMAIN.md §2 step 7): results are reported to the superior within 7
working days of the congress, and ratified within 15 working days of their receipt. Working
days skip Saturdays, Sundays and the public holidays given (congress.models.Holiday)."""

from collections.abc import Collection
from datetime import date, timedelta

SATURDAY = 5


def is_working_day(day: date, holidays: Collection[date]) -> bool:
    return day.weekday() < SATURDAY and day not in holidays


def add_working_days(start: date, days: int, holidays: Collection[date] = frozenset()) -> date:
    """The last day of a period of `days` working days that begins after `start`.

    `start` itself never counts (the day of the congress, the day a report is received): a
    congress on Friday 17/06/2022 must report by Tuesday 28/06/2022 (7 working days).
    """
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    remaining = days
    while remaining:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            remaining -= 1
    return day


def working_days_between(start: date, end: date, holidays: Collection[date] = frozenset()) -> int:
    """How many working days lie after `start` up to and including `end` (0 if end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            count += 1
    return count
