"""The member pages: the list (search, filters, order, pages, htmx), entering, transferring,
and the history block."""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse

from branches import text
from branches.models import Member
from branches.tests.factories import MemberFactory


@pytest.fixture
def people(branch_a, branch_b):
    return [
        MemberFactory(organization=branch_a, full_name="Nguyễn Thị Đào", gender="female"),
        MemberFactory(organization=branch_a, full_name="Trần Văn Bình", status="probationary"),
        MemberFactory(organization=branch_a, full_name="Lê Văn An"),
        MemberFactory(organization=branch_a, full_name="Phạm Thị Ánh", gender="female", status="probationary"),
        MemberFactory(organization=branch_b, full_name="Đỗ Văn Dũng"),
    ]


def _names(response) -> list[str]:
    return [m.full_name for m in response.context["page"].object_list]


def _list(client, org, **params):
    return client.get(reverse("member_list", kwargs={"pk": org.pk}), params)


# ---------------------------------------------------------------------------------------------
# the list


def test_search_ignores_accents(clerk_client, branch_a, people):
    assert _names(_list(clerk_client, branch_a, q="nguyen")) == ["Nguyễn Thị Đào"]
    assert _names(_list(clerk_client, branch_a, q="dao")) == ["Nguyễn Thị Đào"]
    assert _names(_list(clerk_client, branch_a, q="ĐÀO")) == ["Nguyễn Thị Đào"]
    assert _names(_list(clerk_client, branch_a, q="anh")) == ["Phạm Thị Ánh"]
    assert _names(_list(clerk_client, branch_a, q="xyz")) == []


def test_the_search_shows_in_the_page(clerk_client, branch_a, people):
    html = _list(clerk_client, branch_a, q="dao").content.decode()
    assert "Nguyễn Thị Đào" in html
    assert "Trần Văn Bình" not in html


def test_filters_by_status_and_gender(clerk_client, branch_a, people):
    assert _names(_list(clerk_client, branch_a, membership="probationary")) == ["Phạm Thị Ánh", "Trần Văn Bình"]
    assert _names(_list(clerk_client, branch_a, gender="female")) == ["Phạm Thị Ánh", "Nguyễn Thị Đào"]
    assert _names(_list(clerk_client, branch_a, gender="female", membership="probationary")) == ["Phạm Thị Ánh"]


def test_subtree_toggle(clerk_client, superior, branch_a, people):
    everyone = ["Lê Văn An", "Phạm Thị Ánh", "Trần Văn Bình", "Đỗ Văn Dũng", "Nguyễn Thị Đào"]
    # subordinate organisations are included unless the clerk narrows the list
    assert _names(_list(clerk_client, superior)) == everyone
    assert _names(_list(clerk_client, superior, subtree="on")) == everyone
    assert _names(_list(clerk_client, superior, subtree="off")) == []
    MemberFactory(organization=superior, full_name="Hồ Văn Chính")
    assert _names(_list(clerk_client, superior, subtree="off")) == ["Hồ Văn Chính"]
    assert _names(_list(clerk_client, branch_a, subtree="off")) == [n for n in everyone if n != "Đỗ Văn Dũng"]


def test_the_page_is_in_vietnamese_order(clerk_client, branch_a, people):
    html = _list(clerk_client, branch_a).content.decode()
    expected = sorted((p.full_name for p in people[:4]), key=text.name_sort_key)
    assert expected == ["Lê Văn An", "Phạm Thị Ánh", "Trần Văn Bình", "Nguyễn Thị Đào"]
    positions = [html.index(name) for name in expected]
    assert positions == sorted(positions)
    assert _names(_list(clerk_client, branch_a, sort="-name")) == expected[::-1]


def test_pages_of_fifty(clerk_client, branch_a, django_assert_max_num_queries):
    members = []
    for i in range(settings.MEMBERS_PER_PAGE + 3):
        member = MemberFactory.build(organization=branch_a, full_name=f"Nguyễn Văn Số{i:03d}")
        member.refresh_name_keys()
        members.append(member)
    Member.objects.bulk_create(members)
    assert settings.MEMBERS_PER_PAGE == 50

    with django_assert_max_num_queries(12):
        first = _list(clerk_client, branch_a)
    assert len(_names(first)) == 50
    assert _names(first)[0] == "Nguyễn Văn Số000"
    assert "53 members" in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()

    second = _list(clerk_client, branch_a, page=2)
    assert _names(second) == ["Nguyễn Văn Số050", "Nguyễn Văn Số051", "Nguyễn Văn Số052"]
    # the filters are kept in the page links
    filtered = _list(clerk_client, branch_a, q="nguyen", page=2).content.decode()
    assert re.search(r'href="\?q=nguyen&(amp;)?page=1"', filtered)


def test_htmx_gets_the_table_only(clerk_client, branch_a, people):
    response = clerk_client.get(reverse("member_list", kwargs={"pk": branch_a.pk}), {"q": "dao"}, HTTP_HX_REQUEST="true")
    templates = [t.name for t in response.templates]
    assert "branches/_member_table.html" in templates
    assert "base.html" not in templates and "branches/member_list.html" not in templates
    html = response.content.decode()
    assert "<html" not in html and "<table" in html
    assert "Nguyễn Thị Đào" in html and "Trần Văn Bình" not in html


def test_a_viewer_sees_no_add_button(en, superior_viewer, branch_a):
    en.force_login(superior_viewer)
    html = _list(en, branch_a).content.decode()
    assert reverse("member_create", kwargs={"pk": branch_a.pk}) not in html


# ---------------------------------------------------------------------------------------------
# entering a member


def _form(**overrides):
    return {
        "full_name": "Võ Thị Hồng",
        "gender": "female",
        "date_of_birth": "03/02/1985",
        "ethnicity": "Kinh",
        "joined_on": "19/05/2010",
        "official_on": "19/05/2011",
        "membership": "official",
        "situation": "none",
        "party_card_number": "",
        "occupation": "Giáo viên",
        "notes": "",
        **overrides,
    }


def test_creating_a_member(clerk_client, superior_clerk, branch_a):
    response = clerk_client.post(reverse("member_create", kwargs={"pk": branch_a.pk}), _form())
    member = Member.objects.get(full_name="Võ Thị Hồng")
    assert response.status_code == 302
    assert response.url == reverse("member_detail", kwargs={"pk": member.pk})
    assert member.organization == branch_a
    assert member.date_of_birth == datetime.date(1985, 2, 3)
    assert member.search_name == "vo thi hong"
    entry = LogEntry.objects.get_for_object(member).get()
    assert entry.actor == superior_clerk
    assert entry.additional_data["action"] == "branches.member.created"
    page = clerk_client.get(response.url).content.decode()
    assert "The member was added." in page
    assert "03/02/1985" in page


def test_save_and_add_another_returns_to_the_form(clerk_client, branch_a):
    response = clerk_client.post(reverse("member_create", kwargs={"pk": branch_a.pk}), {**_form(), "add_another": "1"})
    assert response.url == reverse("member_create", kwargs={"pk": branch_a.pk})
    assert Member.objects.filter(full_name="Võ Thị Hồng").exists()


def test_a_bad_date_is_shown_and_nothing_is_created(clerk_client, branch_a):
    response = clerk_client.post(reverse("member_create", kwargs={"pk": branch_a.pk}), _form(date_of_birth="31/02/1985"))
    assert response.status_code == 200
    assert "date_of_birth" in response.context["form"].errors
    assert "Enter a valid date." in response.content.decode()
    assert not Member.objects.exists()


def test_joining_before_birth_is_shown_and_nothing_is_created(clerk_client, branch_a):
    response = clerk_client.post(
        reverse("member_create", kwargs={"pk": branch_a.pk}), _form(joined_on="01/01/1980", official_on="")
    )
    assert response.status_code == 200
    assert "The date of joining must come after the date of birth." in response.content.decode()
    assert not Member.objects.exists()


def test_editing_a_member_shows_in_the_history(clerk_client, member_a):
    data = _form(full_name="Nguyễn Văn Ân", gender="male")
    response = clerk_client.post(reverse("member_update", kwargs={"pk": member_a.pk}), data)
    assert response.status_code == 302
    assert Member.objects.get(pk=member_a.pk).full_name == "Nguyễn Văn Ân"
    history = _history(clerk_client.get(response.url))
    assert "Changed" in history
    assert "Nguyễn Văn An" in history and "Nguyễn Văn Ân" in history


# ---------------------------------------------------------------------------------------------
# transfer


def _history(response) -> str:
    html = response.content.decode()
    return html[html.index('data-testid="history"'):]


def test_transfer_moves_the_member_and_shows_in_the_history(clerk_client, superior_clerk, member_a, branch_a, branch_b):
    response = clerk_client.post(
        reverse("member_transfer", kwargs={"pk": member_a.pk}), {"to": branch_b.pk, "reason": "QĐ số 12-QĐ/ĐU"}
    )
    assert response.status_code == 302
    assert Member.objects.get(pk=member_a.pk).organization == branch_b
    entry = LogEntry.objects.get_for_object(member_a).get(additional_data__action="branches.member.transferred")
    assert entry.actor == superior_clerk
    assert entry.additional_data["reason"] == "QĐ số 12-QĐ/ĐU"

    page = clerk_client.get(response.url)
    assert "The member was transferred." in page.content.decode()
    history = _history(page)
    assert "Transferred" in history
    assert "QĐ số 12-QĐ/ĐU" in history
    assert branch_a.name in history and branch_b.name in history


def test_transfer_offers_only_organisations_the_clerk_may_edit(en, branch_clerk, member_a, branch_b):
    en.force_login(branch_clerk)
    response = en.post(reverse("member_transfer", kwargs={"pk": member_a.pk}), {"to": branch_b.pk})
    assert response.status_code == 200
    assert "to" in response.context["form"].errors
    assert Member.objects.get(pk=member_a.pk).organization_id == member_a.organization_id


def test_the_member_page_shows_no_history_before_changes(clerk_client, member_a):
    # created by the factory, outside any service: nothing to show but the creation itself
    history = _history(clerk_client.get(reverse("member_detail", kwargs={"pk": member_a.pk})))
    assert "Created" in history
