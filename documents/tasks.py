"""Background work of documents: thin tasks over a status row (docs/architecture.md §6).

`render_job` turns a queued RenderJob into a stored PDF. It claims the row with a conditional
update, so a second delivery of the same message (a retry, a redelivery after a lost worker) finds
nothing to do; it renders outside any transaction; it retries transient errors (the database or
the disk going away) a bounded number of times with back-off, and ends in `failed` with a message
a person can read for anything else. The renderer (documents.render) is imported at module level:
the worker's parent imports this module once (config/celery.py), so the children it forks
start with WeasyPrint loaded.
"""

import logging
import os
import threading
import time
from contextlib import contextmanager

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, connection
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from . import render
from .filenames import pdf_storage_name
from .models import RenderJob, RenderState
from .services.renders import lost_q

logger = logging.getLogger(__name__)

# Worth another try: the database restarting, a connection dropped, the disk briefly failing.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)
MAX_RETRIES = 3


def _readable(message: str, **values) -> str:
    """`message` (marked with gettext_noop) in the site's language: the row is read later by
    people of the office, whatever language the worker runs in."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message) % values


@shared_task(
    bind=True,
    # The row is the result (state, file, error); nobody waits on Celery's. Without one, sending
    # does not first subscribe to a result channel in Redis, which retried for 19 s when Redis
    # was unreachable before the message itself was even tried.
    ignore_result=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=30,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
)
def render_job(self, job_id: int) -> str:
    """Render RenderJob `job_id`. Returns the job's final state (or "missing")."""
    now = timezone.now()
    claimable = Q(state=RenderState.QUEUED) | lost_q(now)
    if self.request.retries or (self.request.delivery_info or {}).get("redelivered"):
        # Our own earlier attempt, which may have failed before it could put the row back.
        claimable |= Q(state=RenderState.RUNNING)
    claimed = RenderJob.objects.filter(claimable, pk=job_id).update(
        state=RenderState.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1, error="",
        # Which worker holds it: one that starts again under this name takes it back (documents.worker).
        worker_node=(self.request.hostname or "in-process")[:200], worker_pid=os.getpid(),
    )
    if not claimed:
        # Done, failed, running elsewhere or deleted: nothing to do, and doing nothing is safe.
        state = RenderJob.objects.filter(pk=job_id).values_list("state", flat=True).first()
        return state or "missing"

    job = RenderJob.objects.select_related("version__document__issuer").filter(pk=job_id).first()
    if job is None:  # deleted between the claim and here
        return "missing"
    attempt = job.attempts
    started = time.monotonic()
    try:
        with _heartbeat(job_id, attempt, enabled=not self.request.is_eager):
            _test_delay()
            pdf = render.render_pdf(job.version, issued=job.issued)
            job.pdf.save(pdf_storage_name(job), ContentFile(pdf.data), save=False)
    except TRANSIENT_ERRORS as error:
        if self.request.retries < self.max_retries:
            logger.warning("Render job %s: transient error, will retry: %r", job_id, error)
            try:  # back to the queue while the retry waits (the retry may claim it either way)
                RenderJob.objects.filter(pk=job_id, state=RenderState.RUNNING, attempts=attempt).update(
                    state=RenderState.QUEUED
                )
            except TRANSIENT_ERRORS:
                pass
            if self.request.is_eager:
                # In-process (no broker), Celery would hand the retry to the caller as an
                # exception (task_eager_propagates): retry here, at once.
                return self.apply(args=(job_id,), retries=self.request.retries + 1).result
            raise  # autoretry_for schedules the retry with back-off
        logger.exception("Render job %s failed after %s attempts", job_id, attempt)
        return _fail(job_id, attempt, started, _readable(gettext_noop(
            "The PDF could not be produced after %(n)s attempts (the server was busy or unavailable). "
            "Try again in a moment."), n=attempt,
        ))
    except SoftTimeLimitExceeded:
        logger.exception("Render job %s ran out of time", job_id)
        return _fail(job_id, attempt, started, _readable(gettext_noop(
            "The PDF took too long to produce (more than %(s)s seconds) and was stopped. "
            "A very long document may need to be split."), s=settings.CELERY_TASK_SOFT_TIME_LIMIT,
        ))
    except Exception as error:  # a permanent error: a bad body, a template error, a bug
        logger.exception("Render job %s failed", job_id)
        return _fail(job_id, attempt, started, _readable(
            gettext_noop("The PDF could not be produced: %(error)s"), error=_describe(error),
        ))

    finished = RenderJob.objects.filter(pk=job_id, state=RenderState.RUNNING, attempts=attempt).update(
        state=RenderState.DONE,
        pdf=job.pdf.name,
        pages=pdf.pages,
        error="",
        finished_at=timezone.now(),
        duration_ms=_elapsed_ms(started),
    )
    if not finished:
        # The row was deleted or taken over while we rendered: our file belongs to nobody.
        job.pdf.storage.delete(job.pdf.name)
        return "missing"
    return RenderState.DONE.value


@contextmanager
def _heartbeat(job_id: int, attempt: int, *, enabled: bool = True):
    """While the block runs, mark the job alive every RENDER_HEARTBEAT_SECONDS from a thread of
    this process: if the process dies (SIGKILL, the machine), the beats stop and the job is
    recognised as lost after RENDER_LOST_AFTER_SECONDS, not after the time limit. In-process
    (eager) renders finish inside the request that asked: no thread."""
    if not enabled:
        yield
        return
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(settings.RENDER_HEARTBEAT_SECONDS):
                try:
                    RenderJob.objects.filter(pk=job_id, state=RenderState.RUNNING, attempts=attempt).update(
                        heartbeat_at=timezone.now()
                    )
                except TRANSIENT_ERRORS as error:  # the next beat may get through
                    logger.warning("Render job %s: heartbeat not recorded: %r", job_id, error)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"render-heartbeat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _test_delay() -> None:
    """The fault tests (tests/faults) slow renders down to kill a worker in the middle of one;
    only their worker's settings define RENDER_TEST_DELAY_SECONDS."""
    delay = getattr(settings, "RENDER_TEST_DELAY_SECONDS", 0)
    if delay:
        time.sleep(delay)


def _fail(job_id: int, attempt: int, started: float, message: str) -> str:
    RenderJob.objects.filter(pk=job_id, state=RenderState.RUNNING, attempts=attempt).update(
        state=RenderState.FAILED, error=message, finished_at=timezone.now(), duration_ms=_elapsed_ms(started),
    )
    return RenderState.FAILED.value


def _elapsed_ms(started: float) -> int:
    return max(0, round((time.monotonic() - started) * 1000))


def _describe(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 500 else text[:500] + "…"
