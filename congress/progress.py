"""What the progress pages of a plan read (issue 4, "Progress"; docs/domain.md §2 step 8): each
congress with the deadlines it has not met yet, the counts by state, pilots, sector and working
group, and the congresses of a month.

A plan holds at most a few hundred congresses, so the pages read them in a fixed number of
queries (one row per congress, through .values()) and count in Python: a bigger plan brings more
rows, never more queries (docs/benchmarks.md, "Progress dashboard").
"""

import calendar
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import lru_cache
from typing import NamedTuple

from django.db.models import Min, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import get_language, gettext_lazy, override

from branches.models import Sector
from branches.text import collation_key, fold, whole_number

from . import rules
from .rules import BRANCH_KINDS
from .charts import EMPTY_COLOUR, STATE_COLOURS
from .deadlines import PlanDeadlines, congress_deadlines
from .models import Congress, CongressState, Debrief, Holiday, Plan, WorkingGroup
from .selectors import holidays_after

HELD_STATES = frozenset({rules.HELD, rules.RESULTS_REPORTED, rules.RATIFIED})
BEFORE_HELD_STATES = frozenset({rules.PLANNED, rules.PREPARING, rules.SUBMITTED, rules.REVIEWED})
# Documents count as submitted once the congress is submitted for review.
DOCUMENTS_PENDING_STATES = frozenset({rules.PLANNED, rules.PREPARING})
UNASSIGNED = "none"  # the working-group filter's value for congresses no group follows


@lru_cache(maxsize=32)
def choice_labels(choices: type, language: str) -> dict[str, str]:
    """The labels of a TextChoices in `language`, translated once rather than on every row."""
    with override(language):
        return {value: str(label) for value, label in choices.choices}


class Deadline(StrEnum):
    """The deadlines of a plan, in the order a congress meets them."""

    DOCUMENTS = "documents"  # documents submitted so many days before the congress
    HELD = "held"  # congress held by the plan's date (the pilots' date for pilots)
    REPORT = "report"  # results reported within so many working days of the congress
    RATIFICATION = "ratification"  # ratified within so many working days of receiving them


# What is due, as a task ("Nộp văn kiện"): the state labels say what was done.
DEADLINE_LABELS = {
    Deadline.DOCUMENTS: gettext_lazy("Submit the documents"),
    Deadline.HELD: gettext_lazy("Hold the congress"),
    Deadline.REPORT: gettext_lazy("Report the results"),
    Deadline.RATIFICATION: gettext_lazy("Ratify the results"),
}


@lru_cache(maxsize=8)
def _deadline_labels(language: str) -> dict[str, str]:
    with override(language):
        return {deadline: str(label) for deadline, label in DEADLINE_LABELS.items()}


class Due(NamedTuple):
    """A deadline a congress has not met yet (a tuple: a plan's dashboard makes hundreds)."""

    deadline: Deadline
    due: date
    days_late: int  # calendar days past the due date; 0 or less: not late yet

    @property
    def is_overdue(self) -> bool:
        return self.days_late > 0

    @property
    def label(self) -> str:
        return _deadline_labels(get_language())[self.deadline]


@dataclass(slots=True)
class CongressRow:
    """A congress of the plan as the progress pages show it (read-only by convention; not
    frozen, which would cost a setattr call per field on hundreds of rows)."""

    pk: int
    organization_id: int
    name: str  # the organisation's name
    kind: str  # the organisation's kind
    sector: str
    state: str
    is_pilot: bool
    scheduled_on: date | None
    held_on: date | None
    results_received_on: date | None
    ratified_on: date | None
    groups: tuple[int, ...] = ()
    pending: tuple[Due, ...] = ()
    overdue: tuple[Due, ...] = field(init=False)

    def __post_init__(self):
        self.overdue = tuple(d for d in self.pending if d.days_late > 0)

    @property
    def is_held(self) -> bool:
        return self.state in HELD_STATES

    @property
    def state_label(self) -> str:
        return choice_labels(CongressState, get_language()).get(self.state, self.state)

    @property
    def sector_label(self) -> str:
        return choice_labels(Sector, get_language()).get(self.sector, self.sector)

    @property
    def colour(self) -> str:
        return STATE_COLOURS.get(self.state, EMPTY_COLOUR)

    @property
    def is_annulled(self) -> bool:
        return self.state == rules.ANNULLED


def pending_deadlines(
    *, state: str, is_pilot: bool, scheduled_on: date | None, held_on: date | None,
    results_received_on: date | None, plan: PlanDeadlines, holidays: frozenset[date], today: date,
) -> tuple[Due, ...]:
    """The deadlines a congress in `state` still has to meet, with how late each is `today`.

    Documents are due `documents_days_before` calendar days before the scheduled date (until the
    congress is submitted for review); the congress by the plan's date (the pilots' date for a
    pilot, when the plan sets one); the report within `report_working_days` working days after
    held_on; ratification within `ratify_working_days` after results_received_on, holidays
    skipped. The dates are those of congress.deadlines (congress_deadlines, PlanDeadlines.held_by),
    the rule the congress page reads too. An annulled or ratified congress has nothing pending.
    Only the deadlines of the current state are computed: a plan's dashboard asks this for every
    congress.
    """
    # Only the dates of the current state's deadlines are passed, so the others cost nothing.
    dates = congress_deadlines(
        scheduled_on=scheduled_on if state in DOCUMENTS_PENDING_STATES else None,
        held_on=held_on if state == rules.HELD else None,
        report_received_on=results_received_on if state == rules.RESULTS_REPORTED else None,
        documents_days_before=plan.documents_days_before, report_working_days=plan.report_working_days,
        ratify_working_days=plan.ratify_working_days, holidays=holidays,
    )
    found: list[tuple[Deadline, date]] = []
    if dates.documents_due is not None:
        found.append((Deadline.DOCUMENTS, dates.documents_due))
    if state in BEFORE_HELD_STATES:
        found.append((Deadline.HELD, plan.held_by(is_pilot)))
    if dates.report_due is not None:
        found.append((Deadline.REPORT, dates.report_due))
    if dates.ratification_due is not None:
        found.append((Deadline.RATIFICATION, dates.ratification_due))
    return tuple(Due(deadline, due, (today - due).days) for deadline, due in found)


# --- Reading a plan ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRows:
    rows: list[CongressRow]
    groups: dict[int, str]  # the plan's working groups, pk -> name, by name


_ROW_FIELDS = (
    "pk", "organization_id", "organization__name", "organization__kind", "organization__sector", "state", "is_pilot",
    "scheduled_on", "held_on", "results_received_on", "ratified_on",
)


def plan_rows(plan: Plan, *, today: date, within: QuerySet[Congress] | None = None) -> PlanRows:
    """Every congress of the plan (or those of `within`, part of it), in tree order, with its
    working groups and pending deadlines: three queries whatever the size of the plan."""
    found = Congress.objects.filter(plan=plan)
    if within is not None:
        found = found.filter(pk__in=within.values("pk"))
    values = list(found.order_by("organization__path").values_list(*_ROW_FIELDS))
    groups: dict[int, str] = {}
    followed_by: dict[int, list[int]] = {}
    for group_pk, name, organization_pk in (
        WorkingGroup.objects.filter(plan=plan).order_by("pk").values_list("pk", "name", "organizations")
    ):
        groups[group_pk] = name
        if organization_pk is not None:
            followed_by.setdefault(organization_pk, []).append(group_pk)
    groups = dict(sorted(groups.items(), key=lambda item: natural_key(item[1])))
    rank = {pk: index for index, pk in enumerate(groups)}
    since = min((d for v in values for d in (v[8], v[9]) if d is not None), default=today)
    holidays = holidays_after(since)
    settings = PlanDeadlines.of(plan)
    rows = [
        CongressRow(
            pk=pk, organization_id=org, name=name, kind=kind, sector=sector, state=state, is_pilot=is_pilot,
            scheduled_on=scheduled_on, held_on=held_on, results_received_on=received_on, ratified_on=ratified_on,
            groups=tuple(sorted(followed_by.get(org, ()), key=rank.__getitem__)),
            pending=pending_deadlines(
                state=state, is_pilot=is_pilot, scheduled_on=scheduled_on, held_on=held_on,
                results_received_on=received_on, plan=settings, holidays=holidays, today=today,
            ),
        )
        for pk, org, name, kind, sector, state, is_pilot, scheduled_on, held_on, received_on, ratified_on in values
    ]
    return PlanRows(rows, groups)


_NUMBER = re.compile(r"([0-9]+)")


@lru_cache(maxsize=1024)
def natural_key(name: str) -> tuple:
    """Orders names as people count: "Tổ công tác số 2" before "Tổ công tác số 10", letters in
    Vietnamese dictionary order."""
    return tuple(
        (0, int(part), "") if whole_number(part, max_digits=18) is not None else (1, 0, collation_key(part.split()))
        for part in _NUMBER.split(name) if part
    )


# --- The dashboard ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    """The congresses of a sector or a working group."""

    key: str
    label: str
    by_state: dict[str, int]
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.by_state.values())

    @property
    def annulled(self) -> int:
        return self.by_state.get(rules.ANNULLED, 0)

    @property
    def counted(self) -> int:
        """The congresses that count towards completion: all but the annulled."""
        return self.total - self.annulled

    @property
    def held(self) -> int:
        return sum(self.by_state.get(state, 0) for state in HELD_STATES)


@dataclass(frozen=True)
class PilotStatus:
    row: CongressRow
    debriefed: bool  # a debrief is recorded
    published: bool  # and published to the plan's organisations


@dataclass
class PlanProgress:
    rows: list[CongressRow]
    groups: dict[int, str]
    by_state: dict[str, int]  # every state, in CongressState order
    pilots: list[PilotStatus]
    overdue: dict[Deadline, list[tuple[CongressRow, Due]]]  # every deadline, most late first
    by_sector: list[Breakdown]
    by_group: list[Breakdown]  # every group of the plan, then the unassigned if any
    kinds: frozenset[str] = field(default_factory=frozenset)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def annulled(self) -> int:
        return self.by_state[rules.ANNULLED]

    @property
    def counted(self) -> int:
        return self.total - self.annulled

    @property
    def held(self) -> int:
        return sum(self.by_state[state] for state in HELD_STATES)

    @property
    def overdue_count(self) -> int:
        return sum(len(items) for items in self.overdue.values())

    @property
    def pilots_held(self) -> int:
        return sum(1 for p in self.pilots if p.row.is_held)

    @property
    def pilots_counted(self) -> int:
        return sum(1 for p in self.pilots if not p.row.is_annulled)

    @property
    def pilots_debriefed(self) -> int:
        return sum(1 for p in self.pilots if p.published)

    def headline(self) -> str:
        """Completion as the Party's reports put it: "11/11 chi bộ đã tổ chức đại hội"."""
        numbers = {"held": self.held, "total": self.counted}
        if self.kinds and self.kinds <= BRANCH_KINDS:
            return _("%(held)s/%(total)s branches have held their congress") % numbers
        if self.kinds and not self.kinds & BRANCH_KINDS:
            return _("%(held)s/%(total)s Party committees have held their congress") % numbers
        return _("%(held)s/%(total)s Party organisations have held their congress") % numbers


def plan_progress(plan: Plan, *, today: date) -> PlanProgress:
    """The dashboard's figures: four queries whatever the size of the plan."""
    found = plan_rows(plan, today=today)
    debriefs = dict(Debrief.objects.filter(congress__plan=plan).values_list("congress_id", "published_at"))
    return summarise(found.rows, found.groups, debriefs)


def summarise(rows: list[CongressRow], groups: dict[int, str], debriefs: dict[int, object]) -> PlanProgress:
    """The dashboard's figures from the rows, in one pass (pure): `debriefs` maps a congress to
    when its debrief was published (None: recorded, not published)."""
    by_state = dict.fromkeys(CongressState.values, 0)
    overdue: dict[Deadline, list[tuple[CongressRow, Due]]] = {deadline: [] for deadline in Deadline}
    sectors: dict[str, _Tally] = {}
    followed: dict[str, _Tally] = {str(pk): _Tally() for pk in groups}
    for row in rows:
        by_state[row.state] = by_state.get(row.state, 0) + 1
        late = row.overdue
        for due in late:
            overdue[due.deadline].append((row, due))
        for tallies, key in ((sectors, row.sector), *((followed, str(pk)) for pk in row.groups or (UNASSIGNED,))):
            tally = tallies.get(key)
            if tally is None:
                tally = tallies[key] = _Tally()
            tally.add(row.state, bool(late))
    for items in overdue.values():
        items.sort(key=lambda item: (-item[1].days_late, item[0].name))

    labels = {value: str(label) for value, label in Sector.choices}
    order = [value for value in Sector.values if value in sectors] + sorted(set(sectors) - set(Sector.values))
    by_sector = [sectors[value].breakdown(value, labels.get(value, value)) for value in order]
    by_group = [followed[str(pk)].breakdown(str(pk), name) for pk, name in groups.items()]
    if UNASSIGNED in followed:
        by_group.append(followed[UNASSIGNED].breakdown(UNASSIGNED, _("Unassigned")))
    pilots = [
        PilotStatus(row, debriefed=row.pk in debriefs, published=debriefs.get(row.pk) is not None)
        for row in rows if row.is_pilot
    ]
    return PlanProgress(
        rows=rows, groups=groups, by_state=by_state, pilots=pilots, overdue=overdue, by_sector=by_sector,
        by_group=by_group, kinds=frozenset(row.kind for row in rows),
    )


class _Tally:
    def __init__(self):
        self.states: Counter[str] = Counter()
        self.overdue = 0

    def add(self, state: str, late: bool) -> None:
        self.states[state] += 1
        self.overdue += late

    def breakdown(self, key: str, label: str) -> Breakdown:
        return Breakdown(key=key, label=label, by_state={s: self.states.get(s, 0) for s in CongressState.values},
                         overdue=self.overdue)


# --- The list ---------------------------------------------------------------------------------

OVERDUE_ANY = "any"


def filter_rows(
    rows: Iterable[CongressRow], *, state: str = "", pilot: str = "", sector: str = "", group: str = "",
    overdue: str = "", q: str = "",
) -> list[CongressRow]:
    """The rows the list's filters keep (pure). `pilot` is "yes" or "no"; `group` a working
    group's pk or UNASSIGNED; `overdue` OVERDUE_ANY or a Deadline; `q` part of the
    organisation's name, accents and case ignored (the plan's rows are few: folded here rather
    than in a column)."""
    needle = fold(q) if q else ""
    group_pk = whole_number(group)
    kept = []
    for row in rows:
        if state and row.state != state:
            continue
        if pilot and row.is_pilot != (pilot == "yes"):
            continue
        if sector and row.sector != sector:
            continue
        if group == UNASSIGNED and row.groups:
            continue
        if group and group != UNASSIGNED and group_pk not in row.groups:
            continue
        if overdue == OVERDUE_ANY and not row.overdue:
            continue
        if overdue and overdue != OVERDUE_ANY and not any(d.deadline == overdue for d in row.overdue):
            continue
        if needle and needle not in fold(row.name):
            continue
        kept.append(row)
    return kept


# --- The calendar -----------------------------------------------------------------------------

_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
FIRST_YEAR, LAST_YEAR = 1930, 2200  # beyond any congress; keeps date arithmetic in range


def parse_month(text: str) -> tuple[int, int] | None:
    """"2022-06" -> (2022, 6); None for anything else."""
    match = _MONTH.fullmatch((text or "").strip())
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return None
    return year, month


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + by
    return index // 12, index % 12 + 1


def default_month(plan: Plan, *, today: date) -> tuple[int, int]:
    """The month of the plan's next scheduled congress (from today on), else today's."""
    next_on = (
        Congress.objects.filter(plan=plan, scheduled_on__gte=today).exclude(state=rules.ANNULLED)
        .aggregate(first=Min("scheduled_on"))["first"]
    )
    day = next_on or today
    return day.year, day.month


@dataclass(frozen=True)
class CalendarEntry:
    pk: int
    name: str
    state: str
    is_pilot: bool

    @property
    def state_label(self) -> str:
        return choice_labels(CongressState, get_language()).get(self.state, self.state)

    @property
    def colour(self) -> str:
        return STATE_COLOURS.get(self.state, EMPTY_COLOUR)


@dataclass(frozen=True)
class CalendarDay:
    day: date
    in_month: bool
    holiday: str  # the holiday's name, "" on an ordinary day
    congresses: tuple[CalendarEntry, ...]
    deadlines: tuple[str, ...]  # the plan's own dates falling on this day

    @property
    def iso(self) -> str:
        return self.day.isoformat()

    @property
    def is_weekend(self) -> bool:
        return self.day.weekday() >= 5

    @property
    def is_day_off(self) -> bool:
        return self.is_weekend or bool(self.holiday)


def calendar_weeks(plan: Plan, year: int, month: int) -> list[list[CalendarDay]]:
    """The weeks (Monday first) of the month's grid, with the congresses scheduled on each day
    and the public holidays: two queries."""
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    entries: dict[date, list[CalendarEntry]] = {}
    for pk, day, name, state, is_pilot in (
        Congress.objects.filter(plan=plan, scheduled_on__range=(first, last))
        .order_by("scheduled_on", "organization__path")
        .values_list("pk", "scheduled_on", "organization__name", "state", "is_pilot")
    ):
        entries.setdefault(day, []).append(CalendarEntry(pk, name, state, is_pilot))
    holidays = dict(Holiday.objects.filter(date__range=(first, last)).values_list("date", "name"))
    plan_dates: dict[date, list[str]] = {}
    if plan.pilots_held_by:
        plan_dates.setdefault(plan.pilots_held_by, []).append(_("Pilot congresses held by"))
    plan_dates.setdefault(plan.congresses_held_by, []).append(_("All congresses held by"))
    return [
        [
            CalendarDay(day, day.month == month, holidays.get(day, ""), tuple(entries.get(day, ())),
                        tuple(plan_dates.get(day, ())))
            for day in week
        ]
        for week in weeks
    ]
