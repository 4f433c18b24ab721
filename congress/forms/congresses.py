"""Forms of the congress page: date and venue, the clerk's moves, drafting a document, the
superior's guests and the debrief of a pilot."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.forms import BoundedTextMixin, DATE_WIDGET

from ..models import SUBMITTED_ROLES, Congress, CongressDocumentRole, CongressGuest, Debrief
from ..rules import Move

# The moves made from the congress page by the organisation's clerk; the review and results
# panels offer the superior's.
CLERK_MOVES = (Move.START_PREPARING, Move.SUBMIT_FOR_REVIEW, Move.RECORD_HELD, Move.REPORT_RESULTS)
# Moves that take the day they happened.
DATED_MOVES = (Move.RECORD_HELD, Move.REPORT_RESULTS)


def move_label(move: Move) -> str:
    return {
        Move.START_PREPARING: _("Start preparing"),
        Move.SUBMIT_FOR_REVIEW: _("Submit for review"),
        Move.RECORD_HELD: _("Record as held"),
        Move.REPORT_RESULTS: _("Report the results"),
    }[move]


class ScheduleForm(BoundedTextMixin, forms.ModelForm):
    class Meta:
        model = Congress
        fields = ["scheduled_on", "duration_days", "venue"]
        widgets = {"scheduled_on": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheduled_on"].required = True
        self.fields["venue"].required = True
        # Left out, the congress keeps its number of days (one by default).
        self.fields["duration_days"].required = False

    def clean_duration_days(self) -> int | None:
        value = self.cleaned_data.get("duration_days")
        return None if value in (None, "") else int(value)
        self.fields["venue"].help_text = _("e.g. Hội trường TDP Hoàng Trinh")


class MoveForm(BoundedTextMixin, forms.Form):
    move = forms.ChoiceField(choices=[])
    on = forms.DateField(label=_("on"), required=False, widget=DATE_WIDGET)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["move"].choices = [(m.value, move_label(m)) for m in CLERK_MOVES]
        self.fields["move"].error_messages["invalid_choice"] = _("Unknown action: nothing was changed.")
        self.fields["move"].error_messages["required"] = _("Unknown action: nothing was changed.")

    def clean_move(self) -> Move:
        return Move(self.cleaned_data["move"])


class DocumentRoleForm(BoundedTextMixin, forms.Form):
    role = forms.ChoiceField(choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role.value, role.label) for role in SUBMITTED_ROLES]
        self.fields["role"].error_messages["invalid_choice"] = _("Choose one of the congress documents.")
        self.fields["role"].error_messages["required"] = _("Choose one of the congress documents.")

    def clean_role(self) -> CongressDocumentRole:
        return CongressDocumentRole(self.cleaned_data["role"])


class GuestForm(BoundedTextMixin, forms.ModelForm):
    class Meta:
        model = CongressGuest
        fields = ["name", "position"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].help_text = _("e.g. Phó Bí thư Đảng ủy phường")


class DebriefForm(BoundedTextMixin, forms.ModelForm):
    # A debrief runs to a few pages, as the minutes' discussion does.
    text_limits = {"lessons": 20_000, "points_to_observe": 20_000}

    class Meta:
        model = Debrief
        fields = ["lessons", "points_to_observe"]
        widgets = {
            "lessons": forms.Textarea(attrs={"rows": 6}),
            "points_to_observe": forms.Textarea(attrs={"rows": 4}),
        }
