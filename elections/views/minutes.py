"""The vote-count minutes and the ballot entry log of an election: where they stand, with links
to their document pages and the issued PDFs; the clerk drafts and issues them here.

Everyone who reads the congress reads the page; its organisation's clerks (the superior's
included) write. A write the state does not allow answers with the reason and a redirect."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from branches.audit import history_of_actions
from branches.views.common import add_service_errors
from congress.access import actors_on
from congress.forms.minutes import MinutesIssueForm
from congress.rules import Actor
from congress.views.page import congress_page_context
from documents import rules as document_rules
from documents.models import Document, RenderJob, RenderState

from ..access import get_election
from ..forms.minutes import CountMinutesDraftForm
from ..models import CountingMode, Election
from ..selectors.elections import counting_board
from ..services import minutes as services


@dataclass(frozen=True)
class Paper:
    """One of the two documents as the page shows it."""

    document: Document | None
    pdf: RenderJob | None  # the issued PDF, once rendered
    problem: str | None  # why it cannot be drafted or issued now
    can_draft: bool
    can_issue: bool


def _issued_pdf(document: Document | None) -> RenderJob | None:
    if document is None or not document.is_frozen:
        return None
    return (
        RenderJob.objects.filter(version__document=document, issued=True, state=RenderState.DONE)
        .order_by("-version__number", "-finished_at", "-pk").first()
    )


def _paper(document: Document | None, problem: str | None, is_clerk: bool) -> Paper:
    open_now = is_clerk and problem is None
    return Paper(
        document=document,
        pdf=_issued_pdf(document),
        problem=problem,
        can_draft=open_now and (document is None or document.state in document_rules.EDITABLE),
        can_issue=open_now and document is not None and not document.is_frozen,
    )


def _forms(election: Election, board, data=None, which: str = "") -> tuple[CountMinutesDraftForm, MinutesIssueForm]:
    """The drafting form (the day, the times, the head) and the issue form (the date), prefilled
    with what is recorded; `data` binds the one `which` ("draft" or "issue") names."""
    draft = CountMinutesDraftForm(
        data if which == "draft" else None, board=board, initial={
            "day": services.count_day(election), "count_started_time": election.count_started_time,
            "minutes_closed_time": election.minutes_closed_time, "counting_head": election.counting_head_id,
        },
    )
    document = election.minutes
    issue = MinutesIssueForm(
        data if which == "issue" else None,
        initial={"document_date": document.document_date if document is not None else services.count_day(election)},
    )
    return draft, issue


def _page(request: HttpRequest, election: Election, bound=None) -> HttpResponse:
    """The minutes page; `bound`: {"draft_form" or "issue_form": a bound form with its errors}."""
    congress = election.congress
    actors = actors_on(request, congress)
    is_clerk = Actor.CLERK in actors
    election = Election.objects.select_related("minutes", "entry_log", "counting_head").get(pk=election.pk)
    election.congress = congress
    totals_mode = election.counting_mode == CountingMode.TOTALS
    board = counting_board(congress)
    draft_form, issue_form = _forms(election, board)
    context = {
        **congress_page_context(request, congress, actors),
        "election": election,
        "minutes": _paper(election.minutes, services.minutes_problem(election, congress), is_clerk),
        "entry_log": None if totals_mode else _paper(
            election.entry_log, services.entry_log_problem(election, congress), is_clerk,
        ),
        "totals_mode": totals_mode,
        "board": [m.full_name for m in board],
        "is_clerk": is_clerk,
        "draft_form": draft_form,
        "issue_form": issue_form,
        "history": history_of_actions("elections.minutes.", "elections.entry_log.", election=election.pk),
        **(bound or {}),
    }
    return render(request, "elections/minutes_page.html", context)


@require_GET
def election_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_election(request, pk))


def _with_form(request: HttpRequest, pk: int, which: str, service, success) -> HttpResponse:
    """Run `service` with the cleaned data of the minutes' form `which` ("draft" or "issue"); a
    bad value or a refusal shows the page again with the form's errors, changing nothing."""
    election = get_election(request, pk, actor=Actor.CLERK)
    problem = services.minutes_problem(election)
    if problem:
        messages.error(request, problem)
        return redirect("election_minutes", pk=pk)
    election = Election.objects.select_related("minutes", "congress").get(pk=election.pk)
    draft_form, issue_form = _forms(election, counting_board(election.congress), request.POST, which)
    form = draft_form if which == "draft" else issue_form
    if form.is_valid():
        try:
            document = service(acting_user=request.user, election=election, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success(document))
            return redirect("election_minutes", pk=pk)
    return _page(request, election, {f"{which}_form": form})


def _act(request: HttpRequest, pk: int, service, success) -> HttpResponse:
    """Run `service` on the election as its clerk; `success(document)` says what happened."""
    election = get_election(request, pk, actor=Actor.CLERK)
    try:
        document = service(acting_user=request.user, election=election)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success(document))
    return redirect("election_minutes", pk=pk)


@require_POST
def election_minutes_draft(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_form(request, pk, "draft", services.election_minutes_draft, lambda document: _(
        "The vote-count minutes were drafted from the count. Read them, and complete them if needed, on the "
        "document page before issuing them."
    ))


@require_POST
def election_minutes_issue(request: HttpRequest, pk: int) -> HttpResponse:
    return _with_form(request, pk, "issue", services.election_minutes_issue, lambda document: _(
        "The vote-count minutes were issued as %(symbol)s. The final PDF is being rendered."
    ) % {"symbol": document.symbol})


@require_POST
def election_entry_log_draft(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.election_entry_log_draft, lambda document: _(
        "The ballot entry log was drafted from the keyed ballots. Read it on the document page before issuing it."
    ))


@require_POST
def election_entry_log_issue(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.election_entry_log_issue, lambda document: _(
        "The ballot entry log was issued as %(symbol)s. The final PDF is being rendered."
    ) % {"symbol": document.symbol})
