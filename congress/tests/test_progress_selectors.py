"""What the progress pages count: states, pilots, every deadline (with holidays), sectors and
working groups, the list's filters and the calendar's month."""

from datetime import date, datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branches.models import Organization
from branches.tests.factories import OrganizationFactory
from congress import rules
from congress.deadlines import congress_deadlines
from congress.models import Congress, Debrief, Holiday
from congress.progress import (
    UNASSIGNED, CongressRow, Deadline, Due, PlanDeadlines, calendar_weeks, default_month, filter_rows,
    parse_month, pending_deadlines, plan_progress, plan_rows, shift_month,
)
from congress.services.plans import working_group_save
from congress.tests.builders import put_in_state

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

FRIDAY = date(2022, 6, 17)  # held on a Friday: results due Tuesday 28/06 (7 working days)


def _overdue(plan, today):
    progress = plan_progress(plan, today=today)
    return {deadline: [(row.pk, due.due, due.days_late) for row, due in items] for deadline, items in progress.overdue.items()}


# --- Counts -----------------------------------------------------------------------------------


def test_counts_by_state_cover_every_state_in_order(open_plan, congress_a, congress_b):
    put_in_state(congress_a, rules.HELD, held_on=FRIDAY)
    progress = plan_progress(open_plan, today=date(2022, 6, 20))
    assert list(progress.by_state) == list(rules.STATES)
    assert progress.by_state == {**dict.fromkeys(rules.STATES, 0), rules.PLANNED: 1, rules.HELD: 1}
    assert progress.total == 2 and progress.held == 1
    assert progress.headline() == "1/2 branches have held their congress"


def test_results_reported_and_ratified_count_as_held(open_plan, congress_a, congress_b):
    put_in_state(congress_a, rules.RESULTS_REPORTED, held_on=FRIDAY, results_received_on=date(2022, 6, 24))
    put_in_state(congress_b, rules.RATIFIED, held_on=FRIDAY, results_received_on=date(2022, 6, 24),
                 ratified_on=date(2022, 7, 1))
    progress = plan_progress(open_plan, today=date(2022, 7, 2))
    assert progress.headline() == "2/2 branches have held their congress"
    assert progress.overdue_count == 0


def test_annulled_congresses_are_counted_apart(open_plan, congress_a, congress_b):
    put_in_state(congress_a, rules.RATIFIED, held_on=FRIDAY, ratified_on=date(2022, 7, 1))
    put_in_state(congress_b, rules.ANNULLED, annulment_reason="Sai quy trình")
    progress = plan_progress(open_plan, today=date(2022, 7, 2))
    assert progress.headline() == "1/1 branches have held their congress"
    assert progress.annulled == 1 and progress.counted == 1
    # An annulled congress has nothing left to meet.
    assert progress.overdue_count == 0


def test_headline_names_committees_or_organisations(open_plan, congress_b, superior):
    Organization.objects.filter(pk__in=open_plan.congresses.values("organization")).update(kind="grassroots_committee")
    assert plan_progress(open_plan, today=FRIDAY).headline() == "0/2 Party committees have held their congress"
    Organization.objects.filter(pk=congress_b.organization_id).update(kind="branch")
    assert plan_progress(open_plan, today=FRIDAY).headline() == "0/2 Party organisations have held their congress"


def test_pilots_held_and_debriefed(open_plan, congress_a, congress_b, superior_clerk):
    progress = plan_progress(open_plan, today=FRIDAY)
    assert [p.row.pk for p in progress.pilots] == [congress_a.pk]
    assert (progress.pilots_held, progress.pilots_counted, progress.pilots_debriefed) == (0, 1, 0)

    put_in_state(congress_a, rules.HELD, held_on=date(2022, 6, 10))
    debrief = Debrief.objects.create(congress=congress_a, lessons="Chuẩn bị kỹ văn kiện", recorded_by=superior_clerk)
    progress = plan_progress(open_plan, today=FRIDAY)
    assert (progress.pilots_held, progress.pilots_debriefed) == (1, 0)
    assert progress.pilots[0].debriefed and not progress.pilots[0].published

    debrief.published_at = datetime(2022, 6, 13, 8, tzinfo=timezone.utc)
    debrief.save()
    progress = plan_progress(open_plan, today=FRIDAY)
    assert progress.pilots_debriefed == 1 and progress.pilots[0].published


# --- Deadlines --------------------------------------------------------------------------------


def test_documents_overdue_once_the_due_day_has_passed(open_plan, congress_a, congress_b):
    # Documents are due 10 days before the congress of 01/07: on 21/06.
    put_in_state(congress_b, rules.PREPARING, scheduled_on=date(2022, 7, 1))
    assert _overdue(open_plan, date(2022, 6, 21))[Deadline.DOCUMENTS] == []
    assert _overdue(open_plan, date(2022, 6, 22))[Deadline.DOCUMENTS] == [(congress_b.pk, date(2022, 6, 21), 1)]
    # Submitted for review: the documents are in.
    put_in_state(congress_b, rules.SUBMITTED)
    assert _overdue(open_plan, date(2022, 6, 22))[Deadline.DOCUMENTS] == []


def test_not_held_by_the_plans_date_pilots_by_their_own(open_plan, congress_a, congress_b):
    # Pilots by 15/06, the others by 20/07.
    late = _overdue(open_plan, date(2022, 6, 16))[Deadline.HELD]
    assert late == [(congress_a.pk, date(2022, 6, 15), 1)]
    late = _overdue(open_plan, date(2022, 7, 21))[Deadline.HELD]
    assert late == [(congress_a.pk, date(2022, 6, 15), 36), (congress_b.pk, date(2022, 7, 20), 1)]
    put_in_state(congress_b, rules.HELD, held_on=date(2022, 7, 19))
    assert [pk for pk, *_ in _overdue(open_plan, date(2022, 7, 21))[Deadline.HELD]] == [congress_a.pk]


def test_results_report_counts_working_days_and_skips_holidays(open_plan, congress_a, congress_b):
    put_in_state(congress_b, rules.HELD, held_on=FRIDAY)
    assert _overdue(open_plan, date(2022, 6, 28))[Deadline.REPORT] == []
    assert _overdue(open_plan, date(2022, 6, 29))[Deadline.REPORT] == [(congress_b.pk, date(2022, 6, 28), 1)]
    Holiday.objects.create(date=date(2022, 6, 20), name="Nghỉ bù")
    assert _overdue(open_plan, date(2022, 6, 29))[Deadline.REPORT] == []
    assert _overdue(open_plan, date(2022, 6, 30))[Deadline.REPORT] == [(congress_b.pk, date(2022, 6, 29), 1)]
    put_in_state(congress_b, rules.RESULTS_REPORTED, results_received_on=date(2022, 6, 29))
    assert _overdue(open_plan, date(2022, 6, 30))[Deadline.REPORT] == []


def test_ratification_counts_working_days_after_receipt(open_plan, congress_a, congress_b):
    # Received Tuesday 28/06: 15 working days end on 19/07.
    put_in_state(congress_b, rules.RESULTS_REPORTED, held_on=FRIDAY, results_received_on=date(2022, 6, 28))
    assert _overdue(open_plan, date(2022, 7, 19))[Deadline.RATIFICATION] == []
    assert _overdue(open_plan, date(2022, 7, 20))[Deadline.RATIFICATION] == [(congress_b.pk, date(2022, 7, 19), 1)]
    Holiday.objects.create(date=date(2022, 7, 1), name="Ngày nghỉ")
    assert _overdue(open_plan, date(2022, 7, 20))[Deadline.RATIFICATION] == []
    put_in_state(congress_b, rules.RATIFIED, ratified_on=date(2022, 7, 20))
    assert _overdue(open_plan, date(2022, 8, 1)) == {deadline: [] for deadline in Deadline} | {
        Deadline.HELD: [(congress_a.pk, date(2022, 6, 15), 47)],
    }


def test_pending_deadlines_follow_the_state():
    settings = PlanDeadlines(date(2022, 7, 20), date(2022, 6, 15), 10, 7, 15)
    common = {"scheduled_on": date(2022, 7, 1), "held_on": FRIDAY, "results_received_on": date(2022, 6, 28),
              "plan": settings, "holidays": frozenset(), "today": date(2022, 6, 30)}
    kinds = {state: [d.deadline for d in pending_deadlines(state=state, is_pilot=False, **common)] for state in rules.STATES}
    assert kinds == {
        rules.PLANNED: [Deadline.DOCUMENTS, Deadline.HELD],
        rules.PREPARING: [Deadline.DOCUMENTS, Deadline.HELD],
        rules.SUBMITTED: [Deadline.HELD],
        rules.REVIEWED: [Deadline.HELD],
        rules.HELD: [Deadline.REPORT],
        rules.RESULTS_REPORTED: [Deadline.RATIFICATION],
        rules.RATIFIED: [],
        rules.ANNULLED: [],
    }
    # Not scheduled yet: no documents date; a pilot without the plan's pilot date: the common one.
    no_pilot_date = PlanDeadlines(date(2022, 7, 20), None, 10, 7, 15)
    dues = pending_deadlines(state=rules.PLANNED, is_pilot=True, **{**common, "scheduled_on": None, "plan": no_pilot_date})
    assert dues == (Due(Deadline.HELD, date(2022, 7, 20), -20),)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    state=st.sampled_from(rules.STATES), is_pilot=st.booleans(),
    scheduled_on=st.none() | st.dates(date(2022, 1, 1), date(2023, 12, 31)),
    held_on=st.none() | st.dates(date(2022, 1, 1), date(2023, 12, 31)),
    received_on=st.none() | st.dates(date(2022, 1, 1), date(2023, 12, 31)),
    days=st.tuples(st.integers(0, 30), st.integers(0, 20), st.integers(0, 30)),
    holidays=st.frozensets(st.dates(date(2022, 1, 1), date(2024, 3, 31)), max_size=20),
)
def test_pending_deadlines_are_those_of_congress_deadlines(state, is_pilot, scheduled_on, held_on, received_on, days,
                                                          holidays):
    settings_ = PlanDeadlines(date(2022, 7, 20), date(2022, 6, 15), *days)
    expected = congress_deadlines(
        scheduled_on=scheduled_on, held_on=held_on, report_received_on=received_on, documents_days_before=days[0],
        report_working_days=days[1], ratify_working_days=days[2], holidays=holidays,
    )
    dues = {d.deadline: d.due for d in pending_deadlines(
        state=state, is_pilot=is_pilot, scheduled_on=scheduled_on, held_on=held_on, results_received_on=received_on,
        plan=settings_, holidays=holidays, today=date(2022, 7, 1),
    )}
    for deadline, due in dues.items():
        assert due == {
            Deadline.DOCUMENTS: expected.documents_due, Deadline.REPORT: expected.report_due,
            Deadline.RATIFICATION: expected.ratification_due,
            Deadline.HELD: date(2022, 6, 15) if is_pilot else date(2022, 7, 20),
        }[deadline]
    assert (Deadline.REPORT in dues) == (state == rules.HELD and held_on is not None)
    assert (Deadline.RATIFICATION in dues) == (state == rules.RESULTS_REPORTED and received_on is not None)


# --- Breakdowns -------------------------------------------------------------------------------


def test_by_sector_in_the_order_of_the_sectors(open_plan, congress_a, congress_b):
    Organization.objects.filter(pk=congress_a.organization_id).update(sector="school")
    Organization.objects.filter(pk=congress_b.organization_id).update(sector="agency")
    put_in_state(congress_a, rules.HELD, held_on=FRIDAY)
    progress = plan_progress(open_plan, today=date(2022, 6, 20))
    assert [(b.key, b.label, b.total, b.held) for b in progress.by_sector] == [
        ("agency", "Agency", 1, 0), ("school", "School", 1, 1),
    ]


def test_by_working_group_with_the_unassigned_apart(open_plan, congress_a, congress_b, branch_a, branch_b, superior_clerk):
    both = working_group_save(acting_user=superior_clerk, plan=open_plan, name="Tổ 1", members=[], organizations=[branch_a])
    working_group_save(acting_user=superior_clerk, plan=open_plan, name="Tổ 2", members=[], organizations=[branch_a])
    idle = working_group_save(acting_user=superior_clerk, plan=open_plan, name="Tổ 3", members=[], organizations=[])
    put_in_state(congress_a, rules.HELD, held_on=FRIDAY)
    progress = plan_progress(open_plan, today=date(2022, 6, 20))
    assert [(b.label, b.total, b.held) for b in progress.by_group] == [
        ("Tổ 1", 1, 1), ("Tổ 2", 1, 1), ("Tổ 3", 0, 0), ("Unassigned", 1, 0),
    ]
    assert progress.by_group[-1].key == UNASSIGNED

    # A congress followed by several groups counts in each; none left unassigned.
    working_group_save(acting_user=superior_clerk, plan=open_plan, name="Tổ 1", members=[],
                       organizations=[branch_a, branch_b], group=both)
    working_group_save(acting_user=superior_clerk, plan=open_plan, name="Tổ 3", members=[],
                       organizations=[branch_b], group=idle)
    progress = plan_progress(open_plan, today=date(2022, 6, 20))
    assert [(b.label, b.total) for b in progress.by_group] == [("Tổ 1", 2), ("Tổ 2", 1), ("Tổ 3", 1)]
    rows = {row.pk: row.groups for row in progress.rows}
    assert sorted(rows[congress_b.pk]) == sorted([both.pk, idle.pk])


def test_overdue_counts_per_breakdown(open_plan, congress_a, congress_b):
    progress = plan_progress(open_plan, today=date(2022, 6, 16))  # the pilot is late
    assert [(b.key, b.overdue) for b in progress.by_sector] == [("agency", 1)]


def test_working_groups_in_the_order_people_count(open_plan, congress_a, branch_a, superior_clerk):
    for name in ("Tổ công tác số 10", "Tổ công tác số 2", "Tổ Đông", "Tổ Dương", "Tổ công tác số 1"):
        working_group_save(acting_user=superior_clerk, plan=open_plan, name=name, members=[], organizations=[branch_a])
    found = plan_rows(open_plan, today=FRIDAY)
    expected = ["Tổ công tác số 1", "Tổ công tác số 2", "Tổ công tác số 10", "Tổ Dương", "Tổ Đông"]
    assert list(found.groups.values()) == expected
    assert [found.groups[pk] for pk in found.rows[0].groups] == expected


# --- The list's filters -----------------------------------------------------------------------


def _row(pk, name, *, state=rules.PLANNED, pilot=False, sector="agency", groups=(), overdue=()):
    return CongressRow(
        pk=pk, organization_id=pk, name=name, kind="branch", sector=sector, state=state, is_pilot=pilot,
        scheduled_on=None, held_on=None, results_received_on=None, ratified_on=None, groups=groups,
        pending=tuple(Due(d, date(2022, 6, 1), 3) for d in overdue) + (Due(Deadline.HELD, date(2022, 7, 20), -30),),
    )


ROWS = [
    _row(1, "Chi bộ TDP Hoàng Trinh", pilot=True, groups=(7,), overdue=(Deadline.DOCUMENTS,)),
    _row(2, "Chi bộ Trạm Y tế", state=rules.HELD, sector="public_service", groups=(7, 8)),
    _row(3, "Chi bộ Trường Mầm non Đông Sơn", sector="school", overdue=(Deadline.HELD,)),
]


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, [1, 2, 3]),
    ({"state": rules.HELD}, [2]),
    ({"pilot": "yes"}, [1]),
    ({"pilot": "no"}, [2, 3]),
    ({"sector": "school"}, [3]),
    ({"group": "7"}, [1, 2]),
    ({"group": "8"}, [2]),
    ({"group": UNASSIGNED}, [3]),
    ({"overdue": "any"}, [1, 3]),
    ({"overdue": "documents"}, [1]),
    ({"overdue": "held"}, [3]),
    ({"overdue": "report"}, []),
    ({"q": "hoang trinh"}, [1]),  # accents and case ignored
    ({"q": "TRẠM Y"}, [2]),
    ({"q": "dong son"}, [3]),
    ({"q": "chi bo", "sector": "agency"}, [1]),
])
def test_filter_rows(filters, expected):
    assert [row.pk for row in filter_rows(ROWS, **filters)] == expected


def test_plan_rows_in_tree_order_with_groups(open_plan, congress_a, congress_b, branch_b, superior_clerk):
    group = working_group_save(acting_user=superior_clerk, plan=open_plan, name="Tổ 1", members=[],
                               organizations=[branch_b])
    found = plan_rows(open_plan, today=FRIDAY)
    assert [row.pk for row in found.rows] == [congress_a.pk, congress_b.pk]
    assert found.groups == {group.pk: "Tổ 1"}
    assert [row.groups for row in found.rows] == [(), (group.pk,)]
    assert found.rows[0].name == "Chi bộ TDP Hoàng Trinh" and found.rows[0].is_pilot


# --- The calendar -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("2022-06", (2022, 6)), ("2022-6", (2022, 6)), (" 2023-12 ", (2023, 12)),
    ("2022-13", None), ("2022-00", None), ("22-06", None), ("june", None), ("", None), ("9999-01", None),
    ("2022-06-01", None), ("٢٠٢٢-٠٦", None),
])
def test_parse_month(text, expected):
    assert parse_month(text) == expected


def test_shift_month_crosses_years():
    assert shift_month(2022, 12, 1) == (2023, 1)
    assert shift_month(2022, 1, -1) == (2021, 12)
    assert shift_month(2022, 6, 0) == (2022, 6)


def test_default_month_is_the_next_scheduled_congress(open_plan, congress_a, congress_b):
    assert default_month(open_plan, today=date(2022, 5, 10)) == (2022, 5)
    put_in_state(congress_b, rules.PREPARING, scheduled_on=date(2022, 7, 8))
    put_in_state(congress_a, rules.ANNULLED, scheduled_on=date(2022, 6, 8))
    assert default_month(open_plan, today=date(2022, 5, 10)) == (2022, 7)
    assert default_month(open_plan, today=date(2022, 7, 9)) == (2022, 7)  # past: today's month


def test_calendar_weeks_start_on_monday_with_congresses_and_holidays(open_plan, congress_a, congress_b):
    put_in_state(congress_a, rules.PREPARING, scheduled_on=date(2022, 6, 10))
    put_in_state(congress_b, rules.PREPARING, scheduled_on=date(2022, 6, 10))
    Holiday.objects.create(date=date(2022, 6, 1), name="Ngày lễ thử")
    weeks = calendar_weeks(open_plan, 2022, 6)
    days = {day.day: day for week in weeks for day in week}
    assert all(len(week) == 7 and week[0].day.weekday() == 0 for week in weeks)
    assert weeks[0][0].day == date(2022, 5, 30) and not weeks[0][0].in_month
    assert [(e.pk, e.is_pilot) for e in days[date(2022, 6, 10)].congresses] == [(congress_a.pk, True), (congress_b.pk, False)]
    assert days[date(2022, 6, 1)].holiday == "Ngày lễ thử" and days[date(2022, 6, 1)].is_day_off
    assert days[date(2022, 6, 4)].is_weekend and days[date(2022, 6, 4)].is_day_off
    assert not days[date(2022, 6, 2)].is_day_off
    assert days[date(2022, 6, 15)].deadlines == ("Pilot congresses held by",)


def test_organisations_made_for_the_plan_keep_their_tree_order(open_plan, superior):
    later = OrganizationFactory(parent=superior, name="Chi bộ Ấp Mới", kind="branch")
    Congress.objects.create(plan=open_plan, organization=later, ordinal=1, kind="members")
    names = [row.name for row in plan_rows(open_plan, today=FRIDAY).rows]
    assert names == ["Chi bộ TDP Hoàng Trinh", "Chi bộ Trạm Y tế", "Chi bộ Ấp Mới"]
