"""Word in and out (docs/documents.md, "Word"): a document downloads as .docx laid out as its
PDF, and a body comes in from a .docx.

Downloading is a read, as the PDF is: anyone who may view the document. Bringing a body in is
an edit of the body, as the editor's save is: the issuer's clerks, while the document is
editable (documents.services.documents.document_save_body refuses otherwise).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import rules
from ..access import actors_on, get_document
from ..docx_export import docx_from_context
from ..filenames import docx_filename
from ..forms import DocxImportForm
from ..render import document_context
from ..rules import Actor
from ..services import documents as services

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_GET
def document_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The current version as .docx: a draft (the "DỰ THẢO" mark, the number blank) unless the
    document is issued, as the PDF (documents.services.renders.render_request)."""
    document = get_document(request, pk)
    version = document.versions.order_by("-number").first()
    if version is None:
        raise Http404
    version.document = document
    issued = document.is_frozen
    data = docx_from_context(document_context(version, issued=issued))
    response = HttpResponse(data, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{docx_filename(document, issued=issued)}"'
    return response


@require_POST
def document_import_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The body of an uploaded .docx saved as the next version; the edit page shows it."""
    document = get_document(request, pk)
    if Actor.CLERK not in actors_on(request, document):
        raise PermissionDenied
    back = "document_edit" if document.state in rules.EDITABLE else "document_detail"
    form = DocxImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("file", []) + form.non_field_errors()))
        return redirect(back, pk=document.pk)
    upload = form.cleaned_data["file"]
    note = _("Brought in from %(name)s") % {"name": upload.name}
    try:
        version = services.document_save_body(
            acting_user=request.user, document=document, body=form.cleaned_data["body"], note=note[:255],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back, pk=document.pk)
    if version is None:
        messages.info(request, _("Nothing changed: no new version."))
    else:
        messages.success(request, _("The Word file's text is saved as version %(n)s.") % {"n": version.number})
    return redirect("document_edit", pk=document.pk)
