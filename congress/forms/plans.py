"""Forms of the superior's plan: creating and changing it, its organisations and pilots, its
guidance and templates, its working groups, and correcting a congress's ordinal."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from branches.forms import DATE_WIDGET, BoundedTextMixin, ChoiceOfMany
from branches.models import Organization, Term, User

from ..models import CongressKind, Plan, WorkingGroup
from ..services.plans import DEADLINE_FIELDS, UPDATABLE_FIELDS

SUBJECT_HELP = _("Trích yếu of the plan document, e.g. “Kế hoạch tổ chức đại hội chi bộ nhiệm kỳ 2022–2025”.")
# The choice is each congress's, recorded with its personnel plan (docs/domain.md §3.3): the
# round's flag is only what a new personnel plan starts with.
ELECTS_SECRETARY_HELP = _(
    "The default for grassroots Party committees in the plan: each congress's personnel plan starts with it "
    "and records that congress's own choice (the congress elects the secretary directly, or the new "
    "executive committee does at its first meeting). A Party branch always elects its secretary at the "
    "congress, so this changes nothing for branches."
)


class _PlanFieldsForm(BoundedTextMixin, forms.ModelForm):
    subject = forms.CharField(label=_("Subject"), max_length=500, help_text=SUBJECT_HELP)

    class Meta:
        model = Plan
        fields = UPDATABLE_FIELDS
        widgets = {"pilots_held_by": DATE_WIDGET, "congresses_held_by": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["elects_secretary_directly"].help_text = ELECTS_SECRETARY_HELP
        self.order_fields(["subject", "term", "congresses_held_by", "pilots_held_by", *DEADLINE_FIELDS])

    def plan_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in UPDATABLE_FIELDS}


class PlanCreateForm(_PlanFieldsForm):
    """A new plan of `organization`; it refuses when there is no branch below to hold a congress."""

    class Meta(_PlanFieldsForm.Meta):
        fields = ("term", *UPDATABLE_FIELDS)

    def __init__(self, *args, has_branches: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_branches = has_branches
        self.fields["term"].queryset = Term.objects.order_by("-start_year", "-end_year")

    def clean(self):
        data = super().clean()
        if not self.has_branches:
            raise forms.ValidationError(
                _("There is no active Party branch below this organisation: a plan needs branches to hold congresses."),
            )
        return data


class PlanUpdateForm(_PlanFieldsForm):
    pass


class ScopeForm(BoundedTextMixin, forms.Form):
    """The organisations in the plan and the pilots, chosen among `candidates` (pks)."""

    organizations = forms.TypedMultipleChoiceField(label=_("In the plan"), coerce=int, required=False)
    pilots = forms.TypedMultipleChoiceField(label=_("Pilot"), coerce=int, required=False)

    def __init__(self, *args, candidates: list[Organization], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(org.pk, org.name) for org in candidates]
        self.fields["organizations"].choices = choices
        self.fields["pilots"].choices = choices
        self.by_pk = {org.pk: org for org in candidates}

    def clean_organizations(self):
        pks = self.cleaned_data["organizations"]
        if not pks:
            raise forms.ValidationError(_("Choose at least one organisation to hold a congress."))
        return [self.by_pk[pk] for pk in pks]

    def clean_pilots(self):
        return [self.by_pk[pk] for pk in self.cleaned_data["pilots"]]


class _DocumentChoice(ChoiceOfMany):
    def label_from_instance(self, document):
        return f"{document.symbol} – {document.subject}"


class _TemplateChoice(ChoiceOfMany):
    def label_from_instance(self, template):
        return f"{template.name} ({template.owner.name})"


class GuidanceForm(BoundedTextMixin, forms.Form):
    guidance = _DocumentChoice(
        label=_("Guidance documents"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Issued documents of the plan's committee or of the organisations above it."),
    )
    templates = _TemplateChoice(
        label=_("Templates"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("The committee's own templates and those published by the organisations above it."),
    )

    def __init__(self, *args, documents, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["guidance"].queryset = documents
        self.fields["templates"].queryset = templates


class _MemberChoice(ChoiceOfMany):
    def label_from_instance(self, user):
        return f"{user.full_name} ({user.username})" if user.full_name else user.username


class WorkingGroupForm(BoundedTextMixin, forms.ModelForm):
    """A working group of `plan`: people holding a role on the plan's committee, following
    organisations of the plan."""

    members = _MemberChoice(label=_("Group members"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    organizations = ChoiceOfMany(
        label=_("Organisations followed"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WorkingGroup
        fields = ["name"]

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        current = Q(pk__in=self.instance.members.all()) if self.instance.pk else Q(pk__in=[])
        self.fields["members"].queryset = (
            User.objects.filter(Q(roles__organization=plan.organization) | current).distinct()
            .order_by("full_name", "username")
        )
        self.fields["organizations"].queryset = (
            Organization.objects.filter(pk__in=plan.scope.values("organization")).order_by("path")
        )
        if self.instance.pk:
            self.initial.setdefault("members", [u.pk for u in self.instance.members.all()])
            self.initial.setdefault("organizations", [o.pk for o in self.instance.organizations.all()])


class OrdinalForm(BoundedTextMixin, forms.Form):
    ordinal = forms.IntegerField(
        label=_("Ordinal"), min_value=1, max_value=99,
        help_text=_("Which congress of the organisation this is: 1 for “lần thứ nhất”, 2 for “lần thứ II”."),
        error_messages={
            "min_value": _("A congress is numbered from 1."),
            "max_value": _("A congress is numbered up to 99."),
        },
    )


class KindForm(BoundedTextMixin, forms.Form):
    """Members' or delegates' congress, as the superior decides (congress.services.kinds)."""

    kind = forms.ChoiceField(
        label=_("Kind of congress"), choices=CongressKind.choices, widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a members' or a delegates' congress."),
                        "required": _("Choose a members' or a delegates' congress.")},
    )
