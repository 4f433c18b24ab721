"""The Celery application. With REDIS_URL unset, tasks run in-process (see settings)."""

import logging
import os

from celery import Celery
from celery.signals import worker_init, worker_process_init, worker_ready, worker_shutdown

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("congress")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


@worker_process_init.connect
def warm_up_renderer(**_):
    """A worker's parent imports every task module before it forks, WeasyPrint with
    documents.tasks (0.5 s, once); each child then lays out one tiny page, so that the font
    configuration it shares between renders is built before the first document, not during it."""
    try:
        from documents.render import pdf_from_html

        pdf_from_html("<p>Khởi động</p>")
    except Exception:  # a failed warm-up only makes the first render slower
        logger.exception("Warming up the PDF renderer failed")


_started_at = None


@worker_init.connect
def note_start(**_):
    """Before this worker can claim anything: what its node name held before this moment
    belongs to a previous life of the worker."""
    global _started_at
    from django.utils import timezone

    _started_at = timezone.now()


@worker_ready.connect
def start_render_sweeper(sender=None, **_):
    """Jobs the broker never got, or whose worker died, are sent again (documents.worker)."""
    from django.utils import timezone

    from documents.worker import on_worker_ready

    on_worker_ready(node=sender.hostname, started_at=_started_at or timezone.now())


@worker_shutdown.connect
def stop_render_sweeper(**_):
    from documents.worker import on_worker_shutdown

    on_worker_shutdown()
