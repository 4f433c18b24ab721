"""The personnel plan's pages (docs/domain.md §2 step 4): the current revision with its indicators,
nominees, nomination steps and decision; the branch clerk's edits; the superior leader's
decision. One URL per action. A write the state does not allow answers with a message and a
redirect to the plan's page, never an error page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.audit import history_of_actions
from branches.views.common import add_service_errors
from congress.access import actors_on, get_congress
from congress.models import Congress
from congress.rules import BRANCH_KINDS, Actor
from congress.services.results import official_member_count
from congress.views.page import congress_page_context

from ..selectors import personnel as selectors
from ..forms.personnel import DecisionForm, NominationVoteForm, NomineeForm, PersonnelPlanForm, ReturnForm
from ..models import PERSONNEL_PLAN_EDITABLE, NominationVote, Nominee, PersonnelPlan, PersonnelPlanState
from ..services import personnel as services

HISTORY = ("elections.personnel_plan", "elections.nominee", "elections.nomination_step")


def _plan(request: HttpRequest, pk: int, actor: Actor | None = None) -> tuple[PersonnelPlan, Congress]:
    """The revision `pk`, through its congress's access (404 for outsiders, 403 without `actor`)."""
    plan = PersonnelPlan.objects.filter(pk=pk).first()
    if plan is None:
        raise Http404
    congress = get_congress(request, plan.congress_id, actor=actor)
    plan.congress = congress
    return plan, congress


def _back(congress: Congress) -> HttpResponse:
    return redirect("personnel_plan", pk=congress.pk)


def _refuse(request: HttpRequest, error: ValidationError | str, congress: Congress) -> HttpResponse:
    messages.error(request, error if isinstance(error, str) else " ".join(error.messages))
    return _back(congress)


def _state_refusal(congress: Congress, plan: PersonnelPlan | None = None, *, editing: bool = True) -> str | None:
    """Why the plan cannot change now, or None (the service checks the same under its lock)."""
    if congress.state not in services.PLAN_CONGRESS_STATES:
        return _("The personnel plan can change only until the congress is held.")
    if plan is not None and editing and plan.state not in PERSONNEL_PLAN_EDITABLE:
        if plan.state == PersonnelPlanState.APPROVED:
            return _("The personnel plan is approved and locked; make a new revision to change it.")
        return _("The personnel plan is with the superior; it can change once it is returned.")
    return None


def personnel_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The congress's personnel plan: its current revision, and the earlier ones."""
    congress = get_congress(request, pk)
    actors = actors_on(request, congress)
    plan = services.current_plan(congress)
    open_congress = congress.state in services.PLAN_CONGRESS_STATES
    is_clerk = Actor.CLERK in actors
    context = {
        **congress_page_context(request, congress, actors),
        "plan": plan,
        "can_create": is_clerk and open_congress and plan is None,
        "is_branch": congress.organization.kind in BRANCH_KINDS,
        "state_message": None if open_congress else _("The personnel plan can change only until the congress is held."),
        "history": selectors.history_rows(history_of_actions(*HISTORY, congress=congress.pk)),
    }
    if plan is not None:
        plan.congress = congress
        data = selectors.plan_page(plan)
        editable = open_congress and plan.state in PERSONNEL_PLAN_EDITABLE
        can_decide = Actor.SUPERIOR_LEADER in actors and open_congress and plan.state == PersonnelPlanState.SUBMITTED
        context.update({
            **data,
            "warnings": selectors.warnings(plan, data["facts"], official_member_count(congress)),
            "submit_problems": services.submit_problems(plan, data["nominees"], data["steps"]),
            "revisions": list(congress.personnel_plans.select_related("decided_by", "created_by").order_by("-revision")),
            "plan_date": selectors.plan_date(congress),
            "can_edit": is_clerk and editable,
            "can_decide": can_decide,
            "can_revise": is_clerk and open_congress and plan.state == PersonnelPlanState.APPROVED,
            "nominee_form": NomineeForm(plan=plan) if is_clerk and editable else None,
            "approve_form": DecisionForm(auto_id="approve-%s") if can_decide else None,
            "return_form": ReturnForm(auto_id="return-%s") if can_decide else None,
        })
    return render(request, "elections/personnel_plan.html", context)


@require_POST
def personnel_plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress(request, pk, actor=Actor.CLERK)
    try:
        services.personnel_plan_create(acting_user=request.user, congress=congress, actors=actors_on(request, congress))
    except ValidationError as error:
        return _refuse(request, error, congress)
    messages.success(request, _("The personnel plan was created: set the sizes and targets, then nominate."))
    return _back(congress)


def personnel_plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan, congress = _plan(request, pk, actor=Actor.CLERK)
    refusal = _state_refusal(congress, plan)
    if refusal:
        return _refuse(request, refusal, congress)
    form = PersonnelPlanForm(request.POST or None, instance=plan, congress=congress)
    if request.method == "POST" and form.is_valid():
        try:
            services.personnel_plan_update(
                acting_user=request.user, plan=plan, actors=actors_on(request, congress),
                **{name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS if name in form.cleaned_data},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The personnel plan was saved."))
            return _back(congress)
    context = {**congress_page_context(request, congress, actors_on(request, congress)), "plan": plan, "form": form}
    return render(request, "elections/personnel_plan_edit.html", context)


@require_POST
def personnel_plan_nominee_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan, congress = _plan(request, pk, actor=Actor.CLERK)
    refusal = _state_refusal(congress, plan)
    if refusal:
        return _refuse(request, refusal, congress)
    form = NomineeForm(request.POST, plan=plan)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return _back(congress)
    try:
        nominee = services.nominee_add(
            acting_user=request.user, plan=plan, actors=actors_on(request, congress), **form.cleaned_data,
        )
    except ValidationError as error:
        return _refuse(request, error, congress)
    messages.success(request, _("%(name)s is nominated as %(role)s.") % {
        "name": nominee.member.full_name, "role": nominee.get_role_display().lower(),
    })
    return _back(congress)


@require_POST
def personnel_plan_nominee_remove(request: HttpRequest, pk: int) -> HttpResponse:
    nominee = Nominee.objects.select_related("member").filter(pk=pk).first()
    if nominee is None:
        raise Http404
    plan, congress = _plan(request, nominee.personnel_plan_id, actor=Actor.CLERK)
    nominee.personnel_plan = plan
    refusal = _state_refusal(congress, plan)
    if refusal:
        return _refuse(request, refusal, congress)
    try:
        services.nominee_remove(acting_user=request.user, nominee=nominee, actors=actors_on(request, congress))
    except ValidationError as error:
        return _refuse(request, error, congress)
    messages.success(request, _("%(name)s is no longer nominated as %(role)s.") % {
        "name": nominee.member.full_name, "role": nominee.get_role_display().lower(),
    })
    return _back(congress)


def personnel_plan_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the vote taken at one nomination step."""
    step = NominationVote.objects.filter(pk=pk).first()
    if step is None:
        raise Http404
    plan, congress = _plan(request, step.personnel_plan_id, actor=Actor.CLERK)
    step.personnel_plan = plan
    refusal = _state_refusal(congress, plan)
    if refusal:
        return _refuse(request, refusal, congress)
    form = NominationVoteForm(request.POST or None, instance=step)
    if request.method == "POST" and form.is_valid():
        try:
            services.nomination_step_record(
                acting_user=request.user, step=step, actors=actors_on(request, congress), **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The vote of the step was recorded."))
            return _back(congress)
    context = {**congress_page_context(request, congress, actors_on(request, congress)), "plan": plan, "step": step, "form": form}
    return render(request, "elections/personnel_plan_step.html", context)


@require_POST
def personnel_plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    plan, congress = _plan(request, pk, actor=Actor.CLERK)
    try:
        services.personnel_plan_submit(acting_user=request.user, plan=plan, actors=actors_on(request, congress))
    except ValidationError as error:
        return _refuse(request, error, congress)
    messages.success(request, _("The personnel plan was submitted to the superior's leaders."))
    return _back(congress)


@require_POST
def personnel_plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan, congress = _plan(request, pk, actor=Actor.SUPERIOR_LEADER)
    form = DecisionForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.personnel_plan_approve(
            acting_user=request.user, plan=plan, actors=actors_on(request, congress), comment=comment,
        )
    except ValidationError as error:
        return _refuse(request, error, congress)
    messages.success(request, _("The personnel plan is approved."))
    return _back(congress)


@require_POST
def personnel_plan_return(request: HttpRequest, pk: int) -> HttpResponse:
    plan, congress = _plan(request, pk, actor=Actor.SUPERIOR_LEADER)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _refuse(request, _("Say what must be revised."), congress)
    try:
        services.personnel_plan_return(
            acting_user=request.user, plan=plan, actors=actors_on(request, congress),
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        return _refuse(request, error, congress)
    messages.success(request, _("The personnel plan was returned to the branch with your comments."))
    return _back(congress)


@require_POST
def personnel_plan_revise(request: HttpRequest, pk: int) -> HttpResponse:
    plan, congress = _plan(request, pk, actor=Actor.CLERK)
    try:
        copy = services.personnel_plan_revise(acting_user=request.user, plan=plan, actors=actors_on(request, congress))
    except ValidationError as error:
        return _refuse(request, error, congress)
    messages.success(request, _("Revision %(revision)s was created as a draft: change it, then submit it again.") % {
        "revision": copy.revision,
    })
    return _back(congress)
