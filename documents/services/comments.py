from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from branches.audit import audited
from branches.submissions import record_submission

from ..models import Comment, CommentResponse, DocumentVersion
from ..rules import COMMENTING


def comment_add(*, acting_user, version: DocumentVersion, body: str, paragraph: int | None = None) -> Comment:
    """A comment (góp ý) on the current version of a document open for comments."""
    if version.document.state != COMMENTING:
        raise ValidationError(_("This document is not open for comments."))
    if version.document.versions.order_by("-number").values_list("pk", flat=True).first() != version.pk:
        raise ValidationError(_("Comment on the latest version."))
    comment = Comment(version=version, author=acting_user, body=body.strip(), paragraph=paragraph)
    comment.full_clean(exclude=["author"])
    with transaction.atomic(durable=True), audited(acting_user, "documents.comment.added"):
        comment.save()
        record_submission(comment)
    return comment


def comment_respond(*, acting_user, comment: Comment, response: str, reply: str = "") -> Comment:
    """The drafter's answer: accepted, partly accepted or not accepted, with a reply."""
    if response == CommentResponse.PENDING or response not in CommentResponse.values:
        raise ValidationError({"response": _("Choose accepted, partly accepted or not accepted.")})
    if response != CommentResponse.ACCEPTED and not reply.strip():
        raise ValidationError({"reply": _("Explain why the comment is not fully accepted.")})
    with transaction.atomic(durable=True), audited(acting_user, "documents.comment.answered"):
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.response = response
        comment.reply = reply.strip()
        comment.replied_by = acting_user
        comment.replied_at = timezone.now()
        comment.save()
    return comment
