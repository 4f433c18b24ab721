"""Working-day deadlines (DOMAIN.md §2 step 7): results are reported to the superior within 7
working days of the congress, and ratified within 15 working days of their receipt. Working
days skip Saturdays, Sundays and the public holidays given (congress.models.Holiday)."""

from collections.abc import Collection
from dataclasses import dataclass
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


@dataclass(frozen=True)
class CongressDeadlines:
    """The dates a congress must meet (None: not known yet)."""

    documents_due: date | None  # documents to the superior, so many days before the congress
    report_due: date | None  # results to the superior, in working days after the congress
    ratification_due: date | None  # the superior ratifies, in working days after receiving them


def congress_deadlines(
    *,
    scheduled_on: date | None,
    held_on: date | None,
    report_received_on: date | None,
    documents_days_before: int,
    report_working_days: int,
    ratify_working_days: int,
    holidays: Collection[date] = frozenset(),
) -> CongressDeadlines:
    """A plan's deadlines for one congress (DOMAIN.md §2 steps 3 and 7). Documents are due
    calendar days before the congress; the report and the ratification count working days."""
    return CongressDeadlines(
        documents_due=scheduled_on - timedelta(days=documents_days_before) if scheduled_on else None,
        report_due=add_working_days(held_on, report_working_days, holidays) if held_on else None,
        ratification_due=(
            add_working_days(report_received_on, ratify_working_days, holidays) if report_received_on else None
        ),
    )
