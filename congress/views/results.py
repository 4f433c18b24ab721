"""After the congress (docs/domain.md §2 step 7): the elected, the results dossier, complaints, the
deadlines, and the superior leader's ratification or annulment.

Every page reads for anyone who sees the congress; writes need the actor (the organisation's
clerk, the superior's clerk or leader). A write the congress's state does not allow answers
with a message and a redirect, never an error page.
"""

import io
import mimetypes
import os
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from branches.audit import history_of_actions
from branches.models import Position
from branches.views.common import add_service_errors, xlsx_response
from documents.filenames import ascii_slug

from .. import rules, selectors
from ..access import actors_on, get_congress
from ..forms.results import (
    AnnulForm, ComplaintForm, ComplaintSettleForm, DossierUploadForm, ElectedSeatForm, RatifyForm,
    SecretaryAppointmentForm,
)
from ..models import (
    DOSSIER_FROM_DOCUMENTS, Complaint, Congress, CongressDocumentRole, DossierFile, DossierKind, ElectedSeat,
)
from ..rules import Actor, Move
from ..services import ratification
from ..services import results as services
from .page import congress_page_context

# After these states the results area has something to show.
AFTER_THE_CONGRESS = frozenset({rules.HELD, rules.RESULTS_REPORTED, rules.RATIFIED, rules.ANNULLED})
COMPLAINTS_SHOWN = 100


# --- What the pages read -----------------------------------------------------------------------


@dataclass(frozen=True)
class DossierItem:
    kind: DossierKind
    present: bool
    document: object | None  # the issued document that fills it, for the resolution and minutes
    files: list


def dossier_items(congress: Congress, documents: dict | None = None) -> list[DossierItem]:
    """The checklist of the results dossier, with the files or the document behind each item."""
    documents = selectors.documents_by_role(congress) if documents is None else documents
    files: dict[str, list] = {}
    for row in congress.dossier.select_related("uploaded_by"):
        row.display_name = os.path.basename(row.file.name)
        files.setdefault(row.kind, []).append(row)
    status = selectors.dossier_status(congress, documents)
    return [
        DossierItem(
            kind=kind, present=status[kind.value],
            document=documents.get(DOSSIER_FROM_DOCUMENTS[kind]) if kind in DOSSIER_FROM_DOCUMENTS else None,
            files=files.get(kind.value, []),
        )
        for kind in DossierKind
    ]


def _warnings(congress: Congress, seats: list[ElectedSeat]) -> list[str]:
    if not seats:
        return []
    return services.seat_warnings(
        congress.organization.kind, services.official_member_count(congress), [s.position for s in seats],
        secretary_left_vacant=services.secretary_left_vacant(congress),
    )


def _decision(request: HttpRequest, congress: Congress, documents: dict) -> tuple[object | None, bool]:
    """The ratification decision, and whether the user may open its page: it is the superior's
    document, issued, which the organisation holding the congress reads too
    (congress.models.congress_document_readers)."""
    document = documents.get(CongressDocumentRole.RATIFICATION)
    can_open = document is not None
    return document, can_open


def _ratify_problems(congress: Congress, actors: set[Actor], seats: list[ElectedSeat]) -> list[str]:
    """What stands in the way of ratifying now, in words (the service checks the same)."""
    problem = rules.move_problem(Move.RATIFY, congress.state, actors, conditions=selectors.conditions(congress))
    problems = [problem] if problem else []
    if congress.state == rules.RESULTS_REPORTED:
        problem = ratification.ratification_problem(
            elected=len(seats),
            secretary_elected=any(s.position == Position.SECRETARY and not s.appointed for s in seats),
            secretary_appointed=any(s.appointed for s in seats),
            secretary_left_vacant=services.secretary_left_vacant(congress),
        )
        if problem:
            problems.append(problem)
    return problems


def _appointment_problem(congress: Congress, seats: list[ElectedSeat]) -> str | None:
    """Why the superior cannot appoint the secretary now (the service checks the same), or None."""
    if congress.state not in services.RESULTS_STATES or any(s.appointed for s in seats):
        return _("A secretary is appointed once the congress is held, until its results are decided.")
    return ratification.appointment_problem(
        elections_held=services.elections_held(congress), secretary_to_appoint=services.secretary_to_appoint(congress),
        secretary_elected=any(s.position == Position.SECRETARY for s in seats),
    )


def results_panel_context(request, congress, actors) -> dict:
    """What templates/congress/_results_panel.html needs on the congress page."""
    if congress.state not in AFTER_THE_CONGRESS:
        return {"results_shown": False}
    documents = selectors.documents_by_role(congress)
    seats = services.elected_seats(congress)
    complaints = list(congress.complaints.all()[:COMPLAINTS_SHOWN])
    decision, decision_link = _decision(request, congress, documents)
    items = dossier_items(congress, documents)
    can_appoint = Actor.SUPERIOR_LEADER in actors and _appointment_problem(congress, seats) is None
    return {
        "results_shown": True,
        "results_elected": seats,
        "results_appointment": documents.get(CongressDocumentRole.APPOINTMENT),
        "results_left_vacant": services.secretary_left_vacant(congress),
        "results_appoint_form": SecretaryAppointmentForm(congress=congress) if can_appoint else None,
        "results_warnings": _warnings(congress, seats),
        "results_dossier": items,
        "results_dossier_missing": [item.kind.label for item in items if not item.present],
        "results_complaints_open": [c for c in complaints if c.settled_on is None],
        "results_complaints_count": len(complaints),
        "results_deadlines": selectors.results_deadlines(congress, timezone.localdate()),
        "results_decision": decision,
        "results_decision_link": decision_link,
        "results_can_record": (
            Actor.CLERK in actors and congress.state in services.RESULTS_STATES
            and len(services.seats_from_ballot(congress)) < len(Position.values)
        ),
        "results_can_complain": Actor.SUPERIOR_CLERK in actors,
        "results_can_ratify": Actor.SUPERIOR_LEADER in actors and congress.state == rules.RESULTS_REPORTED,
        "results_can_annul": Actor.SUPERIOR_LEADER in actors and congress.state in rules.MOVES[Move.ANNUL][0],
    }


# --- The elected -------------------------------------------------------------------------------


def _refuse_state(request: HttpRequest, message: str, to: str, pk: int) -> HttpResponse:
    messages.error(request, message)
    return redirect(to, pk=pk)


def _results_state_message(congress: Congress) -> str:
    if congress.state in {rules.RATIFIED, rules.ANNULLED}:
        return _("The results are decided (ratified or annulled); they can no longer change.")
    return _("The results can be recorded once the congress is held.")


def _hand_entry_message(congress: Congress, from_ballot: frozenset[str]) -> str:
    """Where the list of the elected comes from, in words (under the list)."""
    if not from_ballot:
        if services.elections_held(congress):
            return _("The congress's ballots recorded here elected no committee, secretary or deputy: the clerk "
                     "records the elected from the vote-count minutes.")
        return _("The congress's elections were not recorded in the product: the clerk records the elected from "
                 "its vote-count minutes.")
    if Position.SECRETARY in from_ballot:
        return _("The elected come from the congress's elections, when each ballot is closed: nothing entered by "
                 "hand changes them.")
    return _("The committee comes from the congress's elections, when its ballot is closed: nothing entered by hand "
             "changes it. The secretary and the deputy the new committee elects from among its members are "
             "recorded here.")


def congress_elected(request: HttpRequest, pk: int) -> HttpResponse:
    """Who the congress elected. The seats a ballot recorded here fills come from its count and
    are read-only; the clerk records by hand only what no ballot here fills (a congress whose
    elections were recorded outside the product; the secretary a new committee elects)."""
    congress = get_congress(request, pk)
    actors = actors_on(request, congress)
    open_for_records = congress.state in services.RESULTS_STATES
    from_ballot = services.seats_from_ballot(congress)
    hand_positions = [p for p in Position.values if p not in from_ballot]
    can_edit = Actor.CLERK in actors and open_for_records and bool(hand_positions)
    form = None
    if request.method == "POST":
        if Actor.CLERK not in actors:
            raise PermissionDenied
        if not open_for_records:
            return _refuse_state(request, _results_state_message(congress), "congress_elected", pk)
        if not hand_positions:
            return _refuse_state(request, _hand_entry_message(congress, from_ballot), "congress_elected", pk)
        form = ElectedSeatForm(request.POST, congress=congress, positions=hand_positions)
        if form.is_valid():
            try:
                seat = services.elected_seat_save(
                    acting_user=request.user, congress=congress, actors=actors, **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("%(name)s is recorded as %(position)s.") % {
                    "name": seat.member.full_name, "position": seat.get_position_display().lower(),
                })
                for warning in _warnings(congress, services.elected_seats(congress)):
                    messages.warning(request, warning)
                return redirect("congress_elected", pk=pk)
    elif can_edit:
        form = ElectedSeatForm(congress=congress, positions=hand_positions)
    seats = services.elected_seats(congress)
    for seat in seats:
        seat.removable = can_edit and not seat.appointed and seat.position not in from_ballot
    context = {
        **congress_page_context(request, congress, actors),
        "seats": seats,
        "warnings": _warnings(congress, seats),
        "form": form,
        "can_edit": can_edit,
        "any_removable": any(seat.removable for seat in seats),
        "source_message": _hand_entry_message(congress, from_ballot),
        "state_message": None if open_for_records else _results_state_message(congress),
        "history": history_of_actions("congress.elected.", congress=congress.pk),
    }
    return render(request, "congress/results_elected.html", context)


@require_POST
def congress_elected_delete(request: HttpRequest, pk: int) -> HttpResponse:
    seat = ElectedSeat.objects.select_related("member").filter(pk=pk).first()
    if seat is None:
        raise Http404
    congress = get_congress(request, seat.congress_id, actor=Actor.CLERK)
    if congress.state not in services.RESULTS_STATES:
        return _refuse_state(request, _results_state_message(congress), "congress_elected", congress.pk)
    seat.congress = congress
    try:
        kept = services.elected_seat_remove(acting_user=request.user, seat=seat, actors=actors_on(request, congress))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if kept is not None:
            messages.success(request, _("%(name)s is again a member of the committee the ballot elected.") % {
                "name": seat.member.full_name,
            })
        else:
            messages.success(request, _("%(name)s was removed from the elected.") % {"name": seat.member.full_name})
    return redirect("congress_elected", pk=congress.pk)


# --- The dossier -------------------------------------------------------------------------------


def congress_dossier(request: HttpRequest, pk: int) -> HttpResponse:
    """The results dossier the organisation sends the superior: what is there, what is missing."""
    congress = get_congress(request, pk)
    actors = actors_on(request, congress)
    open_for_records = congress.state in services.RESULTS_STATES
    form = None
    if request.method == "POST":
        if Actor.CLERK not in actors:
            raise PermissionDenied
        if not open_for_records:
            return _refuse_state(request, _results_state_message(congress), "congress_dossier", pk)
        form = DossierUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.dossier_file_add(
                    acting_user=request.user, congress=congress, actors=actors, kind=form.cleaned_data["kind"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The file was added to the dossier."))
                return redirect("congress_dossier", pk=pk)
    elif Actor.CLERK in actors and open_for_records:
        form = DossierUploadForm()
    items = dossier_items(congress)
    context = {
        **congress_page_context(request, congress, actors),
        "items": items,
        "complete": all(item.present for item in items),
        "form": form,
        "can_edit": Actor.CLERK in actors and open_for_records,
        "state_message": None if open_for_records else _results_state_message(congress),
        "has_elected": congress.elected.exists(),
        "history": history_of_actions("congress.dossier.", congress=congress.pk),
    }
    return render(request, "congress/results_dossier.html", context)


def _dossier_file(request: HttpRequest, pk: int, actor: Actor | None = None) -> tuple[DossierFile, Congress]:
    row = DossierFile.objects.filter(pk=pk).first()
    if row is None:
        raise Http404
    congress = get_congress(request, row.congress_id, actor=actor)
    row.congress = congress
    return row, congress


@require_GET
def congress_dossier_download(request: HttpRequest, pk: int) -> FileResponse:
    """A dossier file, for whoever sees the congress: never a public media URL."""
    row, _congress = _dossier_file(request, pk)
    try:
        with row.file.open("rb") as handle:
            # Read at once (at most 20 MB): no file stays open if the client goes away.
            data = handle.read()
    except FileNotFoundError:
        raise Http404 from None
    name = os.path.basename(row.file.name)
    content_type = services.DOSSIER_CONTENT_TYPES.get(os.path.splitext(name)[1].lower()) or (
        mimetypes.guess_type(name)[0] or "application/octet-stream"
    )
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name, content_type=content_type)


@require_POST
def congress_dossier_delete(request: HttpRequest, pk: int) -> HttpResponse:
    row, congress = _dossier_file(request, pk, actor=Actor.CLERK)
    if congress.state not in services.RESULTS_STATES:
        return _refuse_state(request, _results_state_message(congress), "congress_dossier", congress.pk)
    try:
        services.dossier_file_remove(acting_user=request.user, dossier_file=row, actors=actors_on(request, congress))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The file was removed from the dossier."))
    return redirect("congress_dossier", pk=congress.pk)


@require_GET
def congress_summary_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The summary list of the elected (danh sách trích ngang) as an Excel workbook."""
    congress = get_congress(request, pk)
    data = services.summary_list_workbook(congress)
    return xlsx_response(data, f"danh-sach-trich-ngang-{ascii_slug(congress.organization.name)}.xlsx")


# --- Complaints --------------------------------------------------------------------------------


def congress_complaints(request: HttpRequest, pk: int) -> HttpResponse:
    """Complaints about the congress: the superior's clerk records and settles them; the
    ratification waits for every one to be settled."""
    congress = get_congress(request, pk)
    actors = actors_on(request, congress)
    can_record = congress.state in services.COMPLAINT_STATES
    form = None
    if request.method == "POST":
        congress = get_congress(request, pk, actor=Actor.SUPERIOR_CLERK)
        if not can_record:
            message = (
                _("The congress is annulled; there is nothing left to complain about.")
                if congress.state == rules.ANNULLED
                else _("Complaints about the results are recorded once the congress is held.")
            )
            return _refuse_state(request, message, "congress_complaints", pk)
        form = ComplaintForm(request.POST)
        if form.is_valid():
            try:
                services.complaint_record(acting_user=request.user, congress=congress, actors=actors, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The complaint was recorded; ratification waits until it is settled."))
                return redirect("congress_complaints", pk=pk)
    elif Actor.SUPERIOR_CLERK in actors and can_record:
        form = ComplaintForm()
    complaints = list(congress.complaints.select_related("recorded_by")[:COMPLAINTS_SHOWN])
    context = {
        **congress_page_context(request, congress, actors),
        "complaints": [
            (c, _settle_form(c) if Actor.SUPERIOR_CLERK in actors and c.settled_on is None else None)
            for c in complaints
        ],
        "form": form,
        "is_superior_clerk": Actor.SUPERIOR_CLERK in actors,
        "state_message": None if can_record else _("Complaints about the results are recorded once the congress is held."),
        "history": history_of_actions("congress.complaint.", congress=congress.pk),
    }
    return render(request, "congress/results_complaints.html", context)


def _settle_form(complaint: Complaint) -> ComplaintSettleForm:
    # One form per open complaint on the page: ids of its own, the same field names.
    return ComplaintSettleForm(initial={"settled_on": timezone.localdate()}, auto_id=f"settle-{complaint.pk}-%s")


@require_POST
def congress_complaint_settle(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = Complaint.objects.filter(pk=pk).first()
    if complaint is None:
        raise Http404
    congress = get_congress(request, complaint.congress_id, actor=Actor.SUPERIOR_CLERK)
    form = ComplaintSettleForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return redirect("congress_complaints", pk=congress.pk)
    try:
        services.complaint_settle(
            acting_user=request.user, complaint=complaint, actors=actors_on(request, congress), **form.cleaned_data,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The complaint is settled."))
    return redirect("congress_complaints", pk=congress.pk)


# --- The superior's decision -------------------------------------------------------------------


def _decision_context(request: HttpRequest, congress: Congress, actors: set[Actor]) -> dict:
    documents = selectors.documents_by_role(congress)
    seats = services.elected_seats(congress)
    decision, decision_link = _decision(request, congress, documents)
    return {
        **congress_page_context(request, congress, actors),
        "seats": seats,
        "warnings": _warnings(congress, seats),
        "items": dossier_items(congress, documents),
        "open_complaints": list(congress.complaints.filter(settled_on__isnull=True)[:COMPLAINTS_SHOWN]),
        "deadlines": selectors.results_deadlines(congress, timezone.localdate()),
        "decision": decision,
        "decision_link": decision_link,
    }


def congress_ratify(request: HttpRequest, pk: int) -> HttpResponse:
    """A leader of the superior ratifies the results (chuẩn y): the QĐ decision is issued and
    signed by them, and the elected become the organisation's committee for the term."""
    congress = get_congress(request, pk, actor=Actor.SUPERIOR_LEADER)
    actors = actors_on(request, congress)
    form = RatifyForm(request.POST or None)
    if request.method == "POST":
        if congress.state != rules.RESULTS_REPORTED:
            return _refuse_state(request, rules.move_problem(Move.RATIFY, congress.state, actors) or "", "congress_ratify", pk)
        if form.is_valid():
            try:
                congress = ratification.congress_ratify(
                    acting_user=request.user, congress=congress, actors=actors, on=form.cleaned_data["on"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                document = selectors.documents_by_role(congress)[CongressDocumentRole.RATIFICATION]
                messages.success(request, _(
                    "The results are ratified by decision %(symbol)s; the elected are now the committee for the "
                    "term %(term)s."
                ) % {"symbol": document.symbol, "term": congress.plan.term})
                return redirect("congress_detail", pk=pk)
    context = {
        **_decision_context(request, congress, actors),
        "form": form,
        "problems": _ratify_problems(congress, actors, services.elected_seats(congress)),
    }
    return render(request, "congress/results_ratify.html", context)


def congress_secretary_appoint(request: HttpRequest, pk: int) -> HttpResponse:
    """A leader of the superior appoints the secretary the congress did not elect after three
    rounds (docs/domain.md §3.11): the decision (QĐ chỉ định) is issued in the superior's
    register, signed by them; the congress can then be ratified."""
    congress = get_congress(request, pk, actor=Actor.SUPERIOR_LEADER)
    actors = actors_on(request, congress)
    form = SecretaryAppointmentForm(request.POST or None, congress=congress)
    problem = _appointment_problem(congress, services.elected_seats(congress))
    if request.method == "POST":
        if problem:
            return _refuse_state(request, problem, "congress_secretary_appoint", pk)
        if form.is_valid():
            try:
                appointment = ratification.secretary_appoint(
                    acting_user=request.user, congress=congress, actors=actors, **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _(
                    "%(name)s is appointed secretary by decision %(symbol)s; the results can now be ratified."
                ) % {"name": appointment.member.full_name, "symbol": appointment.document.symbol})
                return redirect("congress_detail", pk=pk)
    context = {
        **_decision_context(request, congress, actors),
        "form": form,
        "problem": problem,
        "appointment": congress.documents.filter(role=CongressDocumentRole.APPOINTMENT).select_related(
            "document",
        ).first(),
    }
    return render(request, "congress/results_appoint.html", context)


def congress_annul(request: HttpRequest, pk: int) -> HttpResponse:
    """A leader of the superior annuls the congress, giving the reason."""
    congress = get_congress(request, pk, actor=Actor.SUPERIOR_LEADER)
    actors = actors_on(request, congress)
    form = AnnulForm(request.POST or None)
    annullable = congress.state in rules.MOVES[Move.ANNUL][0]
    if request.method == "POST":
        if not annullable:
            return _refuse_state(request, rules.move_problem(Move.ANNUL, congress.state, actors) or "", "congress_annul", pk)
        if form.is_valid():
            was_ratified = congress.state == rules.RATIFIED
            try:
                congress = ratification.congress_annul(
                    acting_user=request.user, congress=congress, actors=actors, reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if was_ratified:
                    document = selectors.documents_by_role(congress).get(CongressDocumentRole.RATIFICATION)
                    messages.success(request, _(
                        "The congress is annulled and its committee seats for the term %(term)s are removed. The "
                        "ratification decision %(symbol)s stays in the register; this annulment supersedes it in "
                        "practice."
                    ) % {"term": congress.plan.term, "symbol": document.symbol if document else ""})
                else:
                    messages.success(request, _("The congress is annulled."))
                return redirect("congress_detail", pk=pk)
    context = {
        **_decision_context(request, congress, actors),
        "form": form,
        "problem": None if annullable else rules.move_problem(Move.ANNUL, congress.state, actors),
    }
    return render(request, "congress/results_annul.html", context)
