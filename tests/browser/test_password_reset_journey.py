"""Someone who forgot their password follows the login page's link, gets the mail, chooses a new
password through its link and logs in with it.

Elements are found by ids, names and URLs, not by their (translated) text.
"""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from branches.models import RoleKind
from branches.tests.factories import OrganizationFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Hoang-Trinh-2025!"


@pytest.fixture
def clerk(transactional_db):
    committee = OrganizationFactory(name="Đảng bộ phường Kỳ Trinh", kind="grassroots_committee", short_name="ĐU")
    user = UserFactory(username="vanphong", email="vanphong@example.org")
    RoleFactory(user=user, organization=committee, kind=RoleKind.CLERK)
    return user


def test_a_forgotten_password_is_replaced_by_mail(live_server, page, clerk):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.locator('main a[href="/accounts/password/reset/"]').click()

    page.locator("#id_email").fill("vanphong@example.org")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/password/reset/sent/")
    expect(page.locator("main .alert-info")).to_contain_text("60")

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/\S+/", mail.outbox[0].body).group(0)
    assert link.startswith(live_server.url)
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/[^/]+/set-password/$"))
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/password/reset/done/")

    page.locator('main a[href="/accounts/login/"]').click()
    page.locator("#id_username").fill("vanphong")
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator('form[action="/accounts/logout/"]')).to_have_count(1)

    # The link worked once.
    page.goto(link)
    expect(page.locator('main a[href="/accounts/password/reset/"]')).to_have_count(1)
    expect(page.locator("#id_new_password1")).to_have_count(0)
