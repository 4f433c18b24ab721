"""The elections at the congress (docs/domain.md §3): the list of a congress's elections, one
election's page with its candidate list, and one POST URL per action on it.

Pages read for anyone who sees the congress; writes need the organisation's clerk. A write the
congress's state (or the election's) does not allow answers with a message and a redirect,
never an error page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from branches.audit import history_of_actions
from branches.views.common import add_service_errors
from congress.access import actors_on, get_congress
from congress.models import Congress
from congress.rules import Actor
from congress.views.page import congress_page_context

from ..selectors import elections as selectors
from ..access import get_election
from ..forms.elections import (
    CandidateForm, DecisionForm, ElectionCreateForm, FloorNominationForm, OpenForm, WithdrawalForm,
)
from ..models import Election, ElectionState
from ..services import elections as services


def _errors(form) -> str:
    return " ".join(error for errors in form.errors.values() for error in errors)


def _history(congress: Congress):
    return history_of_actions("elections.election.", "elections.candidate.", congress=congress.pk)


# --- The congress's elections --------------------------------------------------------------------


def congress_elections(request: HttpRequest, pk: int) -> HttpResponse:
    """The elections of the congress, in the order they are held, and the next one to set up."""
    congress = get_congress(request, pk, actor=Actor.CLERK if request.method == "POST" else None)
    actors = actors_on(request, congress)
    problem = services.setup_problem(congress)
    if request.method == "POST" and problem:
        messages.error(request, problem)
        return redirect("congress_elections", pk=pk)
    elections = selectors.congress_elections(congress)
    upcoming = selectors.next_elections(congress, elections) if congress.state in services.SETUP_STATES else []
    ready = [n.kind for n in upcoming if n.problem is None]
    form = None
    if Actor.CLERK in actors and problem is None and ready:
        form = ElectionCreateForm(request.POST or None, kinds=ready)
    if request.method == "POST":
        if form is None:
            messages.error(request, _("No election can be set up now."))
            return redirect("congress_elections", pk=pk)
        if form.is_valid():
            try:
                election = services.election_create(acting_user=request.user, congress=congress, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(election)s: set up. Now make its candidate list.") % {
                    "election": election.get_kind_display(),
                })
                return redirect("election_detail", pk=election.pk)
    context = {
        **congress_page_context(request, congress, actors),
        "elections": [(e, selectors.elected_names(e)) for e in elections],
        "upcoming": upcoming,
        "form": form,
        "problem": problem,
        "history": _history(congress),
    }
    return render(request, "elections/election_list.html", context)


# --- One election --------------------------------------------------------------------------------


@require_GET
def election_detail(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election(request, pk)
    congress = election.congress
    actors = actors_on(request, congress)
    candidates = selectors.election_candidates(election)
    can_edit = Actor.CLERK in actors
    preparing = election.state == ElectionState.PREPARING and services.setup_problem(congress) is None
    results = selectors.election_results(election, candidates)
    choices = services.decision_choices(election, results.standing) if results else []
    can_decide = can_edit and bool(choices) and services.decide_problem(congress) is None
    context = {
        **congress_page_context(request, congress, actors),
        "election": election,
        "candidates": candidates,
        "surplus": selectors.surplus_status(election, candidates) if election.state == ElectionState.PREPARING else None,
        "warnings": selectors.candidate_warnings(election, candidates) if preparing else [],
        "results": results,
        "problem": services.setup_problem(congress) if election.state != ElectionState.CLOSED else None,
        "can_prepare": can_edit and preparing,
        "from_plan": can_edit and preparing and election.round == 1,
        # A further round takes names outside its list by show of hands, on the same form.
        "floor_form": FloorNominationForm(congress=congress, further_round=election.round > 1) if can_edit and preparing else None,
        "withdraw_form": WithdrawalForm(election=election, auto_id="withdraw-%s") if can_edit and preparing else None,
        "remove_form": CandidateForm(election=election, auto_id="remove-%s") if can_edit and preparing else None,
        "open_form": _open_form(election, auto_id="open-%s") if can_edit and preparing else None,
        "decision_form": DecisionForm(election=election, choices=choices, auto_id="decide-%s") if can_decide else None,
        "next_round": Election.objects.filter(previous_round=election).first(),
        "history": history_of_actions("elections.", congress=congress.pk, election=election.pk),
    }
    return render(request, "elections/election_detail.html", context)


def _open_form(election: Election, data=None, **kwargs) -> OpenForm:
    """The form opening the vote, with the counting board to choose its head from."""
    congress = election.congress
    return OpenForm(data, board=selectors.counting_board(congress),
                    head=services.earlier_counting_head(congress, election), **kwargs)


def _writable(request: HttpRequest, pk: int, *, deciding: bool = False) -> tuple[Election, HttpResponse | None]:
    """The election for a clerk's write, or a refusal (message and redirect) when the congress's
    state does not allow it."""
    election = get_election(request, pk, actor=Actor.CLERK)
    problem = (services.decide_problem if deciding else services.setup_problem)(election.congress)
    if problem:
        messages.error(request, problem)
        return election, redirect("election_detail", pk=pk)
    return election, None


def _back(election: Election) -> HttpResponse:
    return redirect("election_detail", pk=election.pk)


@require_POST
def election_candidates_from_plan(request: HttpRequest, pk: int) -> HttpResponse:
    election, refused = _writable(request, pk)
    if refused:
        return refused
    try:
        added = services.candidates_from_plan(acting_user=request.user, election=election)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(count)s nominees of the personnel plan added to the list.") % {
            "count": len(added.added),
        })
        for reason in added.skipped:
            messages.warning(request, reason)
    return _back(election)


@require_POST
def election_candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    """A nomination from the floor, with the show of hands on it."""
    election, refused = _writable(request, pk)
    if refused:
        return refused
    further = election.round > 1
    form = FloorNominationForm(request.POST, congress=election.congress, further_round=further)
    if not form.is_valid():
        messages.error(request, _("The nomination was not recorded: %(errors)s") % {"errors": _errors(form)})
        return _back(election)
    try:
        if further:
            candidate = services.candidate_propose_for_round(
                acting_user=request.user, election=election, member=form.cleaned_data["member"],
                votes_for=form.cleaned_data["agreeing"],
            )
        else:
            candidate = services.candidate_nominate_from_floor(
                acting_user=request.user, election=election, **form.cleaned_data,
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if further:
            if candidate.admitted:
                messages.success(request, _("%(name)s is added to this round's list: %(votes)s agreed.") % {
                    "name": candidate.member.full_name, "votes": candidate.floor_votes_for,
                })
            else:
                messages.warning(request, _(
                    "%(name)s is not added: %(votes)s votes is not more than half of the base. The proposal is "
                    "recorded."
                ) % {"name": candidate.member.full_name, "votes": candidate.floor_votes_for})
            return _back(election)
        if candidate.admitted:
            messages.success(request, _("%(name)s goes on the list: %(agreeing)s present agreed.") % {
                "name": candidate.member.full_name, "agreeing": candidate.floor_votes_for,
            })
        else:
            messages.warning(request, _(
                "%(name)s does not go on the list: %(agreeing)s agreeing is not more than 30%% of those present. "
                "The nomination is recorded."
            ) % {"name": candidate.member.full_name, "agreeing": candidate.floor_votes_for})
    return _back(election)


@require_POST
def election_candidate_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """A withdrawal the congress decides by show of hands."""
    election, refused = _writable(request, pk)
    if refused:
        return refused
    form = WithdrawalForm(request.POST, election=election)
    if not form.is_valid():
        messages.error(request, _("The withdrawal was not recorded: %(errors)s") % {"errors": _errors(form)})
        return _back(election)
    try:
        candidate = services.candidate_withdraw(acting_user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if candidate.withdrawn:
            messages.success(request, _("The congress accepted the withdrawal of %(name)s.") % {
                "name": candidate.member.full_name,
            })
        else:
            messages.warning(request, _("The congress did not accept the withdrawal: %(name)s stays on the list.") % {
                "name": candidate.member.full_name,
            })
    return _back(election)


@require_POST
def election_candidate_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take off a row added by mistake."""
    election, refused = _writable(request, pk)
    if refused:
        return refused
    form = CandidateForm(request.POST, election=election)
    if not form.is_valid():
        messages.error(request, _("Nothing was removed: %(errors)s") % {"errors": _errors(form)})
        return _back(election)
    candidate = form.cleaned_data["candidate"]
    try:
        services.candidate_remove(acting_user=request.user, candidate=candidate)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s was taken off the list.") % {"name": candidate.member.full_name})
    return _back(election)


@require_POST
def election_open(request: HttpRequest, pk: int) -> HttpResponse:
    """The congress approved the list and the number to elect: the ballot can be printed."""
    election, refused = _writable(request, pk)
    if refused:
        return refused
    form = _open_form(election, request.POST)
    if not form.is_valid():
        messages.error(request, _("Voting did not open: %(errors)s") % {"errors": _errors(form)})
        return _back(election)
    try:
        services.election_open(acting_user=request.user, election=election, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The list is approved and numbered; voting is open."))
    return _back(election)


@require_POST
def election_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """What the congress decided after a round that left seats open."""
    election, refused = _writable(request, pk, deciding=True)
    if refused:
        return refused
    candidates = selectors.election_candidates(election)
    results = selectors.election_results(election, candidates)
    choices = services.decision_choices(election, results.standing) if results else []
    if not choices:
        messages.error(request, _("There is nothing for the congress to decide in this round."))
        return _back(election)
    form = DecisionForm(request.POST, election=election, choices=choices)
    if not form.is_valid():
        messages.error(request, _("The decision was not recorded: %(errors)s") % {"errors": _errors(form)})
        return _back(election)
    data = form.cleaned_data
    try:
        result = services.election_decide(
            acting_user=request.user, election=election, outcome=data["outcome"], note=data["note"],
            candidates=data["candidates"], votes_for=data["votes_for"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(election)
    if result.pk != election.pk:
        messages.success(request, _("Round %(round)s is set up with the candidates the congress chose.") % {
            "round": result.round,
        })
        return redirect("election_detail", pk=result.pk)
    messages.success(request, _("The decision of the congress is recorded."))
    return _back(election)
