"""Members temporarily attached to an organisation from elsewhere (docs/domain.md §1.4): a clerk
of the organisation records, corrects and removes them; they are listed on its members page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import Need, check, get_organization
from ..audit import history
from ..forms import AttachedMemberForm
from ..models import AttachedMember
from ..services import attached as services
from ..submissions import once_per_submission
from .common import add_service_errors


def _get_attached(request: HttpRequest, pk: int, need: Need) -> AttachedMember:
    attached = AttachedMember.objects.select_related("organization").filter(pk=pk).first()
    if attached is None:
        raise Http404
    check(request, attached.organization, need)
    return attached


@once_per_submission(lambda attached: reverse("member_list", kwargs={"pk": attached.organization_id}))
def attached_member_create(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_organization(request, pk, Need.EDIT)
    form = AttachedMemberForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.attached_member_create(acting_user=request.user, organization=organization, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The member temporarily attached was recorded."))
            return redirect("member_list", pk=organization.pk)
    return render(request, "branches/attached_member_form.html", {"form": form, "organization": organization})


def attached_member_update(request: HttpRequest, pk: int) -> HttpResponse:
    attached = _get_attached(request, pk, Need.EDIT)
    form = AttachedMemberForm(
        request.POST or None, instance=AttachedMember.objects.get(pk=pk), organization=attached.organization,
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.attached_member_update(acting_user=request.user, attached=attached, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("member_list", pk=attached.organization_id)
    context = {
        "form": form, "organization": attached.organization, "attached": attached, "history": history(attached),
    }
    return render(request, "branches/attached_member_form.html", context)


@require_POST
def attached_member_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attached = _get_attached(request, pk, Need.EDIT)
    try:
        services.attached_member_remove(acting_user=request.user, attached=attached)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("attached_member_update", pk=attached.pk)
    messages.success(request, _("%(name)s was removed.") % {"name": attached.full_name})
    return redirect("member_list", pk=attached.organization_id)
