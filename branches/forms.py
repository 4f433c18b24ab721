"""Forms take what they may offer explicitly (the organisations the user may reach)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .access import Access, Need
from .imports import MAX_UPLOAD_BYTES
from .selectors import member_list
from .models import AttachedMember, Gender, Member, Membership, Organization, Position, Situation, Term
from .services.attached import EDITABLE_FIELDS as ATTACHED_FIELDS
from .services.members import EDITABLE_FIELDS as MEMBER_FIELDS
from .services.organizations import EDITABLE_FIELDS as ORGANIZATION_FIELDS
from .text import TEXT_MAX_LENGTH, storable_text, whole_number

# Django 6.1's empty choice; its own catalogue has no Vietnamese for it yet, ours does.
gettext_noop("- Select an option -")

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})

# What a text field says when its text is too long or holds a NUL (Django's own messages have
# no Vietnamese yet). The same words for text read outside a form field (posted_text).
TEXT_TOO_LONG = _("At most %(limit_value)s characters here (this text has %(show_value)s).")
TEXT_HAS_NUL = _("The text holds an invisible NUL character, which cannot be stored: remove it and save again.")


def bound_text_fields(form: forms.BaseForm, limits: dict[str, int] | None = None) -> None:
    """Every text field of `form` gets a length limit and says its refusals in Vietnamese.

    A field without a max_length of its own (a model's TextField gives none) gets
    `limits[name]`, else TEXT_MAX_LENGTH. forms.CharField already refuses NUL characters.
    Calling it twice changes nothing more.
    """
    limits = limits or {}
    for name, field in form.fields.items():
        if not isinstance(field, forms.CharField):
            continue
        if field.max_length is None:
            field.max_length = limits.get(name, TEXT_MAX_LENGTH)
            field.validators.append(MaxLengthValidator(field.max_length))
            field.widget.attrs.setdefault("maxlength", str(field.max_length))
        field.error_messages = {**field.error_messages, "max_length": TEXT_TOO_LONG, "null_characters_not_allowed": TEXT_HAS_NUL}


class BoundedTextMixin:
    """Free text fits and can be stored (issue 15: a comment of 2,000,000 characters was taken,
    and one holding a NUL failed the audit write on PostgreSQL): see bound_text_fields.
    `text_limits` names the fields allowed more than TEXT_MAX_LENGTH (a document's body). Fields
    added in a form's own __init__ are bounded too: the bounds are set again before validation.
    """

    text_limits: dict[str, int] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_text_fields(self, self.text_limits)

    def full_clean(self):
        bound_text_fields(self, self.text_limits)
        super().full_clean()


def posted_text(value, *, max_length: int = TEXT_MAX_LENGTH) -> str:
    """Free text read from a request outside a form field (a comment posted with an approve
    button), checked as a form's text field checks it: ValidationError with the field's
    sentence when it holds a NUL or passes `max_length`; anything not text reads as ""."""
    if value is None:
        return ""
    text = storable_text(value, max_length)
    if text is not None:
        return text
    if isinstance(value, str) and "\x00" in value:
        raise ValidationError(TEXT_HAS_NUL, code="null_characters_not_allowed")
    if isinstance(value, str):
        raise ValidationError(TEXT_TOO_LONG, code="max_length", params={"limit_value": max_length, "show_value": len(value)})
    return ""


class ChoiceOfMany(forms.ModelMultipleChoiceField):
    """Django's ModelMultipleChoiceField, taking only ids written as whole numbers.

    Django hands each posted value to an `id IN (...)` query as it stands: a number past the
    database's integer (9223372036854775808) answered 500 on SQLite instead of "not one of the
    choices" (found by the fuzz test, tests/fuzz). What is not an id is refused before the query.
    """

    def clean(self, value):
        if isinstance(value, (list, tuple)):
            for pk in value:
                if pk not in self.empty_values and whole_number(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                    )
        return super().clean(value)


class OrganizationForm(BoundedTextMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ORGANIZATION_FIELDS


class OrganizationMoveForm(BoundedTextMixin, forms.Form):
    new_parent = forms.ModelChoiceField(
        label=_("Move under"), queryset=Organization.objects.none(),
    )

    def __init__(self, *args, organization: Organization, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = (
            access.organizations(Need.EDIT)
            .filter(is_active=True)
            .exclude(path__startswith=organization.path)
            .order_by("path")
        )
        self.fields["new_parent"].label_from_instance = _indented


def _indented(organization: Organization) -> str:
    return "— " * (organization.depth - 1) + organization.name


class MemberForm(BoundedTextMixin, forms.ModelForm):
    class Meta:
        model = Member
        fields = MEMBER_FIELDS
        widgets = {
            "date_of_birth": DATE_WIDGET,
            "joined_on": DATE_WIDGET,
            "official_on": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        # Validated against the organisation it is being entered into.
        self.instance.organization = organization
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("full_name", css_class="col-md-6"), Column("gender", css_class="col-md-3"),
                Column("ethnicity", css_class="col-md-3")),
            Row(Column("date_of_birth", css_class="col-md-4"), Column("joined_on", css_class="col-md-4"),
                Column("official_on", css_class="col-md-4")),
            Row(Column("membership", css_class="col-md-3"), Column("situation", css_class="col-md-3"),
                Column("party_card_number", css_class="col-md-3"), Column("occupation", css_class="col-md-3")),
            "notes",
        )


class MemberTransferForm(BoundedTextMixin, forms.Form):
    to = forms.ModelChoiceField(label=_("Transfer to"), queryset=Organization.objects.none())
    reason = forms.CharField(label=_("Reason or decision"), max_length=255, required=False)

    def __init__(self, *args, member: Member, access: Access, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = (
            access.organizations(Need.EDIT)
            .filter(is_active=True)
            .exclude(pk=member.organization_id)
            .order_by("path")
        )
        self.fields["to"].label_from_instance = _indented


class MemberFilterForm(BoundedTextMixin, forms.Form):
    q = forms.CharField(label=_("Name"), required=False, widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Search by name")}))
    subtree = forms.ChoiceField(
        label=_("Scope"),
        required=False,
        choices=[("on", _("With subordinate organisations")), ("off", _("This organisation only"))],
    )
    membership = forms.ChoiceField(
        label=_("Official or probationary"), required=False, choices=[("", _("All members")), *Membership.choices],
    )
    situation = forms.ChoiceField(
        label=_("Situation"), required=False, choices=[("", _("All situations")), *Situation.choices],
    )
    gender = forms.ChoiceField(label=_("Gender"), required=False, choices=[("", _("All")), *Gender.choices])
    ethnicity = forms.CharField(label=_("Ethnicity"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name (A–Z)")),
            ("-name", _("Name (Z–A)")),
            ("birth", _("Oldest first")),
            ("-birth", _("Youngest first")),
            ("joined", _("Joined earliest")),
            ("-joined", _("Joined latest")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Rendered by branches/_filter_field.html rather than crispy: crispy's field template
        # was a quarter of the member list's time (docs/benchmarks.md).
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"


    def members(self, organization: Organization) -> QuerySet[Member]:
        """The members these filters select; filters that do not validate are ignored."""
        params = self.cleaned_data if self.is_valid() else {}
        return member_list(
            organization,
            subtree=params.get("subtree") != "off",
            query=params.get("q", ""),
            membership=params.get("membership", ""),
            situation=params.get("situation", ""),
            gender=params.get("gender", ""),
            ethnicity=params.get("ethnicity", ""),
            ordering=params.get("sort") or "name",
        )


def member_choice_label(member: Member) -> str:
    return f"{member.full_name} ({member.organization.name})"


class CommitteeSeatForm(BoundedTextMixin, forms.Form):
    """The member is found by name (htmx fills the options from `member_options`): a province
    has tens of thousands of members, too many for one select. Validation still accepts any
    member of the subtree and nothing else."""

    term = forms.ModelChoiceField(label=_("Term"), queryset=Term.objects.all())
    member = forms.ModelChoiceField(label=_("Party member"), queryset=Member.objects.none())
    position = forms.ChoiceField(label=_("Position"), choices=Position.choices)

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        field.queryset = Member.objects.filter(
            organization__path__startswith=organization.path
        ).select_related("organization")
        field.label_from_instance = member_choice_label
        chosen = self.data.get(self.add_prefix("member")) if self.is_bound else None
        choices = [("", _("Type a name to search"))]
        if whole_number(chosen) is not None:
            choices += [(m.pk, member_choice_label(m)) for m in field.queryset.filter(pk=chosen)]
        field.widget.choices = choices


class MemberImportForm(BoundedTextMixin, forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s MB). Files up to %(limit)s MB are accepted.")
                % {"size": f"{upload.size / 1024 / 1024:.1f}", "limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        return upload


class AttachedMemberForm(BoundedTextMixin, forms.ModelForm):
    """A member temporarily attached to the organisation from elsewhere (docs/domain.md §1.4)."""

    class Meta:
        model = AttachedMember
        fields = ATTACHED_FIELDS
        widgets = {
            "attached_from": DATE_WIDGET,
            "attached_until": DATE_WIDGET,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("full_name", css_class="col-md-5"), Column("home_organization", css_class="col-md-7")),
            Row(Column("attached_from", css_class="col-md-4"), Column("attached_until", css_class="col-md-4")),
            "notes",
        )
