"""Members in and out of Excel: upload, follow the check, preview, confirm; the export and the
empty template.

Uploading only stores the file and its status row (MemberImportJob); the worker reads, checks
and later saves it (branches/tasks.py), and the job's page follows it, polling with htmx while
the worker is busy. Only who may import into the job's organisation sees the job or confirms it.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import imports, text
from ..access import Need, get_organization
from ..forms import MemberFilterForm, MemberImportForm
from ..models import ImportState, Member, MemberImportJob
from ..services import imports as services
from ..services.imports import stale_before
from .common import xlsx_response

JOB_PAGE = "branches/member_import_job.html"
JOB_PANEL = "branches/_import_job.html"
RECENT_JOBS = 5  # listed on the upload page, to come back to an import left running
BUSY = (ImportState.QUEUED, ImportState.RUNNING, ImportState.CONFIRMED, ImportState.APPLYING)


def member_import(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the upload form. POST: store the file for the worker, and follow it on its page."""
    organization = get_organization(request, pk, Need.EDIT)
    form = MemberImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = services.member_import_job_create(
            acting_user=request.user, organization=organization, upload=form.cleaned_data["file"]
        )
        return redirect("member_import_job", pk=job.pk)
    recent = (
        MemberImportJob.objects.filter(organization=organization).select_related("uploaded_by")
        .order_by("-created_at", "-pk")[:RECENT_JOBS]
    )
    context = {"organization": organization, "form": form, "max_rows": text.format_number(imports.MAX_ROWS),
               "recent_jobs": recent}
    return render(request, "branches/member_import.html", context)


def _get_job(request: HttpRequest, pk: int) -> MemberImportJob:
    """The job, if the user may import into its organisation (404 or 403 as for the import page)."""
    job = MemberImportJob.objects.select_related("organization", "uploaded_by", "confirmed_by").filter(pk=pk).first()
    if job is None:
        raise Http404
    job.organization = get_organization(request, job.organization_id, Need.EDIT)
    return job


@require_GET
def member_import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's page; under htmx, its panel alone (which polls itself while the worker is busy)."""
    job = _get_job(request, pk)
    if services.is_send_due(job):
        # Looking at a job is one of the two ways a job that never reached a worker (the broker
        # was away) is sent again (the other: the workers' sweep). Not a change the user makes:
        # the job's state is what it was, at most one send per job every few seconds, and a
        # message sent twice does the work once.
        services.member_import_job_revive(job_id=job.pk)
        job.refresh_from_db()
    context = job_context(job)
    return render(request, JOB_PANEL if request.htmx else JOB_PAGE, context)


@require_POST
def member_import_job_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = _get_job(request, pk)
    if not services.member_import_job_confirm(acting_user=request.user, job=job):
        messages.info(request, _("This import is no longer waiting for confirmation."))
    return redirect("member_import_job", pk=job.pk)


def job_context(job: MemberImportJob) -> dict:
    """What the job's page and panel show: the progress, the problems, or the preview."""
    # Only a step a worker holds can lose it (started_at is that step's start).
    stalled = (job.state in (ImportState.RUNNING, ImportState.APPLYING)
               and job.started_at is not None and job.started_at < stale_before())
    result = job.result or {}
    percent = None
    if job.state == ImportState.RUNNING and job.rows_total:
        percent = min(100, round(100 * job.rows_done / job.rows_total))
    awaits_broker = services.awaits_broker(job)
    return {
        "organization": job.organization,
        "job": job,
        "polling": job.state in BUSY and not stalled,
        # The server that does the work cannot be reached: it starts when it is back; ask less often.
        "awaits_broker": awaits_broker,
        "poll_seconds": 5 if awaits_broker else 1,
        "stalled": stalled,
        "percent": percent,
        "errors": [imports.RowError(e.get("row"), e.get("message", "")) for e in result.get("errors", [])],
        "preview": _preview(result) if job.state in (ImportState.CHECKED, ImportState.CONFIRMED,
                                                      ImportState.APPLYING) else None,
        "applied": result.get("applied") if job.state == ImportState.APPLIED else None,
        "confirmable": job.state == ImportState.CHECKED and bool(job.file),
    }


def _preview(result: dict) -> dict:
    """The check's result (branches.imports.check_result) labelled in the reader's language."""
    new = [
        {**row, "date_of_birth": parse_date(row["date_of_birth"]),
         "status": imports.status_label(row["membership"], row["situation"])}
        for row in result.get("new", [])
    ]
    updated = [
        {**row, "changes": [
            {"label": capfirst(Member._meta.get_field(c["field"]).verbose_name),
             "old": imports.stored_display(c["field"], c["old"]), "new": imports.stored_display(c["field"], c["new"])}
            for c in row["changes"]
        ]}
        for row in result.get("updated", [])
    ]
    return {"new": new, "updated": updated, "unchanged": result.get("unchanged", 0),
            "has_changes": bool(new or updated)}


def member_import_template(request: HttpRequest, pk: int) -> HttpResponse:
    get_organization(request, pk)
    return xlsx_response(imports.write_template(), "mau-nhap-dang-vien.xlsx")


def member_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The members the list shows with the same filters, in the import layout."""
    organization = get_organization(request, pk)
    members = MemberFilterForm(request.GET or None).members(organization)
    name = slugify(text.fold(organization.name)) or "to-chuc"
    filename = f"dang-vien-{name}-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(imports.write_members(members.iterator(chunk_size=2000)), filename)
