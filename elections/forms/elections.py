"""Forms of the elections at the congress: setting one up, the candidate list, opening the
vote, and the congress's decision after a round. Each takes its context explicitly."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.forms import BoundedTextMixin, ChoiceOfMany, member_choice_label
from branches.models import Member
from branches.text import whole_number
from congress.models import Congress

from ..models import Candidate, CountingMode, Election, ElectionKind, ElectionOutcome


class ElectionCreateForm(BoundedTextMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Election"))
    seats = forms.IntegerField(
        label=_("Number to elect"), required=False, min_value=1,
        help_text=_("Empty: as the approved personnel plan says."),
    )
    counting_mode = forms.ChoiceField(label=_("Counting"), choices=CountingMode.choices, initial=CountingMode.KEYED)

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, ElectionKind(k).label) for k in kinds]


class FloorNominationForm(BoundedTextMixin, forms.Form):
    """The member is found by name (htmx fills the options from branches' `member_options`);
    validation accepts any member of the organisation's subtree, the service checks the rest."""

    member = forms.ModelChoiceField(label=_("Party member"), queryset=Member.objects.none())
    agreeing = forms.IntegerField(
        label=_("Present agreeing to the nomination"), min_value=0,
        help_text=_("Goes on the list when more than three in ten of the voters present agree."),
    )

    def __init__(self, *args, congress: Congress, further_round: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if further_round:
            # A further round: a name outside the previous list, added when the congress agrees by
            # show of hands (more than half of the base; elections.services.elections).
            self.fields["agreeing"].label = _("Votes for adding the name")
            self.fields["agreeing"].help_text = _("Goes on the list when more than half of the base agree.")
        field = self.fields["member"]
        field.queryset = Member.objects.filter(congress.organization.subtree_q("organization__")).select_related(
            "organization",
        )
        field.label_from_instance = member_choice_label
        chosen = self.data.get(self.add_prefix("member")) if self.is_bound else None
        choices = [("", _("Type a name to search"))]
        if whole_number(chosen) is not None:
            choices += [(m.pk, member_choice_label(m)) for m in field.queryset.filter(pk=chosen)]
        field.widget.choices = choices


def _candidate_field(election: Election, queryset=None, label=_("Candidate")) -> forms.ModelChoiceField:
    queryset = queryset if queryset is not None else election.candidates.all()
    field = forms.ModelChoiceField(label=label, queryset=queryset.select_related("member"))
    field.label_from_instance = lambda c: c.member.full_name
    return field


class CandidateForm(BoundedTextMixin, forms.Form):
    """One candidate of the election (to remove a row added by mistake)."""

    def __init__(self, *args, election: Election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"] = _candidate_field(election)


class WithdrawalForm(BoundedTextMixin, forms.Form):
    votes_for = forms.IntegerField(label=_("Votes agreeing to the withdrawal"), min_value=0)
    reason = forms.CharField(label=_("Reason given"), max_length=255)

    def __init__(self, *args, election: Election, **kwargs):
        super().__init__(*args, **kwargs)
        on_list = election.candidates.filter(admitted=True, withdrawn=False)
        self.fields = {"candidate": _candidate_field(election, on_list), **self.fields}


class OpenForm(BoundedTextMixin, forms.Form):
    list_votes_for = forms.IntegerField(label=_("Votes approving the list and the number to elect"), min_value=0)
    list_votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, initial=0)
    ballots_issued = forms.IntegerField(label=_("Ballots issued"), min_value=0)
    absent_at_voting = forms.IntegerField(label=_("Absent at the time of voting"), min_value=0, initial=0)
    counting_head = forms.ModelChoiceField(
        label=_("Head of the counting board"), queryset=Member.objects.none(), required=False,
        help_text=_("Signs the vote-count minutes by name. One of the counting board the congress elected."),
    )

    def __init__(self, *args, board: list[Member] | None = None, head: Member | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["counting_head"]
        if not board:
            # No counting board recorded: the minutes leave the board's names to write by hand.
            del self.fields["counting_head"]
            return
        field.queryset = Member.objects.filter(pk__in=[m.pk for m in board]).order_by("sort_key", "pk")
        field.required = True
        field.initial = head.pk if head is not None else None


class DecisionForm(BoundedTextMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision of the congress"))
    note = forms.CharField(label=_("The decision in words"), widget=forms.Textarea(attrs={"rows": 3}))
    candidates = ChoiceOfMany(
        label=_("Candidates of the next round"), queryset=Candidate.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For another round. None chosen: those tied for the last seats."),
    )
    votes_for = forms.IntegerField(label=_("Votes for the decision"), min_value=0, required=False)

    def __init__(self, *args, election: Election, choices: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [(c, ElectionOutcome(c).label) for c in choices]
        field = self.fields["candidates"]
        field.queryset = election.candidates.filter(admitted=True, withdrawn=False, elected=False).select_related(
            "member",
        )
        field.label_from_instance = lambda c: f"{c.member.full_name} ({c.votes or 0})"
