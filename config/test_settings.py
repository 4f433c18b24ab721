"""Fast settings for the test suite: everything else comes from settings.py and the environment,
so the same suite runs on SQLite with eager tasks, or on PostgreSQL and Redis with a worker."""

import os
from pathlib import Path

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A real worker (tests marked `worker`) writes PDFs where the tests read them: .ci/run gives
# both the same MEDIA_ROOT.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / ".state" / "test-media")))  # noqa: F405
LANGUAGE_CODE = "vi"

# Tasks run in-process, at commit, even when REDIS_URL names a broker: a test's rows live in its
# own transaction, which a separate worker cannot see. Tests marked `worker` send their tasks to
# the real worker instead (documents/tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = True

if env_str("TEST_DATABASE_NAME"):  # noqa: F405
    # A separate Celery worker (.ci/run) must see the rows of the `worker` tests: it is started
    # with DATABASE_URL naming this database, and the tests use it instead of "test_<name>".
    # pytest-django creates, migrates and DROPS it; the worker (CONN_MAX_AGE=0) holds no
    # connection between tasks, so the drop is not blocked. Explicit on purpose: taking the name
    # from DATABASE_URL would drop a developer's own database on the next test run.
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME")}  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: the live server of the browser tests answers requests in threads, and
    # an in-memory test database is ONE connection shared by all of them. Two requests at once
    # (a navigation and an htmx request fired by the same click) then collide on it, and a
    # session lookup can come back empty. With a file each thread has its own connection.
    # pytest-xdist adds a suffix per worker; the run's own number (the first process's id, which
    # the workers it starts inherit) keeps two runs in one checkout apart, as they would
    # otherwise share the file ("disk I/O error"). pytest-django deletes the file at the end.
    run = os.environ.setdefault("CONGRESS_TEST_RUN", str(os.getpid()))
    (BASE_DIR / ".state").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".state" / f"test-db-{run}.sqlite3")}  # noqa: F405
