"""Forms of the results area: the elected, the dossier, complaints, the superior's decision."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.forms import BoundedTextMixin, DATE_WIDGET, member_choice_label
from branches.models import Member, Position
from branches.text import whole_number

from ..models import Congress, DossierKind
from ..services.results import UPLOADED_KINDS, upload_problem


def _member_search(form: forms.Form, congress: Congress) -> None:
    """The member is found by name (htmx fills the options from branches' `member_options`), as
    on the committees page; validation accepts any member of the organisation's subtree."""
    field = form.fields["member"]
    field.queryset = Member.objects.filter(
        congress.organization.subtree_q("organization__"),
    ).select_related("organization")
    field.label_from_instance = member_choice_label
    chosen = form.data.get(form.add_prefix("member")) if form.is_bound else None
    choices = [("", _("Type a name to search"))]
    if whole_number(chosen) is not None:
        choices += [(m.pk, member_choice_label(m)) for m in field.queryset.filter(pk=chosen)]
    field.widget.choices = choices


class ElectedSeatForm(BoundedTextMixin, forms.Form):
    """Someone the congress elected, found by name (_member_search). `positions`: those still
    entered by hand (the others come from a ballot recorded here)."""

    member = forms.ModelChoiceField(label=_("Party member"), queryset=Member.objects.none())
    position = forms.ChoiceField(label=_("Position"), choices=Position.choices)
    votes = forms.IntegerField(
        label=_("Votes"), required=False, min_value=0,
        help_text=_("Optional: the votes received, as in the vote-count minutes."),
    )

    def __init__(self, *args, congress: Congress, positions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if positions is not None:
            self.fields["position"].choices = [(p, label) for p, label in Position.choices if p in positions]
        _member_search(self, congress)


class DossierUploadForm(BoundedTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Item"), choices=[(k.value, k.label) for k in UPLOADED_KINDS])
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, JPEG, PNG, Word (.docx) or Excel (.xlsx), up to 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"}),
        allow_empty_file=True,  # refused below, with the dossier's own message
    )

    def clean_kind(self):
        return DossierKind(self.cleaned_data["kind"])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        problem = upload_problem(upload.name, upload.size, head)
        if problem:
            raise forms.ValidationError(problem)
        return upload


class _PastDateField(forms.DateField):
    widget = DATE_WIDGET

    def validate(self, value):
        super().validate(value)
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))


class ComplaintForm(BoundedTextMixin, forms.Form):
    received_on = _PastDateField(label=_("Received on"))
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ComplaintSettleForm(BoundedTextMixin, forms.Form):
    settled_on = _PastDateField(label=_("Settled on"))
    settlement = forms.CharField(
        label=_("How it was settled"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000,
    )


class RatifyForm(BoundedTextMixin, forms.Form):
    on = _PastDateField(label=_("Decision date"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class SecretaryAppointmentForm(BoundedTextMixin, forms.Form):
    """The superior's leader appoints the secretary (docs/domain.md §3.11): the member, found by
    name as on the elected page, and the date of the decision."""

    member = forms.ModelChoiceField(label=_("Secretary appointed"), queryset=Member.objects.none())
    on = _PastDateField(label=_("Decision date"))

    def __init__(self, *args, congress: Congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        _member_search(self, congress)


class AnnulForm(BoundedTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for annulment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
        help_text=_("It is recorded on the congress and in its history."),
    )
