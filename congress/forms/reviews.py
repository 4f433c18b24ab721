"""Forms of the review (duyệt đại hội): scheduling a session, the leaders' decisions, returning
a reviewed congress for revision."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from branches.forms import BoundedTextMixin, DATE_WIDGET

from ..models import ReviewMode, ReviewSession, ReviewVerdict


class ReviewScheduleForm(BoundedTextMixin, forms.Form):
    mode = forms.ChoiceField(label=_("Mode"), choices=ReviewMode.choices, widget=forms.RadioSelect, initial=ReviewMode.IN_PERSON)
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    time = forms.TimeField(
        label=_("Time"), input_formats=["%H:%M"], widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
    )
    place = forms.CharField(
        label=_("Place"), max_length=255, required=False,
        help_text=_("Where the session is held; for an online session, the main room if there is one."),
    )
    meeting_link = forms.URLField(
        label=_("Meeting link"), max_length=200, required=False, assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("Needed for an online session: the address participants open to join."),
    )

    def __init__(self, *args, session: ReviewSession | None = None, **kwargs):
        if session is not None:
            starts_at = timezone.localtime(session.starts_at)
            kwargs.setdefault("initial", {
                "mode": session.mode, "date": starts_at.date(), "time": starts_at.time().replace(second=0, microsecond=0),
                "place": session.place, "meeting_link": session.meeting_link,
            })
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "mode",
            Row(Column("date", css_class="col-md-6"), Column("time", css_class="col-md-6")),
            "place", "meeting_link",
        )

    def clean(self):
        data = super().clean()
        mode = data.get("mode")
        if mode == ReviewMode.ONLINE and not data.get("meeting_link") and "meeting_link" not in self.errors:
            self.add_error("meeting_link", _("An online review needs its meeting link."))
        if mode == ReviewMode.IN_PERSON and not (data.get("place") or "").strip():
            self.add_error("place", _("Say where the review session takes place."))
        return data

    def starts_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"]))


def verdict_field(key: str) -> str:
    return f"{key}-verdict"


def comment_field(key: str) -> str:
    return f"{key}-comment"


class ReviewDecideForm(BoundedTextMixin, forms.Form):
    """One line per item of the review: a verdict and comments. An item left without a verdict
    keeps no decision for now."""

    def __init__(self, *args, items, decisions: dict, readonly: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            before = decisions.get(item.key)
            self.fields[verdict_field(item.key)] = forms.ChoiceField(
                label=item.label, choices=ReviewVerdict.choices, required=False, disabled=readonly,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}), initial=before.verdict if before else None,
            )
            self.fields[comment_field(item.key)] = forms.CharField(
                label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 3}), disabled=readonly,
                initial=before.comment if before else "",
            )

    def clean(self):
        data = super().clean()
        for item in self.items:
            if data.get(verdict_field(item.key)) == ReviewVerdict.REVISE and not (data.get(comment_field(item.key)) or "").strip():
                self.add_error(comment_field(item.key), _("Say what must be revised."))
        return data

    def lines(self):
        """(item, verdict field, comment field) for each item, as the page lists them."""
        return [(item, self[verdict_field(item.key)], self[comment_field(item.key)]) for item in self.items]

    def decisions(self) -> dict[str, tuple[str, str]]:
        """item -> (verdict, comment), for the items given a verdict."""
        return {
            item.key: (self.cleaned_data[verdict_field(item.key)], self.cleaned_data[comment_field(item.key)])
            for item in self.items if self.cleaned_data.get(verdict_field(item.key))
        }

    def add_item_errors(self, error) -> None:
        """Show a service's refusal under the item it names, else above the form."""
        if hasattr(error, "error_dict"):
            for key, errors in error.error_dict.items():
                field = comment_field(key)
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class ReviewReturnForm(BoundedTextMixin, forms.Form):
    comment = forms.CharField(
        label=_("What must be revised"), widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what must be revised before the congress is held.")},
    )
