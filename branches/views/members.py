from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ..access import Need, access_for, get_member, get_organization
from ..audit import history
from ..forms import MemberFilterForm, MemberForm, MemberTransferForm, member_choice_label
from ..models import Member
from ..selectors import attached_members
from ..services import members as services
from ..submissions import once_per_submission
from .common import add_service_errors


def member_list(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_organization(request, pk)
    filters = MemberFilterForm(request.GET or None)
    members = filters.members(organization)
    page = Paginator(members, settings.MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "organization": organization,
        "filters": filters,
        "page": page,
        "query_string": query.urlencode(),
        "can_edit": access_for(request).can(organization, Need.EDIT),
    }
    if request.htmx:
        return render(request, "branches/_member_table.html", context)
    context["attached"] = list(attached_members(organization))
    return render(request, "branches/member_list.html", context)


@once_per_submission(lambda member: reverse("member_detail", kwargs={"pk": member.pk}))
def member_create(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_organization(request, pk, Need.EDIT)
    form = MemberForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            member = services.member_create(acting_user=request.user, organization=organization, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The member was added."))
            if "add_another" in request.POST:
                return redirect("member_create", pk=organization.pk)
            return redirect("member_detail", pk=member.pk)
    return render(request, "branches/member_form.html", {"form": form, "organization": organization})


def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member(request, pk)
    context = {
        "member": member,
        "organization": member.organization,
        "seats": member.committee_seats.select_related("organization", "term").order_by("-term__start_year"),
        "can_edit": access_for(request).can(member.organization, Need.EDIT),
        "history": history(member),
    }
    return render(request, "branches/member_detail.html", context)


def member_update(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member(request, pk, Need.EDIT)
    form = MemberForm(request.POST or None, instance=Member.objects.get(pk=pk), organization=member.organization)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.member_update(acting_user=request.user, member=member, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("member_detail", pk=member.pk)
    return render(request, "branches/member_form.html", {"form": form, "organization": member.organization, "member": member})


def member_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_member(request, pk, Need.EDIT)
    form = MemberTransferForm(request.POST or None, member=member, access=access_for(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.member_transfer(
                acting_user=request.user, member=member, to=form.cleaned_data["to"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The member was transferred."))
            return redirect("member_detail", pk=member.pk)
    return render(request, "branches/member_transfer.html", {"form": form, "member": member, "organization": member.organization})


MEMBER_OPTIONS_LIMIT = 30


def member_options(request: HttpRequest, pk: int) -> HttpResponse:
    """The `<option>`s for a member search box: subtree members whose name matches `q`
    (accent-insensitive), in Vietnamese order, at most MEMBER_OPTIONS_LIMIT of them."""
    organization = get_organization(request, pk)
    members = MemberFilterForm({"q": request.GET.get("q", "")}).members(organization)
    found = list(members[: MEMBER_OPTIONS_LIMIT + 1])
    context = {
        "options": [(m.pk, member_choice_label(m)) for m in found[:MEMBER_OPTIONS_LIMIT]],
        "more": len(found) > MEMBER_OPTIONS_LIMIT,
    }
    return render(request, "branches/_member_options.html", context)
