"""The database going away answers a clear 503 page, never the generic 500, and the page itself
reads nothing from the database (config/middleware.py, config/views.py). The same with a real
PostgreSQL cut mid-write: tests/faults/test_database_gone.py."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import include, path

from config.middleware import database_unavailable_response


@login_not_required
def _lost(request):
    raise OperationalError("server closed the connection unexpectedly")


def _lost_signed_in(request):
    raise InterfaceError("connection already closed")


@login_not_required
def _broken(request):
    raise ValueError("a bug, not the database")


urlpatterns = [
    path("lost/", _lost),
    path("lost-signed-in/", _lost_signed_in),
    path("broken/", _broken),
    path("", include("config.urls")),
]
handler500 = "config.views.server_error"

urls = pytest.mark.urls(__name__)


def _is_the_503_page(response) -> bool:
    html = response.content.decode()
    return (
        response.status_code == 503
        and response["Retry-After"] == "30"
        and "no-store" in response["Cache-Control"]
        and "Cơ sở dữ liệu đang không phản hồi" in html
        and "không bao giờ lưu dở dang" in html
    )


@urls
def test_a_view_losing_the_database_answers_503_without_a_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/lost/")
    assert _is_the_503_page(response)


@urls
def test_a_signed_in_user_gets_the_503_page_without_their_menu(client, superior_clerk, django_assert_max_num_queries):
    client.force_login(superior_clerk)
    # the session and the user, read before the view; the page adds nothing
    with django_assert_max_num_queries(2):
        response = client.post("/lost-signed-in/")
    assert _is_the_503_page(response)
    assert "superior_clerk" not in response.content.decode()


@urls
def test_other_errors_still_answer_the_500_page(db):
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in response.content.decode()


@urls
def test_the_database_failing_before_the_view_answers_503_too(superior_clerk, monkeypatch):
    """A request first meets a stopped database when LoginRequiredMiddleware reads the session,
    outside the view, where process_exception never sees it: the 500 handler answers 503."""
    client = Client(raise_request_exception=False)
    client.force_login(superior_clerk)

    def load(self):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", load)
    response = client.get("/")
    assert _is_the_503_page(response)


def test_the_page_renders_without_a_query(django_assert_num_queries, db):
    with django_assert_num_queries(0):
        response = database_unavailable_response()
    assert _is_the_503_page(response)
