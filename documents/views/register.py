"""The register of documents issued (sổ đăng ký văn bản đi), on screen and as Excel."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from branches.access import get_organization
from branches.text import fold
from branches.views.common import xlsx_response

from .. import register
from ..forms import RegisterFilterForm
from ..selectors import register_documents

PER_PAGE = 50


def document_register(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_organization(request, pk)
    filters = RegisterFilterForm(request.GET or None)
    documents = register_documents(organization, **filters.selection())
    page = Paginator(documents, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "organization": organization,
        "filters": filters,
        "page": page,
        "rows": [(page.start_index() + i, d, register.recipients_short(d.recipients)) for i, d in enumerate(page)],
        "query_string": query.urlencode(),
    }
    return render(request, "documents/document_register.html", context)


def document_register_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The rows of the page with the same filters, every page at once."""
    organization = get_organization(request, pk)
    filters = RegisterFilterForm(request.GET or None)
    documents = register_documents(organization, **filters.selection())
    title = _("Register of documents issued: %(name)s") % {"name": organization.name}
    data = register.write_register(title, filters.description(), documents.iterator(chunk_size=2000))
    name = slugify(fold(organization.name)) or "to-chuc"
    return xlsx_response(data, f"so-van-ban-di-{name}-{timezone.localdate():%Y%m%d}.xlsx")
