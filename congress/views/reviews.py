"""Reviewing a congress (duyệt đại hội): sessions, the leaders' decisions, the conclusion notice."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.access import Need, access_for
from branches.views.common import add_service_errors
from documents.models import DocumentState

from .. import hooks, rules
from ..access import actors_on, get_congress
from ..forms.reviews import ReviewDecideForm, ReviewReturnForm, ReviewScheduleForm
from ..models import (
    PERSONNEL_PLAN_ITEM, Congress, CongressDocumentRole, ReviewDecision, ReviewSession,
)
from ..rules import Actor
from ..services import reviews as services
from .page import congress_page_context
from .targets import targets_panel_context


def _congress_page(congress: Congress) -> HttpResponse:
    return redirect("congress_detail", pk=congress.pk)


def _item_labels() -> dict[str, str]:
    return {**dict(CongressDocumentRole.choices), PERSONNEL_PLAN_ITEM: _("Personnel plan")}


def review_panel_context(request, congress, actors) -> dict:
    """What templates/congress/_review_panel.html needs on the congress page: the sessions with
    their decisions, the conclusion notice, and what the user may do now."""
    sessions = list(
        congress.reviews.select_related("scheduled_by").prefetch_related(
            Prefetch("decisions", queryset=ReviewDecision.objects.select_related("decided_by").order_by("pk")),
        )
    )
    labels = _item_labels()
    for session in sessions:
        session.lines = [(labels.get(d.item, d.item), d) for d in session.decisions.all()]
    open_session = next((s for s in sessions if s.concluded_at is None), None)
    notice_row = congress.documents.filter(role=CongressDocumentRole.CONCLUSION_NOTICE).select_related("document").first()
    notice = notice_row.document if notice_row else None
    submitted = congress.state == rules.SUBMITTED
    is_leader = Actor.SUPERIOR_LEADER in actors
    return {
        "review_sessions": sessions,
        "review_open_session": open_session,
        "review_notice": notice,
        # The notice is a document of the superior: those who see the superior open it, and the
        # branch once it is issued (congress.models.congress_document_readers).
        "review_notice_visible": access_for(request).can(congress.plan.organization, Need.VIEW) or (
            notice is not None and notice.state == DocumentState.ISSUED),
        "review_can_schedule": Actor.SUPERIOR_CLERK in actors and submitted,
        "review_can_decide": is_leader and submitted and open_session is not None,
        "review_can_return": is_leader and congress.state == rules.REVIEWED,
        "review_show": bool(sessions) or notice_row is not None or submitted,
        # The personnel plan lives in the elections app; its approval is part of the review.
        "personnel_status": hooks.status("personnel_plan", congress),
    }


def review_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """The superior's clerk schedules the review (or moves the session still open)."""
    congress = get_congress(request, pk, actor=Actor.SUPERIOR_CLERK)
    submitted = congress.state == rules.SUBMITTED
    session = services.open_session(congress)
    if request.method == "POST" and not submitted:
        messages.error(request, _("A review session can be scheduled only for a congress submitted for review."))
        return _congress_page(congress)
    form = ReviewScheduleForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.review_schedule(
                acting_user=request.user, congress=congress, mode=data["mode"], starts_at=form.starts_at(),
                place=data["place"], meeting_link=data["meeting_link"], actors=actors_on(request, congress),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The review session is scheduled."))
            return _congress_page(congress)
    context = {**congress_page_context(request, congress), "form": form, "session": session, "submitted": submitted}
    return render(request, "congress/review_schedule.html", context)


def _session(request: HttpRequest, pk: int) -> tuple[ReviewSession, Congress]:
    """The session `pk` and its congress, for a leader of the superior (404 / 403 otherwise)."""
    congress_id = ReviewSession.objects.filter(pk=pk).values_list("congress_id", flat=True).first()
    if congress_id is None:
        raise Http404
    congress = get_congress(request, congress_id, actor=Actor.SUPERIOR_LEADER)
    return ReviewSession.objects.select_related("scheduled_by").get(pk=pk), congress


def review_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The leaders' decision on each item of the review; each one moves its document."""
    session, congress = _session(request, pk)
    open_to_decisions = session.concluded_at is None and congress.state == rules.SUBMITTED
    if request.method == "POST" and not open_to_decisions:
        messages.error(request, _(
            "Decisions are taken on an open review session while the congress is submitted for review."))
        return _congress_page(congress)
    items = services.review_items(congress)
    decisions = {d.item: d for d in session.decisions.select_related("decided_by")}
    form = ReviewDecideForm(request.POST or None, items=items, decisions=decisions, readonly=not open_to_decisions)
    if request.method == "POST" and form.is_valid():
        chosen = form.decisions()
        try:
            written = services.review_decide(
                acting_user=request.user, session=session, decisions=chosen, actors=actors_on(request, congress),
            )
        except ValidationError as error:
            form.add_item_errors(error)
        else:
            if written:
                messages.success(request, _("The decisions are saved and the documents moved accordingly."))
            else:
                messages.info(request, _("Nothing changed."))
            return _congress_page(congress)
    page = congress_page_context(request, congress)
    context = {
        **page, **targets_panel_context(request, congress, page["actors"]), "session": session, "form": form,
        "open_to_decisions": open_to_decisions,
    }
    return render(request, "congress/review_decide.html", context)


@require_POST
def review_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    session, congress = _session(request, pk)
    try:
        services.review_conclude(acting_user=request.user, session=session, actors=actors_on(request, congress))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _congress_page(congress)
    congress.refresh_from_db(fields=["state"])
    if congress.state == rules.REVIEWED:
        messages.success(request, _(
            "The review is concluded: the congress is reviewed. The conclusion notice is drafted; the superior's "
            "clerk submits it for approval, then issues it."))
    else:
        messages.warning(request, _(
            "The review is concluded: the congress goes back to preparation for revision. The conclusion notice "
            "is drafted; the superior's clerk submits it for approval, then issues it."))
    return _congress_page(congress)


@require_POST
def review_return(request: HttpRequest, pk: int) -> HttpResponse:
    """A leader of the superior returns a reviewed congress, not yet held, for revision."""
    congress = get_congress(request, pk, actor=Actor.SUPERIOR_LEADER)
    form = ReviewReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return _congress_page(congress)
    try:
        services.review_return(
            acting_user=request.user, congress=congress, comment=form.cleaned_data["comment"],
            actors=actors_on(request, congress),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The congress is returned to its organisation for revision."))
    return _congress_page(congress)
