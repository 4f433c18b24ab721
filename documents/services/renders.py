from django.db import transaction

from branches.audit import audited

from ..models import DocumentVersion, RenderJob, RenderState


def render_request(*, acting_user, version: DocumentVersion) -> RenderJob:
    """A PDF of `version` as it stands (draft mark unless issued). An existing job for the
    same version and state is reused unless it failed: asking twice renders once."""
    issued = version.document.is_frozen
    with transaction.atomic(), audited(acting_user, "documents.render.requested"):
        existing = (
            RenderJob.objects.filter(version=version, issued=issued)
            .exclude(state=RenderState.FAILED).order_by("-queued_at").first()
        )
        if existing is not None:
            return existing
        job = RenderJob.objects.create(version=version, issued=issued, requested_by=acting_user)
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from ..tasks import render_job  # the task module imports WeasyPrint: only when needed

    render_job.delay(job_id)
