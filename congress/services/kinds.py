"""The kind of a congress, members' or delegates' (docs/domain.md §3.12): a congress opens with
its default (congress.rules.default_congress_kind) and its superior decides otherwise while it is
prepared."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from branches.audit import audited

from .. import rules
from ..models import Congress
from ..rules import Actor
from .day import log_on_congress, refuse
from .locks import locked

# While the congress is planned or prepared; once it is submitted for review, its documents and
# its summons list are those of its kind.
KIND_STATES = frozenset({rules.PLANNED, rules.PREPARING})
SUPERIOR_ACTORS = frozenset({Actor.SUPERIOR_CLERK, Actor.SUPERIOR_LEADER})


def kind_change_problem(congress: Congress, actors: set[Actor]) -> str | None:
    """Why `actors` cannot change the kind of `congress` now, or None."""
    if not SUPERIOR_ACTORS & set(actors):
        return _("Only the superior decides whether a congress is a members' or a delegates' congress.")
    if congress.state not in KIND_STATES:
        return _("The kind of a congress is decided while it is prepared: this congress is already %(state)s.") % {
            "state": congress.get_state_display().lower(),
        }
    return None


def congress_set_kind(*, acting_user, congress: Congress, kind: str, actors: set[Actor]) -> Congress:
    """Make `congress` a members' or a delegates' congress, as its superior decides (Chỉ thị
    35-CT/TW §4): a grassroots committee of 200 members or more holds a delegates' congress, one
    below it only with the superior's consent, which this decision is; a branch always holds a
    members' congress (congress.rules.kind_problem). Refused once the congress is submitted for
    review.

    A summons list already drawn was drawn for the other kind (the members, or the convening
    committee and the delegates): it is removed, to be drawn again. Nothing is marked on it before
    the congress is submitted for review, so no mark is lost.
    """
    with transaction.atomic(durable=True), audited(acting_user, "congress.congress.kind_set", congress=congress.pk):
        congress = locked(congress)
        refuse(kind_change_problem(congress, actors))
        problem = rules.kind_problem(congress.organization.kind, kind)
        if problem:
            raise ValidationError({"kind": problem})
        if kind == congress.kind:
            return congress
        removed = congress.attendance.count()
        congress.attendance.all().delete()
        congress.attached_guests.all().delete()
        congress.kind = kind
        congress.full_clean()
        congress.save(update_fields=["kind"])
        if removed:
            log_on_congress(acting_user, "congress.attendance.drawn", congress, removed=removed)
    return congress
