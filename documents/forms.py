from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from branches.forms import DATE_WIDGET
from branches.models import Organization

from .models import Document, DocumentState, DocumentTemplate, DocumentType
from .services.documents import META_FIELDS
from .services.templates import templates_for


class DocumentCreateForm(forms.ModelForm):
    template = forms.ModelChoiceField(
        label=_("Start from a template"), required=False, queryset=DocumentTemplate.objects.none(),
        help_text=_("Optional: the template's subject and body, filled in for this organisation."),
    )

    class Meta:
        model = Document
        fields = ["doc_type", "subject", "term"]

    def __init__(self, *args, issuer: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates_for(issuer)
        self.fields["subject"].required = False
        self.fields["subject"].help_text = _("Trích yếu. Leave empty to take the template's.")

    def clean(self):
        data = super().clean()
        if not data.get("subject") and not data.get("template"):
            self.add_error("subject", _("Write the subject, or start from a template."))
        return data


class DocumentMetaForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = META_FIELDS
        widgets = {
            "document_date": DATE_WIDGET,
            "recipients": forms.Textarea(attrs={"rows": 4}),
            "issuer_lines": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("doc_type", css_class="col-md-3"), Column("term", css_class="col-md-3"),
                Column("place", css_class="col-md-3"), Column("document_date", css_class="col-md-3")),
            "subject",
            Row(Column("heading", css_class="col-md-4"), Column("superior_line", css_class="col-md-4"),
                Column("issuer_lines", css_class="col-md-4")),
            Row(Column("signing_mode", css_class="col-md-3"), Column("signing_body", css_class="col-md-3"),
                Column("signer_position", css_class="col-md-3"), Column("signer_name", css_class="col-md-3")),
            "recipients",
        )


class BodyForm(forms.Form):
    body = forms.CharField(label=_("Body"), required=False, widget=forms.Textarea(attrs={"rows": 20}))
    note = forms.CharField(label=_("What changed"), required=False, max_length=255)


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What must be revised"), widget=forms.Textarea(attrs={"rows": 3}))


class DocumentFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All states")), *DocumentState.choices])
    doc_type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *DocumentType.choices])
    subtree = forms.ChoiceField(
        label=_("Scope"), required=False,
        choices=[("off", _("This organisation only")), ("on", _("With subordinate organisations"))],
    )
