"""Fast settings for the test suite: everything else comes from settings.py and the environment,
so the same suite runs on SQLite with eager tasks, or on PostgreSQL and Redis with a worker."""

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / ".state" / "test-media"  # noqa: F405
LANGUAGE_CODE = "vi"
