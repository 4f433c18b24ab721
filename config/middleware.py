"""The project's own middleware: the interface language, and a clear page when the database
goes away."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
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
