"""Counting an election's ballots (docs/domain.md §3): the keying page, where each clerk of the
organisation holding the congress keys ballots as one operator, with their running totals, the
overall progress, the disagreements to reconcile and the tally; the totals page of a congress
that counts by hand; closing.

Everything is on the server: the page recomputes from the database, so a refresh or a second
browser shows the same. static/js/counting.js posts a ballot with fetch and swaps the live
part of the page (the "live" partial); without it the form posts and redirects. Readers see the
page read-only; a write the state does not allow answers with a message and a redirect.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from branches.audit import history_of_actions
from branches.views.common import add_service_errors
from congress.access import actors_on
from congress.rules import Actor
from congress.views.page import congress_page_context

from ..access import get_election
from ..forms.counting import BallotKeyForm, TotalsForm
from ..models import CountingMode, Election, ElectionState, EntryAction, EntryLogLine, InvalidReason, InvalidTotal
from ..selectors.counting import CountingState, counting_state, own_keyed
from ..services import counting as services

PAGE = "elections/counting_page.html"
LIVE = "elections/counting_page.html#live"


def _mode_problem(election: Election, mode: str) -> str | None:
    problem = services.counting_problem(election)
    if problem or election.counting_mode == mode:
        return problem
    if mode == CountingMode.KEYED:
        return _("This election is counted by hand: enter the counting board's totals.")
    return _("This election's ballots are keyed one by one, not entered as totals.")


def _serial_asked(request: HttpRequest, issued: int) -> int | None:
    try:
        serial = int(request.GET.get("serial", ""))
    except ValueError:
        return None
    return serial if 1 <= serial <= issued else None


def _key_form(request: HttpRequest, state: CountingState) -> BallotKeyForm:
    election = state.election
    serial = _serial_asked(request, election.ballots_issued or 0) or state.next_serial
    initial = {"serial": serial, "reading": own_keyed(state, serial) if serial else ""}
    return BallotKeyForm(initial=initial, reasons=state.reasons, issued=election.ballots_issued or 0)


def _context(request: HttpRequest, election: Election, actors: set[Actor], state: CountingState | None = None,
             **extra) -> dict:
    state = state or counting_state(election, request.user.pk)
    problem = services.counting_problem(election)
    keyed = election.counting_mode == CountingMode.KEYED
    can_count = Actor.CLERK in actors and problem is None
    context = {
        # The live partial (an htmx answer) needs no breadcrumb.
        **({"congress": election.congress} if request.htmx else congress_page_context(request, election.congress, actors)),
        "election": election,
        "state": state,
        "keyed": keyed,
        "can_key": can_count and keyed,
        "can_close": can_count and (state.everything_agrees if keyed else election.totals_valid is not None),
        "can_count": can_count,
        "state_message": problem if election.state != ElectionState.CLOSED else None,
        "issued": election.ballots_issued or 0,
        **extra,
    }
    if context["can_key"] and context.get("form") is None:
        context["form"] = _key_form(request, state)
    return context


@require_GET
def election_counting(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election(request, pk)
    actors = actors_on(request, election.congress)
    context = _context(request, election, actors)
    context["history"] = history_of_actions("elections.counting.", congress=election.congress_id, election=election.pk)
    return render(request, PAGE, context)


def _key_message(election: Election, serial: int, operator) -> str:
    line = EntryLogLine.objects.filter(election=election, serial=serial, operator=operator).order_by("-pk").first()
    if line and line.action == EntryAction.CORRECTED:
        message = _("Ballot %(serial)s corrected.")
    elif line and line.action == EntryAction.TIE_BREAK:
        message = _("Ballot %(serial)s keyed to settle the disagreement.")
    else:
        message = _("Ballot %(serial)s saved.")
    message = message % {"serial": serial}
    if line and line.resolved_disagreement:
        message = _("%(message)s The readings now agree.") % {"message": message}
    return message


@require_POST
def election_key(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election(request, pk, actor=Actor.CLERK)
    actors = actors_on(request, election.congress)
    problem = _mode_problem(election, CountingMode.KEYED)
    if problem:
        if request.htmx:
            return render(request, LIVE, _context(request, election, actors, key_errors=[problem]))
        messages.error(request, problem)
        return redirect("election_counting", pk=pk)
    reasons = list(InvalidReason.objects.filter(is_active=True))
    form = BallotKeyForm(request.POST, reasons=reasons, issued=election.ballots_issued or 0)
    if form.is_valid():
        struck, reason = form.cleaned_data["reading"]
        serial = form.cleaned_data["serial"]
        try:
            services.ballot_key(
                acting_user=request.user, election=election, serial=serial, struck=struck, invalid_reason=reason,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _key_message(election, serial, request.user)
            if request.htmx:
                return render(request, LIVE, _context(request, election, actors, key_result=message))
            messages.success(request, message)
            return redirect("election_counting", pk=pk)
    if request.htmx:
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        return render(request, LIVE, _context(request, election, actors, key_errors=errors))
    return render(request, PAGE, _context(request, election, actors, form=form))


def election_totals(request: HttpRequest, pk: int) -> HttpResponse:
    """The counting board's totals, for a congress that counts by hand."""
    election = get_election(request, pk)
    actors = actors_on(request, election.congress)
    problem = _mode_problem(election, CountingMode.TOTALS)
    state = counting_state(election)
    stored = {t.reason_id: t.count for t in InvalidTotal.objects.filter(election=election)}
    reasons = [r for r in InvalidReason.objects.all() if r.is_active or r.pk in stored]
    form = None
    if request.method == "POST":
        if Actor.CLERK not in actors:
            raise PermissionDenied
        if problem:
            messages.error(request, problem)
            return redirect("election_counting", pk=pk)
        form = TotalsForm(request.POST, candidates=state.candidates, reasons=reasons)
        if form.is_valid():
            try:
                services.election_totals_save(acting_user=request.user, election=election, **form.figures())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The totals are saved. Close the election to record the result."))
                return redirect("election_counting", pk=pk)
    elif Actor.CLERK in actors and problem is None:
        initial = {
            "returned": election.ballots_returned, "valid": election.totals_valid,
            **{f"reason_{r.pk}": stored.get(r.pk, 0) for r in reasons},
            **{f"candidate_{c.pk}": c.votes for c in state.candidates},
        }
        form = TotalsForm(initial=initial, candidates=state.candidates, reasons=reasons)
    context = {
        **congress_page_context(request, election.congress, actors),
        "election": election,
        "state": state,
        "form": form,
        "state_message": problem,
        "invalid_totals": [(r.name, stored[r.pk]) for r in reasons if stored.get(r.pk)],
    }
    return render(request, "elections/counting_totals.html", context)


@require_POST
def election_close(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election(request, pk, actor=Actor.CLERK)
    problem = services.counting_problem(election)
    if problem:
        messages.error(request, problem)
        return redirect("election_counting", pk=pk)
    try:
        tally = services.election_close(acting_user=request.user, election=election)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("election_counting", pk=pk)
    messages.success(request, _("The election is closed: %(elected)s of %(seats)s seats filled.") % {
        "elected": len(tally.elected), "seats": tally.seats,
    })
    if tally.tied:
        messages.warning(request, _(
            "%(count)s candidates are tied for the last %(seats)s seats: the congress decides (usually another round)."
        ) % {"count": len(tally.tied), "seats": tally.tied_seats})
    elif tally.vacant:
        messages.warning(request, _(
            "%(count)s seats were not filled: the congress decides whether to hold another round."
        ) % {"count": tally.vacant})
    return redirect("election_counting", pk=pk)
