"""Django's cache on an unreachable Redis reads as an empty cache instead of failing the request
(issue 15, item 3: with REDIS_URL set the cache is Redis, and Redis may go away)."""

import logging
import socket
import time

import pytest
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError

from config.cache import ResilientRedisCache

OPTIONS = {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2}}


@pytest.fixture
def unreachable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"  # closed once the probe is


def test_the_plain_backend_fails_the_request(unreachable):
    with pytest.raises(RedisConnectionError):
        RedisCache(unreachable, OPTIONS).get("key")


def test_every_operation_behaves_as_on_an_empty_cache(unreachable, caplog):
    cache = ResilientRedisCache(unreachable, OPTIONS)
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="config.cache"):
        assert cache.get("key", "default") == "default"
        assert cache.get_many(["a", "b"]) == {}
        assert cache.has_key("key") is False
        assert cache.add("key", 1) is False
        assert cache.set("key", 1) is None
        assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert cache.touch("key") is False
        assert cache.delete("key") is False
        assert cache.delete_many(["a"]) is None
        assert cache.clear() is False
        with pytest.raises(ValueError):  # as for a missing key: callers already handle it
            cache.incr("counter")
        with pytest.raises(ValueError):
            cache.decr("counter")
    assert time.monotonic() - started < 10
    assert "Cache unavailable (Redis at redis://127.0.0.1:" in caplog.text
    assert len(caplog.records) == 12  # one line per operation lost


def test_settings_use_the_resilient_backend_with_redis(monkeypatch):
    """config/settings.py chooses it whenever REDIS_URL is set."""
    import importlib

    import config.settings

    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        fresh = importlib.reload(config.settings)
        assert fresh.CACHES["default"]["BACKEND"] == "config.cache.ResilientRedisCache"
        assert fresh.CACHES["default"]["OPTIONS"]["socket_connect_timeout"] <= 2
        assert fresh.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > 2 * fresh.CELERY_TASK_TIME_LIMIT
    finally:
        monkeypatch.delenv("REDIS_URL")
        importlib.reload(config.settings)
