"""The progress pages of a plan as the superior's people see them: the dashboard, the list of
congresses with its filters and pages, and the calendar with its months."""

from datetime import date, datetime, timezone as dt_timezone

import pytest
from django.urls import reverse
from django.utils import timezone

from branches.models import Organization
from branches.tests.factories import OrganizationFactory
from congress import rules
from congress.models import Congress, Debrief, Holiday
from congress.services.plans import plan_create, working_group_save
from congress.tests.builders import PILOTS_BY, put_in_state

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

FRIDAY = date(2022, 6, 17)


@pytest.fixture
def today(monkeypatch):
    """Pin the pages' today (timezone.localdate) to 22/06/2022 unless a test moves it."""
    day = {"value": date(2022, 6, 22)}
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day["value"])
    return day


@pytest.fixture
def viewer(en, superior_viewer):
    en.force_login(superior_viewer)
    return en


def _page(client, name, plan, query=""):
    response = client.get(reverse(name, kwargs={"pk": plan.pk}) + query)
    assert response.status_code == 200
    return response, response.content.decode()


def _listed(response) -> list[int]:
    return [item["row"].pk for item in response.context["items"]]


# --- The dashboard ----------------------------------------------------------------------------


def test_dashboard_shows_the_headline_states_and_charts(viewer, today, open_plan, congress_a, congress_b):
    put_in_state(congress_a, rules.HELD, held_on=FRIDAY)
    response, page = _page(viewer, "plan_dashboard", open_plan)
    assert f'href="{reverse("plan_detail", kwargs={"pk": open_plan.pk})}"' in page  # back to the plan
    assert "1/2 branches have held their congress" in page
    assert response.context["states"][0][:3] == ("planned", "Planned", 1)
    assert [s[0] for s in response.context["states"]] == list(rules.STATES)
    assert 'data-state="held">1<' in page
    assert page.count("<svg xmlns=") == 2  # states and sectors: the plan has no working group
    assert "The plan has no working group." in page
    assert '<title id="chart-states-title">Congresses by state</title>' in page
    # The CSP forbids inline styles: charts use presentation attributes only.
    assert "style=" not in page


def test_dashboard_lists_what_is_overdue_with_links(viewer, today, open_plan, congress_a, congress_b):
    # Today 22/06: the pilot (due 15/06) is late; branch B's documents for 01/07 were due 21/06.
    put_in_state(congress_b, rules.PREPARING, scheduled_on=date(2022, 7, 1))
    response, page = _page(viewer, "plan_dashboard", open_plan)
    overdue = {value: (items, count) for value, _label, items, count in response.context["overdue"]}
    assert [(row.pk, due.days_late) for row, due in overdue["held"][0]] == [(congress_a.pk, 7)]
    assert [(row.pk, due.days_late) for row, due in overdue["documents"][0]] == [(congress_b.pk, 1)]
    assert overdue["report"] == ([], 0) and overdue["ratification"] == ([], 0)
    assert "due 15/06/2022, 7 days late" in page and "due 21/06/2022, 1 day late" in page
    assert f'href="{reverse("congress_detail", kwargs={"pk": congress_a.pk})}"' in page
    assert "2 deadlines missed" in page


def test_dashboard_counts_annulled_apart_and_pilots(viewer, today, open_plan, congress_a, congress_b, superior_clerk):
    put_in_state(congress_a, rules.HELD, held_on=date(2022, 6, 10))
    put_in_state(congress_b, rules.ANNULLED, annulment_reason="Sai quy trình")
    Debrief.objects.create(congress=congress_a, lessons="Rút kinh nghiệm", recorded_by=superior_clerk,
                           published_at=datetime(2022, 6, 13, tzinfo=dt_timezone.utc))
    _, page = _page(viewer, "plan_dashboard", open_plan)
    assert "1/1 branches have held their congress" in page
    assert "1 annulled, counted apart" in page
    assert "1/1 held, 1 debriefed" in page


def test_dashboard_breaks_down_by_sector_and_working_group(viewer, today, open_plan, congress_a, congress_b,
                                                          branch_a, superior_clerk):
    Organization.objects.filter(pk=congress_b.organization_id).update(sector="public_service")
    group = working_group_save(acting_user=superior_clerk, plan=open_plan, name="Tổ công tác số 1",
                               members=[superior_clerk], organizations=[branch_a])
    response, page = _page(viewer, "plan_dashboard", open_plan)
    assert [(b.label, b.total) for b in response.context["progress"].by_sector] == [("Agency", 1), ("Public service unit", 1)]
    assert [(b.label, b.total) for b in response.context["progress"].by_group] == [("Tổ công tác số 1", 1), ("Unassigned", 1)]
    assert f"?group={group.pk}" in page and "?group=none" in page and "?sector=public_service" in page
    assert '<title id="chart-groups-title">Congresses by working group</title>' in page
    assert page.count("<svg xmlns=") == 3


def test_dashboard_of_a_plan_not_issued_says_so(viewer, today, superior, superior_clerk, open_plan):
    draft = plan_create(acting_user=superior_clerk, organization=superior, term=open_plan.term, subject="Kế hoạch bổ sung",
                        congresses_held_by=open_plan.congresses_held_by, pilots_held_by=PILOTS_BY)
    _, page = _page(viewer, "plan_dashboard", draft)
    assert "The plan is not issued yet" in page
    assert "0/0 Party organisations have held their congress" in page
    assert "No congress yet" in page


def test_plans_are_kept_from_those_without_a_role_on_the_superior(client, outsider, branch_clerk, open_plan, today):
    for user in (outsider, branch_clerk):
        client.force_login(user)
        for name in ("plan_dashboard", "plan_congresses", "plan_calendar"):
            assert client.get(reverse(name, kwargs={"pk": open_plan.pk})).status_code == 404


def test_progress_pages_only_read(clerk_client, open_plan, today):
    for name in ("plan_dashboard", "plan_congresses", "plan_calendar"):
        assert clerk_client.post(reverse(name, kwargs={"pk": open_plan.pk})).status_code == 405


# --- The list ---------------------------------------------------------------------------------


def test_list_shows_every_congress_with_state_date_and_deadlines(viewer, today, open_plan, congress_a, congress_b):
    put_in_state(congress_b, rules.PREPARING, scheduled_on=date(2022, 7, 1))
    response, page = _page(viewer, "plan_congresses", open_plan)
    assert _listed(response) == [congress_a.pk, congress_b.pk]
    assert "2 of 2 congresses" in page
    assert "01/07/2022" in page and "Preparing" in page
    assert "Submit the documents: 21/06/2022 · 1 day late" in page
    assert "Hold the congress: 15/06/2022 · 7 days late" in page
    assert "Hold the congress: 20/07/2022<" in page  # branch B's is still ahead
    assert ">pilot<" in page
    assert f'<a href="{reverse("congress_detail", kwargs={"pk": congress_b.pk})}">Chi bộ Trạm Y tế</a>' in page


@pytest.mark.parametrize(("query", "expected"), [
    ("?state=preparing", ["b"]),
    ("?pilot=yes", ["a"]),
    ("?pilot=no", ["b"]),
    ("?sector=school", ["b"]),
    ("?group=none", ["b"]),
    ("?overdue=any", ["a", "b"]),
    ("?overdue=documents", ["b"]),
    ("?overdue=held", ["a"]),
    ("?overdue=report", []),
    ("?q=HOANG+trinh", ["a"]),
    ("?q=tram+y+te&state=preparing", ["b"]),
    ("?q=tram&pilot=yes", []),
])
def test_list_filters(viewer, today, open_plan, congress_a, congress_b, branch_a, superior_clerk, query, expected):
    put_in_state(congress_b, rules.PREPARING, scheduled_on=date(2022, 7, 1))
    Organization.objects.filter(pk=congress_b.organization_id).update(sector="school")
    working_group_save(acting_user=superior_clerk, plan=open_plan, name="Tổ 1", members=[], organizations=[branch_a])
    response, _ = _page(viewer, "plan_congresses", open_plan, query)
    pks = {"a": congress_a.pk, "b": congress_b.pk}
    assert _listed(response) == [pks[key] for key in expected]


def test_list_filters_by_working_group(viewer, today, open_plan, congress_a, congress_b, branch_b, superior_clerk):
    group = working_group_save(acting_user=superior_clerk, plan=open_plan, name="Tổ 2", members=[], organizations=[branch_b])
    response, page = _page(viewer, "plan_congresses", open_plan, f"?group={group.pk}")
    assert _listed(response) == [congress_b.pk]
    assert "Tổ 2" in page


def test_list_ignores_a_bad_filter_and_says_why(viewer, today, open_plan, congress_a, congress_b):
    response, page = _page(viewer, "plan_congresses", open_plan, "?state=bogus&pilot=yes&group=999&page=abc")
    assert _listed(response) == [congress_a.pk]  # the pilot filter still applies
    assert "Select a valid choice" in page


def test_list_pages_by_fifty(viewer, today, open_plan, superior):
    organizations = [OrganizationFactory(parent=superior, name=f"Chi bộ thôn {i:02d}") for i in range(58)]
    Congress.objects.bulk_create([
        Congress(plan=open_plan, organization=org, ordinal=1, kind="members") for org in organizations
    ])
    response, page = _page(viewer, "plan_congresses", open_plan)
    assert len(response.context["items"]) == 50 and "Page 1 of 2" in page
    response, page = _page(viewer, "plan_congresses", open_plan, "?q=thon&page=2")
    assert len(response.context["items"]) == 8
    assert "58 of 60 congresses" in page
    assert 'href="?q=thon&page=1"' in page
    response, _ = _page(viewer, "plan_congresses", open_plan, "?page=99")
    assert len(response.context["items"]) == 10  # the last page


# --- The calendar -----------------------------------------------------------------------------


def test_calendar_opens_on_the_month_of_the_next_congress(viewer, today, open_plan, congress_a, congress_b):
    put_in_state(congress_a, rules.PREPARING, scheduled_on=date(2022, 7, 5))
    put_in_state(congress_b, rules.PREPARING, scheduled_on=date(2022, 7, 5))
    Holiday.objects.create(date=date(2022, 7, 4), name="Ngày nghỉ thử")
    response, page = _page(viewer, "plan_calendar", open_plan)
    assert response.context["title"] == "July 2022"
    assert response.context["weekdays"][0] == "Monday" and response.context["weekdays"][-1] == "Sunday"
    assert 'href="?month=2022-06"' in page and 'href="?month=2022-08"' in page
    assert "2 congresses scheduled this month" in page
    cell = page.split('data-day="2022-07-05"', 1)[1].split("</td>", 1)[0]
    assert "Chi bộ TDP Hoàng Trinh" in cell and "Chi bộ Trạm Y tế" in cell and ">pilot<" in cell
    assert f'href="{reverse("congress_detail", kwargs={"pk": congress_a.pk})}"' in cell
    holiday = page.split('data-day="2022-07-04"', 1)[0].rsplit("<td", 1)[1]
    assert "table-secondary" in holiday
    assert 'data-day="2022-07-04" data-holiday="true"' in page
    assert 'data-day="2022-07-09" data-weekend="true"' in page
    assert "All congresses held by" in page.split('data-day="2022-07-20"', 1)[1].split("</td>", 1)[0]


def test_calendar_without_anything_scheduled_opens_on_today(viewer, today, open_plan, congress_a):
    response, _ = _page(viewer, "plan_calendar", open_plan)
    assert response.context["title"] == "June 2022"


def test_calendar_navigates_by_month(viewer, today, open_plan, congress_a):
    put_in_state(congress_a, rules.PREPARING, scheduled_on=date(2022, 6, 10))
    response, page = _page(viewer, "plan_calendar", open_plan, "?month=2023-01")
    assert response.context["title"] == "January 2023"
    assert 'href="?month=2022-12"' in page and 'href="?month=2023-02"' in page
    assert "0 congresses scheduled this month" in page
    response, page = _page(viewer, "plan_calendar", open_plan, "?month=2022-06")
    assert "Chi bộ TDP Hoàng Trinh" in page.split('data-day="2022-06-10"', 1)[1].split("</td>", 1)[0]


@pytest.mark.parametrize("month", ["2022-13", "june", "0000-01", "2022-06-31", "9" * 200, "2022-٠٦"])
def test_a_bad_month_falls_back_with_a_message(viewer, today, open_plan, congress_a, month):
    response, page = _page(viewer, "plan_calendar", open_plan, f"?month={month}")
    assert response.context["title"] == "June 2022"
    assert "is not a month written as YYYY-MM" in page
