"""Forms of the personnel plan. Each takes its context explicitly (docs/architecture.md §9)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.forms import BoundedTextMixin, DATE_WIDGET, member_choice_label
from branches.models import Member
from congress.rules import BRANCH_KINDS
from congress.services.results import may_stand_q

from ..models import NominationVote, NomineeRole, PersonnelPlan
from ..services.personnel import DELEGATES, EDITABLE_FIELDS


class PersonnelPlanForm(BoundedTextMixin, forms.ModelForm):
    class Meta:
        model = PersonnelPlan
        fields = EDITABLE_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, congress, **kwargs):
        super().__init__(*args, **kwargs)
        self.congress = congress
        if congress.organization.kind in BRANCH_KINDS:
            # A branch always elects its secretary at the congress (docs/domain.md §3.3).
            del self.fields["elects_secretary_directly"]
            self.fields["elects_committee"].help_text = _(
                "A branch with fewer than 9 official members elects a secretary and, if needed, one deputy: a "
                "committee is refused. A branch of 9 or more may choose to elect only a secretary and a deputy."
            )

    def _post_clean(self):
        # The service validates the whole row (and the constraints) under its lock.
        pass


def nominee_role_choices(plan: PersonnelPlan) -> list[tuple[str, str]]:
    """The roles this revision nominates for."""
    roles = []
    for role in NomineeRole:
        if role == NomineeRole.COMMITTEE and not plan.elects_committee:
            continue
        if role == NomineeRole.DEPUTY_SECRETARY and not plan.elects_deputy:
            continue
        if role in DELEGATES and not (plan.delegates_allocated or plan.alternates_planned):
            continue
        roles.append((role.value, role.label))
    return roles


class NomineeForm(BoundedTextMixin, forms.Form):
    """The member is chosen among the official members of the organisation's subtree who may
    stand (not probationary, not suspended)."""

    member = forms.ModelChoiceField(label=_("Party member"), queryset=Member.objects.none())
    role = forms.ChoiceField(label=_("Nominated for"))

    def __init__(self, *args, plan: PersonnelPlan, **kwargs):
        super().__init__(*args, **kwargs)
        congress = plan.congress
        field = self.fields["member"]
        field.queryset = (
            Member.objects.filter(congress.organization.subtree_q("organization__"))
            .filter(may_stand_q()).select_related("organization").order_by("sort_key", "pk")
        )
        field.label_from_instance = member_choice_label
        self.fields["role"].choices = nominee_role_choices(plan)


class NominationVoteForm(BoundedTextMixin, forms.ModelForm):
    class Meta:
        model = NominationVote
        fields = ["held_on", "participants", "votes_for", "votes_against", "notes"]
        widgets = {"held_on": DATE_WIDGET, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("held_on", "participants", "votes_for", "votes_against"):
            self.fields[name].required = True

    def clean(self):
        data = super().clean()
        taking_part, votes_for, against = data.get("participants"), data.get("votes_for"), data.get("votes_against")
        if None not in (taking_part, votes_for, against) and votes_for + against > taking_part:
            self.add_error("votes_against", _("Votes for and against cannot be more than the people taking part."))
        return data

    def _post_clean(self):
        pass


class DecisionForm(BoundedTextMixin, forms.Form):
    comment = forms.CharField(label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class ReturnForm(BoundedTextMixin, forms.Form):
    comment = forms.CharField(
        label=_("What must be revised"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000,
    )
