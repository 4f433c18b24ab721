"""Deployment checks (`manage.py check --deploy --database default`, docs/deploy.md) for mistakes
that the settings cannot refuse at start: a database loaded with the demo accounts, and CSRF
origins that do not match the public address."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError
from django.http.request import split_domain_port, validate_host


@register(Tags.security, deploy=True)
def check_demo_accounts(app_configs=None, databases=None, **kwargs):
    """Warn when seed_demo's users (every other demo command needs them) still log in with the
    published demo password. Reads the database only when asked to (`--database default`), as
    Django's own database checks do; a database without tables has no users to find."""
    if not databases or "default" not in databases:
        return []
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import check_password

    from branches.management.commands.seed_demo import DEMO_PASSWORD, USERS

    usernames = ["admin", *(username for username, *_ in USERS)]
    try:
        users = list(
            get_user_model().objects.filter(username__in=usernames, is_active=True)
            .order_by("username").values_list("username", "password")
        )
    except DatabaseError:
        return []
    # hashers.check_password, not User.check_password: a check must not re-hash and save.
    known = [username for username, password in users if check_password(DEMO_PASSWORD, password)]
    if not known:
        return []
    return [Warning(
        f"Users with the published demo password: {', '.join(known)}.",
        hint="This database holds the demo data (seed_demo). Start from an empty database, or give "
        "these users strong passwords (manage.py changepassword USER) or deactivate them.",
        id="branches.W001",
    )]


@register(Tags.security, deploy=True)
def check_csrf_trusted_origins(app_configs=None, **kwargs):
    """In production, the public origin must be in CSRF_TRUSTED_ORIGINS: behind a proxy that
    passes the host without the port (nginx's $host) or on a port other than 443, Django cannot
    tell that the browser's Origin is this site and refuses every form, the login included (403)."""
    if not getattr(settings, "PRODUCTION", False):
        return []
    if not settings.CSRF_TRUSTED_ORIGINS:
        return [Warning(
            "CSRF_TRUSTED_ORIGINS is empty.",
            hint="Set it to the address users open, e.g. CSRF_TRUSTED_ORIGINS=https://daihoi.tinhuy.vn "
            "(with :PORT when it is not 443); otherwise logins may fail with 403 behind the proxy.",
            id="branches.W002",
        )]
    warnings = []
    for origin in settings.CSRF_TRUSTED_ORIGINS:
        host, _port = split_domain_port(urlsplit(origin).netloc)
        if "*" not in origin and not validate_host(host, settings.ALLOWED_HOSTS):
            warnings.append(Warning(
                f"CSRF_TRUSTED_ORIGINS names {origin}, whose host is not in ALLOWED_HOSTS.",
                hint="Requests for that host are refused anyway: a typing mistake in one of the two?",
                id="branches.W003",
            ))
    return warnings
