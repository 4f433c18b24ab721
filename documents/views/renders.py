"""PDFs of documents: ask for one, follow its job (htmx polling), download it.

A PDF is a read of the document, so anyone who may view the document may ask for one (POST,
because it creates a job) and download it; the job's document decides, as for every view.
"""

import io

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ..access import get_document
from ..filenames import pdf_filename
from ..models import Document, DocumentVersion, RenderJob, RenderState
from ..services.renders import awaits_broker, is_lost, is_send_due_at, render_request, render_revive

PANEL = "documents/_pdf_panel.html"


def latest_job(version: DocumentVersion | None, *, issued: bool) -> RenderJob | None:
    """The newest job for `version` in the document's current state (draft or issued)."""
    if version is None:
        return None
    return RenderJob.objects.filter(version=version, issued=issued).select_related("version").order_by("-queued_at", "-pk").first()


def pdf_panel_context(document: Document, version: DocumentVersion | None, job: RenderJob | None = None) -> dict:
    """What templates/documents/_pdf_panel.html needs (the document page includes it too)."""
    if job is None:
        job = latest_job(version, issued=document.is_frozen)
    if job is not None and _needs_sending(job):
        # Looking at a job is one of the two ways a job that never reached a worker (the broker
        # was away) or lost it is sent again (the other: the workers' sweep). Not a change the
        # user makes: the job's state is what it was, and sending twice renders once.
        render_revive(job_id=job.pk)
        job.refresh_from_db()
    stalled = job is not None and is_lost(job)
    waiting_for_broker = job is not None and awaits_broker(job)
    return {
        "document": document,
        "pdf_version": version,
        "pdf_job": job,
        "pdf_polling": job is not None and job.state in (RenderState.QUEUED, RenderState.RUNNING) and not stalled,
        "pdf_stalled": stalled,
        # The broker could not be reached: the PDF will follow; ask less often meanwhile.
        "pdf_awaits_broker": waiting_for_broker,
        "pdf_poll_seconds": 5 if waiting_for_broker else 1,
        # The job shows an older version, or the draft of what is now issued: offer a new one.
        "pdf_outdated": job is not None and version is not None
        and (job.version_id != version.pk or job.issued != document.is_frozen),
        "pdf_seconds": job.duration_ms / 1000 if job is not None and job.duration_ms is not None else None,
    }


def _needs_sending(job: RenderJob) -> bool:
    """Without a query: is the job due to be sent again (services.renders' rules)?"""
    return is_lost(job) or is_send_due_at(
        state=job.state, queued_at=job.queued_at, dispatched_at=job.dispatched_at, dispatch_tried_at=job.dispatch_tried_at,
        now=timezone.now(), lost_after=settings.RENDER_LOST_AFTER_SECONDS,
    )


@require_POST
def document_render(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document(request, pk)
    version = document.versions.order_by("-number").first()
    if version is None:
        raise Http404
    job = render_request(acting_user=request.user, version=version)
    if request.htmx:
        job.refresh_from_db()  # in-process tasks have already run at commit
        return render(request, PANEL, pdf_panel_context(document, version, job))
    return redirect("document_detail", pk=document.pk)


def _get_job(request: HttpRequest, pk: int) -> RenderJob:
    """The job, if the user may view its document (404 as for the document otherwise)."""
    job = RenderJob.objects.select_related("version").filter(pk=pk).first()
    if job is None:
        raise Http404
    job.version.document = get_document(request, job.version.document_id)
    return job


@require_GET
def render_job_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The PDF panel for one job; it polls itself while the job is queued or running."""
    job = _get_job(request, pk)
    document = job.version.document
    current = document.versions.order_by("-number").first()
    return render(request, PANEL, pdf_panel_context(document, current, job))


@require_GET
def render_job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _get_job(request, pk)
    if job.state != RenderState.DONE or not job.pdf:
        raise Http404
    try:
        with job.pdf.open("rb") as handle:
            # Read at once (a document's PDF is small): no file stays open if the client goes.
            data = handle.read()
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=pdf_filename(job), content_type="application/pdf")
