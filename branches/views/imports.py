"""Members in and out of Excel: upload, preview, confirm; the export and the empty template.

The uploaded file waits between the preview and the confirmation in default_storage under
imports/<random token>.xlsx; the session remembers the token with the organisation and the
user, so nobody else can confirm it. Confirming reads and checks the file again.
"""

import datetime as dt
import logging
import re
import secrets

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import imports, selectors, text
from ..access import Need, get_organization
from ..forms import MemberFilterForm, MemberImportForm
from ..imports import ImportPlan, ImportRefused, ImportRow, RowError
from ..models import Organization
from ..services import imports as services
from .common import xlsx_response

logger = logging.getLogger(__name__)

SESSION_KEY = "branches.member_import"
UPLOAD_DIR = "imports"
STALE_AFTER = dt.timedelta(days=1)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def member_import(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the upload form. POST: check the file; show its errors, or what it would change."""
    organization = get_organization(request, pk, Need.EDIT)
    form = MemberImportForm(request.POST or None, request.FILES or None)
    context = {"organization": organization, "form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        rows, plan, errors = _check(organization, data)
        if errors:
            context["errors"] = errors
        else:
            context["plan"] = plan
            if plan.has_changes:
                context["token"] = _keep_upload(request, organization, data)
    return render(request, "branches/member_import.html", context)


@require_POST
def member_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_organization(request, pk, Need.EDIT)
    data = _take_upload(request, organization, request.POST.get("token", ""))
    if data is None:
        messages.error(request, _("This import is no longer waiting for confirmation. Upload the file again."))
        return redirect("member_import", pk=organization.pk)
    parsed = _parse(organization, data)
    errors = parsed.errors
    if not errors:
        try:
            plan = services.members_import(acting_user=request.user, organization=organization, rows=parsed.rows)
        except ImportRefused as refused:
            errors = refused.row_errors
    if errors:
        context = {"organization": organization, "form": MemberImportForm(), "errors": errors}
        return render(request, "branches/member_import.html", context)
    messages.success(request, _(
        "The members were imported: %(new)s new, %(updated)s updated, %(unchanged)s unchanged."
    ) % {"new": len(plan.new), "updated": len(plan.updated), "unchanged": len(plan.unchanged)})
    return redirect(reverse("member_list", kwargs={"pk": organization.pk}))


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


def _check(organization: Organization, data: bytes) -> tuple[list[ImportRow], ImportPlan | None, list[RowError]]:
    """Read and check a file against the database as it is: (rows, plan, errors)."""
    parsed = _parse(organization, data)
    if not parsed.rows:
        return [], None, parsed.errors
    # Rows that read well are matched too, so that one upload reports every problem.
    plan = services.members_import_plan(organization=organization, rows=parsed.rows)
    errors = sorted(parsed.errors + plan.errors, key=lambda e: e.row or 0)
    return parsed.rows, plan, errors


def _parse(organization: Organization, data: bytes) -> imports.Parsed:
    default, organizations = selectors.import_organizations(organization)
    return imports.parse_workbook(
        data, organizations=organizations, default_organization=default, today=timezone.localdate()
    )


def _keep_upload(request: HttpRequest, organization: Organization, data: bytes) -> str:
    _discard(request.session.pop(SESSION_KEY, None))
    _forget_stale_uploads()
    token = secrets.token_urlsafe(24)
    name = default_storage.save(f"{UPLOAD_DIR}/{token}.xlsx", ContentFile(data))
    request.session[SESSION_KEY] = {
        "token": token, "name": name, "organization": organization.pk, "user": request.user.pk,
    }
    return token


def _take_upload(request: HttpRequest, organization: Organization, token: str) -> bytes | None:
    """The file waiting under `token` for this user and organisation, removed from storage."""
    pending = request.session.get(SESSION_KEY)
    if not (
        pending and _TOKEN.fullmatch(token) and secrets.compare_digest(pending.get("token", ""), token)
        and pending.get("organization") == organization.pk and pending.get("user") == request.user.pk
    ):
        return None
    del request.session[SESSION_KEY]
    try:
        with default_storage.open(pending["name"], "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    finally:
        _discard(pending)
    return data


def _discard(pending: dict | None) -> None:
    if pending and pending.get("name"):
        try:
            default_storage.delete(pending["name"])
        except OSError:
            logger.warning("Could not delete the pending import %s", pending["name"], exc_info=True)


def _forget_stale_uploads() -> None:
    """Files of previews nobody confirmed: delete them after a day."""
    try:
        _dirs, files = default_storage.listdir(UPLOAD_DIR)
    except OSError:
        return
    limit = timezone.now() - STALE_AFTER
    for filename in files:
        name = f"{UPLOAD_DIR}/{filename}"
        try:
            if default_storage.get_modified_time(name) < limit:
                default_storage.delete(name)
        except OSError:
            continue
