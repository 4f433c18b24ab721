"""Demo and load-test commands refuse to run in production (branches/management/demo.py): seed_demo
would otherwise create the superuser `admin` with the published password."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError

from branches.management.demo import DemoCommand
from branches.models import Organization, Term

DEMO_COMMANDS = [
    "seed_demo",
    "seed_demo_documents",
    "seed_demo_results",
    "seed_demo_congress",
    "generate_scale",
    "generate_round",
]


@pytest.mark.parametrize("name", DEMO_COMMANDS)
def test_every_demo_command_is_refused_in_production_and_writes_nothing(db, settings, name):
    settings.PRODUCTION = True
    with pytest.raises(CommandError) as refused:
        call_command(name)
    message = str(refused.value)
    assert f"Lệnh {name} nạp dữ liệu mẫu" in message
    assert f"{name} loads demo data" in message and "APP_MODE=production" in message
    assert not get_user_model().objects.exists()
    assert not Organization.objects.exists()
    assert not Term.objects.exists()


def test_every_command_that_seeds_or_generates_is_a_demo_command():
    """A new seed_/generate_ command must take the same guard."""
    names = [n for n, app in get_commands().items() if n.startswith(("seed_", "generate_"))]
    assert sorted(names) == sorted(DEMO_COMMANDS)
    for name in names:
        assert isinstance(load_command_class(get_commands()[name], name), DemoCommand), name


def test_under_app_mode_production_manage_py_refuses_before_touching_the_database():
    """The real switch (APP_MODE=production, config/settings.py), in a fresh interpreter: the
    database named is unreachable, so any query would fail differently."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "APP_MODE": "production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nowhere",
        "SMTP_HOST": "localhost",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"], cwd=django_settings.BASE_DIR, env=env,
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "seed_demo loads demo data" in result.stderr
    assert "Lệnh seed_demo nạp dữ liệu mẫu" in result.stderr
    assert "Demo logins" not in result.stdout


def test_outside_production_the_demo_still_loads(db, settings):
    settings.PRODUCTION = False
    call_command("seed_demo")
    assert get_user_model().objects.filter(username="admin", is_superuser=True).exists()


def test_demo_users_have_an_address_for_the_password_reset(db, settings):
    settings.PRODUCTION = False
    call_command("seed_demo")
    users = get_user_model().objects.all()
    assert users.count() > 1
    assert not users.filter(email="").exists()
    assert users.get(username="vanphong").email == "vanphong@example.org"
