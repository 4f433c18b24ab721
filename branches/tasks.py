"""Background work of branches: checking and saving member imports, as thin tasks over their
status row, MemberImportJob (docs/architecture.md §6, docs/import-members.md).

Each task claims the row with a conditional update (queued → running to check it, confirmed →
applying to save it), so a second delivery of the same message finds nothing to do. Reading the
file runs outside any transaction and reports its progress on the row; saving is one
transaction that also marks the row applied. Transient errors (the database or the disk going
away) are retried a bounded number of times with back-off; anything else ends in `failed` with
a message a person can read.
"""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from . import imports, selectors
from .imports import ImportRefused, RowError
from .models import ImportState, MemberImportJob
from .services import imports as services
from .services.imports import in_site_language, member_import_job_discard_file, stale_before

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError)
MAX_RETRIES = 3
_LIMITS = {
    "bind": True,
    # The row is the result (state, preview, problems); nobody waits on Celery's. Without one,
    # sending does not first subscribe to a result channel in Redis, which retried for seconds
    # when Redis was unreachable, in the request, before the message itself was even tried.
    "ignore_result": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    "retry_backoff_max": 30,
    "retry_jitter": True,
    "max_retries": MAX_RETRIES,
    "time_limit": settings.CELERY_TASK_TIME_LIMIT,
    "soft_time_limit": settings.CELERY_TASK_SOFT_TIME_LIMIT,
}


def _claim(task, job_id: int, waiting: str, running: str) -> MemberImportJob | None:
    """Move the job from `waiting` to `running` if nobody holds it; the job, or None."""
    claimable = Q(state=waiting) | Q(state=running, started_at__lt=stale_before())
    if task.request.retries or (task.request.delivery_info or {}).get("redelivered"):
        claimable |= Q(state=running)  # our own earlier attempt, which could not put it back
    claimed = MemberImportJob.objects.filter(claimable, pk=job_id).update(
        state=running, started_at=timezone.now(), attempts=F("attempts") + 1, error=""
    )
    if not claimed:
        return None
    return MemberImportJob.objects.select_related("organization", "confirmed_by").filter(pk=job_id).first()


def _read(job: MemberImportJob) -> bytes:
    with job.file.open("rb") as handle:
        return handle.read()


def _retry_or_fail(task, job: MemberImportJob, waiting: str, running: str, error: Exception):
    """A transient error: put the job back and retry, or fail once the retries are spent."""
    if task.request.retries < task.max_retries:
        logger.warning("Import job %s: transient error, will retry: %r", job.pk, error)
        try:
            MemberImportJob.objects.filter(pk=job.pk, state=running, attempts=job.attempts).update(state=waiting)
        except TRANSIENT_ERRORS:
            pass
        if task.request.is_eager:
            # In-process (no broker), Celery hands the retry to the caller as an exception:
            # retry here, at once.
            return task.apply(args=(job.pk,), retries=task.request.retries + 1).result
        raise error
    logger.exception("Import job %s failed after %s attempts", job.pk, job.attempts)
    return _fail(job, running, in_site_language(gettext_noop(
        "The file could not be read after %(n)s attempts (the server was busy or unavailable). "
        "Upload it again in a moment."), n=job.attempts))


def _fail(job: MemberImportJob, running: str, message: str = "", errors: list[RowError] = ()) -> str:
    MemberImportJob.objects.filter(pk=job.pk, state=running, attempts=job.attempts).update(
        state=ImportState.FAILED, error=message, finished_at=timezone.now(),
        result={**job.result, "errors": [{"row": e.row, "message": e.message} for e in errors]},
    )
    member_import_job_discard_file(job)
    return ImportState.FAILED.value


def _too_long() -> str:
    return in_site_language(gettext_noop(
        "The file took too long to process (more than %(s)s seconds) and was stopped. Split it into "
        "several files."), s=settings.CELERY_TASK_SOFT_TIME_LIMIT)


def _unexpected(job: MemberImportJob) -> str:
    logger.exception("Import job %s failed", job.pk)
    return in_site_language(gettext_noop(
        "The file could not be processed because of an error on the server. Nothing was saved."))


@shared_task(**_LIMITS)
def member_import_check(self, job_id: int) -> str:
    """Read and check the file of MemberImportJob `job_id` against the database as it is:
    checked (with the preview) or failed (with the problems). Returns the state reached."""
    job = _claim(self, job_id, ImportState.QUEUED, ImportState.RUNNING)
    if job is None:  # checked, running elsewhere, or deleted: nothing to do
        return MemberImportJob.objects.filter(pk=job_id).values_list("state", flat=True).first() or "missing"

    def progress(done: int, total: int | None) -> None:
        MemberImportJob.objects.filter(pk=job_id, state=ImportState.RUNNING).update(
            rows_done=done, rows_total=max(total or 0, done) or None
        )

    try:
        # Row messages are stored: in the site's language, as the office reads them.
        with translation.override(settings.LANGUAGE_CODE):
            data = _read(job)
            default, organizations = selectors.import_organizations(job.organization)
            parsed = imports.parse_workbook(
                data, organizations=organizations, default_organization=default,
                today=timezone.localdate(), progress=progress,
            )
            plan = None
            if parsed.rows:
                # Rows that read well are matched too, so that one check reports every problem.
                plan = services.members_import_plan(organization=job.organization, rows=parsed.rows)
            errors = sorted(parsed.errors + (plan.errors if plan else []), key=lambda e: e.row or 0)
            result = imports.check_result(errors, plan)
    except TRANSIENT_ERRORS as error:
        return _retry_or_fail(self, job, ImportState.QUEUED, ImportState.RUNNING, error)
    except SoftTimeLimitExceeded:
        logger.exception("Import job %s ran out of time", job_id)
        return _fail(job, ImportState.RUNNING, _too_long())
    except Exception:  # a bug: the file's own problems come back as `errors`
        return _fail(job, ImportState.RUNNING, _unexpected(job))

    if errors:
        return _fail(job, ImportState.RUNNING, errors=errors)
    rows = len(parsed.rows)
    checked = MemberImportJob.objects.filter(pk=job_id, state=ImportState.RUNNING, attempts=job.attempts).update(
        state=ImportState.CHECKED, result=result, rows_done=rows, rows_total=rows, checked_at=timezone.now(),
    )
    if checked and not plan.has_changes:
        member_import_job_discard_file(job)  # nothing to confirm
    return ImportState.CHECKED.value


@shared_task(**_LIMITS)
def member_import_apply(self, job_id: int) -> str:
    """Save the members of a confirmed MemberImportJob, checking the file again against the
    database as it is now: applied, or failed with the problems (nothing saved)."""
    job = _claim(self, job_id, ImportState.CONFIRMED, ImportState.APPLYING)
    if job is None:
        return MemberImportJob.objects.filter(pk=job_id).values_list("state", flat=True).first() or "missing"
    try:
        with translation.override(settings.LANGUAGE_CODE):
            data = _read(job)
            default, organizations = selectors.import_organizations(job.organization)
            parsed = imports.parse_workbook(
                data, organizations=organizations, default_organization=default, today=timezone.localdate()
            )
            if parsed.errors:
                raise ImportRefused(parsed.errors)
            services.members_import(
                acting_user=job.confirmed_by, organization=job.organization, rows=parsed.rows, job=job
            )
    except ImportRefused as refused:
        return _fail(job, ImportState.APPLYING, errors=refused.row_errors)
    except TRANSIENT_ERRORS as error:
        return _retry_or_fail(self, job, ImportState.CONFIRMED, ImportState.APPLYING, error)
    except SoftTimeLimitExceeded:
        logger.exception("Import job %s ran out of time", job_id)
        return _fail(job, ImportState.APPLYING, _too_long())
    except Exception:
        return _fail(job, ImportState.APPLYING, _unexpected(job))
    member_import_job_discard_file(job)
    return ImportState.APPLIED.value
