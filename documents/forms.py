from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from branches.forms import DATE_WIDGET, BoundedTextMixin
from branches.models import Organization, Term
from branches.text import BODY_MAX_LENGTH

from .diff import excerpt
from .docx_import import MAX_BYTES, MESSAGES, DocxImportError, body_from_docx
from .models import CommentResponse, Document, DocumentState, DocumentTemplate, DocumentType
from .services.documents import META_FIELDS
from .services.templates import templates_for


class DocumentCreateForm(BoundedTextMixin, forms.ModelForm):
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


class DocumentMetaForm(BoundedTextMixin, forms.ModelForm):
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


class BodyForm(BoundedTextMixin, forms.Form):
    text_limits = {"body": BODY_MAX_LENGTH}
    body = forms.CharField(label=_("Body"), required=False, widget=forms.Textarea(attrs={"rows": 20}))
    note = forms.CharField(label=_("What changed"), required=False, max_length=255)


class IssueForm(BoundedTextMixin, forms.Form):
    """The issue step offers the date (docs/domain.md §4a), prefilled with the document's own,
    else today; left empty, the service takes that same default. The service refuses a date
    before the previous number of the series."""

    document_date = forms.DateField(label=_("Date of the document"), required=False, widget=DATE_WIDGET)


class ReturnForm(BoundedTextMixin, forms.Form):
    comment = forms.CharField(label=_("What must be revised"), widget=forms.Textarea(attrs={"rows": 3}))


class DocumentFilterForm(BoundedTextMixin, forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All states")), *DocumentState.choices])
    doc_type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *DocumentType.choices])
    subtree = forms.ChoiceField(
        label=_("Scope"), required=False,
        choices=[("off", _("This organisation only")), ("on", _("With subordinate organisations"))],
    )


class RegisterFilterForm(BoundedTextMixin, forms.Form):
    """The filters of the register page and of its Excel export."""

    q = forms.CharField(label=_("Subject"), required=False, widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Search in the subject")}))
    doc_type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *DocumentType.choices])
    term = forms.ModelChoiceField(label=_("Term"), required=False, queryset=Term.objects.all(), empty_label=_("All terms"))
    year = forms.IntegerField(label=_("Year"), required=False, min_value=1930, max_value=2100)
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE_WIDGET)
    subtree = forms.ChoiceField(
        label=_("Scope"), required=False,
        choices=[("off", _("This organisation only")), ("on", _("With subordinate organisations"))],
    )

    def selection(self) -> dict:
        """Keyword arguments for selectors.register_documents; filters that do not validate are ignored."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "subtree": data.get("subtree") == "on", "doc_type": data.get("doc_type", ""), "term": data.get("term"),
            "year": data.get("year"), "date_from": data.get("date_from"), "date_to": data.get("date_to"),
            "query": data.get("q", ""),
        }

    def description(self) -> str:
        """The filters in words, for the title of the export."""
        data = self.cleaned_data if self.is_valid() else {}
        parts = []
        if data.get("doc_type"):
            parts.append(f"{_('Type')}: {DocumentType(data['doc_type']).label}")
        if data.get("term"):
            parts.append(f"{_('Term')}: {data['term']}")
        if data.get("year"):
            parts.append(f"{_('Year')}: {data['year']}")
        if data.get("date_from"):
            parts.append(f"{_('From')}: {data['date_from']:%d/%m/%Y}")
        if data.get("date_to"):
            parts.append(f"{_('To')}: {data['date_to']:%d/%m/%Y}")
        if data.get("q"):
            parts.append(f"{_('Subject')}: “{data['q']}”")
        scope = _("With subordinate organisations") if data.get("subtree") == "on" else _("This organisation only")
        return "; ".join([str(scope), *map(str, parts)])


class TemplateForm(BoundedTextMixin, forms.ModelForm):
    text_limits = {"body": BODY_MAX_LENGTH}

    class Meta:
        model = DocumentTemplate
        fields = ["name", "doc_type", "subject", "body", "is_published"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18, "class": "font-monospace"})}
        help_texts = {
            "subject": _("May use the placeholders below, e.g. “Nghị quyết Đại hội {{ organization }}”."),
            "body": _("HTML: paragraphs <p>, bold <b>, lists. May use the placeholders below."),
            "is_published": _("Every organisation under this one may start a document from it."),
        }


class CommentForm(BoundedTextMixin, forms.Form):
    """A comment on the latest version; `paragraphs` are that version's blocks (documents.diff.blocks)."""

    paragraph = forms.TypedChoiceField(label=_("On paragraph"), required=False, coerce=int, empty_value=None)
    body = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, *args, paragraphs: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["paragraph"].choices = [("", _("The whole document"))] + [
            (str(n), f"{n}. {excerpt(text)}") for n, text in enumerate(paragraphs, start=1)
        ]


class CommentAnswerForm(BoundedTextMixin, forms.Form):
    response = forms.ChoiceField(
        label=_("Answer"), choices=[c for c in CommentResponse.choices if c[0] != CommentResponse.PENDING],
    )
    reply = forms.CharField(label=_("Reply"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class VersionCompareForm(BoundedTextMixin, forms.Form):
    """Two versions of one document, by number (the compare page's query string)."""

    a = forms.TypedChoiceField(label=_("From version"), coerce=int)
    b = forms.TypedChoiceField(label=_("To version"), coerce=int)

    def __init__(self, *args, numbers: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("a", "b"):
            self.fields[name].choices = [(str(n), str(n)) for n in numbers]
            self.fields[name].error_messages["invalid_choice"] = _(
                "“%(value)s” is not a version of this document: choose one from the list."
            )
            self.fields[name].error_messages["required"] = _("Choose two versions to compare.")


class DocxImportForm(BoundedTextMixin, forms.Form):
    """A Word file whose content becomes the body's next version (documents.docx_import);
    cleaned_data["body"] is the sanitised body. Rendered by hand on the edit page."""

    file = forms.FileField(
        label=_("Bring the body in from a Word file (.docx)"),
        error_messages={"required": MESSAGES["missing"], "empty": MESSAGES["empty"]},
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is None:
            return data
        try:
            if upload.size > MAX_BYTES:
                raise DocxImportError("too_large")
            data["body"] = body_from_docx(upload.read())
        except DocxImportError as error:
            raise forms.ValidationError(error.message, code=error.code) from None
        return data
