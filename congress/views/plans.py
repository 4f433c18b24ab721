"""The superior's plan for a congress round (docs/domain.md §2 steps 1–2), as its clerk prepares and
issues it: the organisation's plans and congresses, the plan page, its dates and deadlines, its
organisations and pilots, guidance and templates, working groups, issuing it, correcting a
congress's ordinal, and deciding its kind (members' or delegates')."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from branches.access import Need, access_for, get_organization
from branches.audit import history
from branches.models import Member, Organization, User
from branches.submissions import once_per_submission
from branches.views.common import add_service_errors
from branches.text import whole_number
from documents import rules as document_rules
from documents.access import actors_on as document_actors_on
from documents.models import Document
from documents.forms import IssueForm
from documents.services.documents import current_term
from documents.services.templates import templates_for

from .. import rules
from ..access import actors_on, get_congress, get_plan
from ..forms.plans import (
    GuidanceForm, KindForm, OrdinalForm, PlanCreateForm, PlanUpdateForm, ScopeForm, WorkingGroupForm,
)
from ..models import Congress, Plan, WorkingGroup
from ..rules import Actor
from ..services import kinds as kind_services
from ..services import plans as services
from .page import congress_page_context

# An organisation has a plan or two per term and one congress per term: these bound the lists
# without paging them.
PLANS_SHOWN = 50
CONGRESSES_SHOWN = 50
# The most recent guidance documents offered (those already chosen are always offered too).
GUIDANCE_SHOWN = 200


def _ancestors(request: HttpRequest, organization: Organization) -> list[Organization]:
    access = access_for(request)
    return [a for a in Organization.objects.get_ancestors(organization) if access.can(a, Need.VIEW)]


def _has_branches_below(organization: Organization) -> bool:
    return (
        Organization.objects.filter(organization.subtree_q(), kind__in=services.DEFAULT_SCOPE_KINDS, is_active=True)
        .exclude(pk=organization.pk).exists()
    )


# --- The organisation's plans and congresses ---------------------------------------------------


def organization_congresses(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_organization(request, pk)
    access = access_for(request)
    can_edit = access.can(organization, Need.EDIT)
    plans = list(
        Plan.objects.filter(organization=organization).select_related("term", "document")
        .annotate(congress_count=Count("congresses")).order_by("-term__start_year", "-created_at")[:PLANS_SHOWN]
    )
    congresses = list(
        Congress.objects.filter(organization=organization)
        .select_related("plan__term", "plan__document", "plan__organization")
        .order_by("-plan__term__start_year", "-created_at")[:CONGRESSES_SHOWN]
    )
    for congress in congresses:
        congress.organization = organization
        congress.plan_visible = access.can(congress.plan.organization, Need.VIEW)
    context = {
        "organization": organization,
        "ancestors": _ancestors(request, organization),
        "plans": plans,
        "congresses": congresses,
        "can_edit": can_edit,
        "can_plan": can_edit and _has_branches_below(organization),
    }
    return render(request, "congress/organization_congresses.html", context)


# --- Creating and changing a plan --------------------------------------------------------------


@once_per_submission(lambda plan: reverse("plan_detail", kwargs={"pk": plan.pk}))
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_organization(request, pk, Need.EDIT)
    has_branches = _has_branches_below(organization)
    form = PlanCreateForm(request.POST or None, has_branches=has_branches, initial={"term": current_term()})
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                acting_user=request.user, organization=organization, term=form.cleaned_data["term"],
                subject=form.cleaned_data["subject"], **form.plan_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            n = plan.scope.count()
            messages.success(request, ngettext(
                "The plan was created with its draft document and %(n)s organisation.",
                "The plan was created with its draft document and %(n)s organisations.", n,
            ) % {"n": n})
            return redirect("plan_detail", pk=plan.pk)
    context = {"form": form, "organization": organization, "has_branches": has_branches}
    return render(request, "congress/plan_create.html", context)


def plan_update(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk, Need.EDIT)
    if plan.is_open:
        if request.method == "POST":
            messages.error(request, _("The plan is issued and its congresses are open; it can no longer change."))
            return redirect("plan_detail", pk=plan.pk)
        return render(request, "congress/plan_update.html", {"plan": plan, "organization": plan.organization})
    document = plan.document
    form = PlanUpdateForm(request.POST or None, instance=Plan.objects.get(pk=plan.pk), initial={"subject": document.subject})
    if document.state not in document_rules.EDITABLE:
        form.fields["subject"].disabled = True
        form.fields["subject"].help_text = _(
            "The plan document is “%(state)s”: its subject can change only while it is a draft, open for "
            "comments or returned."
        ) % {"state": document.get_state_display()}
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_update(
                acting_user=request.user, plan=plan, subject=form.cleaned_data["subject"], **form.plan_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("plan_detail", pk=plan.pk)
    return render(request, "congress/plan_update.html", {"plan": plan, "organization": plan.organization, "form": form})


# --- The plan page -----------------------------------------------------------------------------


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk)
    access = access_for(request)
    can_edit = access.can(plan.organization, Need.EDIT)
    document = plan.document
    groups = list(
        plan.working_groups.prefetch_related(
            Prefetch("members", queryset=User.objects.order_by("full_name", "username")),
            Prefetch("organizations", queryset=Organization.objects.order_by("path")),
        )
    )
    followed_by: dict[int, list[str]] = {}
    for group in groups:
        for org in group.organizations.all():
            followed_by.setdefault(org.pk, []).append(group.name)
    scope = list(plan.scope.select_related("organization").order_by("organization__path"))
    for row in scope:
        row.groups = followed_by.get(row.organization_id, [])
    guidance = list(plan.guidance.select_related("issuer").order_by("-issued_at", "-pk"))
    for item in guidance:
        item.visible = access.can(item.issuer, Need.VIEW)
    congresses = []
    if plan.is_open:
        congresses = list(plan.congresses.select_related("organization").order_by("organization__path"))
        for congress in congresses:
            congress.plan = plan
    context = {
        "plan": plan,
        "organization": plan.organization,
        "ancestors": _ancestors(request, plan.organization),
        "document": document,
        "can_edit": can_edit,
        "can_change": can_edit and not plan.is_open,
        "can_edit_document": Actor.CLERK in document_actors_on(request, document) and document.state in document_rules.EDITABLE,
        "ready_to_issue": document.state in (document_rules.APPROVED, document_rules.ISSUED) and bool(scope),
        "scope": scope,
        "pilot_count": sum(1 for row in scope if row.is_pilot),
        "groups": groups,
        "guidance": guidance,
        "templates": list(plan.templates.select_related("owner").order_by("doc_type", "name")),
        "congresses": congresses,
        "history": history(plan),
        "today": timezone.localdate(),
    }
    return render(request, "congress/plan_detail.html", context)


# --- Organisations and pilots ------------------------------------------------------------------


def plan_scope(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk, Need.EDIT)
    current = dict(plan.scope.values_list("organization_id", "is_pilot"))
    candidates = services.default_scope(plan.organization)
    missing = set(current) - {org.pk for org in candidates}
    if missing:  # in the plan, though no longer a candidate (closed since): shown to be removed
        candidates = sorted([*candidates, *Organization.objects.filter(pk__in=missing)], key=lambda o: o.path)
    form = ScopeForm(
        request.POST or None, candidates=candidates,
        initial={"organizations": list(current), "pilots": [pk for pk, pilot in current.items() if pilot]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_set_scope(
                acting_user=request.user, plan=plan, organizations=form.cleaned_data["organizations"],
                pilots=form.cleaned_data["pilots"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisations of the plan and its pilots were saved."))
            return redirect("plan_detail", pk=plan.pk)
    if form.is_bound:
        chosen, pilots = _posted_pks(request, "organizations"), _posted_pks(request, "pilots")
    else:
        chosen, pilots = set(current), {pk for pk, pilot in current.items() if pilot}
    context = {
        "plan": plan,
        "organization": plan.organization,
        "form": form,
        "groups": _grouped_under_parents(plan.organization, candidates, chosen, pilots),
        "candidate_count": len(candidates),
    }
    return render(request, "congress/plan_scope.html", context)


def _posted_pks(request: HttpRequest, name: str) -> set[int]:
    return {number for value in request.POST.getlist(name) if (number := whole_number(value)) is not None}


def _grouped_under_parents(
    root: Organization, candidates: list[Organization], chosen: set[int], pilots: set[int],
) -> list[tuple]:
    """(parent, rows) in the order of the tree, each row with the member count of the
    candidate's subtree and whether it is chosen: two queries whatever the number of
    organisations (members are counted per organisation over `root`'s subtree, then summed up
    by path prefix)."""
    if not candidates:
        return []
    step = Organization.steplen
    parents = {org.path: org for org in Organization.objects.filter(path__in={c.path[:-step] for c in candidates})}
    members = {org.path: 0 for org in candidates}
    counts = (
        Member.objects.filter(root.subtree_q("organization__"))
        .values_list("organization__path").annotate(n=Count("pk")).order_by()
    )
    for path, n in counts:
        for end in range(step, len(path) + 1, step):
            if path[:end] in members:
                members[path[:end]] += n
    groups: dict[str, list] = {}
    for org in candidates:
        groups.setdefault(org.path[:-step], []).append({
            "organization": org, "members": members[org.path], "chosen": org.pk in chosen, "pilot": org.pk in pilots,
        })
    return [(parents.get(path), rows) for path, rows in sorted(groups.items())]


# --- Guidance and templates --------------------------------------------------------------------


def plan_guidance(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk, Need.EDIT)
    chosen = list(plan.guidance.values_list("pk", flat=True))
    recent = list(
        services.guidance_documents_for(plan.organization).exclude(pk=plan.document_id)
        .order_by("-issued_at", "-pk").values_list("pk", flat=True)[:GUIDANCE_SHOWN]
    )
    documents = (
        Document.objects.filter(pk__in={*recent, *chosen}).select_related("issuer")
        .order_by("issuer__path", "doc_type", "-issued_at", "-pk")
    )
    templates = templates_for(plan.organization).order_by("owner__path", "doc_type", "name")
    form = GuidanceForm(
        request.POST or None, documents=documents, templates=templates,
        initial={"guidance": chosen, "templates": list(plan.templates.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_set_guidance(
                acting_user=request.user, plan=plan, guidance=form.cleaned_data["guidance"],
                templates=form.cleaned_data["templates"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The guidance documents and templates of the plan were saved."))
            return redirect("plan_detail", pk=plan.pk)
    return render(request, "congress/plan_guidance.html", {"plan": plan, "organization": plan.organization, "form": form})


# --- Working groups ----------------------------------------------------------------------------


def working_group_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk, Need.EDIT)
    return _working_group_form(request, plan, None)


def working_group_update(request: HttpRequest, pk: int) -> HttpResponse:
    group = _get_working_group(request, pk)
    return _working_group_form(request, group.plan, group)


@require_POST
def working_group_delete(request: HttpRequest, pk: int) -> HttpResponse:
    group = _get_working_group(request, pk)
    services.working_group_delete(acting_user=request.user, group=group)
    messages.success(request, _("The working group “%(name)s” was removed.") % {"name": group.name})
    return redirect("plan_detail", pk=group.plan_id)


def _get_working_group(request: HttpRequest, pk: int) -> WorkingGroup:
    """The working group `pk`, for a clerk of its plan's committee (404 / 403 as for the plan)."""
    group = WorkingGroup.objects.filter(pk=pk).first()
    if group is None:
        raise Http404
    group.plan = get_plan(request, group.plan_id, Need.EDIT)
    return group


def _working_group_form(request: HttpRequest, plan: Plan, group: WorkingGroup | None) -> HttpResponse:
    form = WorkingGroupForm(request.POST or None, instance=group, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.working_group_save(
                acting_user=request.user, plan=plan, name=form.cleaned_data["name"],
                members=form.cleaned_data["members"], organizations=form.cleaned_data["organizations"],
                group=WorkingGroup.objects.get(pk=group.pk) if group else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The working group “%(name)s” was saved.") % {"name": saved.name})
            return redirect("plan_detail", pk=plan.pk)
    context = {"plan": plan, "organization": plan.organization, "form": form, "group": group}
    return render(request, "congress/working_group_form.html", context)


# --- Issuing -----------------------------------------------------------------------------------


@require_POST
def plan_issue(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan(request, pk, Need.EDIT)
    form = IssueForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("plan_detail", pk=plan.pk)
    try:
        plan = services.plan_issue(
            acting_user=request.user, plan=plan, actors=document_actors_on(request, plan.document),
            document_date=form.cleaned_data["document_date"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        n = plan.congresses.count()
        messages.success(request, ngettext(
            "The plan is issued: %(n)s congress is open.", "The plan is issued: %(n)s congresses are open.", n,
        ) % {"n": n})
    return redirect("plan_detail", pk=plan.pk)


# --- A congress's ordinal ----------------------------------------------------------------------


def congress_ordinal(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct which congress of its organisation this is ("lần thứ ..."). The resulting name
    is previewed by the server (htmx asks this page again with ?ordinal=)."""
    congress = get_congress(request, pk, actor=Actor.CLERK)
    form = OrdinalForm(request.POST or None, initial={"ordinal": congress.ordinal})
    if request.method == "POST" and form.is_valid():
        try:
            congress = services.congress_set_ordinal(
                acting_user=request.user, congress=congress, ordinal=form.cleaned_data["ordinal"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The congress is now named: %(name)s.") % {"name": congress.name})
            return redirect("congress_detail", pk=congress.pk)
    preview = _preview(congress, request.GET) if "ordinal" in request.GET else None
    context = {**congress_page_context(request, congress), "form": form, "preview": preview}
    if request.headers.get("HX-Request") and request.method == "GET":
        return render(request, "congress/plan_congress_ordinal.html#preview", context)
    return render(request, "congress/plan_congress_ordinal.html", context)


def _preview(congress: Congress, data) -> dict:
    """The name the congress would take with the ordinal asked, or why that ordinal is refused."""
    form = OrdinalForm(data)
    if not form.is_valid():
        return {"errors": form.errors.get("ordinal", [])}
    ordinal = form.cleaned_data["ordinal"]
    return {"name": Congress(organization=congress.organization, plan=congress.plan, ordinal=ordinal).name}


# --- A congress's kind -------------------------------------------------------------------------


def congress_kind(request: HttpRequest, pk: int) -> HttpResponse:
    """Whether the congress is a members' or a delegates' congress (docs/domain.md §3.12): everyone
    who reads the congress reads it and the rule; its superior's clerks and leaders decide it while
    the congress is prepared."""
    congress = get_congress(request, pk)
    actors = actors_on(request, congress)
    may_decide = bool(kind_services.SUPERIOR_ACTORS & actors)
    if request.method == "POST" and not may_decide:
        raise PermissionDenied
    problem = kind_services.kind_change_problem(congress, actors) if may_decide else None
    form = KindForm(request.POST or None, initial={"kind": congress.kind})
    if request.method == "POST" and form.is_valid():
        try:
            congress = kind_services.congress_set_kind(
                acting_user=request.user, congress=congress, kind=form.cleaned_data["kind"], actors=actors,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The congress is a %(kind)s.") % {"kind": congress.get_kind_display().lower()})
            return redirect("congress_kind", pk=congress.pk)
    members = Member.objects.filter(congress.organization.subtree_q("organization__")).count()
    context = {
        **congress_page_context(request, congress, actors),
        "form": form,
        "can_decide": may_decide and problem is None,
        "problem": problem,
        "members": members,
        "default_kind": rules.default_congress_kind(congress.organization.kind, members),
        "threshold": rules.DELEGATES_THRESHOLD,
        "is_branch": congress.organization.kind in rules.BRANCH_KINDS,
        "drawn": congress.attendance.exists(),
    }
    return render(request, "congress/plan_congress_kind.html", context)
