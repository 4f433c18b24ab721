"""Settings for the congress office, read from the environment.

Nothing configured means a developer's machine: SQLite in the project folder, tasks run
in-process, mail printed to the console. `APP_MODE=production` turns every safety on and
requires what a real office must provide (SECRET_KEY, ALLOWED_HOSTS, a database, mail).
Every variable is documented in docs/deploy.md.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """`postgres://user:password@host:port/name?sslmode=require` to a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgres://, not {parts.scheme or 'nothing'}://."
        )
    name = parts.path.lstrip("/")
    if not name:
        raise ImproperlyConfigured("DATABASE_URL names no database (postgres://host/NAME).")
    options = dict(
        pair.split("=", 1) for pair in parts.query.split("&") if "=" in pair
    )
    # PostgreSQL's JIT spent 7.7 s compiling the round statistics' aggregate that runs in 0.8 s
    # (docs/benchmarks.md, "Statistics of a national round"); the app's queries gain nothing
    # from it. `?options=...` in the URL replaces this.
    options.setdefault("options", "-c jit=off")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(name),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
        # A new connection per request cost 2.5x throughput on this hardware.
        "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
    }


APP_MODE = env_str("APP_MODE", "development")
if APP_MODE not in {"development", "production"}:
    raise ImproperlyConfigured(f"APP_MODE={APP_MODE!r}: use development or production.")
PRODUCTION = APP_MODE == "production"

DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when APP_MODE=production.")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY is required when APP_MODE=production.")
    SECRET_KEY = "development-only-key-never-used-in-production-" + "x" * 20
elif PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when APP_MODE=production.")
# The address users open, e.g. https://daihoi.tinhuy.vn:8443. Needed behind the proxy: nginx
# passes the host without the port ($host), so Django cannot tell that the browser's Origin is
# this site and refuses every form, the login included (403, "Origin/Referer checking failed").
# Nothing is derived from ALLOWED_HOSTS: the scheme and port are the proxy's, unknown here.
# `check --deploy` warns when it is empty in production (branches/checks.py).
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
for _origin in CSRF_TRUSTED_ORIGINS:
    _parts = urlsplit(_origin)
    if _parts.scheme not in {"http", "https"} or not _parts.netloc or _parts.path or _parts.query:
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS: {_origin!r} is not an origin; write the scheme and host as users "
            "open the site, with the port unless it is 443: https://daihoi.tinhuy.vn:8443"
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "treebeard",
    "axes",
    "auditlog",
    "branches",
    "documents",
    "congress",
    "elections",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.VietnameseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything that reads the session or the database: a request that queued too long
    # is refused at no cost (docs/deploy.md "gunicorn").
    "config.middleware.QueueGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # A view that loses the database answers 503 "try again in a moment", not 500.
    "config.middleware.DatabaseUnavailableMiddleware",
    # Last, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

# A request that waited longer than this in front of the application (nginx's X-Request-Start)
# gets the "busy" page (503) at once; 0 turns the guard off.
QUEUE_TIMEOUT_SECONDS = env_int("QUEUE_TIMEOUT_SECONDS", 5)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
elif PRODUCTION:
    raise ImproperlyConfigured("DATABASE_URL is required when APP_MODE=production.")
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "branches.User"

AUTHENTICATION_BACKENDS = [
    # Throttles repeated failures before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: five failures lock the username from that address for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0)
# django-ipware is not installed, and without it axes ignores the proxy count: this reads it.
AXES_CLIENT_IP_CALLABLE = "config.client_address.request_client_address"

# Password reset by e-mail: the link lasts an hour; at most five reset e-mails per address typed
# and per client address within the login lock's window (branches/services/password_reset.py).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600)
if PASSWORD_RESET_TIMEOUT < 60:
    raise ImproperlyConfigured("PASSWORD_RESET_TIMEOUT is in seconds; use at least 60.")
PASSWORD_RESET_LIMIT = env_int("PASSWORD_RESET_LIMIT", 5)

# django-auditlog: who changed what, with only the changed fields.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Redis unreachable must not turn a page into a 500 (docs/deploy.md, "When something goes
    # away"): short timeouts, and a backend that reads an outage as a miss.
    CACHES = {
        "default": {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: Redis when configured; otherwise tasks run in-process at .delay().
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"  # in-process; named so kombu does not warn
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 200)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# A request that enqueues (asking for a PDF, issuing a document) must not hang on an
# unreachable broker: kombu's defaults wait 4 s per connection attempt and forever on a broker
# that accepted the connection but stopped answering. With these, sending gives up in 1–2 s;
# the row remembers it was not sent and is sent again later (documents.services.renders).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 1,
    # Sending waits this long for an answer; the worker's blocking reads are not affected
    # (they go through its event loop).
    "socket_timeout": 2,
    # With late acknowledgement a message stays unacknowledged while it waits in a worker's
    # reserve (at most one task's time) and while its task runs (at most the time limit), plus a
    # retry's back-off: past that, the worker holding it is gone and Redis hands it out again.
    # Kombu's default is an hour; the sweep of lost jobs (documents.worker) recovers sooner.
    "visibility_timeout": 2 * CELERY_TASK_TIME_LIMIT + 60,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2},
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1

# PDF jobs that lost their way (docs/deploy.md, "When something goes away"): a rendering worker
# marks its job alive every RENDER_HEARTBEAT_SECONDS; a job silent for RENDER_LOST_AFTER_SECONDS
# lost its worker and is sent again; each worker looks for such jobs, and for jobs the broker
# never took, every RENDER_SWEEP_SECONDS (0: only when it starts).
RENDER_HEARTBEAT_SECONDS = env_int("RENDER_HEARTBEAT_SECONDS", 10)
RENDER_LOST_AFTER_SECONDS = env_int("RENDER_LOST_AFTER_SECONDS", 60)
RENDER_SWEEP_SECONDS = env_int("RENDER_SWEEP_SECONDS", 30)
if RENDER_HEARTBEAT_SECONDS < 1 or RENDER_LOST_AFTER_SECONDS < 3 * RENDER_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured(
        "RENDER_HEARTBEAT_SECONDS must be at least 1 and RENDER_LOST_AFTER_SECONDS at least three "
        "heartbeats: a job is not lost because one beat came late."
    )
if RENDER_SWEEP_SECONDS < 0:
    raise ImproperlyConfigured("RENDER_SWEEP_SECONDS must be 0 or more.")

# Mail: the console in development; SMTP (required settings) in production.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "van-phong@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if PRODUCTION:
    if not env_str("SMTP_HOST"):
        raise ImproperlyConfigured("SMTP_HOST is required when APP_MODE=production.")
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("SMTP_HOST"),
                "port": env_int("SMTP_PORT", 587),
                "username": env_str("SMTP_USER"),
                "password": env_str("SMTP_PASSWORD"),
                "use_tls": env_bool("SMTP_TLS", True),
                # A mail server that does not answer must not hold a web worker until gunicorn
                # kills it: the password reset sends its mail within the request.
                "timeout": env_int("SMTP_TIMEOUT", 10),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}

# Security. Offices run on closed networks: every asset is served from here.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # Behind the reverse proxy of docs/deploy.md, which sets X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
}

# Pages listing members show this many rows.
MEMBERS_PER_PAGE = 50
