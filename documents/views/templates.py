"""Model documents (mẫu văn bản): an organisation's own, and those published from above."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.access import Need, access_for, check, get_organization
from branches.submissions import once_per_submission
from branches.views.common import add_service_errors

from ..forms import TemplateForm
from ..models import DocumentTemplate
from ..services.documents import current_term, placeholder_values
from ..services.templates import template_save, templates_for

# What each placeholder of services.documents.placeholder_values stands for.
PLACEHOLDER_HELP = {
    "organization": gettext_lazy("The name of the organisation that drafts the document."),
    "organization_upper": gettext_lazy("The same in upper case, as the heading prints it."),
    "superior": gettext_lazy("The name of its direct superior."),
    "superior_upper": gettext_lazy("The same in upper case (the first line top left)."),
    "term": gettext_lazy("The term of the document, e.g. 2022–2025."),
    "place": gettext_lazy("The place name of the organisation."),
    "today": gettext_lazy("The place-and-date line of the day the draft is created."),
    "year": gettext_lazy("The year the draft is created."),
}


def _placeholders(organization) -> list[tuple[str, str, str]]:
    """(placeholder, what it stands for, what it gives for `organization`)."""
    values = placeholder_values(organization, current_term())
    return [("{{ %s }}" % name, PLACEHOLDER_HELP.get(name, ""), value) for name, value in values.items()]


def template_list(request: HttpRequest, pk: int) -> HttpResponse:
    organization = get_organization(request, pk)
    access = access_for(request)
    templates = [(t, access.can(t.owner, Need.EDIT)) for t in templates_for(organization)]
    context = {
        "organization": organization,
        "templates": templates,
        "can_edit": access.can(organization, Need.EDIT),
    }
    return render(request, "documents/template_list.html", context)


@once_per_submission(lambda template: reverse("document_template_list", kwargs={"pk": template.owner_id}))
def template_create(request: HttpRequest, pk: int) -> HttpResponse:
    owner = get_organization(request, pk, Need.EDIT)
    return _edit(request, owner, None)


def template_update(request: HttpRequest, pk: int) -> HttpResponse:
    template = DocumentTemplate.objects.select_related("owner").filter(pk=pk).first()
    if template is None:
        raise Http404
    check(request, template.owner, Need.EDIT)
    return _edit(request, template.owner, template)


def _edit(request: HttpRequest, owner, template: DocumentTemplate | None) -> HttpResponse:
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            template_save(acting_user=request.user, owner=owner, template=template, **fields)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The template was saved."))
            return redirect("document_template_list", pk=owner.pk)
    context = {"form": form, "organization": owner, "template": template, "placeholders": _placeholders(owner)}
    return render(request, "documents/template_form.html", context)
