"""The register of emulation works of a plan (công trình, phần việc chào mừng đại hội) and the
awards given after the round.

Who does what: every role on the plan's committee reads the register; its clerks register works
for any organisation of the plan and record the awards; a branch's own clerk registers and keeps
its organisation's works from its congress page (EDIT on the work's organisation)."""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from branches.access import Need, access_for, check
from branches.audit import history_of_actions
from branches.submissions import once_per_submission
from branches.views.common import add_service_errors
from congress.access import get_congress, get_plan
from congress.models import Congress, Plan
from congress.rules import Actor
from congress.views.page import congress_page_context
from congress.views.progress import plan_area

from ..forms.register import AwardForm, WorkFilterForm, WorkForm
from ..models import Award, EmulationWork, WorkStatus
from ..services import register as services
from ..statistics import plan_organizations

STATUS_BADGES = {
    WorkStatus.REGISTERED: "text-bg-secondary",
    WorkStatus.IN_PROGRESS: "text-bg-primary",
    WorkStatus.COMPLETED: "text-bg-success",
}


def _plan_area(request: HttpRequest, plan: Plan) -> dict:
    return {**plan_area(request, plan, "emulation"), "base_template": "congress/plan_base.html"}


def _status_items(works) -> list[tuple[str, str, str, int]]:
    """(value, label, badge class, count) of every status, in order."""
    counts = {}
    for work in works:
        counts[work.status] = counts.get(work.status, 0) + 1
    return [(value, label, STATUS_BADGES[value], counts.get(value, 0)) for value, label in WorkStatus.choices]


# --- The plan's register ------------------------------------------------------------------------


@require_safe
def plan_emulation(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk)
    organizations = plan_organizations(plan)
    can_edit = access_for(request).can(plan.organization, Need.EDIT)
    filters = WorkFilterForm(request.GET or None, organizations=organizations)
    chosen = filters.selection()
    works = list(plan.emulation_works.select_related("organization"))
    shown = [
        w for w in works
        if chosen.get("organization") in (None, w.organization_id) and chosen.get("status") in (None, w.status)
    ]
    groups = [(organization, list(rows)) for organization, rows in groupby(shown, key=lambda w: w.organization)]
    for _organization, rows in groups:
        for work in rows:
            work.badge = STATUS_BADGES.get(work.status, "text-bg-secondary")
    today = timezone.localdate()
    context = {
        **_plan_area(request, plan),
        "filters": filters,
        "filtered": bool(chosen),
        "groups": groups,
        "total": len(works),
        "shown": len(shown),
        "statuses": _status_items(works),
        "organizations_with_works": len({w.organization_id for w in works}),
        "awards": list(plan.awards.select_related("organization")),
        "can_edit": can_edit,
        "work_form": WorkForm(organizations=organizations, initial={"registered_on": today}) if can_edit and plan.is_open else None,
        "award_form": AwardForm(organizations=organizations, initial={"awarded_on": today}) if can_edit and plan.is_open else None,
        "history": history_of_actions("reporting.work.", "reporting.award.", plan=plan.pk, limit=20),
    }
    return render(request, "reporting/register_plan.html", context)


# --- Works ----------------------------------------------------------------------------------------


@once_per_submission(lambda work: reverse("plan_emulation", kwargs={"pk": work.plan_id}))
def plan_work_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk, Need.EDIT)
    form = WorkForm(request.POST or None, organizations=plan_organizations(plan),
                    initial={"registered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            work = services.emulation_work_create(acting_user=request.user, plan=plan, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The work “%(name)s” was registered.") % {"name": work.name})
            return redirect("plan_emulation", pk=plan.pk)
    context = {
        **_plan_area(request, plan), "form": form, "title": _("Register an emulation work"),
        "cancel_url": reverse("plan_emulation", kwargs={"pk": plan.pk}),
    }
    return render(request, "reporting/register_work_form.html", context)


def _congress_of(work: EmulationWork) -> Congress:
    return Congress.objects.get(plan_id=work.plan_id, organization_id=work.organization_id)


@once_per_submission(lambda work: reverse("congress_detail", kwargs={"pk": _congress_of(work).pk}))
def congress_work_add(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress(request, pk, actor=Actor.CLERK)
    form = WorkForm(request.POST or None, initial={"registered_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            work = services.emulation_work_create(
                acting_user=request.user, plan=congress.plan, organization=congress.organization, **form.values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The work “%(name)s” was registered.") % {"name": work.name})
            return redirect("congress_detail", pk=congress.pk)
    context = {
        **congress_page_context(request, congress), "plan": congress.plan, "form": form,
        "base_template": "congress/base.html", "title": _("Register an emulation work"),
        "cancel_url": reverse("congress_detail", kwargs={"pk": congress.pk}),
    }
    return render(request, "reporting/register_work_form.html", context)


def _get_work(request: HttpRequest, pk: int) -> EmulationWork:
    """The work `pk` for a clerk of its organisation (404 outside the user's subtrees, 403 for
    those who only read it)."""
    work = EmulationWork.objects.select_related("organization", "plan__organization", "plan__term", "plan__document").filter(pk=pk).first()
    if work is None:
        raise Http404
    check(request, work.organization, Need.EDIT)
    return work


def _work_page(request: HttpRequest, work: EmulationWork) -> tuple[dict, str]:
    """Where a work's pages sit and lead back to: the plan's register for those who read the
    plan, else the congress page of the work's organisation."""
    plan = work.plan
    if access_for(request).can(plan.organization, Need.VIEW):
        return _plan_area(request, plan), reverse("plan_emulation", kwargs={"pk": plan.pk})
    congress = plan.congresses.select_related("organization", "plan", "plan__organization", "plan__term").filter(
        organization=work.organization,
    ).first()
    if congress is None:
        return {**_plan_area(request, plan), "ancestors": []}, reverse("organization_detail", kwargs={"pk": work.organization_id})
    page = {**congress_page_context(request, congress), "plan": plan, "base_template": "congress/base.html"}
    return page, reverse("congress_detail", kwargs={"pk": congress.pk})


def work_edit(request: HttpRequest, pk: int) -> HttpResponse:
    work = _get_work(request, pk)
    page, back = _work_page(request, work)
    # Only the plan's clerks move a work to another organisation.
    organizations = plan_organizations(work.plan) if access_for(request).can(work.plan.organization, Need.EDIT) else None
    form = WorkForm(request.POST or None, instance=work, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            work = services.emulation_work_update(acting_user=request.user, work=work, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The work “%(name)s” was saved.") % {"name": work.name})
            return redirect(back)
    context = {**page, "form": form, "work": work, "title": _("Change an emulation work"), "cancel_url": back}
    return render(request, "reporting/register_work_form.html", context)


@require_POST
def work_delete(request: HttpRequest, pk: int) -> HttpResponse:
    work = _get_work(request, pk)
    _page, back = _work_page(request, work)
    services.emulation_work_delete(acting_user=request.user, work=work)
    messages.success(request, _("The work “%(name)s” was removed from the register.") % {"name": work.name})
    return redirect(back)


# --- Awards ---------------------------------------------------------------------------------------


@once_per_submission(lambda award: reverse("plan_emulation", kwargs={"pk": award.plan_id}))
def plan_award_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk, Need.EDIT)
    return _award_form(request, plan, None)


def _get_award(request: HttpRequest, pk: int) -> Award:
    """The award `pk` for a clerk of its plan's committee (404 / 403 as for the plan)."""
    award = Award.objects.select_related("organization").filter(pk=pk).first()
    if award is None:
        raise Http404
    award.plan = get_plan(request, award.plan_id, Need.EDIT)
    return award


def award_edit(request: HttpRequest, pk: int) -> HttpResponse:
    award = _get_award(request, pk)
    return _award_form(request, award.plan, award)


@require_POST
def award_delete(request: HttpRequest, pk: int) -> HttpResponse:
    award = _get_award(request, pk)
    services.award_delete(acting_user=request.user, award=award)
    messages.success(request, _("The award to %(name)s was removed.") % {"name": award.organization.name})
    return redirect("plan_emulation", pk=award.plan_id)


def _award_form(request: HttpRequest, plan: Plan, award: Award | None) -> HttpResponse:
    form = AwardForm(
        request.POST or None, instance=award, organizations=plan_organizations(plan),
        initial=None if award else {"awarded_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            if award is None:
                saved = services.award_create(acting_user=request.user, plan=plan, **form.values())
            else:
                saved = services.award_update(acting_user=request.user, award=award, **form.values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The award to %(name)s was saved.") % {"name": saved.organization.name})
            return redirect("plan_emulation", pk=plan.pk)
    context = {
        **_plan_area(request, plan), "form": form, "award": award,
        "title": _("Change an award") if award else _("Record an award"),
        "cancel_url": reverse("plan_emulation", kwargs={"pk": plan.pk}),
    }
    return render(request, "reporting/register_award_form.html", context)
