"""The progress pages cost the same number of queries for a plan of 10 congresses as for one of
60 (and so of 600: docs/benchmarks.md, "Progress dashboard"), whatever the states, pilots,
working groups, debriefs and holidays."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from branches.models import Organization, RoleKind
from branches.tests.factories import OrganizationFactory, RoleFactory, UserFactory
from congress import rules
from congress.models import Congress, Debrief, Holiday, Plan, WorkingGroup
from congress.services.plans import plan_create
from congress.tests.builders import HELD_BY, PILOTS_BY, round_term

pytestmark = pytest.mark.usefixtures("english", "no_rendering")

MAX_QUERIES = 10
SECTORS = ["agency", "school", "residential", "enterprise", "police"]
TODAY = date(2022, 7, 25)  # after every deadline of the plan: every kind of overdue shows up


def _plan(n: int):
    """A superior with `n` branches, each with its congress under one plan, in every state,
    one pilot in ten, four working groups (one of them following nobody), debriefs and
    holidays; and a viewer on the superior."""
    top = OrganizationFactory(kind="superior", name=f"Đảng bộ {n}")
    clerk = UserFactory(username=f"clerk{n}")
    RoleFactory(user=clerk, organization=top, kind=RoleKind.CLERK)
    branches = [OrganizationFactory(parent=top, name=f"Chi bộ số {i:03d}", sector=SECTORS[i % len(SECTORS)])
                for i in range(n)]
    plan = plan_create(acting_user=clerk, organization=top, term=round_term(), subject="Kế hoạch đại hội",
                       congresses_held_by=HELD_BY, pilots_held_by=PILOTS_BY, scope=[])
    Plan.objects.filter(pk=plan.pk).update(opened_at=timezone.now())
    congresses = []
    for i, org in enumerate(branches):
        state = rules.STATES[i % len(rules.STATES)]
        day = date(2022, 6, 1) + timedelta(days=i % 30)
        after = state in {rules.HELD, rules.RESULTS_REPORTED, rules.RATIFIED}
        congresses.append(Congress(
            plan=plan, organization=org, ordinal=1, kind="members", is_pilot=i % 10 == 0, state=state,
            scheduled_on=day, held_on=day if after else None,
            results_received_on=day + timedelta(days=5) if state in {rules.RESULTS_REPORTED, rules.RATIFIED} else None,
            ratified_on=day + timedelta(days=20) if state == rules.RATIFIED else None,
        ))
    Congress.objects.bulk_create(congresses)
    pilots = Congress.objects.filter(plan=plan, is_pilot=True)
    Debrief.objects.bulk_create([Debrief(congress=c, lessons="Bài học", recorded_by=clerk) for c in pilots])
    for g in range(4):
        group = WorkingGroup.objects.create(plan=plan, name=f"Tổ {g}")
        if g < 3:
            group.organizations.set(branches[g::4])
    Holiday.objects.get_or_create(date=date(2022, 6, 20), defaults={"name": "Nghỉ"})
    Holiday.objects.get_or_create(date=date(2022, 7, 1), defaults={"name": "Nghỉ"})
    viewer = UserFactory(username=f"viewer{n}")
    RoleFactory(user=viewer, organization=top, kind=RoleKind.VIEWER)
    return plan, viewer


PAGES = [
    ("dashboard", "plan_dashboard", ""),
    ("list", "plan_congresses", ""),
    ("list page 2, filtered", "plan_congresses", "?q=chi+bo&overdue=any&page=2"),
    ("list by group", "plan_congresses", "?group=none&pilot=no"),
    ("calendar of a month", "plan_calendar", "?month=2022-06"),
    ("calendar, next congress", "plan_calendar", ""),
    ("calendar, bad month", "plan_calendar", "?month=2022-13"),
]


def _count(client, url: str) -> int:
    client.get(url)  # warm per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(("page", "name", "query"), PAGES, ids=[p[0] for p in PAGES])
def test_page_costs_the_same_queries_for_10_or_60_congresses(client, db, monkeypatch, page, name, query,
                                                            django_assert_max_num_queries):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    small_plan, small_viewer = _plan(10)
    big_plan, big_viewer = _plan(60)
    assert Congress.objects.filter(plan=big_plan).count() == 60

    client.force_login(small_viewer)
    small = _count(client, reverse(name, kwargs={"pk": small_plan.pk}) + query)
    client.force_login(big_viewer)
    url = reverse(name, kwargs={"pk": big_plan.pk}) + query
    big = _count(client, url)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(url)

    assert small == big, f"{page}: {small} queries for 10 congresses, {big} for 60"
    if name == "plan_dashboard":
        progress = response.context["progress"]
        assert progress.total == 60 and all(progress.overdue.values())  # every path was taken
        assert len(progress.by_group) == 5 and progress.pilots_counted == 6


def test_the_big_plan_lists_and_counts_everything(client, db, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    plan, viewer = _plan(60)
    client.force_login(viewer)
    response = client.get(reverse("plan_dashboard", kwargs={"pk": plan.pk}))
    by_state = response.context["progress"].by_state
    assert sum(by_state.values()) == 60 and set(by_state.values()) <= {7, 8}
    assert sum(b.total for b in response.context["progress"].by_sector) == 60
    # Three groups each follow every fourth branch; the fourth follows nobody.
    assert [b.total for b in response.context["progress"].by_group] == [15, 15, 15, 0, 15]
    response = client.get(reverse("plan_congresses", kwargs={"pk": plan.pk}) + "?page=2")
    assert len(response.context["items"]) == 10
    assert Organization.objects.filter(name__startswith="Chi bộ số").count() == 60
