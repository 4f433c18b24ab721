"""Forms of the register of emulation works and of the awards (reporting.views.register). They
take their context explicitly: the organisations a plan's clerk may choose come from
`organizations` (reporting.statistics.plan_organizations); the services check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.forms import BoundedTextMixin, DATE_WIDGET
from branches.models import Organization

from ..models import Award, EmulationWork, WorkStatus


class _OrganizationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _organization_field(organizations, label) -> _OrganizationChoice:
    """A select among `organizations` (a list, already read): no query of its own."""
    pks = [o.pk for o in organizations]
    field = _OrganizationChoice(queryset=Organization.objects.filter(pk__in=pks).order_by("path"), label=label)
    field.choices = [("", "---------"), *((o.pk, o.name) for o in organizations)]
    return field


class WorkForm(BoundedTextMixin, forms.ModelForm):
    """A work of the register. With `organizations`, the organisation is chosen among them;
    without, it is fixed by the page (a congress's organisation, or the work's own)."""

    class Meta:
        model = EmulationWork
        fields = ("organization", "name", "owner", "status", "registered_on", "completed_on", "notes")
        widgets = {
            "registered_on": DATE_WIDGET, "completed_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"completed_on": _("Only for a completed work.")}

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organizations is None:
            del self.fields["organization"]
        else:
            self.fields["organization"] = _organization_field(organizations, EmulationWork._meta.get_field("organization").verbose_name)
            self.order_fields(self.Meta.fields)

    def _post_clean(self):
        # The services run full_clean with their own rules first; a ModelForm's own model
        # validation would report the same problems twice, and without their field.
        pass

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.fields}


class AwardForm(BoundedTextMixin, forms.ModelForm):
    class Meta:
        model = Award
        fields = ("organization", "category", "title", "reason", "awarded_on", "decision")
        widgets = {"awarded_on": DATE_WIDGET, "reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = _organization_field(organizations, Award._meta.get_field("organization").verbose_name)
        self.order_fields(self.Meta.fields)

    def _post_clean(self):
        pass  # as WorkForm's: the services validate the award

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class WorkFilterForm(BoundedTextMixin, forms.Form):
    organization = forms.TypedChoiceField(label=_("Organisation"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].choices = [("", _("All organisations")), *((o.pk, o.name) for o in organizations)]
        self.fields["status"].choices = [("", _("All statuses")), *WorkStatus.choices]

    def selection(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}
