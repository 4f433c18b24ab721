"""A clerk logs in, adds a member through the form and finds her by typing her name unaccented.

Elements are found by ids, names and URLs, not by their (translated) text.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect

from branches.models import Member, RoleKind
from branches.tests.factories import MemberFactory, OrganizationFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.browser

PASSWORD = "secret-pass-123"


@pytest.fixture
def office(transactional_db):
    """A grassroots committee with one branch, a clerk on the committee and one other member."""
    committee = OrganizationFactory(name="Đảng bộ phường Kỳ Trinh", kind="grassroots_committee", short_name="ĐU")
    branch = OrganizationFactory(parent=committee, name="Chi bộ TDP Hoàng Trinh", kind="branch")
    clerk = UserFactory(username="vanphong", password=PASSWORD)
    RoleFactory(user=clerk, organization=committee, kind=RoleKind.CLERK)
    MemberFactory(organization=branch, full_name="Trần Văn Bình")
    return branch


def test_clerk_adds_a_member_and_finds_her_by_unaccented_name(live_server, page, office):
    branch = office
    members_url = f"/org/{branch.pk}/members/"

    # Logging in through the real form (the home page asks for it first).
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.locator("#id_username").fill("vanphong")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator('form[action="/accounts/logout/"]')).to_have_count(1)
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    # The branch's page, then its Members tab.
    page.goto(f"/org/{branch.pk}/")
    page.locator(f'.nav-tabs a[href="{members_url}"]').click()
    expect(page).to_have_url(f"{live_server.url}{members_url}")
    expect(page.locator("#member-table")).to_contain_text("Trần Văn Bình")

    # "Add a member", and the form a clerk fills in (dates as offices write them).
    page.locator(f'a[href="{members_url}new/"]').click()
    expect(page).to_have_url(f"{live_server.url}{members_url}new/")
    page.locator("#id_full_name").fill("Nguyễn Thị Ánh")
    page.locator("#id_gender").select_option("female")
    page.locator("#id_date_of_birth").fill("15/08/1985")
    page.locator("#id_ethnicity").fill("Kinh")
    page.locator("#id_joined_on").fill("03/02/2010")
    page.locator("#id_official_on").fill("03/02/2011")
    page.locator("#id_membership").select_option("official")
    page.locator("#id_situation").select_option("none")
    page.locator("#id_occupation").fill("Giáo viên")
    page.locator("main form button[type=submit]:not([name])").click()

    # Saved: the member's own page, a success message, and the row as entered.
    expect(page).to_have_url(re.compile(r"/members/\d+/$"))
    expect(page.locator("h1")).to_contain_text("Nguyễn Thị Ánh")
    expect(page.locator(".alert-success")).to_be_visible()
    member = Member.objects.get(full_name="Nguyễn Thị Ánh")
    assert member.organization_id == branch.pk
    assert member.gender == "female"
    assert member.date_of_birth == datetime.date(1985, 8, 15)
    assert member.joined_on == datetime.date(2010, 2, 3)
    assert member.official_on == datetime.date(2011, 2, 3)
    assert page.url.endswith(f"/members/{member.pk}/")
    expect(page.locator("main")).to_contain_text("15/08/1985")

    # Back to the list, and a search typed without diacritics: htmx swaps the table in place.
    page.locator(f'main a[href="{members_url}"]').first.click()
    expect(page).to_have_url(f"{live_server.url}{members_url}")
    page.evaluate("window.stillTheSamePage = true")
    search = page.locator("#member-filters input[name=q]")
    typed_in_full = re.compile(r"[?&]q=nguyen(\+|%20)thi(\+|%20)anh(&|$)")
    with page.expect_response(lambda response: bool(typed_in_full.search(response.url)) and response.ok):
        search.press_sequentially("nguyen thi anh", delay=30)

    table = page.locator("#member-table")
    row_link = table.locator(f'a[href="/members/{member.pk}/"]')
    expect(row_link).to_have_text("Nguyễn Thị Ánh")
    expect(table).not_to_contain_text("Trần Văn Bình")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(page).to_have_url(typed_in_full)
    assert page.evaluate("window.stillTheSamePage") is True, "the search reloaded the whole page"

    # The row leads to the member.
    row_link.click()
    expect(page).to_have_url(f"{live_server.url}/members/{member.pk}/")
