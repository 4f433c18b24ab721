from django.contrib import messages
from django.core.paginator import Paginator
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Need, access_for, get_organization
from branches.audit import history
from branches.forms import posted_text
from branches.submissions import once_per_submission
from branches.views.common import add_service_errors

from .. import rules
from ..access import actors_on, get_document
from ..forms import BodyForm, DocumentCreateForm, DocumentFilterForm, DocumentMetaForm, IssueForm, ReturnForm
from ..models import Decision, Document, RenderJob
from ..rules import Actor, Move
from ..services import documents as services
from .comments import comments_panel_context
from .renders import pdf_panel_context


DOCUMENTS_PER_PAGE = 50


def document_list(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_organization(request, pk)
    filters = DocumentFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    documents = Document.objects.select_related("issuer")
    if params.get("subtree") == "on":
        documents = documents.filter(issuer__path__startswith=organization.path)
    else:
        documents = documents.filter(issuer=organization)
    if params.get("state"):
        documents = documents.filter(state=params["state"])
    if params.get("doc_type"):
        documents = documents.filter(doc_type=params["doc_type"])
    page = Paginator(documents.order_by("-created_at", "-pk"), DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "organization": organization,
        "filters": filters,
        "page": page,
        "documents": page.object_list,
        "query_string": query.urlencode(),
        "can_edit": access_for(request).can(organization, Need.EDIT),
    }
    return render(request, "documents/document_list.html", context)


@once_per_submission(lambda document: reverse("document_edit", kwargs={"pk": document.pk}))
def document_create(request: HttpRequest, pk: int) -> HttpResponse:
    issuer = get_organization(request, pk, Need.EDIT)
    form = DocumentCreateForm(request.POST or None, issuer=issuer, initial={"term": services.current_term()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_create(
                acting_user=request.user, issuer=issuer, template=data["template"],
                doc_type=data["doc_type"], subject=data["subject"], term=data["term"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The draft was created."))
            return redirect("document_edit", pk=document.pk)
    return render(request, "documents/document_create.html", {"form": form, "organization": issuer})


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_document(request, pk))


def _detail(request: HttpRequest, document: Document, issue_form: IssueForm | None = None) -> HttpResponse:
    actors = actors_on(request, document)
    if issue_form is None:
        issue_form = IssueForm(initial={"document_date": document.document_date or timezone.localdate()})
    versions = list(document.versions.select_related("author").order_by("-number"))
    current = versions[0] if versions else None
    context = {
        "document": document,
        "organization": document.issuer,
        "current": current,
        "versions": versions,
        "moves": rules.moves_for(document.state, actors),
        "can_edit": Actor.CLERK in actors and document.state in rules.EDITABLE,
        "is_clerk": Actor.CLERK in actors,
        "decisions": Decision.objects.filter(document=document).select_related("decided_by", "version"),
        "jobs": RenderJob.objects.filter(version__document=document).select_related("version").order_by("-queued_at")[:5],
        **pdf_panel_context(document, current),
        **comments_panel_context(request, document, versions),
        "return_form": ReturnForm(),
        "issue_form": issue_form,
        "history": history(document),
    }
    return render(request, "documents/document_detail.html", context)


def _clerk_document(request: HttpRequest, pk: int) -> Document:
    document = get_document(request, pk)
    if Actor.CLERK not in actors_on(request, document):
        raise PermissionDenied
    return document


def document_update(request: HttpRequest, pk: int) -> HttpResponse:
    document = _clerk_document(request, pk)
    form = DocumentMetaForm(request.POST or None, instance=Document.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.document_update(acting_user=request.user, document=document, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("document_detail", pk=document.pk)
    return render(request, "documents/document_update.html", {"form": form, "document": document, "organization": document.issuer})


def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The body, edited in the browser; every save that changes it is a new version."""
    document = _clerk_document(request, pk)
    current = document.versions.order_by("-number").first()
    form = BodyForm(request.POST or None, initial={"body": current.body if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            version = services.document_save_body(
                acting_user=request.user, document=document, body=form.cleaned_data["body"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if version is None:
                messages.info(request, _("Nothing changed: no new version."))
            else:
                messages.success(request, _("Saved as version %(n)s.") % {"n": version.number})
            return redirect("document_detail", pk=document.pk)
    context = {"form": form, "document": document, "organization": document.issuer, "current": current}
    return render(request, "documents/document_edit.html", context)


def _move_view(move: Move):
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        document = get_document(request, pk)
        actors = actors_on(request, document)
        if rules.MOVES[move][1] not in actors:
            raise PermissionDenied
        try:
            comment = posted_text(request.POST.get("comment", ""))
            services.document_move(acting_user=request.user, document=document, move=move, actors=actors, comment=comment)
            messages.success(request, _("The document is now: %(state)s.") % {
                "state": Document(state=rules.target(move)).get_state_display()})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("document_detail", pk=pk)

    view.__name__ = f"document_{move.value}"
    return view


document_open_comments = _move_view(Move.OPEN_COMMENTS)
document_close_comments = _move_view(Move.CLOSE_COMMENTS)
document_submit = _move_view(Move.SUBMIT)
document_approve = _move_view(Move.APPROVE)
document_return = _move_view(Move.RETURN)


@require_POST
def document_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Number and date the document: the date is chosen on the form (prefilled with the
    document's date or today); a refusal shows on the page, the date's on its field."""
    document = get_document(request, pk)
    actors = actors_on(request, document)
    if Actor.CLERK not in actors:
        raise PermissionDenied
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            issued = services.document_issue(
                acting_user=request.user, document=document, actors=actors,
                document_date=form.cleaned_data["document_date"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return redirect("document_detail", pk=pk)
            add_service_errors(form, error)
        else:
            messages.success(request, _("Issued as %(symbol)s. The final PDF is being rendered.") % {"symbol": issued.symbol})
            return redirect("document_detail", pk=pk)
    return _detail(request, document, issue_form=form)


@require_POST
def document_supersede(request: HttpRequest, pk: int) -> HttpResponse:
    document = _clerk_document(request, pk)
    try:
        new = services.document_supersede(acting_user=request.user, document=document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("document_detail", pk=pk)
    messages.success(request, _("A new draft replaces %(symbol)s once issued.") % {"symbol": document.symbol})
    return redirect("document_detail", pk=new.pk)
