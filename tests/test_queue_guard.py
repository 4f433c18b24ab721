"""Beyond capacity a request fails fast with a clear page (issue 15, item 6): one that waited
longer than QUEUE_TIMEOUT_SECONDS in front of the application (nginx's `X-Request-Start: t=${msec}`)
is answered 503 with the "busy" page at once, without the session or the database; others pass."""

import logging
import time

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from config.middleware import QueueGuardMiddleware, queued_seconds

NOW = 1_780_000_000.0


@pytest.mark.parametrize("header, waited", [
    ("t=1780000000.000", 0.0),
    ("t=1779999993.250", 6.75),  # nginx's ${msec}
    ("1779999990", 10.0),
    ("t=1779999998000", 2.0),  # milliseconds
    ("t=1779999999000000", 1.0),  # microseconds
    ("t=1780000005.000", 0.0),  # the proxy's clock a little ahead: no wait, never negative
])
def test_the_wait_is_read_in_any_unit(header, waited):
    assert queued_seconds(header, NOW) == pytest.approx(waited)


@pytest.mark.parametrize("header", ["", "t=", "t=abc", "t=nan", "t=inf", "t=-5", "t=0", "t=1e30", "²", "t=" + "9" * 400])
def test_an_unreadable_header_is_no_wait(header):
    assert queued_seconds(header, NOW) is None


@given(st.text())
def test_any_header_reads_as_a_wait_or_none_never_an_error(header):
    result = queued_seconds(header, NOW)
    assert result is None or result >= 0


def _stamp(seconds_ago: float) -> str:
    return f"t={time.time() - seconds_ago:.3f}"


@pytest.fixture
def cast(db):
    return get_user_model().objects.create_user("guarded", password="x")


@override_settings(QUEUE_TIMEOUT_SECONDS=5)
def test_a_request_that_queued_too_long_gets_the_busy_page_without_the_database(client, cast, django_assert_num_queries):
    client.force_login(cast)
    with django_assert_num_queries(0):
        response = client.get("/", HTTP_X_REQUEST_START=_stamp(8))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Hệ thống đang bận" in page
    assert "thử lại" in page


@override_settings(QUEUE_TIMEOUT_SECONDS=5)
def test_a_post_that_queued_too_long_changes_nothing(client, cast):
    client.force_login(cast)
    response = client.post("/accounts/logout/", HTTP_X_REQUEST_START=_stamp(30))
    assert response.status_code == 503
    assert client.get("/").status_code == 200
    assert "_auth_user_id" in client.session


@override_settings(QUEUE_TIMEOUT_SECONDS=5)
@pytest.mark.parametrize("header", [None, 1.0, "garbage"])
def test_a_request_that_did_not_wait_long_is_served(client, cast, header):
    client.force_login(cast)
    if isinstance(header, float):
        header = _stamp(header)
    headers = {} if header is None else {"HTTP_X_REQUEST_START": header}
    assert client.get("/", **headers).status_code == 200


@override_settings(QUEUE_TIMEOUT_SECONDS=0)
def test_the_guard_can_be_turned_off(client, cast):
    client.force_login(cast)
    assert client.get("/", HTTP_X_REQUEST_START=_stamp(600)).status_code == 200


def test_the_setting_applies_when_the_server_starts(settings, rf):  # noqa: F811
    settings.QUEUE_TIMEOUT_SECONDS = 2
    guard = QueueGuardMiddleware(lambda request: pytest.fail("served"))
    response = guard(rf.get("/", HTTP_X_REQUEST_START=_stamp(3)))
    assert response.status_code == 503


@override_settings(QUEUE_TIMEOUT_SECONDS=5)
def test_a_refusal_is_one_warning_not_a_server_error_in_the_log(client, cast, caplog):
    client.force_login(cast)
    with caplog.at_level(logging.WARNING):
        assert client.get("/org/1/", HTTP_X_REQUEST_START=_stamp(9)).status_code == 503
    assert [(r.name, r.levelname) for r in caplog.records] == [("config.queue", "WARNING")]
    assert "waited 9." in caplog.records[0].getMessage()


def test_nginx_shows_the_same_page_when_gunicorn_cannot_take_the_request():
    """docs/deploy.md "nginx": error_page 502 504 serves static/errors/busy.html (the backlog is
    full, or gunicorn timed out); it is the app's busy page in Vietnamese, kept in step here."""
    with translation.override("vi"):
        assert (settings.BASE_DIR / "static" / "errors" / "busy.html").read_text(encoding="utf-8") == render_to_string("busy.html")
