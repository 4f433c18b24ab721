"""Settings of the Celery workers that the fault tests start: the application's own settings,
plus a slow render on request, so that a test can kill a worker in the middle of one. Never
used by a real installation: only this module defines RENDER_TEST_DELAY_SECONDS."""

from config.settings import *  # noqa: F403
from config.settings import env_int

RENDER_TEST_DELAY_SECONDS = env_int("RENDER_TEST_DELAY_SECONDS", 0)
