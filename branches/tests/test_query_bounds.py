"""The member list and the tree page cost the same number of queries whatever the size of the
tree: 5 or 60 subordinate organisations, 10 or 300 members (docs/benchmarks.md)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from branches.models import Member, RoleKind
from branches.tests.factories import MemberFactory, OrganizationFactory, RoleFactory, UserFactory

MAX_QUERIES = 12


def _tree(n_children: int, n_members: int):
    """A superior with `n_children` grassroots committees, each holding one branch, and
    `n_members` members spread over the branches; a clerk on the superior."""
    top = OrganizationFactory(kind="superior", name=f"Đảng bộ {n_children}")
    committees, branches = [], []
    for i in range(n_children):
        committee = OrganizationFactory(parent=top, kind="grassroots_committee", name=f"Đảng bộ xã {i}")
        committees.append(committee)
        branches.append(OrganizationFactory(parent=committee, kind="branch", name=f"Chi bộ thôn {i}"))
    members = [
        MemberFactory.build(organization=branches[i % n_children], full_name=f"Nguyễn Văn Số{i}",
                            status="probationary" if i % 7 == 0 else "official")
        for i in range(n_members)
    ]
    for member in members:
        member.refresh_name_keys()
    Member.objects.bulk_create(members)
    user = UserFactory(username=f"clerk{n_children}")
    RoleFactory(user=user, organization=top, kind=RoleKind.CLERK)
    return top, committees[0], user


PAGES = [
    ("tree", lambda top, committee: f"/org/{top.pk}/"),
    ("tree children", lambda top, committee: f"/org/{top.pk}/children/?level=1"),
    ("subtree children", lambda top, committee: f"/org/{committee.pk}/children/?level=2"),
    ("member list", lambda top, committee: f"/org/{top.pk}/members/"),
    ("member list page 2", lambda top, committee: f"/org/{top.pk}/members/?page=2"),
    ("member search", lambda top, committee: f"/org/{top.pk}/members/?subtree=on&q=nguyen"),
    ("member list, htmx", lambda top, committee: f"/org/{top.pk}/members/?subtree=on&q=van"),
]


def _count(client, url: str, **headers) -> int:
    client.get(url, **headers)  # warm per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(("page", "url_for"), PAGES, ids=[p[0] for p in PAGES])
def test_page_costs_the_same_queries_small_or_big(client, db, page, url_for, django_assert_max_num_queries):
    small_top, small_committee, small_clerk = _tree(5, 10)
    big_top, big_committee, big_clerk = _tree(60, 300)
    headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in page else {}

    client.force_login(small_clerk)
    small = _count(client, url_for(small_top, small_committee), **headers)
    client.force_login(big_clerk)
    big = _count(client, url_for(big_top, big_committee), **headers)
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url_for(big_top, big_committee), **headers)

    assert small == big, f"{page}: {small} queries on the small tree, {big} on the big one"


def test_big_member_list_shows_one_page_and_the_total(client, db):
    top, _, clerk = _tree(60, 300)
    client.force_login(clerk)
    response = client.get(f"/org/{top.pk}/members/?subtree=on")
    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].paginator.count == 300


def test_member_rows_show_labels_and_dates_as_before(client, db):
    top, _, clerk = _tree(5, 10)
    member = Member.objects.order_by("pk").first()
    client.force_login(clerk)
    html = client.get(f"/org/{top.pk}/members/?subtree=on").content.decode()
    assert member.date_of_birth.strftime("%d/%m/%Y") in html
    assert f"<td>{member.get_gender_display()}</td>" in html
    assert f"<td>{member.get_membership_display()}" in html
