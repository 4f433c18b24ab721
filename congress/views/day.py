"""The congress itself: attendance, show-of-hands votes, agenda, resolution and minutes.

Everyone who reads the congress reads these pages; its organisation's clerks (the superior's
included) record. A request in a state where the record cannot change is answered with the
reason and a redirect, never an error page.
"""

from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.audit import history_of_actions
from branches.views.common import add_service_errors
from branches.text import whole_number
from documents import rules as document_rules
from documents.models import Document, DocumentState

from .. import rules, selectors
from ..access import actors_on, get_congress
from ..forms.day import AgendaForm, AttendanceForm, DelegateAddForm, ResolutionForm, VoteForm
from ..forms.minutes import MinutesDraftForm, MinutesIssueForm
from ..models import CongressDocumentRole, ShowOfHands, VoteSubject
from ..rules import Actor
from ..services import attendance as attendance_services
from ..services import day as day_services
from ..services import minutes as minutes_services
from ..services import resolution as resolution_services
from ..services import votes as votes_services
from .page import congress_page_context


def _refused(request: HttpRequest, problem: str, to: str, pk: int) -> HttpResponse:
    messages.error(request, problem)
    return redirect(to, pk=pk)


def _errors(form) -> str:
    return " ".join(error for errors in form.errors.values() for error in errors)


def _clerk_if_post(request: HttpRequest) -> Actor | None:
    return Actor.CLERK if request.method == "POST" else None


# --- Attendance --------------------------------------------------------------------------------


def congress_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress(request, pk, actor=_clerk_if_post(request))
    actors = actors_on(request, congress)
    problem = day_services.marks_problem(congress)
    if request.method == "POST" and problem:
        return _refused(request, problem, "congress_attendance", pk)
    is_delegates = congress.kind == rules.DELEGATES
    rows = list(congress.attendance.select_related("member", "member__organization"))
    form = AttendanceForm(request.POST or None, rows=rows, delegates=is_delegates)
    if request.method == "POST" and form.is_valid():
        try:
            changed = attendance_services.attendance_record(
                acting_user=request.user, congress=congress, marks=form.cleaned_data["marks"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if changed:
                messages.success(request, _("The attendance was saved (%(n)s rows changed).") % {"n": changed})
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("congress_attendance", pk=pk)
    is_clerk = Actor.CLERK in actors
    figures = attendance_services.breakdown(rows, congress.kind)
    can_draw = is_clerk and day_services.draw_problem(congress) is None
    context = {
        **congress_page_context(request, congress, actors),
        "form": form,
        "lines": form.lines(),
        "is_delegates": is_delegates,
        "add_form": DelegateAddForm(congress=congress) if is_delegates and can_draw else None,
        "can_draw": can_draw,
        "can_mark": is_clerk and problem is None,
        "problem": problem,
        "figures": figures,
        "figure_lines": figures.lines(),
        "required": rules.required_votes(figures.base),
        "unmarked": sum(row.present is None for row in rows),
        "many_organizations": len({row.member.organization_id for row in rows}) > 1,
        "guests": [] if is_delegates else list(congress.attached_guests.select_related("attached__organization")),
        # The rows a drawing adds are the list itself: the history says who marked what.
        "history": history_of_actions(
            "congress.attendance.", congress=congress.pk,
            exclude=Q(content_type__model="attendance", action=LogEntry.Action.CREATE),
        ),
    }
    return render(request, "congress/day_attendance.html", context)


@require_POST
def congress_attendance_draw(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress(request, pk, actor=Actor.CLERK)
    try:
        drawn = attendance_services.attendance_draw(acting_user=request.user, congress=congress)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _(
            "The summons list was drawn: %(added)s added, %(removed)s removed, %(kept)s kept as they were."
        ) % {"added": drawn.added, "removed": drawn.removed, "kept": drawn.kept})
        if drawn.elected_below:
            messages.info(request, _(
                "%(n)s official delegates elected by the congresses below were added to the list: nobody types them again."
            ) % {"n": drawn.elected_below})
        if drawn.guests:
            messages.info(request, _(
                "%(n)s members temporarily attached from elsewhere are summoned as guests: they neither vote nor "
                "count in the base."
            ) % {"n": drawn.guests})
    return redirect("congress_attendance", pk=pk)


@require_POST
def congress_delegate_add(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress(request, pk, actor=Actor.CLERK)
    form = DelegateAddForm(request.POST, congress=congress)
    if not form.is_valid():
        return _refused(request, _("The delegate was not added: %(errors)s") % {"errors": _errors(form)},
                        "congress_attendance", pk)
    try:
        row = attendance_services.delegate_add(acting_user=request.user, congress=congress, member=form.cleaned_data["member"])
    except ValidationError as error:
        return _refused(request, " ".join(error.messages), "congress_attendance", pk)
    messages.success(request, _("%(name)s was added to the delegates.") % {"name": row.member.full_name})
    return redirect("congress_attendance", pk=pk)


@require_POST
def congress_delegate_remove(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress(request, pk, actor=Actor.CLERK)
    row_pk = request.POST.get("row", "")
    if whole_number(row_pk) is None:
        return _refused(request, _("Choose the delegate to remove."), "congress_attendance", pk)
    try:
        row = attendance_services.delegate_remove(acting_user=request.user, congress=congress, row_pk=int(row_pk))
    except ValidationError as error:
        return _refused(request, " ".join(error.messages), "congress_attendance", pk)
    messages.success(request, _("%(name)s was removed from the delegates.") % {"name": row.member.full_name})
    return redirect("congress_attendance", pk=pk)


# --- Votes by show of hands and the resolution -------------------------------------------------


def congress_votes(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress(request, pk, actor=_clerk_if_post(request))
    actors = actors_on(request, congress)
    rows = list(congress.attendance.select_related("member"))
    recorded = attendance_services.is_recorded(rows)
    problem = day_services.vote_problem(congress)
    if request.method == "POST":
        if problem:
            return _refused(request, problem, "congress_votes", pk)
        if not recorded:
            return _refused(request, _(
                "Record the attendance first: every member on the summons list must be marked present or absent."
            ), "congress_votes", pk)
    voters = attendance_services.voters(rows) if recorded else []
    form = VoteForm(request.POST or None, voters=[row.member for row in voters])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vote = votes_services.show_of_hands_record(
                acting_user=request.user, congress=congress, subject=data["subject"], votes_for=data["votes_for"],
                votes_against=data["votes_against"], members=data["members"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            message = _("%(subject)s: recorded, passed.") if vote.passed else _("%(subject)s: recorded, not passed.")
            messages.success(request, message % {"subject": vote.get_subject_display()})
            return redirect("congress_votes", pk=pk)
    is_clerk = Actor.CLERK in actors
    figures = attendance_services.breakdown(rows, congress.kind)
    votes = {v.subject: v for v in congress.votes.select_related("recorded_by").prefetch_related("members")}
    resolution = selectors.documents_by_role(congress).get(CongressDocumentRole.DRAFT_RESOLUTION)
    context = {
        **congress_page_context(request, congress, actors),
        "form": form,
        "resolution_form": ResolutionForm(initial={"document_date": selectors.day_record_date(congress)}),
        "adoption_problem": resolution_services.adoption_problem(congress),
        "recorded": recorded,
        "figures": figures,
        "required": rules.required_votes(figures.base),
        "voter_count": attendance_services.voter_count(rows, congress.kind) if recorded else 0,
        "is_delegates": congress.kind == rules.DELEGATES,
        "vote_rows": [(subject, votes.get(subject)) for subject in VoteSubject],
        "resolution": resolution,
        "can_record": is_clerk and problem is None and recorded,
        "can_adopt": is_clerk and day_services.resolution_problem(congress) is None and recorded
        and resolution is not None and resolution.state == DocumentState.APPROVED,
        "problem": problem,
        "history": history_of_actions("congress.vote.", "congress.resolution.", congress=congress.pk),
    }
    return render(request, "congress/day_votes.html", context)


@require_POST
def congress_resolution(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress(request, pk, actor=Actor.CLERK)
    problem = day_services.resolution_problem(congress)
    if problem:
        return _refused(request, problem, "congress_votes", pk)
    form = ResolutionForm(request.POST)
    if not form.is_valid():
        return _refused(request, _("The resolution vote was not recorded: %(errors)s") % {"errors": _errors(form)},
                        "congress_votes", pk)
    try:
        vote = votes_services.resolution_adopt(acting_user=request.user, congress=congress, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, " ".join(error.messages), "congress_votes", pk)
    if vote.passed:
        document = selectors.documents_by_role(congress)[CongressDocumentRole.DRAFT_RESOLUTION]
        messages.success(request, _(
            "The congress adopted its resolution (%(for)s of a base of %(base)s); it was issued as %(symbol)s."
        ) % {"for": vote.votes_for, "base": vote.base, "symbol": document.symbol})
    else:
        messages.warning(request, _(
            "The resolution was not adopted: %(for)s votes for, %(needed)s needed (base %(base)s). The vote was "
            "recorded; nothing was issued."
        ) % {"for": vote.votes_for, "needed": rules.required_votes(vote.base), "base": vote.base})
    return redirect("congress_votes", pk=pk)


# --- The agenda --------------------------------------------------------------------------------


def congress_agenda(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress(request, pk, actor=_clerk_if_post(request))
    actors = actors_on(request, congress)
    problem = day_services.agenda_problem(congress)
    if request.method == "POST" and problem:
        return _refused(request, problem, "congress_agenda", pk)
    items = day_services.agenda_lines(congress.agenda)
    form = AgendaForm(request.POST or None, initial={"agenda": "\n".join(items or day_services.USUAL_AGENDA)})
    if request.method == "POST" and form.is_valid():
        try:
            day_services.agenda_save(acting_user=request.user, congress=congress, agenda=form.cleaned_data["agenda"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agenda was saved."))
            return redirect("congress_agenda", pk=pk)
    context = {
        **congress_page_context(request, congress, actors),
        "form": form,
        "items": items,
        "usual": not items,
        "can_edit": Actor.CLERK in actors and problem is None,
        "agenda_vote": ShowOfHands.objects.filter(congress=congress, subject=VoteSubject.AGENDA).first(),
        "history": history_of_actions("congress.agenda.", congress=congress.pk),
    }
    return render(request, "congress/day_agenda.html", context)


# --- The minutes -------------------------------------------------------------------------------


def _minutes_page(request, congress, form, step: str, problem: str | None) -> HttpResponse:
    actors = actors_on(request, congress)
    context = {
        **congress_page_context(request, congress, actors),
        "form": form,
        "step": step,
        "problem": problem,
        "minutes": selectors.documents_by_role(congress).get(CongressDocumentRole.MINUTES),
        "history": history_of_actions("congress.minutes.", congress=congress.pk),
    }
    return render(request, "congress/minutes_form.html", context)


def congress_minutes_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The clerk enters or confirms the day and the times of the congress, then drafts the minutes."""
    congress = get_congress(request, pk, actor=Actor.CLERK)
    problem = day_services.minutes_problem(congress)
    initial = {
        "held_on": minutes_services.default_meeting_day(congress),
        "opening_time": congress.opening_time, "closing_time": congress.closing_time,
    }
    form = MinutesDraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and problem:
        return _refused(request, problem, "congress_detail", pk)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        discussion = data.pop("discussion", "").strip()
        try:
            document = minutes_services.minutes_draft(acting_user=request.user, congress=congress, **data)
            if discussion:
                minutes_services.minutes_write_discussion(acting_user=request.user, congress=congress, summary=discussion)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if discussion:
                messages.success(request, _(
                    "The minutes were drafted from the congress records with the summary of the discussion; the "
                    "congress adopts them, then issue them from the congress page."
                ))
            else:
                messages.success(request, _(
                    "The minutes were drafted from the congress records. Complete them here (the summary of the "
                    "discussion) before issuing them from the congress page."
                ))
            return redirect("document_detail", pk=document.pk)
    return _minutes_page(request, congress, form, "draft", problem)


def congress_minutes_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """The clerk confirms the date of the minutes the congress adopted, and issues them."""
    congress = get_congress(request, pk, actor=Actor.CLERK)
    problem = day_services.minutes_problem(congress)
    document = selectors.documents_by_role(congress).get(CongressDocumentRole.MINUTES)
    if problem is None and document is None:
        problem = _("Draft the minutes first.")
    day = document.document_date if document is not None else None
    form = MinutesIssueForm(request.POST or None, initial={"document_date": day or timezone.localdate()})
    if request.method == "POST" and problem:
        return _refused(request, problem, "congress_detail", pk)
    if request.method == "POST" and form.is_valid():
        try:
            document = minutes_services.minutes_issue(acting_user=request.user, congress=congress, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The minutes were issued as %(symbol)s. The final PDF is being rendered.") % {
                "symbol": document.symbol,
            })
            return redirect("document_detail", pk=document.pk)
    return _minutes_page(request, congress, form, "issue", problem)


# --- The panel on the congress page ------------------------------------------------------------


@dataclass(frozen=True)
class DayPanel:
    is_delegates: bool
    open: bool  # the day's records have started or may start
    summoned: int
    present: int
    unmarked: int
    base: int
    required: int
    recorded: bool
    votes: list[ShowOfHands]
    resolution_vote: ShowOfHands | None
    resolution: Document | None
    minutes: Document | None
    is_clerk: bool
    can_draw: bool
    can_draft_minutes: bool
    can_issue_minutes: bool


def day_panel_context(request, congress, actors) -> dict:
    """What templates/congress/_day_panel.html needs on the congress page: `day`."""
    rows = list(congress.attendance.only(
        "membership", "situation", "present", "absence_accepted", "is_convening_committee_member",
        "replaced_by_alternate",
    ))
    figures = attendance_services.breakdown(rows, congress.kind)
    votes = list(congress.votes.all())
    documents = selectors.documents_by_role(congress)
    minutes = documents.get(CongressDocumentRole.MINUTES)
    is_clerk = Actor.CLERK in actors
    minutes_open = is_clerk and day_services.minutes_problem(congress) is None and attendance_services.is_recorded(rows)
    panel = DayPanel(
        is_delegates=congress.kind == rules.DELEGATES,
        open=bool(rows) or congress.state not in {rules.PLANNED, rules.ANNULLED},
        summoned=len(rows),
        present=figures.present,
        unmarked=sum(row.present is None for row in rows),
        base=figures.base,
        required=rules.required_votes(figures.base),
        recorded=attendance_services.is_recorded(rows),
        votes=[v for v in votes if v.subject != VoteSubject.RESOLUTION],
        resolution_vote=next((v for v in votes if v.subject == VoteSubject.RESOLUTION), None),
        resolution=documents.get(CongressDocumentRole.DRAFT_RESOLUTION),
        minutes=minutes,
        is_clerk=is_clerk,
        can_draw=is_clerk and day_services.draw_problem(congress) is None,
        can_draft_minutes=minutes_open and (minutes is None or minutes.state in document_rules.EDITABLE),
        can_issue_minutes=minutes_open and minutes is not None and minutes.state != DocumentState.ISSUED,
    )
    return {"day": panel}
