"""The deployment checks of branches/checks.py, and the 403 behind a proxy that they warn about."""

import pytest
from django.contrib.auth import get_user_model
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse

from branches.checks import check_csrf_trusted_origins, check_demo_accounts
from branches.management.commands.seed_demo import DEMO_PASSWORD


def _ids(messages):
    return [m.id for m in messages]


# ---------------------------------------------------------------------------------------------
# demo accounts


def test_a_demo_user_with_the_published_password_is_reported(db):
    User = get_user_model()
    User.objects.create_superuser("admin", "admin@localhost", DEMO_PASSWORD)
    User.objects.create_user("chibo", password=DEMO_PASSWORD)
    User.objects.create_user("someone", password=DEMO_PASSWORD)  # not a demo account: not read

    [warning] = check_demo_accounts(databases=["default"])
    assert warning.id == "branches.W001"
    assert "admin, chibo" in warning.msg
    assert "branches.W001" in _ids(run_checks(include_deployment_checks=True, databases=["default"]))


def test_demo_users_with_their_own_passwords_or_inactive_are_not_reported(db):
    User = get_user_model()
    User.objects.create_superuser("admin", "admin@localhost", "a-strong-one-Xq7!pL2z")
    User.objects.create_user("chibo", password=DEMO_PASSWORD, is_active=False)
    assert check_demo_accounts(databases=["default"]) == []


def test_the_database_is_read_only_when_the_check_is_given_one(db):
    get_user_model().objects.create_superuser("admin", "admin@localhost", DEMO_PASSWORD)
    assert check_demo_accounts(databases=None) == []


# ---------------------------------------------------------------------------------------------
# CSRF_TRUSTED_ORIGINS


def test_production_without_trusted_origins_is_warned(settings):
    settings.PRODUCTION = True
    settings.CSRF_TRUSTED_ORIGINS = []
    assert _ids(check_csrf_trusted_origins()) == ["branches.W002"]


def test_development_is_not_warned(settings):
    settings.PRODUCTION = False
    settings.CSRF_TRUSTED_ORIGINS = []
    assert check_csrf_trusted_origins() == []


@pytest.mark.parametrize(("origins", "expected"), [
    (["https://daihoi.example:8443"], []),
    (["https://daihoi.example", "https://*.daihoi.example"], []),
    (["https://daihoi.exmaple"], ["branches.W003"]),
])
def test_a_trusted_origin_outside_allowed_hosts_is_warned(settings, origins, expected):
    settings.PRODUCTION = True
    settings.ALLOWED_HOSTS = ["daihoi.example"]
    settings.CSRF_TRUSTED_ORIGINS = origins
    assert _ids(check_csrf_trusted_origins()) == expected


@pytest.mark.parametrize(("trusted", "status"), [([], 403), (["https://daihoi.example:8443"], 200)])
def test_behind_nginx_on_port_8443_the_login_needs_the_public_origin(db, settings, trusted, status):
    """nginx passes `Host: $host` (no port): the browser's Origin https://daihoi.example:8443 is
    then not this site for Django unless CSRF_TRUSTED_ORIGINS names it (docs/deploy.md)."""
    settings.ALLOWED_HOSTS = ["daihoi.example"]
    settings.CSRF_TRUSTED_ORIGINS = trusted
    client = Client(enforce_csrf_checks=True)
    url = reverse("login")
    client.get(url, secure=True, headers={"host": "daihoi.example"})
    response = client.post(
        url, {"username": "nobody", "password": "wrong", "csrfmiddlewaretoken": client.cookies["csrftoken"].value},
        secure=True, headers={"host": "daihoi.example", "origin": "https://daihoi.example:8443"},
    )
    # 200: the form again, with "wrong password", past the CSRF check.
    assert response.status_code == status
