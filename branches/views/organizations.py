from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import Need, access_for, check, get_organization
from ..audit import history
from ..forms import OrganizationForm, OrganizationMoveForm
from ..models import Organization
from ..selectors import children_with_figures, subtree_figures, tree_figures
from ..services import organizations as services
from ..submissions import once_per_submission
from .common import add_service_errors
from ..text import whole_number


def home(request: HttpRequest) -> HttpResponse:
    """The user's organisations: straight to the only one, else a list to choose from."""
    access = access_for(request)
    tops = list(Organization.objects.filter(path__in=access.roots()).order_by("path"))
    if len(tops) == 1:
        return redirect("organization_detail", pk=tops[0].pk)
    figures = {}
    by_depth: dict[int, list[Organization]] = {}
    for org in tops:
        by_depth.setdefault(org.depth, []).append(org)
    for same_depth in by_depth.values():
        figures.update(subtree_figures(same_depth))
    rows = [(org, figures[org.pk]) for org in tops]
    return render(request, "branches/home.html", {"rows": rows})


def _parent_if_reachable(request, organization: Organization, need: Need) -> Organization | None:
    parent = Organization.objects.get_parent(organization)
    if parent is not None and access_for(request).can(parent, need):
        return parent
    return None


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_organization(request, pk)
    access = access_for(request)
    ancestors = [
        a for a in Organization.objects.get_ancestors(organization) if access.can(a, Need.VIEW)
    ]
    show_inactive = request.GET.get("inactive") == "1"
    figures, children = tree_figures(organization, include_inactive=show_inactive)
    context = {
        "organization": organization,
        "ancestors": ancestors,
        "figures": figures,
        "children": children,
        "show_inactive": show_inactive,
        "can_edit": access.can(organization, Need.EDIT),
        "can_restructure": _parent_if_reachable(request, organization, Need.EDIT) is not None,
        "history": history(organization),
    }
    return render(request, "branches/organization_detail.html", context)


def organization_children(request: HttpRequest, pk: int) -> HttpResponse:
    """The rows under one node of the tree, fetched when the node is opened (htmx)."""
    organization = get_organization(request, pk)
    return render(
        request,
        "branches/_tree_rows.html",
        {"children": children_with_figures(organization), "level": _level(request.GET.get("level"))},
    )


def _level(raw: str | None) -> int:
    """The indentation of fetched tree rows; anything odd in the query string means 1."""
    level = whole_number(raw)
    return min(level, 8) if level else 1


@once_per_submission(lambda child: reverse("organization_detail", kwargs={"pk": child.pk}))
def organization_create(request: HttpRequest, pk: int) -> HttpResponse:
    parent = get_organization(request, pk, Need.EDIT)
    form = OrganizationForm(request.POST or None, initial={"place_name": parent.place_name})
    if request.method == "POST" and form.is_valid():
        try:
            child = services.organization_create(acting_user=request.user, parent=parent, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation was created."))
            return redirect("organization_detail", pk=child.pk)
    return render(request, "branches/organization_form.html", {"form": form, "parent": parent})


def organization_update(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_organization(request, pk, Need.EDIT)
    form = OrganizationForm(request.POST or None, instance=Organization.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(acting_user=request.user, organization=organization, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("organization_detail", pk=organization.pk)
    return render(request, "branches/organization_form.html", {"form": form, "organization": organization})


def _restructurable(request: HttpRequest, pk: int) -> Organization:
    """Moving or deactivating is decided above: it needs a clerk's role on the parent."""
    organization = get_organization(request, pk)
    parent = Organization.objects.get_parent(organization)
    if parent is None:
        check(request, organization, Need.EDIT)
        raise PermissionDenied  # tops of the tree are managed by an administrator
    # The user may see the organisation (checked above), so a missing role on the parent is a
    # 403, even when the parent itself lies outside what they may see.
    if not access_for(request).can(parent, Need.EDIT):
        raise PermissionDenied
    return organization


def organization_move(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _restructurable(request, pk)
    form = OrganizationMoveForm(request.POST or None, organization=organization, access=access_for(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_move(
                acting_user=request.user, organization=organization, new_parent=form.cleaned_data["new_parent"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The organisation was moved."))
            return redirect("organization_detail", pk=organization.pk)
    return render(request, "branches/organization_move.html", {"form": form, "organization": organization})


@require_POST
def organization_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    organization = _restructurable(request, pk)
    active = request.POST.get("active") == "1"
    try:
        services.organization_set_active(acting_user=request.user, organization=organization, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The organisation was reactivated.") if active else _("The organisation was deactivated."))
    return redirect("organization_detail", pk=organization.pk)
