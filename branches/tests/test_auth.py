"""Signing in and out, lockout after repeated failures (django-axes), password change, and the
headers and tokens every page carries (CSP with a nonce, CSRF)."""

import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from branches.models import Organization
from branches.tests.factories import UserFactory

PASSWORD = "secret-pass-123"  # UserFactory's


@pytest.fixture
def person(db):
    return UserFactory(username="thu_ky")


def _signed_in(client) -> bool:
    return SESSION_KEY in client.session


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_login_page_opens_when_logged_out(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'name="password"' in html and "csrfmiddlewaretoken" in html


def test_pages_send_the_logged_out_to_the_login_page(client, db):
    response = client.get(reverse("home"))
    assert response.url == reverse("login") + "?next=/"


def test_a_good_password_signs_in_and_goes_home(client, person):
    response = _login(client, "thu_ky", PASSWORD)
    assert response.url == reverse("home")
    assert _signed_in(client)
    assert int(client.session[SESSION_KEY]) == person.pk


def test_a_signed_in_user_skips_the_login_page(client, person):
    client.force_login(person)
    assert client.get(reverse("login")).url == reverse("home")


def test_a_wrong_password_is_refused(client, person):
    response = _login(client, "thu_ky", "wrong")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not _signed_in(client)


def test_five_failures_lock_the_account_even_against_the_right_password(client, person):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "thu_ky", "wrong").status_code == 200
    locked = _login(client, "thu_ky", "wrong")
    assert locked.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in locked.templates]
    assert AccessAttempt.objects.get(username="thu_ky").failures_since_start == 5

    refused = _login(client, "thu_ky", PASSWORD)
    assert refused.status_code == 429
    assert not _signed_in(client)


def test_the_lockout_is_per_username(client, person):
    UserFactory(username="nguoi_khac")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "thu_ky", "wrong")
    assert _login(client, "nguoi_khac", PASSWORD).status_code == 302
    assert _signed_in(client)


def test_a_success_before_the_limit_resets_the_count(client, person):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "thu_ky", "wrong")
    assert _login(client, "thu_ky", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "thu_ky", "wrong").status_code == 200
    assert _login(client, "thu_ky", PASSWORD).status_code == 302


def test_password_change(client, person):
    client.force_login(person)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Hoang-Trinh-2025!", "new_password2": "Hoang-Trinh-2025!"},
    )
    assert response.url == reverse("password_change_done")
    person.refresh_from_db()
    assert person.check_password("Hoang-Trinh-2025!")
    assert _signed_in(client)  # the session survives its own password change
    assert client.get(reverse("password_change_done")).status_code == 200


def test_password_change_needs_the_old_password(client, person):
    client.force_login(person)
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "Hoang-Trinh-2025!", "new_password2": "Hoang-Trinh-2025!"},
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_password_change_needs_a_login(client, db):
    response = client.get(reverse("password_change"))
    assert response.url.startswith(reverse("login"))


def test_logout_is_post_only(client, person):
    client.force_login(person)
    assert client.get(reverse("logout")).status_code == 405
    assert _signed_in(client)
    response = client.post(reverse("logout"))
    assert response.url == reverse("login")
    assert not _signed_in(client)


# ---------------------------------------------------------------------------------------------
# headers and tokens


def _csp(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in header.split(";")) if d}


@pytest.mark.parametrize("signed_in", [False, True])
def test_pages_carry_a_csp_with_a_script_nonce(client, person, superior, superior_clerk, signed_in):
    if signed_in:
        client.force_login(superior_clerk)
        response = client.get(reverse("organization_detail", kwargs={"pk": superior.pk}))
    else:
        response = client.get(reverse("login"))
    policy = _csp(response)
    nonces = [v for v in policy["script-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy.get("style-src", [])
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    # every script tag carries the nonce the header allows
    nonce = nonces[0][len("'nonce-"):-1]
    tags = re.findall(r"<script\b[^>]*>", response.content.decode())
    assert tags and all(f'nonce="{nonce}"' in tag for tag in tags)


def test_each_response_gets_a_new_nonce(client, db):
    first = _csp(client.get(reverse("login")))["script-src"]
    second = _csp(client.get(reverse("login")))["script-src"]
    assert first != second


def test_login_without_a_csrf_token_is_refused(person):
    client = Client(enforce_csrf_checks=True)
    response = _login(client, "thu_ky", PASSWORD)
    assert response.status_code == 403
    assert not _signed_in(client)


def test_login_with_the_csrf_token_works(person):
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("login")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(reverse("login"), {"username": "thu_ky", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.url == reverse("home")
    assert _signed_in(client)


def test_writes_without_a_csrf_token_are_refused(superior_clerk, superior):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superior_clerk)
    url = reverse("organization_create", kwargs={"pk": superior.pk})
    data = {"name": "Chi bộ giả", "kind": "branch", "sector": "other", "short_name": "CB", "place_name": "X"}
    assert client.post(url, data).status_code == 403
    assert not Organization.objects.filter(name="Chi bộ giả").exists()
    # htmx sends the token as a header (base.html hx-headers)
    page = client.get(url).content.decode()
    token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    assert client.post(url, data, HTTP_X_CSRFTOKEN=token).status_code == 302
    assert Organization.objects.filter(name="Chi bộ giả").exists()


def test_logout_without_a_csrf_token_is_refused(person):
    client = Client(enforce_csrf_checks=True)
    client.force_login(person)
    assert client.post(reverse("logout")).status_code == 403
    assert _signed_in(client)
