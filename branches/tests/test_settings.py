"""config/settings.py fails loudly (docs/architecture.md, "Settings fail loudly")."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.settings import database_from_url, env_bool, env_int, env_list

PRODUCTION_ENV = {
    "APP_MODE": "production",
    "ALLOWED_HOSTS": "example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/congress_h4",
    "SMTP_HOST": "localhost",
    "CSRF_TRUSTED_ORIGINS": "https://example.org",
}


# ---------------------------------------------------------------------------------------------
# the helpers


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("true", True), (" Yes ", True), ("ON", True),
                                               ("0", False), ("false", False), ("no", False), ("off", False), ("", False)])
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("CONGRESS_FLAG", raw)
    assert env_bool("CONGRESS_FLAG", not expected) is expected


def test_env_bool_falls_back_to_the_default_when_unset(monkeypatch):
    monkeypatch.delenv("CONGRESS_FLAG", raising=False)
    assert env_bool("CONGRESS_FLAG", True) is True
    assert env_bool("CONGRESS_FLAG", False) is False


def test_env_bool_refuses_anything_else(monkeypatch):
    monkeypatch.setenv("CONGRESS_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="CONGRESS_FLAG='maybe' is not a boolean"):
        env_bool("CONGRESS_FLAG", False)


def test_env_int(monkeypatch):
    monkeypatch.setenv("CONGRESS_COUNT", "42")
    assert env_int("CONGRESS_COUNT", 7) == 42
    monkeypatch.setenv("CONGRESS_COUNT", "")
    assert env_int("CONGRESS_COUNT", 7) == 7
    monkeypatch.setenv("CONGRESS_COUNT", "x")
    with pytest.raises(ImproperlyConfigured, match="CONGRESS_COUNT='x' is not an integer"):
        env_int("CONGRESS_COUNT", 7)


def test_env_list_drops_blanks(monkeypatch):
    monkeypatch.setenv("CONGRESS_HOSTS", " a.example , ,b.example,")
    assert env_list("CONGRESS_HOSTS") == ["a.example", "b.example"]


def test_database_from_url_reads_every_part():
    db = database_from_url("postgres://u:p%40ss@h:5433/db?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == ("db", "u", "p@ss", "h", "5433")
    assert db["OPTIONS"] == {"sslmode": "require", "options": "-c jit=off"}


def test_postgresql_jit_is_off_unless_the_url_says_otherwise():
    """JIT compiling cost the round statistics 4x their run time (docs/benchmarks.md)."""
    assert database_from_url("postgres://h/db")["OPTIONS"]["options"] == "-c jit=off"
    assert database_from_url("postgres://h/db?options=-c jit=on")["OPTIONS"]["options"] == "-c jit=on"


def test_database_from_url_without_credentials():
    db = database_from_url("postgresql://h/db")
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == ("db", "", "", "h", "")


@pytest.mark.parametrize("url", ["mysql://u:p@h/db", "sqlite:///db.sqlite3", "h/db"])
def test_database_from_url_refuses_other_databases(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must start with postgres://"):
        database_from_url(url)


def test_database_from_url_needs_a_database_name():
    with pytest.raises(ImproperlyConfigured, match="names no database"):
        database_from_url("postgres://u:p@h:5433/")


def test_tests_run_with_the_fast_settings():
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]
    assert settings.LANGUAGE_CODE == "vi"


# ---------------------------------------------------------------------------------------------
# the whole file, in a fresh interpreter


def _run(args, env):
    clean = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"), **env}
    return subprocess.run(
        [sys.executable, *args], cwd=settings.BASE_DIR, env=clean, capture_output=True, text=True, timeout=120
    )


def _import_settings(env):
    return _run(["-c", "import config.settings"], {"DJANGO_SETTINGS_MODULE": "config.settings", **env})


def test_production_settings_pass_the_deploy_check():
    env = {**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(60)[:60]}
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_asks_for_the_public_origin_in_production():
    env = {**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(60)[:60]}
    del env["CSRF_TRUSTED_ORIGINS"]
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "(branches.W002) CSRF_TRUSTED_ORIGINS is empty." in result.stderr


@pytest.mark.parametrize("origin", ["daihoi.tinhuy.vn", "https://daihoi.tinhuy.vn/", "//daihoi.tinhuy.vn:8443"])
def test_a_trusted_origin_that_is_not_an_origin_fails_clearly(origin):
    result = _import_settings({"CSRF_TRUSTED_ORIGINS": f"https://ok.example,{origin}"})
    assert result.returncode != 0
    assert f"CSRF_TRUSTED_ORIGINS: {origin!r} is not an origin" in result.stderr


def test_production_without_a_secret_key_fails_clearly():
    result = _import_settings(PRODUCTION_ENV)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is required when APP_MODE=production." in result.stderr


def test_production_with_a_short_secret_key_fails_clearly():
    result = _import_settings({**PRODUCTION_ENV, "SECRET_KEY": "too-short"})
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters long." in result.stderr


def test_debug_in_production_fails():
    result = _import_settings({**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(60), "DEBUG": "true"})
    assert result.returncode != 0
    assert "DEBUG must be off when APP_MODE=production." in result.stderr


@pytest.mark.parametrize("missing", ["ALLOWED_HOSTS", "DATABASE_URL", "SMTP_HOST"])
def test_production_requires_what_an_office_must_provide(missing):
    env = {**PRODUCTION_ENV, "SECRET_KEY": secrets.token_urlsafe(60)}
    del env[missing]
    result = _import_settings(env)
    assert result.returncode != 0
    assert f"{missing} is required when APP_MODE=production." in result.stderr


def test_an_unknown_app_mode_fails():
    result = _import_settings({"APP_MODE": "staging"})
    assert result.returncode != 0
    assert "APP_MODE='staging'" in result.stderr


def test_development_needs_nothing():
    result = _run(["-c", "import config.settings as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])"], {})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "django.db.backends.sqlite3"]
