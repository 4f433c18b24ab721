"""Forms of the counting: one ballot as an operator keys it, and the counting board's totals."""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches.forms import BoundedTextMixin
from branches.text import whole_number

from ..models import Candidate, InvalidReason

# Between struck numbers: spaces, commas, dots, plus signs or semicolons (a numeric keypad has
# no space bar, but has "." and "+").
SEPARATORS = re.compile(r"[\s,.;+]+")
REASON_KEY = re.compile(r"^k\s*(\d+)$", re.IGNORECASE)


def parse_reading(text: str, reasons: list[InvalidReason]) -> tuple[list[int], InvalidReason | None]:
    """An operator's keys as (struck positions, invalid reason): "3 7" strikes 3 and 7, "0" or
    nothing strikes none, "k2" is invalid for the second reason in use. Raises
    forms.ValidationError with a message for the operator."""
    text = text.strip()
    match = REASON_KEY.match(text)
    if match:
        index = int(match.group(1))
        if not 1 <= index <= len(reasons):
            raise forms.ValidationError(_("There is no reason k%(index)s: the reasons go from k1 to k%(count)s.") % {
                "index": index, "count": len(reasons),
            })
        return [], reasons[index - 1]
    parts = [p for p in SEPARATORS.split(text) if p]
    if not parts or parts == ["0"]:
        return [], None
    if not all(whole_number(p, max_digits=3) is not None for p in parts):
        raise forms.ValidationError(_(
            "Type the numbers struck out, separated by spaces (0 when none is struck), or k and a number for an "
            "invalid ballot."
        ))
    numbers = sorted({int(p) for p in parts})
    if 0 in numbers:
        raise forms.ValidationError(_("0 means no name struck out; do not combine it with numbers."))
    return numbers, None


class BallotKeyForm(BoundedTextMixin, forms.Form):
    serial = forms.IntegerField(label=gettext_lazy("Ballot no."), min_value=1)
    reading = forms.CharField(
        label=gettext_lazy("Struck out"), required=False, max_length=200,
        help_text=gettext_lazy("The numbers of the names struck out, e.g. 3 7; 0 or nothing when none; k1, k2… for invalid."),
    )

    def __init__(self, *args, reasons: list[InvalidReason], issued: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.reasons = reasons
        self.fields["serial"].max_value = issued or None
        self.fields["serial"].widget.attrs.update({"max": issued or "", "inputmode": "numeric", "autocomplete": "off"})
        self.fields["reading"].widget.attrs.update({"autocomplete": "off", "autofocus": True, "spellcheck": "false"})

    def clean_reading(self):
        return parse_reading(self.cleaned_data.get("reading") or "", self.reasons)


class TotalsForm(BoundedTextMixin, forms.Form):
    """The counting board's totals: ballots returned and valid, invalid by reason, each
    candidate's votes. Fields reason_<pk> and candidate_<pk> are built from the context."""

    returned = forms.IntegerField(label=gettext_lazy("Ballots returned"), min_value=0)
    valid = forms.IntegerField(label=gettext_lazy("Valid ballots"), min_value=0)

    def __init__(self, *args, candidates: list[Candidate], reasons: list[InvalidReason], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates, self.reasons = candidates, reasons
        for reason in reasons:
            self.fields[f"reason_{reason.pk}"] = forms.IntegerField(
                label=reason.name, min_value=0, required=False, initial=0,
            )
        for candidate in candidates:
            self.fields[f"candidate_{candidate.pk}"] = forms.IntegerField(
                label=f"{candidate.position}. {candidate.member.full_name}", min_value=0,
            )

    def reason_fields(self):
        return [self[f"reason_{r.pk}"] for r in self.reasons]

    def candidate_fields(self):
        return [self[f"candidate_{c.pk}"] for c in self.candidates]

    def figures(self) -> dict:
        """The service's keyword arguments, once valid."""
        data = self.cleaned_data
        return {
            "returned": data["returned"], "valid": data["valid"],
            "invalid": {r.pk: data.get(f"reason_{r.pk}") or 0 for r in self.reasons},
            "votes": {c.pk: data[f"candidate_{c.pk}"] for c in self.candidates},
        }
