"""Forms of the congress day: the attendance of the whole summons list in one form, a vote by
show of hands, the resolution vote and the agenda."""

from collections.abc import Sequence
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from branches.forms import BoundedTextMixin, DATE_WIDGET, member_choice_label
from branches.models import Member, Membership, Situation
from branches.text import whole_number

from ..models import Attendance, Congress, VoteSubject
from ..services.attendance import Mark, delegate_candidates
from ..services.day import RECORDED_SUBJECTS

PRESENT, ABSENT = "yes", "no"
NEGATIVE_VOTES = _("The number of votes cannot be negative.")


@dataclass(frozen=True)
class AttendanceLine:
    """One row of the summons list with its fields, as the page lays them out."""

    row: Attendance
    membership: forms.BoundField | None  # None at a delegates' congress: delegates are official members
    present: forms.BoundField
    accepted: forms.BoundField | None  # members' congress only
    reason: forms.BoundField | None  # members' congress only
    replaced: forms.BoundField | None = None  # delegates' congress only
    situation: forms.BoundField | None = None  # members' congress only


class AttendanceForm(BoundedTextMixin, forms.Form):
    """Every row of the summons list in one form (one POST saves the whole list): five fields
    per row, named after the row (official or probationary, the situation, present or absent, the
    reason accepted, the reason); at a delegates' congress (`delegates`), present/absent and
    "replaced by an alternate". `clean()` gives `marks`, row pk -> services.attendance.Mark."""

    rest_present = forms.BooleanField(
        label=_("Mark everyone not marked yet as present"), required=False,
    )

    def __init__(self, *args, rows: Sequence[Attendance], delegates: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        self.delegates = delegates
        presence = [(PRESENT, _("Present")), (ABSENT, _("Absent"))]
        for row in self.rows:
            if delegates:
                self.fields[f"present_{row.pk}"] = forms.ChoiceField(
                    label=_("Attendance"), choices=presence, required=False,
                    initial={True: PRESENT, False: ABSENT}.get(row.present),
                    widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                )
                if not row.is_convening_committee_member:
                    self.fields[f"replaced_{row.pk}"] = forms.BooleanField(
                        label=_("Replaced by an alternate"), required=False, initial=row.replaced_by_alternate,
                        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
                    )
                continue
            self.fields[f"membership_{row.pk}"] = forms.ChoiceField(
                label=_("Official or probationary on the congress date"), choices=Membership.choices,
                initial=row.membership, widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"situation_{row.pk}"] = forms.ChoiceField(
                label=_("Situation on the congress date"), choices=Situation.choices, initial=row.situation,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"present_{row.pk}"] = forms.ChoiceField(
                label=_("Attendance"), choices=presence, required=False,
                initial={True: PRESENT, False: ABSENT}.get(row.present),
                widget=forms.RadioSelect(attrs={"class": "btn-check"}),
            )
            self.fields[f"accepted_{row.pk}"] = forms.BooleanField(
                label=_("Reason accepted"), required=False, initial=row.absence_accepted,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"reason_{row.pk}"] = forms.CharField(
                label=_("Reason for absence"), required=False, max_length=255, initial=row.absence_reason,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def lines(self) -> list[AttendanceLine]:
        if self.delegates:
            return [
                AttendanceLine(
                    row, None, self[f"present_{row.pk}"], None, None,
                    None if row.is_convening_committee_member else self[f"replaced_{row.pk}"],
                )
                for row in self.rows
            ]
        return [
            AttendanceLine(
                row, self[f"membership_{row.pk}"], self[f"present_{row.pk}"], self[f"accepted_{row.pk}"],
                self[f"reason_{row.pk}"], situation=self[f"situation_{row.pk}"],
            )
            for row in self.rows
        ]

    def clean(self):
        data = super().clean()
        rest_present = data.get("rest_present", False)
        if self.delegates:
            data["marks"] = self._delegate_marks(data, rest_present)
            return data
        marks = {}
        for row in self.rows:
            membership, situation = data.get(f"membership_{row.pk}"), data.get(f"situation_{row.pk}")
            if membership is None or situation is None:
                continue  # the field has its error already
            present = {PRESENT: True, ABSENT: False}.get(data.get(f"present_{row.pk}") or "")
            if present is None and rest_present:
                present = True
            accepted = data.get(f"accepted_{row.pk}", False)
            reason = data.get(f"reason_{row.pk}", "")
            if accepted and present is not False:
                self.add_error(f"accepted_{row.pk}", _("Only an absence can have an accepted reason."))
            elif accepted and not reason.strip():
                self.add_error(f"reason_{row.pk}", _("Write the reason the convening committee accepted."))
            marks[row.pk] = Mark(
                membership=membership, situation=situation, present=present, absence_accepted=accepted,
                absence_reason=reason,
            )
        data["marks"] = marks
        return data

    def _delegate_marks(self, data, rest_present: bool) -> dict[int, Mark]:
        marks = {}
        for row in self.rows:
            present = {PRESENT: True, ABSENT: False}.get(data.get(f"present_{row.pk}") or "")
            if present is None and rest_present:
                present = True
            replaced = data.get(f"replaced_{row.pk}", False)
            if replaced and present is not False:
                self.add_error(f"replaced_{row.pk}", _("Only an absent delegate can be replaced by an alternate."))
            marks[row.pk] = Mark(membership=None, present=present, replaced_by_alternate=replaced)
        return marks


class DelegateAddForm(BoundedTextMixin, forms.Form):
    """An official delegate added by name (htmx fills the options from branches'
    `member_options`, as on the committees page); validation accepts only official members of
    the organisation's subtree."""

    member = forms.ModelChoiceField(label=_("Party member"), queryset=Member.objects.none())

    def __init__(self, *args, congress: Congress, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        field.queryset = delegate_candidates(congress).select_related("organization")
        field.label_from_instance = member_choice_label
        field.error_messages["invalid_choice"] = _("Choose an official member of the organisation.")
        chosen = self.data.get(self.add_prefix("member")) if self.is_bound else None
        choices = [("", _("Type a name to search"))]
        if whole_number(chosen) is not None:
            choices += [(m.pk, member_choice_label(m)) for m in field.queryset.filter(pk=chosen)]
        field.widget.choices = choices


def _votes_field(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=0, max_value=100_000,
        error_messages={"min_value": NEGATIVE_VOTES, "max_value": _("That is more votes than members.")},
    )


class VoteForm(BoundedTextMixin, forms.Form):
    """A vote by show of hands on a body of the congress (with the people elected, chosen among
    the members present who vote) or on the agenda and working rules."""

    subject = forms.ChoiceField(label=_("Vote on"), choices=[])
    members = forms.MultipleChoiceField(
        label=_("People elected"), required=False, choices=[],
        help_text=_("Official members present. Not needed for the agenda."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    votes_for = _votes_field(_("Votes for"))
    votes_against = _votes_field(_("Votes against"))

    def __init__(self, *args, voters: Sequence[Member], **kwargs):
        super().__init__(*args, **kwargs)
        self.voters = {m.pk: m for m in voters}
        self.fields["subject"].choices = [(s.value, s.label) for s in RECORDED_SUBJECTS]
        self.fields["members"].choices = [(m.pk, m.full_name) for m in voters]
        self.fields["votes_against"].initial = 0

    def clean_members(self) -> list[Member]:
        return [self.voters[int(pk)] for pk in self.cleaned_data["members"]]

    def clean(self):
        data = super().clean()
        subject = data.get("subject")
        if subject == VoteSubject.AGENDA and data.get("members"):
            self.add_error("members", _("The agenda elects nobody: leave the people unselected."))
        elif subject and subject != VoteSubject.AGENDA and "members" in data and not data["members"]:
            self.add_error("members", _("Choose the people elected."))
        return data


class ResolutionForm(BoundedTextMixin, forms.Form):
    """The resolution vote and, if it passes, the date the resolution is issued with: offered
    as the congress's day, editable (never before the previous number of the congress's series)."""

    votes_for = _votes_field(_("Votes for"))
    votes_against = _votes_field(_("Votes against"))
    document_date = forms.DateField(
        label=_("Date of the resolution"), widget=DATE_WIDGET, required=False,
        help_text=_("A day of the congress; never before the previous number of the congress's series."),
        error_messages={"invalid": _("Enter the date as dd/mm/yyyy.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["votes_against"].initial = 0


class AgendaForm(BoundedTextMixin, forms.Form):
    agenda = forms.CharField(
        label=_("Agenda"), help_text=_("One item per line, in the order of the congress."),
        widget=forms.Textarea(attrs={"rows": 14}), max_length=5000,
    )
