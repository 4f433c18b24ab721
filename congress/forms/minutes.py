"""Forms of the minutes (congress and vote-count): the day and the times of the meeting the
clerk enters or confirms when drafting, and the date confirmed when issuing
(docs/domain.md §4a)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.forms import BoundedTextMixin, DATE_WIDGET


def time_field(label, help_text=""):
    return forms.TimeField(
        label=label, help_text=help_text, input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )


class MinutesDraftForm(BoundedTextMixin, forms.Form):
    """The congress minutes: the day it met and when it opened and closed."""

    held_on = forms.DateField(
        label=_("Day of the congress"), widget=DATE_WIDGET,
        help_text=_("The day the congress met (for a congress of two days, one of its days). The minutes are "
                    "dated its last day."),
    )
    opening_time = time_field(_("Opened at"))
    closing_time = time_field(_("Closed at"))
    discussion = forms.CharField(
        label=_("The summary of the discussion"), required=False, max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What the secretary noted of the discussion, a paragraph per line. Left empty, the minutes keep an "
            "instruction in its place, and cannot be issued until it is written (here or on the document page)."
        ),
    )


class MinutesIssueForm(BoundedTextMixin, forms.Form):
    """The date an issued minutes carry: the day of the meeting they record."""

    document_date = forms.DateField(
        label=_("Date of the minutes"), widget=DATE_WIDGET,
        help_text=_("The day of the meeting the minutes record; never before the previous number of the "
                    "congress's series."),
    )
