from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from branches.audit import audited

from ..models import DocumentVersion, RenderJob, RenderState


def render_request(*, acting_user, version: DocumentVersion) -> RenderJob:
    """A PDF of `version` as it stands (draft mark unless issued). An existing job for the
    same version and state is reused unless it failed or its worker died: asking twice renders once."""
    issued = version.document.is_frozen
    with transaction.atomic(), audited(acting_user, "documents.render.requested"):
        existing = (
            RenderJob.objects.filter(version=version, issued=issued)
            .exclude(state=RenderState.FAILED)
            .exclude(state=RenderState.RUNNING, started_at__lt=stale_before())
            .order_by("-queued_at").first()
        )
        if existing is not None:
            return existing
        job = RenderJob.objects.create(version=version, issued=issued, requested_by=acting_user)
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def stale_before() -> datetime:
    """A job still `running` that started before this lost its worker (killed at the hard time
    limit, or out of memory): the limit guarantees no live task still holds it."""
    return timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 30)


def is_stalled(job: RenderJob) -> bool:
    return job.state == RenderState.RUNNING and job.started_at is not None and job.started_at < stale_before()


def _enqueue(job_id: int) -> None:
    from ..tasks import render_job  # the task module imports WeasyPrint: only when needed

    render_job.delay(job_id)
