"""Forms of the targets (chỉ tiêu) of a congress: a target, and one year's results."""

from collections.abc import Sequence
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.forms import BoundedTextMixin

from ..models import Target
from ..targets import PERCENT

FIGURE_ERRORS = {
    "invalid": _("Enter a number, e.g. 95 or 7,5."),
    "min_value": _("The figure cannot be negative."),
    "max_digits": _("The figure is too large."),
    "max_decimal_places": _("Give at most two decimals."),
    "max_whole_digits": _("The figure is too large."),
}


class TargetForm(BoundedTextMixin, forms.ModelForm):
    class Meta:
        model = Target
        fields = ["label", "comparison", "value", "unit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].localize = True
        self.fields["value"].widget.is_localized = True
        self.fields["value"].error_messages.update(FIGURE_ERRORS)
        self.fields["label"].error_messages["required"] = _("Say what the target measures.")
        self.fields["value"].error_messages["required"] = _("Give the target's figure.")

    def clean(self):
        data = super().clean()
        if data.get("unit", "").strip() == PERCENT and data.get("value") is not None and data["value"] > 100:
            self.add_error("value", _("A percentage cannot be above 100."))
        return data


class TargetResultsForm(BoundedTextMixin, forms.Form):
    """One year's figure for each target (empty: not recorded that year)."""

    year = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, targets: Sequence[Target], initial_figures: dict[int, Decimal] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        figures = initial_figures or {}
        for target in self.targets:
            self.fields[f"target_{target.pk}"] = forms.DecimalField(
                label=str(target), required=False, min_value=0, max_digits=9, decimal_places=2, localize=True,
                initial=figures.get(target.pk), error_messages=FIGURE_ERRORS,
                help_text=PERCENT if target.unit == PERCENT else target.unit,
            )

    def clean(self):
        data = super().clean()
        achieved = {}
        for target in self.targets:
            name = f"target_{target.pk}"
            if name not in data:
                continue  # the field has its error already
            value = data[name]
            if value is not None and target.unit == PERCENT and value > 100:
                self.add_error(name, _("A percentage cannot be above 100."))
            achieved[target.pk] = value
        data["achieved"] = achieved
        return data

    def figure_fields(self):
        return [self[f"target_{t.pk}"] for t in self.targets]
