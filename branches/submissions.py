"""Every submission counts once: a create form sent twice (a double click, a page sent again)
creates once, and the second answer goes to what the first one created (issue 15: a double
click made two members, two drafts).

A create form carries a one-time token (`{% submission_token %}` of the `submissions` template
library). Its view is decorated with `once_per_submission(url_of)`; the service that creates
calls `record_submission(created)` inside its own transaction, which stores the token with the
created row: both are committed, or neither. A submission whose token is stored already is not
run again: it redirects to `url_of(created)` with a message. Two submissions at the same moment
both pass that first look, then the second's token row is refused by the unique constraint
(after waiting for the first's commit on PostgreSQL): its transaction, the second creation with
it, rolls back, and it gets the same redirect.

A form posted without a token (an old page, a scripted client) is taken as before, without
this protection; a token that is not one of ours (wrong shape) is ignored the same way.

The create views decorated (tests/test_submission_tokens.py lists them): a member, a member
temporarily attached, an organisation, a draft document, a comment on a document, a document
template, a plan, an emulation work (from the plan or the congress) and an award. Exempt, and why:

- ballot keying and the counting's totals have their own idempotency (one entry per ballot and
  operator; keying again replaces);
- a second committee seat for the same person and term, a second congress document of a role,
  a second election of a kind and round, a second personnel plan revision, a working group of
  the same name, the same candidate, nominee or delegate twice: refused by their own rules and
  unique constraints (branches.integrity.races_refused where two can race);
- saving a document's body (a version only when the body changed), attendance, show of hands,
  review decisions, schedules and targets' figures replace what they record: sent twice, they
  change nothing more.
"""

import re
from collections.abc import Callable
from contextvars import ContextVar
from datetime import timedelta
from functools import wraps
from uuid import uuid4

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from .models import SubmissionToken

FIELD = "submission_token"
KEPT_FOR = timedelta(days=1)
_SHAPE = re.compile(r"[0-9a-f]{32}")

# (token, user id) of the submission being handled, for record_submission.
_pending: ContextVar[tuple[str, int] | None] = ContextVar("pending_submission", default=None)


def new_token() -> str:
    return uuid4().hex


def _token_of(request: HttpRequest) -> str | None:
    value = request.POST.get(FIELD, "")
    return value if _SHAPE.fullmatch(value) else None


def _created_before(token: str, user) -> Model | None | bool:
    """What the submission with `token` created, False when it was not recorded (yet)."""
    row = SubmissionToken.objects.filter(token=token).select_related("content_type").first()
    if row is None:
        return False
    if row.user_id != user.pk:
        return None  # someone else's token: not theirs to see; nothing is created again either
    return row.content_type.model_class().objects.filter(pk=row.object_id).first()


def _already_saved(request: HttpRequest, created: Model | None, url_of: Callable[[Model], str]) -> HttpResponse:
    messages.info(request, _("This form was already saved: it was not saved a second time."))
    # Deleted since, or not the user's: back to the form, now empty.
    url = request.get_full_path() if created is None else url_of(created)
    if getattr(request, "htmx", False):  # a panel's form: the whole page goes there
        return HttpResponseClientRedirect(url)
    return redirect(url)


def once_per_submission(url_of: Callable[[Model], str]):
    """Decorate a create view: a POST whose token was recorded answers with a redirect to
    `url_of(created)` instead of running the view again (see the module's docstring)."""

    def decorate(view):
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            token = _token_of(request) if request.method == "POST" else None
            if token is None:
                return view(request, *args, **kwargs)
            if (created := _created_before(token, request.user)) is not False:
                return _already_saved(request, created, url_of)
            reset = _pending.set((token, request.user.pk))
            try:
                return view(request, *args, **kwargs)
            except IntegrityError:
                # The same form, sent at the same moment, won: this creation was rolled back.
                if (created := _created_before(token, request.user)) is False:
                    raise
                return _already_saved(request, created, url_of)
            finally:
                _pending.reset(reset)

        wrapper.once_per_submission = True
        return wrapper

    return decorate


def record_submission(created: Model) -> None:
    """Inside a create service's transaction: store the submission's token with `created`.
    Does nothing outside a decorated view or for a form posted without a token. A token stored
    already raises IntegrityError, which rolls the creation back."""
    pending = _pending.get()
    if pending is None:
        return
    token, user_id = pending
    SubmissionToken.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    SubmissionToken.objects.create(
        token=token, user_id=user_id, content_type=ContentType.objects.get_for_model(created), object_id=created.pk,
    )


def submission_repeated() -> bool:
    """Whether the submission being handled was recorded by another request meanwhile (an
    IntegrityError then is the token's, not the created row's)."""
    pending = _pending.get()
    return pending is not None and SubmissionToken.objects.filter(token=pending[0]).exists()
