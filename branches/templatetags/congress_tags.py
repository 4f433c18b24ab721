"""Template filters for Vietnamese figures and the audit history."""

from datetime import datetime
from functools import cache

from django import template
from django.utils import timezone
from django.utils.text import capfirst
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from .. import text
from ..audit import ACTION_LABELS

register = template.Library()

_ACTIONS = {0: "create", 1: "update", 2: "delete", 3: "access"}


@register.filter
def vn_number(value, decimals=0):
    """8236 -> "8.236"."""
    if value in (None, ""):
        return ""
    return text.format_number(value, int(decimals))


@register.simple_tag
def vn_percent(part, whole, decimals=2):
    """{% vn_percent 155 642 %} -> "24,14%"."""
    return text.format_percent(part or 0, whole or 0, int(decimals))


@register.filter
def audit_changes(entry) -> list[tuple[str, str, str]]:
    """(field label, old, new) for one audit row, with names instead of ids."""
    labels = {"parent": _("superior organisation"), "congress": _("congress"), "session": _("review session")}
    rows = []
    for label, values in entry.changes_display_dict.items():
        old, new = (_display(v) for v in (list(values) + ["", ""])[:2])
        if entry.action == 0:  # created: there is no old value, and empty fields say nothing
            old = ""
            if not new:
                continue
        rows.append((capfirst(labels.get(label, label)), old, new))
    return rows


def _display(value) -> str:
    return {"None": "", "True": _("yes"), "False": _("no")}.get(str(value), str(value))


@register.filter
def audit_action(entry) -> str:
    """What happened, in words: the label its app registered for the action code
    (branches.audit.register_action_labels), else created / changed / deleted."""
    code = (entry.additional_data or {}).get("action", "")
    if code in ACTION_LABELS:
        return ACTION_LABELS[code]
    names = {"create": _("Created"), "update": _("Changed"), "delete": _("Deleted"), "access": _("Viewed")}
    return names[_ACTIONS.get(entry.action, "update")]


@register.filter
def choice_label(obj, field_name: str):
    """`{{ m|choice_label:"membership" }}` shows what `m.get_membership_display` does, without Django
    rebuilding the field's choices (and translating every label) on each call: 100 times on a
    50-row member list."""
    value = getattr(obj, field_name)
    return _choice_labels(type(obj), field_name, get_language()).get(value, value)


@cache
def _choice_labels(model, field_name: str, language: str) -> dict[str, str]:
    with override(language):
        return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


_PK_PLACEHOLDER = 2147483647


@register.filter
def url_for_pk(pk, url_name: str) -> str:
    """`{{ m.pk|url_for_pk:"member_detail" }}`: the same as `{% url "member_detail" m.pk %}`,
    reversing the pattern once rather than on every row of a long table."""
    before, after = _url_around_pk(url_name, get_script_prefix())
    return f"{before}{int(pk)}{after}"


@cache
def _url_around_pk(url_name: str, script_prefix: str) -> tuple[str, str]:
    before, _, after = reverse(url_name, kwargs={"pk": _PK_PLACEHOLDER}).partition(str(_PK_PLACEHOLDER))
    return before, after


@register.filter
def vn_date(value) -> str:
    """A date as Vietnamese forms print it, 19/05/1975. Same output as |date:"d/m/Y" for
    dates, a tenth of its cost (it parses the format on every call: 150 times a member list)."""
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
