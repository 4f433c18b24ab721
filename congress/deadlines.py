"""Working-day deadlines (docs/domain.md, "Deadlines and working days"): results are reported to
the superior within 7 working days of the congress, and ratified within 15 working days of their
receipt. Working days skip Saturdays, Sundays and the public holidays given (congress.models.Holiday).

The one rule of a plan's deadlines, pure: the congress page and its results panel
(congress.selectors.deadlines), the progress pages (congress.progress.pending_deadlines) and the
round's statistics (reporting.statistics, through the progress pages' rows) all take their dates
from `congress_deadlines` and `PlanDeadlines.held_by`, and count working days here through one
cache (`_add_working_days`), with the holidays of one reading (congress.selectors.holidays_after).
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

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
    return _add_working_days(start, days, frozenset(holidays))


@lru_cache(maxsize=4096)
def _add_working_days(start: date, days: int, holidays: frozenset[date]) -> date:
    # Congresses cluster on a few dates: a plan's dashboard asks for the same deadline for many
    # of them, with the same holidays (frozenset() of a frozenset is the same object, whose hash
    # Python keeps, so a hit costs no walk over the days).
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
class PlanDeadlines:
    """The plan's settings the deadlines of a congress are computed from."""

    congresses_held_by: date
    pilots_held_by: date | None
    documents_days_before: int
    report_working_days: int
    ratify_working_days: int

    @classmethod
    def of(cls, plan) -> "PlanDeadlines":
        """The settings of `plan` (a congress.models.Plan, or anything with its fields)."""
        return cls(plan.congresses_held_by, plan.pilots_held_by, plan.documents_days_before,
                   plan.report_working_days, plan.ratify_working_days)

    def held_by(self, is_pilot: bool) -> date:
        """The date by which a congress is held: the pilots' own for a pilot, when the plan sets
        one (docs/domain.md, step 2)."""
        return self.pilots_held_by if is_pilot and self.pilots_held_by else self.congresses_held_by


class CongressDeadlines(NamedTuple):
    """The dates a congress must meet (None: not known yet). A tuple: the dashboard makes one for
    every congress of a plan."""

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
    """A plan's deadlines for one congress (docs/domain.md, steps 3 and 7). Documents are due
    calendar days before the congress; the report and the ratification count working days. A
    date left None gives no deadline (and costs nothing: the dashboard passes only the dates of
    the deadlines still open)."""
    return CongressDeadlines(
        documents_due=scheduled_on - timedelta(days=documents_days_before) if scheduled_on else None,
        report_due=add_working_days(held_on, report_working_days, holidays) if held_on else None,
        ratification_due=(
            add_working_days(report_received_on, ratify_working_days, holidays) if report_received_on else None
        ),
    )
