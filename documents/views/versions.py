"""The body's versions: compare two of them, and clean what a clerk pastes into the editor."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_POST

from branches.access import Need
from branches.text import BODY_MAX_LENGTH, storable_text

from ..access import get_document
from ..diff import DELETE, INSERT, diff_words, has_changes, paragraphs
from ..forms import VersionCompareForm
from ..sanitize import sanitize_body


def document_compare(request: HttpRequest, pk: int) -> HttpResponse:
    """`?a=<number>&b=<number>`: what changed from version a to version b, word by word.
    Without a query: the previous version against the latest."""
    document = get_document(request, pk)
    versions = list(document.versions.select_related("author").order_by("number"))
    by_number = {v.number: v for v in versions}
    numbers = list(by_number)
    if "a" in request.GET or "b" in request.GET:
        form = VersionCompareForm(request.GET, numbers=numbers)
    else:
        initial = {"a": numbers[-2], "b": numbers[-1]} if len(numbers) >= 2 else {}
        form = VersionCompareForm({k: str(v) for k, v in initial.items()} or None, numbers=numbers)
    context = {"document": document, "organization": document.issuer, "form": form, "versions": versions}
    if form.is_bound and form.is_valid():
        old, new = by_number[form.cleaned_data["a"]], by_number[form.cleaned_data["b"]]
        runs = diff_words(old.body, new.body)
        context.update({
            "old": old,
            "new": new,
            "paragraphs": paragraphs(runs),
            "changed": has_changes(runs),
            "inserted": sum(len(text.split()) for op, text in runs if op == INSERT),
            "deleted": sum(len(text.split()) for op, text in runs if op == DELETE),
        })
    return render(request, "documents/document_compare.html", context)


@require_POST
def document_body_clean(request: HttpRequest, pk: int) -> HttpResponse:
    """What the editor should insert for pasted HTML (Word's lists made real, styles gone):
    the same cleaning a save does, so that what the clerk sees is what will be stored."""
    get_document(request, pk, Need.EDIT)
    html = storable_text(request.POST.get("html", ""), BODY_MAX_LENGTH)
    if html is None:  # more than a body may hold, or a NUL: nothing a paste should insert
        return HttpResponseBadRequest()
    return HttpResponse(sanitize_body(html), content_type="text/html; charset=utf-8")
