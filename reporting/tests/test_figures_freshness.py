"""The round's figures are kept between views and never shown stale (reporting/freshness.py):
every table their queries read is watched, a write replaces the generation (at once for the
writing thread, on commit for every other process), and a view with nothing changed computes
nothing again."""

import datetime
import re

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.models import Member
from congress.models import ElectedSeat
from reporting import freshness
from reporting.statistics import Scope, totals, unit_rows, units
from reporting.tests.builders import held

TODAY = datetime.date(2022, 7, 1)


def _tables_read(queries) -> set[str]:
    return {table for query in queries for table in re.findall(r'"([a-z_]+)"', query["sql"])}


def _watched_tables() -> dict[str, str]:
    """Each watched model's table, and its many-to-many tables, by table name."""
    found = {}
    for label in freshness.WATCHED:
        model = apps.get_model(label)
        found[model._meta.db_table] = label
        for field in model._meta.local_many_to_many:
            found[field.remote_field.through._meta.db_table] = label
    return found


def test_every_table_the_figures_read_is_watched(results, congress_a, congress_b):
    scope = Scope(results)
    with CaptureQueriesContext(connection) as queries:
        totals(scope, today=TODAY)
        for figure in ("", "overdue", "secretary_share", "elected"):
            list(unit_rows(scope, figure=figure, today=TODAY))
        units(Scope(results, sector="commune"), today=TODAY)
    every_table = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    read = _tables_read(queries.captured_queries) & every_table
    assert "congress_electedseat" in read and "congress_holiday" in read  # the capture saw the figures' queries
    assert read - set(_watched_tables()) == set(), "figures read tables nobody watches: add them to WATCHED"


@pytest.fixture
def viewer(en, superior_viewer):
    en.force_login(superior_viewer)
    return en


def _elected(viewer, plan) -> str:
    page = viewer.get(reverse("plan_results", args=[plan.pk])).content.decode()
    return re.search(r'data-figure="elected">([^<]*)<', page).group(1)


def test_a_second_view_with_nothing_changed_computes_nothing_again(viewer, results):
    viewer.get(reverse("plan_results", args=[results.pk]))
    with CaptureQueriesContext(connection) as queries:
        viewer.get(reverse("plan_results", args=[results.pk]))
    assert "congress_electedseat" not in " ".join(q["sql"] for q in queries.captured_queries)


def test_what_is_recorded_shows_at_the_next_view(viewer, results, congress_b, branch_b):
    assert _elected(viewer, results) == "13"
    held(congress_b, branch_b, elected=5)
    assert _elected(viewer, results) == "18"
    ElectedSeat.objects.filter(congress=congress_b).first().delete()
    assert _elected(viewer, results) == "17"
    women = re.compile(r'data-figure="women">(\d+)')
    page = viewer.get(reverse("plan_results", args=[results.pk])).content.decode()
    before = int(women.search(page).group(1))
    member = Member.objects.filter(
        pk__in=ElectedSeat.objects.filter(congress=congress_b).values("member"), gender="male",
    ).first()
    member.gender = "female"
    member.save()  # a member's record, not the congress's, changes a figure too
    page = viewer.get(reverse("plan_results", args=[results.pk])).content.decode()
    assert int(women.search(page).group(1)) == before + 1


def _another_process():
    """What a process other than the writer sees: the shared generation, no flag of its own."""
    freshness._thread.unread_change = False
    return freshness.generation()


@pytest.mark.django_db(transaction=True)
def test_other_processes_see_a_new_generation_once_the_write_commits(branch_a):
    from branches.tests.factories import MemberFactory

    before = freshness.generation()
    with transaction.atomic():
        MemberFactory(organization=branch_a)
        assert _another_process() == before, "uncommitted: other processes may still compute without it"
    after = _another_process()
    assert after != before
    with transaction.atomic():
        MemberFactory(organization=branch_a)
        transaction.set_rollback(True)
    assert freshness.generation() != after  # the writer's own thread reads anew: harmless


def test_many_rows_in_one_commit_replace_the_generation_once(django_capture_on_commit_callbacks, branch_a, monkeypatch):
    from branches.tests.factories import MemberFactory

    replaced = []
    real = freshness._replace
    monkeypatch.setattr(freshness, "_replace", lambda: replaced.append(1) or real())
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(20):
            MemberFactory(organization=branch_a)
    assert len(replaced) == 1


def test_kept_figures_expire_and_unknown_pages_make_no_entry(viewer, results, monkeypatch):
    kept = {}
    monkeypatch.setattr(cache, "set", lambda key, value, timeout=None: kept.__setitem__(key, timeout))
    for page in ("", "2", "999999", "x", "²"):
        viewer.get(reverse("plan_results", args=[results.pk]) + (f"?page={page}" if page else ""))
    figures = [key for key in kept if key.startswith("reporting:figures:") and key != freshness.GENERATION_KEY]
    assert {kept[key] for key in figures} == {freshness.LIFETIME}
    assert len([key for key in figures if ":unit-page:" in key]) == 1, "every page number resolves to page 1"
