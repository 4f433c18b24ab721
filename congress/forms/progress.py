"""The filters of a plan's list of congresses."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from branches.forms import BoundedTextMixin
from branches.models import Sector

from ..models import CongressState
from ..progress import DEADLINE_LABELS, OVERDUE_ANY, UNASSIGNED, Deadline

FILTER_FIELDS = ("q", "state", "pilot", "sector", "group", "overdue")


class CongressFilterForm(BoundedTextMixin, forms.Form):
    """Bound to the query string. `groups` are the plan's working groups (pk -> name)."""

    q = forms.CharField(
        label=_("Organisation"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Part of the name")}),
    )
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All states")), *CongressState.choices])
    pilot = forms.ChoiceField(
        label=_("Pilot"), required=False,
        choices=[("", _("Pilots and others")), ("yes", _("Pilots only")), ("no", _("Non-pilots only"))],
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=[("", _("All sectors")), *Sector.choices])
    group = forms.ChoiceField(label=_("Working group"), required=False)
    overdue = forms.ChoiceField(label=_("Deadlines"), required=False)

    def __init__(self, *args, groups: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [
            ("", _("All working groups")), *((str(pk), name) for pk, name in groups.items()), (UNASSIGNED, _("Unassigned")),
        ]
        self.fields["overdue"].choices = [
            ("", _("Any")), (OVERDUE_ANY, _("Overdue only")),
            *((d.value, gettext("Late: %(deadline)s") % {"deadline": DEADLINE_LABELS[d]}) for d in Deadline),
        ]

    def selection(self) -> dict[str, str]:
        """Keyword arguments for congress.progress.filter_rows: a filter whose value does not
        validate is left out (the form shows why), the others still apply."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) or "" for name in FILTER_FIELDS}
