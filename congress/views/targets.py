"""The targets (chỉ tiêu) of a congress: set with the draft resolution by the organisation's clerk,
read by everyone who reads the congress (the superior's leaders at the review), and followed each
year of the term once the congress is held; the previous congress's targets and their results,
which the new political report assesses (docs/documents.md "Targets"). And the draft resolution
drafted again from the congress's records, the targets first among them."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from branches.audit import history_of_actions
from branches.views.common import add_service_errors
from documents import rules as document_rules

from .. import selectors
from ..access import get_congress
from ..forms.targets import TargetForm, TargetResultsForm
from ..models import Congress, CongressDocumentRole, Target
from ..rules import Actor
from ..services import resolution as resolution_services
from ..services import targets as services
from .page import congress_page_context


@dataclass(frozen=True)
class TargetLine:
    """A target as a row of the table: its text, each year's figure ("" when not recorded), and
    met or not by the last recorded year (None: nothing recorded)."""

    target: Target
    text: str
    figures: list[str]
    met: bool | None


@dataclass(frozen=True)
class TargetsPanel:
    """What templates/congress/_targets_panel.html shows: the congress's targets with each year's
    figure, and the previous congress's."""

    lines: list[TargetLine]
    years: list[int]
    can_edit: bool
    can_record: bool
    previous: Congress | None
    previous_lines: list[TargetLine]
    previous_years: list[int]
    can_redraft: bool = False  # the draft resolution can be drafted again from the records

    @property
    def shown(self) -> bool:
        return bool(self.lines or self.previous_lines or self.can_edit)


def _lines(rows: list[selectors.TargetRow], years: list[int]) -> list[TargetLine]:
    return [
        TargetLine(row.target, row.record.text, [row.record.figure(year) for year in years], row.record.met)
        for row in rows
    ]


def targets_panel(congress: Congress, actors: set[Actor]) -> TargetsPanel:
    rows = selectors.target_rows(congress)
    previous = selectors.previous_congress(congress)
    previous_rows = selectors.target_rows(previous) if previous else []
    previous_years = selectors.recorded_years(previous_rows)
    is_clerk = Actor.CLERK in actors
    years = selectors.term_years(congress) if services.results_problem(congress) is None else []
    resolution = selectors.documents_by_role(congress).get(CongressDocumentRole.DRAFT_RESOLUTION)
    return TargetsPanel(
        lines=_lines(rows, years),
        years=years,
        can_edit=is_clerk and services.targets_problem(congress) is None,
        can_record=is_clerk and bool(rows) and services.results_problem(congress) is None,
        previous=previous if previous_rows else None,
        previous_lines=_lines(previous_rows, previous_years),
        previous_years=previous_years,
        can_redraft=is_clerk and resolution is not None and resolution.state in document_rules.EDITABLE,
    )


def targets_panel_context(request, congress: Congress, actors: set[Actor]) -> dict:
    """What the congress page and the review page need for the targets: `targets_panel`."""
    return {"targets_panel": targets_panel(congress, actors)}


def _clerk_if_post(request: HttpRequest) -> Actor | None:
    return Actor.CLERK if request.method == "POST" else None


def congress_targets(request: HttpRequest, pk: int) -> HttpResponse:
    """The targets of the congress; its clerk adds one (POST)."""
    congress = get_congress(request, pk, actor=_clerk_if_post(request))
    page = congress_page_context(request, congress)
    problem = services.targets_problem(congress)
    if request.method == "POST" and problem:
        messages.error(request, problem)
        return redirect("congress_targets", pk=pk)
    form = TargetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.target_save(acting_user=request.user, congress=congress, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The target was added."))
            return redirect("congress_targets", pk=pk)
    context = {
        **page,
        **targets_panel_context(request, congress, page["actors"]),
        "form": form,
        "problem": problem,
        "history": history_of_actions("congress.target.", "congress.target_results.", congress=congress.pk),
    }
    return render(request, "congress/targets.html", context)


def _target(request: HttpRequest, pk: int) -> tuple[Target, Congress]:
    target = Target.objects.filter(pk=pk).first()
    if target is None:
        raise Http404
    return target, get_congress(request, target.congress_id, actor=Actor.CLERK)


def target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target, congress = _target(request, pk)
    problem = services.targets_problem(congress)
    if problem:
        messages.error(request, problem)
        return redirect("congress_targets", pk=congress.pk)
    form = TargetForm(request.POST or None, instance=Target.objects.get(pk=target.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.target_save(acting_user=request.user, congress=congress, target=target, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The target was saved."))
            return redirect("congress_targets", pk=congress.pk)
    context = {**congress_page_context(request, congress), "form": form, "target": target}
    return render(request, "congress/target_form.html", context)


@require_POST
def target_delete(request: HttpRequest, pk: int) -> HttpResponse:
    target, congress = _target(request, pk)
    try:
        services.target_delete(acting_user=request.user, target=target)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The target “%(target)s” was deleted.") % {"target": target})
    return redirect("congress_targets", pk=congress.pk)


@require_POST
def target_move(request: HttpRequest, pk: int) -> HttpResponse:
    target, congress = _target(request, pk)
    try:
        services.target_move(acting_user=request.user, target=target, direction=request.POST.get("direction", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("congress_targets", pk=congress.pk)


def _year(value: str, years: list[int]) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and len(value) == 4 and int(value) in years else None


def congress_target_results(request: HttpRequest, pk: int) -> HttpResponse:
    """One year's results of the congress's targets (?year=, by default the latest year of the
    term so far), recorded by its clerk once the congress is held."""
    congress = get_congress(request, pk, actor=Actor.CLERK)
    page = congress_page_context(request, congress)
    problem = services.results_problem(congress)
    years = selectors.term_years(congress, timezone.localdate())
    raw = (request.POST.get("year") if request.method == "POST" else request.GET.get("year")) or ""
    year = _year(raw, years) if raw else (years[-1] if years else None)
    if request.method == "POST" and (problem or year is None):
        messages.error(request, problem or _("Choose a year of the term, up to the current year."))
        return redirect("congress_target_results", pk=pk)
    rows = selectors.target_rows(congress)
    figures = {row.target.pk: row.record.achieved.get(year) for row in rows} if year else {}
    form = TargetResultsForm(
        request.POST or None, targets=[row.target for row in rows], initial_figures=figures, initial={"year": year},
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.target_results_save(
                acting_user=request.user, congress=congress, year=year, achieved=form.cleaned_data["achieved"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The results of %(year)s were saved (%(n)s figures changed).") % {
                "year": year, "n": changed,
            })
            return redirect("congress_targets", pk=pk)
    context = {
        **page, "form": form, "year": year, "years": years, "problem": problem or (
            None if year is not None else _("Choose a year of the term, up to the current year.")
        ),
    }
    return render(request, "congress/target_results.html", context)


@require_POST
def congress_resolution_redraft(request: HttpRequest, pk: int) -> HttpResponse:
    """"Soạn lại từ dữ liệu Đại hội": the draft resolution's next version from the records."""
    congress = get_congress(request, pk, actor=Actor.CLERK)
    try:
        document = resolution_services.resolution_draft_again(acting_user=request.user, congress=congress)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("congress_detail", pk=pk)
    messages.success(request, _("The draft resolution was drafted again from the congress records."))
    return redirect("document_detail", pk=document.pk)
