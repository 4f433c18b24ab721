"""Comments on drafts (lấy ý kiến góp ý): add one, answer one, print the summary.

Anyone who may view a document may comment while it is open for comments (a read that leaves
a remark: the service checks the state); only a clerk of the issuer answers.
"""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Need, check
from branches.submissions import once_per_submission
from branches.views.common import add_service_errors

from ..access import actors_on, get_document
from ..diff import blocks, excerpt
from ..forms import CommentAnswerForm, CommentForm
from ..models import Comment, CommentResponse, Document, DocumentVersion
from ..rules import COMMENTING, Actor
from ..services.comments import comment_add, comment_respond

PANEL = "documents/_comments.html"
ITEM = "documents/_comment.html"


def _paragraph_texts(versions) -> dict[int, list[str]]:
    return {v.pk: blocks(v.body) for v in versions}


def _annotate(comment: Comment, texts: dict[int, list[str]]) -> Comment:
    """The first words of the paragraph a comment names, as the version had it."""
    paragraphs = texts.get(comment.version_id, [])
    n = comment.paragraph
    comment.paragraph_text = excerpt(paragraphs[n - 1]) if n and 0 < n <= len(paragraphs) else ""
    return comment


def comments_panel_context(request: HttpRequest, document: Document, versions: list[DocumentVersion],
                           form: CommentForm | None = None) -> dict:
    """What templates/documents/_comments.html needs; `versions` newest first, bodies loaded."""
    current = versions[0] if versions else None
    texts = _paragraph_texts(versions)
    comments = [
        _annotate(c, texts)
        for c in Comment.objects.filter(version__document=document).select_related("author", "replied_by")
    ]
    groups = []
    for version in versions:
        of_version = [c for c in comments if c.version_id == version.pk]
        if of_version:
            groups.append({"version": version, "comments": of_version})
    can_comment = document.state == COMMENTING and current is not None
    if can_comment and form is None:
        form = CommentForm(paragraphs=texts[current.pk])
    return {
        "document": document,
        "comment_groups": groups,
        "comment_count": len(comments),
        "can_comment": can_comment,
        "comment_form": form if can_comment else None,
        "can_answer": Actor.CLERK in actors_on(request, document),
        "answer_choices": [c for c in CommentResponse.choices if c[0] != CommentResponse.PENDING],
    }


def _versions(document: Document) -> list[DocumentVersion]:
    return list(document.versions.select_related("author").order_by("-number"))


@require_POST
@once_per_submission(lambda comment: reverse("document_detail", kwargs={"pk": comment.version.document_id}) + "#comments")
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document(request, pk)
    versions = _versions(document)
    current = versions[0] if versions else None
    form = CommentForm(request.POST, paragraphs=blocks(current.body) if current else [])
    added = False
    if form.is_valid() and current is not None:
        try:
            comment_add(acting_user=request.user, version=current, body=form.cleaned_data["body"],
                        paragraph=form.cleaned_data["paragraph"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            added = True
    elif current is None:
        form.add_error(None, _("This document has no version to comment on."))
    if request.htmx:
        context = comments_panel_context(request, document, versions, form=None if added else form)
        context["comment_added"] = added
        return render(request, PANEL, context)
    if added:
        messages.success(request, _("Your comment was added."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(reverse("document_detail", kwargs={"pk": document.pk}) + "#comments")


def _get_comment(request: HttpRequest, pk: int) -> Comment:
    """The comment, if the user may view its document (404 otherwise, as for the document)."""
    comment = Comment.objects.select_related("version__document__issuer", "author", "replied_by").filter(pk=pk).first()
    if comment is None:
        raise Http404
    check(request, comment.version.document.issuer, Need.VIEW)
    return comment


@require_POST
def comment_answer(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _get_comment(request, pk)
    document = comment.version.document
    if Actor.CLERK not in actors_on(request, document):
        raise PermissionDenied
    form = CommentAnswerForm(request.POST)
    if form.is_valid():
        try:
            comment = comment_respond(acting_user=request.user, comment=comment, response=form.cleaned_data["response"],
                                      reply=form.cleaned_data["reply"])
        except ValidationError as error:
            add_service_errors(form, error)
    if request.htmx:
        comment = Comment.objects.select_related("author", "replied_by", "version").get(pk=comment.pk)
        _annotate(comment, _paragraph_texts([comment.version]))
        context = {
            "comment": comment, "can_answer": True, "answer_form": form, "document": document,
            "answer_choices": [c for c in CommentResponse.choices if c[0] != CommentResponse.PENDING],
        }
        return render(request, ITEM, context)
    if form.errors:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    else:
        messages.success(request, _("The answer was saved."))
    return redirect(reverse("document_detail", kwargs={"pk": document.pk}) + f"#comment-{comment.pk}")


def comment_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """Tổng hợp ý kiến góp ý: every comment of every version, by paragraph, with the answers."""
    document = get_document(request, pk)
    versions = list(document.versions.order_by("number"))
    texts = _paragraph_texts(versions)
    comments = [_annotate(c, texts) for c in Comment.objects.filter(version__document=document).select_related("author", "replied_by")]
    sections = []
    for version in versions:
        of_version = [c for c in comments if c.version_id == version.pk]
        if not of_version:
            continue
        by_paragraph: dict[int | None, list[Comment]] = {}
        for c in sorted(of_version, key=lambda c: (c.paragraph is not None, c.paragraph or 0, c.created_at)):
            by_paragraph.setdefault(c.paragraph, []).append(c)
        sections.append({
            "version": version,
            "paragraphs": [
                {"number": n, "text": group[0].paragraph_text, "comments": group} for n, group in by_paragraph.items()
            ],
            "counts": _counts(of_version),
        })
    context = {
        "document": document,
        "organization": document.issuer,
        "sections": sections,
        "counts": _counts(comments),
        "total": len(comments),
    }
    return render(request, "documents/comment_summary.html", context)


def _counts(comments: list[Comment]) -> list[tuple[str, str, int]]:
    """(value, label, count) for every answer, in the order of CommentResponse."""
    counter = Counter(c.response for c in comments)
    return [(value, label, counter[value]) for value, label in CommentResponse.choices]
