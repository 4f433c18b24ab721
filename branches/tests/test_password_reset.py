"""Self-service password reset by e-mail: the whole journey, what it never reveals, the limit on
requests (per address typed and per client address, counted in the database), dead links, and
the login lock it lifts."""

import re
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from branches.models import PasswordResetRequest
from branches.tests.factories import UserFactory

NEW_PASSWORD = "Hoang-Trinh-2025!"
LINK = re.compile(r"https?://[^/\s]+(/accounts/password/reset/[^/\s]+/[^/\s]+/)")


@pytest.fixture
def person(db):
    return UserFactory(username="thu_ky", email="thu.ky@example.org", full_name="Lê Thị Hoa")


def _ask(client, email, **extra):
    return client.post(reverse("password_reset"), {"email": email}, **extra)


def _link(message) -> str:
    return LINK.search(message.body).group(1)


def _signed_in(client) -> bool:
    return SESSION_KEY in client.session


def test_the_login_page_links_to_the_reset(client, db):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in html
    assert "Quên mật khẩu?" in html


def test_the_reset_pages_are_public(client, db):
    for name in ("password_reset", "password_reset_done", "password_reset_complete"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name


def test_the_whole_journey_ends_logged_in_with_the_new_password(client, person):
    response = _ask(client, "thu.ky@example.org")
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["thu.ky@example.org"]
    # In Vietnamese, naming the product, the user name and how long the link lasts.
    assert message.subject == "Văn phòng Đại hội: đặt mật khẩu mới"
    assert "Văn phòng Đại hội" in message.body and "thu_ky" in message.body
    assert "có hiệu lực trong 60 phút" in message.body

    page = client.get(_link(message), follow=True)
    assert page.context["validlink"] is True
    response = client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.url == reverse("password_reset_complete")
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert not _signed_in(client)

    login = client.post(reverse("login"), {"username": "thu_ky", "password": NEW_PASSWORD})
    assert login.url == reverse("home")
    assert _signed_in(client)


def test_the_reset_is_audited_as_done_by_the_person(client, person):
    _ask(client, "thu.ky@example.org")
    page = client.get(_link(mail.outbox[0]), follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    entry = LogEntry.objects.get_for_object(person).get(additional_data__action="branches.user.password_reset")
    assert entry.actor == person


def test_the_address_is_matched_whatever_its_case(client, person):
    _ask(client, "  Thu.Ky@Example.ORG ")
    assert [m.to for m in mail.outbox] == [["thu.ky@example.org"]]


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, person):
    known = _ask(client, "thu.ky@example.org")
    unknown = _ask(client, "nobody@example.org")
    assert unknown.status_code == known.status_code == 302
    assert unknown.url == known.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1


def test_the_page_after_asking_never_says_whether_the_address_exists(client, db):
    html = client.get(reverse("password_reset_done")).content.decode()
    assert "Nếu có tài khoản mang địa chỉ này" in html
    assert "60 phút" in html


def test_an_inactive_account_gets_no_mail(client, person):
    person.is_active = False
    person.save()
    assert _ask(client, "thu.ky@example.org").url == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_malformed_address_is_refused_on_the_form(client, db):
    response = _ask(client, "not an address")
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert not PasswordResetRequest.objects.exists()


# --- the limit --------------------------------------------------------------------------------


def test_the_sixth_request_for_one_address_is_refused_without_mail(client, person):
    assert settings.PASSWORD_RESET_LIMIT == 5
    for _ in range(5):
        assert _ask(client, "thu.ky@example.org").status_code == 302
    refused = _ask(client, "thu.ky@example.org")
    assert refused.status_code == 429
    assert "hãy chờ 15 phút rồi thử lại" in refused.content.decode()
    assert len(mail.outbox) == 5


def test_the_limit_on_an_address_holds_from_any_computer(client, person):
    for number in range(5):
        _ask(client, "thu.ky@example.org", REMOTE_ADDR=f"10.0.0.{number + 1}")
    assert _ask(client, "thu.ky@example.org", REMOTE_ADDR="10.0.0.99").status_code == 429
    assert len(mail.outbox) == 5


def test_another_address_is_not_held_by_someone_elses_limit(client, person):
    UserFactory(username="lanh_dao", email="lanh.dao@example.org")
    for _ in range(5):
        _ask(client, "thu.ky@example.org", REMOTE_ADDR="10.0.0.1")
    assert _ask(client, "lanh.dao@example.org", REMOTE_ADDR="10.0.0.2").status_code == 302
    assert mail.outbox[-1].to == ["lanh.dao@example.org"]


def test_one_computer_asking_for_many_addresses_is_stopped_too(client, person):
    for number in range(5):
        _ask(client, f"someone{number}@example.org", REMOTE_ADDR="10.0.0.7")
    refused = _ask(client, "thu.ky@example.org", REMOTE_ADDR="10.0.0.7")
    assert refused.status_code == 429
    assert mail.outbox == []
    # the same address from another computer is not held by that one
    assert _ask(client, "thu.ky@example.org", REMOTE_ADDR="10.0.0.8").status_code == 302
    assert len(mail.outbox) == 1


def test_the_client_address_is_read_behind_the_proxy(client, person, settings):
    """Behind nginx (PROXY_COUNT=1) every request comes from the proxy; the limit counts the
    address nginx wrote, and a client's own X-Forwarded-For entry cannot dodge it."""
    settings.AXES_IPWARE_PROXY_COUNT = 1
    for number in range(5):
        _ask(client, f"someone{number}@example.org", REMOTE_ADDR="127.0.0.1",
             HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, 10.0.0.7")
    assert set(PasswordResetRequest.objects.values_list("ip_address", flat=True)) == {"10.0.0.7"}
    assert _ask(client, "thu.ky@example.org", REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR="10.0.0.7").status_code == 429
    assert _ask(client, "thu.ky@example.org", REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR="10.0.0.8").status_code == 302


def test_after_the_window_the_address_may_ask_again(client, person):
    for _ in range(5):
        _ask(client, "thu.ky@example.org")
    assert _ask(client, "thu.ky@example.org").status_code == 429
    # 15 minutes and a second later: the five requests were made that long ago.
    PasswordResetRequest.objects.update(requested_at=PasswordResetRequest.objects.first().requested_at
                                        - timedelta(minutes=15, seconds=1))
    assert _ask(client, "thu.ky@example.org").status_code == 302
    assert len(mail.outbox) == 6
    # the rows past the window were dropped: the table only holds what still counts
    assert PasswordResetRequest.objects.count() == 1


def test_the_counts_hold_no_address_in_clear(client, person):
    _ask(client, "thu.ky@example.org")
    row = PasswordResetRequest.objects.get()
    assert "thu" not in row.email_digest and len(row.email_digest) == 64


# --- the link ---------------------------------------------------------------------------------


def test_a_forged_link_shows_the_dead_link_page(client, person):
    response = client.get(reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "abc-def"}))
    assert response.status_code == 200
    assert response.context["validlink"] is False
    assert "Đường dẫn này không còn dùng được" in response.content.decode()


@pytest.mark.parametrize("uidb64", ["", "%00", "²", "A" * 5000, "-1"])
def test_garbage_in_the_link_never_answers_500(client, person, uidb64):
    url = f"/accounts/password/reset/{uidb64}/abc-def/"
    assert client.get(url).status_code in {200, 404}


def test_an_expired_link_shows_the_dead_link_page(client, person, settings):
    _ask(client, "thu.ky@example.org")
    settings.PASSWORD_RESET_TIMEOUT = -1  # every token is now past its time
    response = client.get(_link(mail.outbox[0]), follow=True)
    assert response.context["validlink"] is False
    person.refresh_from_db()
    assert not person.check_password(NEW_PASSWORD)


def test_a_used_link_does_not_work_twice(client, person):
    _ask(client, "thu.ky@example.org")
    link = _link(mail.outbox[0])
    page = client.get(link, follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(link, follow=True)
    assert again.context["validlink"] is False


def test_a_weak_new_password_is_refused(client, person):
    _ask(client, "thu.ky@example.org")
    page = client.get(_link(mail.outbox[0]), follow=True)
    response = client.post(page.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    assert response.context["form"].errors
    person.refresh_from_db()
    assert person.check_password("secret-pass-123")


def test_the_link_points_where_users_open_the_site(client, person, settings):
    """Behind nginx the request's host lost its port: the link takes the configured origin."""
    settings.CSRF_TRUSTED_ORIGINS = ["https://daihoi.tinhuy.vn:8443"]
    _ask(client, "thu.ky@example.org")
    assert "https://daihoi.tinhuy.vn:8443/accounts/password/reset/" in mail.outbox[0].body


def test_the_link_follows_the_request_without_a_configured_origin(client, person, settings):
    settings.CSRF_TRUSTED_ORIGINS = []
    _ask(client, "thu.ky@example.org")
    assert "http://testserver/accounts/password/reset/" in mail.outbox[0].body


# --- the login lock ---------------------------------------------------------------------------


def test_a_reset_lifts_the_login_lock(client, person):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "thu_ky", "password": "wrong"})
    assert client.post(reverse("login"), {"username": "thu_ky", "password": "secret-pass-123"}).status_code == 429

    _ask(client, "thu.ky@example.org")
    page = client.get(_link(mail.outbox[0]), follow=True)
    client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not AccessAttempt.objects.filter(username="thu_ky").exists()
    assert client.post(reverse("login"), {"username": "thu_ky", "password": NEW_PASSWORD}).url == reverse("home")


def test_the_lockout_page_offers_the_reset(client, person):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        locked = client.post(reverse("login"), {"username": "thu_ky", "password": "wrong"})
    assert locked.status_code == 429
    assert f'href="{reverse("password_reset")}"' in locked.content.decode()


@pytest.mark.parametrize("email", ["thu.ky@example.org\x00", "a" * 5000 + "@example.org", "²@example.org"])
def test_odd_addresses_are_refused_on_the_form(client, person, email):
    response = _ask(client, email)
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert mail.outbox == [] and not PasswordResetRequest.objects.exists()
