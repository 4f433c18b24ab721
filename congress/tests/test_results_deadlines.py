"""The report and ratification deadlines on the results panel: working days after the congress
and after the results are received, skipping weekends and the Holiday dates."""

import datetime

import pytest

from congress.models import CongressState, Holiday, Plan
from congress.tests.builders import put_in_state
from congress.selectors import results_deadlines

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

FRIDAY = datetime.date(2022, 6, 17)


def test_a_congress_on_friday_reports_by_the_tuesday_after_next(congress_a):
    put_in_state(congress_a, CongressState.HELD, held_on=FRIDAY)
    [report] = results_deadlines(congress_a, today=datetime.date(2022, 6, 28))
    assert report.due == datetime.date(2022, 6, 28)
    assert not report.overdue


def test_holidays_push_the_deadlines_and_lateness_counts_working_days(congress_a):
    Holiday.objects.create(date=datetime.date(2022, 6, 22), name="Ngày nghỉ bù")
    Holiday.objects.create(date=datetime.date(2022, 7, 12), name="Ngày nghỉ thử")
    put_in_state(congress_a, CongressState.RESULTS_REPORTED, held_on=FRIDAY,
                 results_received_on=datetime.date(2022, 7, 1))
    report, ratification = results_deadlines(congress_a, today=datetime.date(2022, 7, 25))
    assert report.due == datetime.date(2022, 6, 29)
    assert (report.met_on, report.late_days) == (datetime.date(2022, 7, 1), 2)  # 30/06 and 01/07
    # 15 working days after Friday 01/07, skipping 12/07: Monday 25/07, not yet late.
    assert ratification.due == datetime.date(2022, 7, 25) and not ratification.overdue
    report, ratification = results_deadlines(congress_a, today=datetime.date(2022, 8, 1))
    assert ratification.overdue and ratification.late_days == 5  # 26/07 ... 01/08


def test_the_plan_sets_the_working_days(congress_a):
    Plan.objects.filter(pk=congress_a.plan_id).update(report_working_days=3)
    congress_a.refresh_from_db()
    put_in_state(congress_a, CongressState.HELD, held_on=FRIDAY)
    [report] = results_deadlines(congress_a, today=datetime.date(2022, 6, 23))
    assert report.due == datetime.date(2022, 6, 22) and report.late_days == 1


def test_nothing_is_due_before_the_congress_nor_late_once_annulled(congress_a):
    assert results_deadlines(congress_a, today=datetime.date(2022, 6, 23)) == []
    put_in_state(congress_a, CongressState.ANNULLED, held_on=FRIDAY)
    [report] = results_deadlines(congress_a, today=datetime.date(2022, 12, 1))
    assert not report.overdue
