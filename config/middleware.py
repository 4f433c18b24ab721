"""The project's own middleware.

VietnameseByDefaultMiddleware: Vietnamese unless the person chose otherwise (the language switch
sets a cookie).

QueueGuardMiddleware: beyond capacity, fail fast with a clear page rather than answer late.

DatabaseUnavailableMiddleware: a clear page when the database goes away.
"""

import logging
import math
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers


class VietnameseByDefaultMiddleware:
    """Vietnamese unless the person chose otherwise (the language switch sets a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many office
    computers run English browsers; the product's language is Vietnamese (docs/domain.md).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


# --- The database going away ------------------------------------------------------------------

# What django.db raises when PostgreSQL restarts, is stopped, or refuses connections (also a
# deadlock or a statement timeout, after which a new attempt succeeds too): "come back in a
# moment", not "something is broken".
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
# Seconds a client is told to wait; a PostgreSQL restart takes a few.
RETRY_AFTER = 30

logger = logging.getLogger(__name__)


def database_unavailable_response() -> HttpResponse:
    """The 503 page. Rendered without a request, so no context processor runs: the user menu,
    the session and the messages all live in the database that is not answering."""
    response = HttpResponse(loader.render_to_string("503.html", {"retry_after": RETRY_AFTER}), status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """A view that loses the database answers the 503 page instead of the generic 500.

    Every write is a service in one transaction (docs/architecture.md), and PostgreSQL rolls
    back a transaction whose connection is gone: an interrupted action is saved whole or not
    at all. Failures outside the view (the session read by LoginRequiredMiddleware, which is
    where a request first meets a database that is down) never reach process_exception: the
    500 handler (config.views.server_error) gives them the same page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_UNAVAILABLE):
            return None
        logger.warning("Database unavailable during %s %s: %s", request.method, request.path, exception)
        return database_unavailable_response()


# --- Fail fast beyond capacity (docs/deploy.md "gunicorn", "nginx"; docs/benchmarks.md "Office load") ---



queue_logger = logging.getLogger("config.queue")

# Epoch timestamps in seconds sit near 1.7e9; larger values are milliseconds or microseconds
# (the units other proxies write). Anything else is not a timestamp and is ignored.
_SECONDS_BELOW = 1e11
_MILLISECONDS_BELOW = 1e14
_MICROSECONDS_BELOW = 1e17


def queued_seconds(header: str, now: float) -> float | None:
    """How long a request waited before the application saw it, from the proxy's
    `X-Request-Start` header (nginx: `t=${msec}`, seconds with a decimal point) and the time
    `now` (epoch seconds). None when the header is missing or unreadable; never negative (a
    clock a little ahead of the proxy's reads as no wait)."""
    text = header.strip()
    if text.startswith("t="):
        text = text[2:]
    if not text or len(text) > 32:
        return None
    try:
        stamp = float(text)
    except ValueError:
        return None
    if not math.isfinite(stamp) or stamp <= 0:
        return None
    if stamp >= _MICROSECONDS_BELOW:
        return None
    if stamp >= _MILLISECONDS_BELOW:
        stamp /= 1_000_000
    elif stamp >= _SECONDS_BELOW:
        stamp /= 1000
    return max(0.0, now - stamp)


class QueueGuardMiddleware:
    """Beyond capacity, a request that already waited longer than QUEUE_TIMEOUT_SECONDS in
    the queues in front of the application (nginx, the listen backlog) is answered at once with
    the "busy" page (503, Retry-After) instead of being served late: the person has likely
    clicked again or given up, and doing the full work for it would only make every request
    behind it later still, which is how a saturated server reached 20 s (docs/benchmarks.md,
    "Office load"). Renders without touching the database or the session."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.limit = settings.QUEUE_TIMEOUT_SECONDS

    def __call__(self, request):
        if self.limit > 0:
            waited = queued_seconds(request.META.get("HTTP_X_REQUEST_START", ""), time.time())
            if waited is not None and waited > self.limit:
                # One warning line, not django.request's error with a traceback-sized record
                # per refused request while the server is overloaded.
                queue_logger.warning("Busy: %s %s waited %.1f s, refused (503)", request.method, request.path, waited)
                response = busy_response()
                response._has_been_logged = True
                return response
        return self.get_response(request)


def busy_response() -> HttpResponse:
    response = HttpResponse(render_to_string("busy.html"), status=503)
    response["Retry-After"] = "5"
    response["Cache-Control"] = "no-store"
    return response
