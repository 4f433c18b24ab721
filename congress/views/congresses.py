"""The congress page and what the organisation's clerk does there (date and venue, documents,
moves), with the superior's guests and the debrief of a pilot congress."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Need, access_for
from branches.audit import history, history_of_actions
from branches.views.common import add_service_errors

from .. import rules, selectors
from ..access import actors_on, get_congress
from ..forms.congresses import (
    CLERK_MOVES, DATED_MOVES, DebriefForm, DocumentRoleForm, GuestForm, MoveForm, ScheduleForm, move_label,
)
from ..models import SUBMITTED_ROLES, Congress, CongressGuest, Debrief
from ..rules import Actor
from ..services import congresses as services
from ..services.moves import congress_move as move_service
from .day import day_panel_context
from .page import congress_page_context
from .results import results_panel_context
from .reviews import review_panel_context
from .targets import targets_panel_context


# --- The page ----------------------------------------------------------------------------------


def _plan_url(request: HttpRequest, congress: Congress) -> str | None:
    """A link to the plan for those who may read it: branch clerks do not see the superior's."""
    if not access_for(request).can(congress.plan.organization, Need.VIEW):
        return None
    return reverse("plan_detail", kwargs={"pk": congress.plan_id})


def congress_detail(request: HttpRequest, pk: int) -> HttpResponse:
    congress = selectors.read_documents_once(get_congress(request, pk))  # the page only reads
    page = congress_page_context(request, congress)
    actors = page["actors"]
    documents = selectors.documents_by_role(congress)
    is_clerk = Actor.CLERK in actors
    moves = [m for m in rules.moves_for(congress.state, actors) if m in CLERK_MOVES]
    today = timezone.localdate()
    context = {
        **review_panel_context(request, congress, actors),
        **day_panel_context(request, congress, actors),
        **results_panel_context(request, congress, actors),
        **targets_panel_context(request, congress, actors),
        **page,
        "plan": congress.plan,
        "plan_url": _plan_url(request, congress),
        "deadlines": selectors.deadlines(congress, today),
        "schedule_warnings": services.schedule_warnings(congress),
        "debriefs": list(services.published_debriefs(congress.plan)),
        "guests": list(congress.guests.all()),
        "document_rows": [(role, documents.get(role)) for role in SUBMITTED_ROLES],
        "can_draft": is_clerk and congress.state in services.DRAFTING,
        "can_schedule": is_clerk and congress.state in services.SCHEDULABLE,
        "is_superior_clerk": Actor.SUPERIOR_CLERK in actors,
        "checklist": selectors.checklist(congress),
        "congress_moves": [
            (m.value, move_label(m), m in DATED_MOVES, _move_default_on(congress, m, today)) for m in moves
        ],
        "history": history(congress),
    }
    return render(request, "congress/congress_detail.html", context)


def _move_default_on(congress: Congress, move, today: datetime.date) -> datetime.date | None:
    if move is rules.Move.RECORD_HELD:
        return selectors.default_held_on(congress, today)
    if move is rules.Move.REPORT_RESULTS:
        return today
    return None


# --- The clerk's actions -----------------------------------------------------------------------


def congress_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress(request, pk, actor=Actor.CLERK)
    form = ScheduleForm(request.POST or None, instance=Congress.objects.get(pk=congress.pk))
    refused = congress.state not in services.SCHEDULABLE
    if request.method == "POST" and form.is_valid():
        try:
            congress = services.congress_schedule(
                acting_user=request.user, congress=congress, scheduled_on=form.cleaned_data["scheduled_on"],
                venue=form.cleaned_data["venue"], duration_days=form.cleaned_data["duration_days"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The date and venue were saved."))
            for warning in services.schedule_warnings(congress):
                messages.warning(request, warning)
            return redirect("congress_detail", pk=congress.pk)
    context = {**congress_page_context(request, congress), "form": form, "refused": refused}
    return render(request, "congress/congress_schedule.html", context)


@require_POST
def congress_move(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress(request, pk, actor=Actor.CLERK)
    form = MoveForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("congress_detail", pk=pk)
    move = form.cleaned_data["move"]
    try:
        congress = move_service(
            acting_user=request.user, congress=congress, move=move, actors=actors_on(request, congress),
            on=form.cleaned_data["on"] if move in DATED_MOVES else None,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The congress is now: %(state)s.") % {"state": congress.get_state_display()})
    return redirect("congress_detail", pk=pk)


@require_POST
def congress_document_create(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress(request, pk, actor=Actor.CLERK)
    form = DocumentRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["role"]))
        return redirect("congress_detail", pk=pk)
    try:
        document = services.congress_document_create(
            acting_user=request.user, congress=congress, role=form.cleaned_data["role"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("congress_detail", pk=pk)
    messages.success(request, _("The draft was created; write it here."))
    return redirect("document_edit", pk=document.pk)


# --- Guests from the superior ------------------------------------------------------------------


def congress_guests(request: HttpRequest, pk: int) -> HttpResponse:
    actor = Actor.SUPERIOR_CLERK if request.method == "POST" else None
    congress = get_congress(request, pk, actor=actor)
    page = congress_page_context(request, congress)
    can_edit = Actor.SUPERIOR_CLERK in page["actors"]
    form = GuestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            guest = services.guest_save(acting_user=request.user, congress=congress, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s was added to the guests.") % {"name": guest.name})
            return redirect("congress_guests", pk=congress.pk)
    context = {
        **page, "form": form, "can_edit": can_edit, "guests": list(congress.guests.all()),
        "history": history_of_actions("congress.guest.", congress=congress.pk),
    }
    return render(request, "congress/guest_list.html", context)


@require_POST
def congress_guest_delete(request: HttpRequest, pk: int) -> HttpResponse:
    guest = CongressGuest.objects.filter(pk=pk).first()
    if guest is None:
        raise Http404
    congress = get_congress(request, guest.congress_id, actor=Actor.SUPERIOR_CLERK)
    services.guest_remove(acting_user=request.user, guest=guest)
    messages.success(request, _("%(name)s was removed from the guests.") % {"name": guest.name})
    return redirect("congress_guests", pk=congress.pk)


# --- The debrief of a pilot --------------------------------------------------------------------


def congress_debrief(request: HttpRequest, pk: int) -> HttpResponse:
    actor = Actor.SUPERIOR_CLERK if request.method == "POST" else None
    congress = get_congress(request, pk, actor=actor)
    page = congress_page_context(request, congress)
    actors = page["actors"]
    debrief = Debrief.objects.filter(congress=congress).select_related("recorded_by").first()
    problem = services.debrief_problem(congress)
    can_edit = Actor.SUPERIOR_CLERK in actors and problem is None
    form = DebriefForm(request.POST or None, instance=debrief)
    if request.method == "POST" and form.is_valid():
        try:
            services.debrief_save(acting_user=request.user, congress=congress, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The debrief was saved."))
            return redirect("congress_debrief", pk=congress.pk)
    # An unpublished debrief is the superior's draft; the organisations read it once published.
    superior = bool(actors & {Actor.SUPERIOR_CLERK, Actor.SUPERIOR_LEADER})
    visible = debrief if debrief and (debrief.published_at or superior) else None
    context = {
        **page, "form": form, "debrief": visible, "problem": problem, "can_edit": can_edit,
        "can_publish": can_edit and debrief is not None and debrief.published_at is None,
        "history": history_of_actions("congress.debrief.", congress=congress.pk) if superior else [],
    }
    return render(request, "congress/debrief_detail.html", context)


@require_POST
def congress_debrief_publish(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress(request, pk, actor=Actor.SUPERIOR_CLERK)
    try:
        services.debrief_publish(acting_user=request.user, congress=congress)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The debrief is published to every organisation of the plan."))
    return redirect("congress_debrief", pk=pk)
