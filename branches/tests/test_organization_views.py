"""The organisation pages: the tree with its figures, and creating, editing, moving and
(de)activating organisations through the forms a clerk uses."""

import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from branches.models import Organization, RoleKind
from branches.tests.factories import MemberFactory, OrganizationFactory, RoleFactory, UserFactory


def _reload(org):
    return Organization.objects.get(pk=org.pk)


def _history(response) -> str:
    html = response.content.decode()
    return html[html.index('data-testid="history"'):]


def _detail(client, org, **params):
    return client.get(reverse("organization_detail", kwargs={"pk": org.pk}), params)


def _organization_form(**overrides):
    return {"name": "Chi bộ Khu phố 3", "kind": "branch", "sector": "residential", "short_name": "CB",
            "place_name": "Kỳ Trinh", **overrides}


# ---------------------------------------------------------------------------------------------
# the tree and its figures


@pytest.fixture
def bloc(db):
    """bloc → committee (branch 1: 3 members; branch 2: 1 official, 1 probationary);
    bloc → committee 2 (branch 3: 1 member); bloc → grassroots branches (4 and 2 members);
    bloc → an inactive, empty grassroots committee."""
    bloc = OrganizationFactory(name="Đảng bộ Khối", kind="superior", short_name="ĐUK")
    committee = OrganizationFactory(parent=bloc, name="Đảng bộ Sở Công Thương", kind="grassroots_committee")
    branch_1 = OrganizationFactory(parent=committee, name="Chi bộ Nghiệp vụ", kind="branch")
    branch_2 = OrganizationFactory(parent=committee, name="Chi bộ Văn phòng", kind="branch")
    MemberFactory.create_batch(3, organization=branch_1)
    MemberFactory(organization=branch_2)
    MemberFactory(organization=branch_2, status="probationary")
    committee_2 = OrganizationFactory(parent=bloc, name="Đảng bộ Sở Y tế", kind="grassroots_committee")
    MemberFactory(organization=OrganizationFactory(parent=committee_2, name="Chi bộ Bệnh viện", kind="branch"))
    grassroots_branch = OrganizationFactory(parent=bloc, name="Chi bộ Báo Đồng Khởi", kind="grassroots_branch")
    MemberFactory.create_batch(4, organization=grassroots_branch)
    MemberFactory.create_batch(2, organization=OrganizationFactory(parent=bloc, name="Chi bộ Đài PT-TH", kind="grassroots_branch"))
    closed = OrganizationFactory(parent=bloc, name="Đảng bộ đã giải thể", kind="grassroots_committee")
    Organization.objects.filter(pk=closed.pk).update(is_active=False)
    user = UserFactory(username="bloc_viewer")
    RoleFactory(user=user, organization=bloc, kind=RoleKind.VIEWER)
    return bloc


def _row_cells(html: str, name: str) -> list[str]:
    for row in re.findall(r"<tr class=\"tree-level.*?</tr>", html, flags=re.S):
        if f">{name}</a>" in row:
            return [re.sub(r"<.*?>", "", cell).strip() for cell in re.findall(r"<td.*?</td>", row, flags=re.S)]
    raise AssertionError(f"no row for {name}")


def test_tree_rows_count_the_whole_subtree(en, bloc, django_assert_max_num_queries):
    en.force_login(UserFactory(username="bloc_viewer"))
    with django_assert_max_num_queries(15):
        response = _detail(en, bloc)
    html = response.content.decode()
    # name, kind, grassroots organisations, branches, members, official, probationary
    assert _row_cells(html, "Đảng bộ Sở Công Thương")[2:] == ["0", "2", "5", "4", "1"]
    assert _row_cells(html, "Chi bộ Báo Đồng Khởi")[2:] == ["0", "0", "4", "4", "0"]
    assert "Đảng bộ đã giải thể" not in html


def test_the_summary_counts_grassroots_organisations_and_branches(en, bloc):
    en.force_login(UserFactory(username="bloc_viewer"))
    summary = re.search(r'data-testid="summary">(.*?)</p>', _detail(en, bloc).content.decode()).group(1)
    assert summary == (
        "4 grassroots Party organisations, 12 Party members, "
        "2 grassroots Party committees with 3 Party branches, 2 grassroots Party branches"
    )


def test_inactive_organisations_are_shown_on_request(en, bloc):
    en.force_login(UserFactory(username="bloc_viewer"))
    html = _detail(en, bloc, inactive="1").content.decode()
    assert _row_cells(html, "Đảng bộ đã giải thể")[4] == "0"


def test_opening_a_node_fetches_its_rows(en, bloc):
    en.force_login(UserFactory(username="bloc_viewer"))
    committee = Organization.objects.get(name="Đảng bộ Sở Công Thương")
    response = en.get(reverse("organization_children", kwargs={"pk": committee.pk}), {"level": "2"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert _row_cells(html, "Chi bộ Nghiệp vụ")[2:] == ["0", "0", "3", "3", "0"]
    assert _row_cells(html, "Chi bộ Văn phòng")[2:] == ["0", "0", "2", "1", "1"]
    assert 'data-level="2"' in html


def test_home_lists_the_tops_a_user_holds(en, superior, branch_b, db):
    user = UserFactory(username="two_places")
    other = OrganizationFactory(name="Đảng bộ Khối khác", kind="superior")
    RoleFactory(user=user, organization=branch_b, kind=RoleKind.VIEWER)
    RoleFactory(user=user, organization=other, kind=RoleKind.VIEWER)
    MemberFactory(organization=branch_b)
    en.force_login(user)
    html = en.get(reverse("home")).content.decode()
    assert branch_b.name in html and other.name in html
    assert superior.name not in html


# ---------------------------------------------------------------------------------------------
# create and edit


def test_creating_an_organisation(clerk_client, superior_clerk, superior):
    response = clerk_client.post(reverse("organization_create", kwargs={"pk": superior.pk}), _organization_form())
    child = Organization.objects.get(name="Chi bộ Khu phố 3")
    assert response.url == reverse("organization_detail", kwargs={"pk": child.pk})
    assert Organization.objects.get_parent(child) == superior
    entry = LogEntry.objects.get_for_object(child).get()
    assert entry.actor == superior_clerk
    assert entry.additional_data["action"] == "branches.organization.created"
    page = clerk_client.get(response.url).content.decode()
    assert "The organisation was created." in page
    assert "Chi bộ Khu phố 3" in _detail(clerk_client, superior).content.decode()


def test_a_branch_under_a_branch_is_refused_on_the_form(clerk_client, branch_a):
    response = clerk_client.post(reverse("organization_create", kwargs={"pk": branch_a.pk}), _organization_form())
    assert response.status_code == 200
    assert "A Party branch has no subordinate organisations." in response.content.decode()
    assert not Organization.objects.filter(name="Chi bộ Khu phố 3").exists()


def test_editing_an_organisation_shows_in_its_history(clerk_client, superior_clerk, branch_a):
    data = _organization_form(name="Chi bộ TDP Hoàng Trinh mới", sector="residential")
    response = clerk_client.post(reverse("organization_update", kwargs={"pk": branch_a.pk}), data)
    assert response.url == reverse("organization_detail", kwargs={"pk": branch_a.pk})
    assert _reload(branch_a).name == "Chi bộ TDP Hoàng Trinh mới"
    history = _history(clerk_client.get(response.url))
    assert "Changed" in history
    assert "Chi bộ TDP Hoàng Trinh" in history and "Chi bộ TDP Hoàng Trinh mới" in history
    assert str(superior_clerk) in history


def test_a_kind_that_cannot_hold_the_children_is_refused_on_the_form(clerk_client, superior, branch_a):
    data = _organization_form(name=superior.name, kind="branch")
    response = clerk_client.post(reverse("organization_update", kwargs={"pk": superior.pk}), data)
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors
    assert _reload(superior).kind == "grassroots_committee"


# ---------------------------------------------------------------------------------------------
# move


@pytest.fixture
def partial(superior):
    return OrganizationFactory(parent=superior, name="Đảng bộ bộ phận Khu 1", kind="partial_committee")


def test_moving_brings_members_along_and_shows_in_the_history(clerk_client, superior_clerk, superior, branch_a, member_a, partial):
    response = clerk_client.post(reverse("organization_move", kwargs={"pk": branch_a.pk}), {"new_parent": partial.pk})
    assert response.url == reverse("organization_detail", kwargs={"pk": branch_a.pk})
    branch_a = _reload(branch_a)
    assert Organization.objects.get_parent(branch_a) == partial
    assert member_a.organization_id == branch_a.pk
    assert all(problems == [] for problems in Organization.objects.find_problems())

    page = clerk_client.get(response.url)
    assert "The organisation was moved." in page.content.decode()
    history = _history(page)
    assert "Moved" in history
    assert "superior organisation" in history.lower()
    assert superior.name in history and partial.name in history
    # the member now counts in the partial committee's row
    assert _row_cells(_detail(clerk_client, superior).content.decode(), partial.name)[4] == "1"


def test_the_move_form_offers_only_what_the_clerk_edits_outside_the_subtree(clerk_client, superior, branch_a, branch_b, partial):
    response = clerk_client.get(reverse("organization_move", kwargs={"pk": partial.pk}))
    offered = set(response.context["form"].fields["new_parent"].queryset)
    assert offered == {superior, branch_a, branch_b}
    assert partial not in offered


def test_moving_outside_ones_reach_is_refused(clerk_client, branch_a, superior):
    elsewhere = OrganizationFactory(name="Đảng bộ khác", kind="grassroots_committee")
    response = clerk_client.post(reverse("organization_move", kwargs={"pk": branch_a.pk}), {"new_parent": elsewhere.pk})
    assert response.status_code == 200
    assert "new_parent" in response.context["form"].errors
    assert Organization.objects.get_parent(_reload(branch_a)) == superior


def test_a_move_against_the_nesting_rules_is_refused_on_the_form(clerk_client, superior, partial, branch_b):
    response = clerk_client.post(reverse("organization_move", kwargs={"pk": partial.pk}), {"new_parent": branch_b.pk})
    assert response.status_code == 200
    assert "A Party branch has no subordinate organisations." in response.content.decode()
    assert Organization.objects.get_parent(_reload(partial)) == superior


# ---------------------------------------------------------------------------------------------
# deactivate and reactivate


def test_deactivating_an_empty_branch(clerk_client, superior_clerk, superior, branch_b):
    response = clerk_client.post(reverse("organization_set_active", kwargs={"pk": branch_b.pk}), {"active": "0"}, follow=True)
    assert not _reload(branch_b).is_active
    html = response.content.decode()
    assert "The organisation was deactivated." in html
    assert "Deactivated" in _history(response)
    entry = LogEntry.objects.get_for_object(branch_b).get(additional_data__action="branches.organization.deactivated")
    assert entry.actor == superior_clerk
    # it leaves the tree page unless asked for
    assert branch_b.name not in _detail(clerk_client, superior).content.decode()

    response = clerk_client.post(reverse("organization_set_active", kwargs={"pk": branch_b.pk}), {"active": "1"}, follow=True)
    assert _reload(branch_b).is_active
    assert "The organisation was reactivated." in response.content.decode()


def test_deactivating_a_branch_with_members_is_refused_with_a_message(clerk_client, branch_a, member_a):
    response = clerk_client.post(reverse("organization_set_active", kwargs={"pk": branch_a.pk}), {"active": "0"}, follow=True)
    assert _reload(branch_a).is_active
    assert "Transfer its members to another organisation first." in response.content.decode()


def test_deactivation_is_post_only(clerk_client, branch_b):
    response = clerk_client.get(reverse("organization_set_active", kwargs={"pk": branch_b.pk}), {"active": "0"})
    assert response.status_code == 405
    assert _reload(branch_b).is_active
