"""Fault tests: the application on its real topology (PostgreSQL, Redis, Celery workers in
their own processes), with a part taken away. Marked `faults`, they run only with FAULTS=1
(.ci/faults does, after the PostgreSQL suite); a normal run skips them.

They need DATABASE_URL (PostgreSQL) and REDIS_URL naming a Redis database of their own, which
they flush: .ci/faults gives them CI_REDIS_DB + 1. The rows must be committed for the workers to
see them, so the tests use a transactional database; the workers are started on the test
database (its name read from the connection), with this checkout's code and the same MEDIA_ROOT.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app

ROOT = Path(__file__).resolve().parents[2]
WORKER_START_SECONDS = 60


@pytest.fixture(autouse=True)
def on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("fault tests need PostgreSQL (DATABASE_URL)")


@pytest.fixture
def real_broker(on_postgresql):
    """A Redis database of the tests' own, flushed; tasks go to real workers, not in-process."""
    if not settings.REDIS_URL:
        pytest.skip("fault tests need REDIS_URL (a Redis database they may flush)")
    import redis

    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = eager


def _database_url() -> str:
    """The test database, as the workers must reach it."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


class Worker:
    """A `celery -A config worker` in its own process group, so that a test can kill it whole."""

    def __init__(self, name: str, log: Path, **env):
        self.name = f"{name}@faults"
        self.log = log
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "CONN_MAX_AGE": "0",
            **{key: str(value) for key, value in env.items()},
        }
        environment.pop("APP_MODE", None)
        with open(log, "ab") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "1",
                 "--loglevel", "info", "-n", self.name, "--without-gossip", "--without-mingle"],
                cwd=ROOT, env=environment, stdin=subprocess.DEVNULL, stdout=output, stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self):
        deadline = time.monotonic() + WORKER_START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"worker {self.name} exited:\n{self.log.read_text()[-3000:]}", pytrace=False)
            if app.control.ping(destination=[self.name], timeout=0.5):
                return self
            time.sleep(0.3)
        pytest.fail(f"worker {self.name} not ready in {WORKER_START_SECONDS} s:\n{self.log.read_text()[-3000:]}",
                    pytrace=False)

    def kill(self):
        """SIGKILL to the whole group: the main process and its pool, as a machine losing power."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def start_worker(real_broker, tmp_path):
    """start_worker(name, **environment) -> a ready Worker; all are stopped after the test."""
    started = []

    def start(name="w1", **env):
        worker = Worker(name, tmp_path / f"worker-{name}.log", **env)
        started.append(worker)
        return worker.wait_ready()

    yield start
    for worker in started:
        worker.stop()


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"  # nobody listens once the probe is closed


@contextmanager
def broker_unreachable():
    """This process's Celery app sends to a port where nobody listens, then back to REDIS_URL.

    Celery keeps its connection and producer pools on the app: they are dropped both ways so
    that the next message uses the current broker address. Not closed: kombu keeps one pool per
    address for the whole process and would hand the closed one back."""
    real = app.conf.broker_url

    def repoint(url):
        app.conf.broker_url = url
        app._pool = None
        app.amqp._producer_pool = None

    repoint(closed_port_url())
    try:
        yield
    finally:
        repoint(real)
