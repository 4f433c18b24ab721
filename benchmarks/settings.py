"""The app as production serves it (no DEBUG, persistent connections), plus the benchmark's
reference view. Used only by benchmarks/pages.py."""

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, DATABASES, TEMPLATES

DEBUG = False
ROOT_URLCONF = "benchmarks.urls"
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "benchmarks" / "templates"]}]
DATABASES = {"default": {**DATABASES["default"], "CONN_MAX_AGE": 600}}
