"""Forms of the vote-count minutes: the day and the times of the count and the head of the
counting board, entered or confirmed when drafting (docs/domain.md §4a). The date confirmed
when issuing is congress.forms.minutes.MinutesIssueForm."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.forms import BoundedTextMixin, DATE_WIDGET
from branches.models import Member
from congress.forms.minutes import time_field


class CountMinutesDraftForm(BoundedTextMixin, forms.Form):
    day = forms.DateField(
        label=_("Day of the count"), widget=DATE_WIDGET,
        help_text=_("The congress day the ballot was held; the minutes are dated that day."),
    )
    count_started_time = time_field(_("Counting started at"))
    minutes_closed_time = time_field(_("Minutes closed at"))
    counting_head = forms.ModelChoiceField(
        label=_("Head of the counting board"), queryset=Member.objects.none(), required=False,
        help_text=_("Signs the vote-count minutes by name. One of the counting board the congress elected."),
    )

    def __init__(self, *args, board: list[Member] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if not board:
            # No counting board recorded: its members are written by hand, and the minutes are
            # issued once the board is recorded and its head chosen.
            del self.fields["counting_head"]
            return
        self.fields["counting_head"].queryset = Member.objects.filter(pk__in=[m.pk for m in board]).order_by(
            "sort_key", "pk",
        )
