"""The results page: the figures in Vietnamese formatting, each linked to the units behind it,
the per-unit table sorted and filtered, bad parameters answered with a message (never a 500),
a bounded number of queries, and the scope selector."""


import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from branches.tests.factories import OrganizationFactory, TermFactory
from congress.models import WorkingGroup
from congress.tests.builders import issued_plan
from reporting.tests.builders import held



@pytest.fixture
def viewer(en, superior_viewer):
    en.force_login(superior_viewer)
    return en


def url(plan, **params):
    from urllib.parse import urlencode

    return reverse("plan_results", args=[plan.pk]) + ("?" + urlencode(params) if params else "")


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_figures_in_vietnamese_format_with_their_shares(viewer, results):
    response = viewer.get(url(results))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-figure="women">3 (23,08%)' in page
    assert 'data-figure="held">1/2 (50,00%)' in page  # units as the reports write them: "46/65"
    assert 'data-figure="elected">13<' in page
    assert 'data-figure="change">up' in page  # 13 against 4 in the previous committee
    assert "225,0%" in page
    assert "?figure=women#units" in page
    assert 'data-testid="emulation-note"' in page  # the register's totals are not the units' sum
    assert [chart.key for chart in response.context["charts"]] == [
        "completion", "committee", "gender",
    ]  # branches only: no secretaries chart; no delegates allocated nor elected: no delegates chart
    assert "<svg" in page and "<script" not in page.split("<main", 1)[-1].split("</main>")[0]


def test_a_figure_link_keeps_the_units_behind_it(viewer, results, congress_a, congress_b):
    everyone = viewer.get(url(results))
    assert [row["pk"] for row in everyone.context["table"]] == [congress_a.pk, congress_b.pk]
    behind = viewer.get(url(results, figure="women"))
    assert [row["pk"] for row in behind.context["table"]] == [congress_a.pk]
    page = behind.content.decode()
    assert reverse("congress_detail", args=[congress_a.pk]) in page
    assert reverse("congress_detail", args=[congress_b.pk]) not in page
    assert "1 unit behind" in page


def test_the_table_sorts_by_a_figure_and_keeps_the_totals_row(viewer, results, congress_a, congress_b):
    ascending = viewer.get(url(results, sort="elected"))
    assert [row["pk"] for row in ascending.context["table"]] == [congress_b.pk, congress_a.pk]
    descending = viewer.get(url(results, sort="elected", order="desc"))
    assert [row["pk"] for row in descending.context["table"]] == [congress_a.pk, congress_b.pk]
    columns = [h["key"] for h in descending.context["headers"]]
    assert descending.context["totals_row"][columns.index("elected")] == "13"
    page = descending.content.decode()
    assert 'data-testid="totals"' in page
    # The sorted column's header flips the order; the others sort ascending.
    header = next(h for h in descending.context["headers"] if h["key"] == "elected")
    assert "order=" not in header["url"]


@pytest.mark.parametrize("params", [
    {"scope": "org:999999"}, {"scope": "sector:nowhere"}, {"scope": "nonsense"}, {"figure": "nothing"},
    {"sort": "'; drop table"}, {"order": "sideways"}, {"page": "abc"},
])
def test_bad_parameters_give_a_message_not_an_error(viewer, results, params):
    response = viewer.get(url(results, **params))
    assert response.status_code == 200
    if "page" not in params:
        assert messages_of(response)
    assert response.context["scope"].key == ""


def test_a_scope_of_another_plans_committee_is_refused(viewer, results):
    elsewhere = OrganizationFactory(name="Đảng bộ khác", kind="grassroots_committee")
    response = viewer.get(url(results, scope=f"org:{elsewhere.pk}"))
    assert response.status_code == 200 and messages_of(response)
    assert response.context["scope"].key == ""


def test_scopes_offered_and_chosen(viewer, results, branch_a):
    group = WorkingGroup.objects.create(plan=results, name="Tổ công tác số 1")
    group.organizations.add(branch_a)
    response = viewer.get(url(results, scope=f"group:{group.pk}"))
    keys = [key for key, _label in response.context["scope_choices"]]
    assert keys[0] == "" and f"group:{group.pk}" in keys and "sector:agency" in keys
    assert response.context["scope"].key == f"group:{group.pk}"
    assert [row["name"] for row in response.context["table"]] == [branch_a.name]
    page = response.content.decode()
    assert f"results.xlsx?scope=group%3A{group.pk}" in page and f"results.json?scope=group%3A{group.pk}" in page


def test_a_committee_between_the_plan_and_its_branches_is_a_scope(
    superior, superior_clerk, superior_leader, no_rendering, viewer,
):
    ward = OrganizationFactory(parent=superior, name="Đảng ủy Khối", kind="grassroots_committee")
    OrganizationFactory(parent=ward, name="Chi bộ 1")
    OrganizationFactory(parent=superior, name="Chi bộ 2")
    plan = issued_plan(organization=superior, clerk=superior_clerk, leader=superior_leader)
    keys = [key for key, _label in viewer.get(url(plan)).context["scope_choices"]]
    assert f"org:{ward.pk}" in keys and f"org:{superior.pk}" not in keys


def test_the_tabs_link_the_results(viewer, results):
    page = viewer.get(reverse("plan_dashboard", args=[results.pk])).content.decode()
    assert reverse("plan_results", args=[results.pk]) in page


def test_queries_do_not_grow_with_the_congresses(superior, superior_clerk, superior_leader, no_rendering, viewer):
    def plan_with(count: int):
        top = OrganizationFactory(parent=superior, name=f"Đảng ủy {count}", kind="grassroots_committee")
        branches = [OrganizationFactory(parent=top) for _ in range(count)]
        plan = issued_plan(organization=top, clerk=superior_clerk, leader=superior_leader,
                           term=TermFactory(start_year=2022 + count, end_year=2025 + count))
        for branch in branches[: count // 2]:
            held(plan.congresses.get(organization=branch), branch, elected=3)
        return plan

    counts = []
    for count in (3, 12):
        plan = plan_with(count)
        with CaptureQueriesContext(connection) as queries:
            response = viewer.get(url(plan, figure="elected", sort="women", order="desc"))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_units_are_paged_by_the_database_keeping_the_sort(viewer, results, congress_a, congress_b, monkeypatch):
    monkeypatch.setattr("reporting.views.results.UNITS_PER_PAGE", 1)
    first = viewer.get(url(results, sort="elected", order="desc"))
    assert [row["pk"] for row in first.context["table"]] == [congress_a.pk]
    assert first.context["unit_count"] == 2
    html = first.content.decode()
    assert "page=2#units" in html, "the next page"
    assert html.split("page=2#units")[0].rsplit('href="', 1)[1] == "?sort=elected&amp;order=desc&", "keeps the sort"
    second = viewer.get(url(results, sort="elected", order="desc", page=2))
    assert [row["pk"] for row in second.context["table"]] == [congress_b.pk]
