"""The project's error handlers (wired in config/urls.py)."""

import sys

from django.views import defaults

from .middleware import DATABASE_UNAVAILABLE, database_unavailable_response


def server_error(request):
    """The 500 page, or the 503 page when the database is what failed outside a view (a
    middleware reading the session, the session saved on the way out), where
    DatabaseUnavailableMiddleware cannot catch it. Django calls this inside its `except`."""
    if isinstance(sys.exception(), DATABASE_UNAVAILABLE):
        return database_unavailable_response()
    return defaults.server_error(request)
