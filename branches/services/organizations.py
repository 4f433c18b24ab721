from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..audit import audited
from ..submissions import record_submission
from ..models import Organization
from ..rules import nesting_problem

EDITABLE_FIELDS = ("name", "kind", "sector", "short_name", "place_name")


def organization_create(*, acting_user, parent: Organization | None, **fields) -> Organization:
    """Add an organisation under `parent` (None: a new top of the tree)."""
    organization = Organization(**fields)
    problem = nesting_problem(parent.kind if parent else None, organization.kind)
    if problem:
        raise ValidationError({"kind": problem})
    if parent is not None and not parent.is_active:
        raise ValidationError(_("An inactive organisation cannot receive new organisations."))
    organization.full_clean(exclude=["path", "depth", "numchild"])
    with transaction.atomic(durable=True), audited(acting_user, "branches.organization.created"):
        if parent is None:
            created = Organization.objects.add_root(instance=organization)
        else:
            parent = Organization.objects.select_for_update().get(pk=parent.pk)
            created = Organization.objects.add_child(parent, instance=organization)
        record_submission(created)
    return created


def organization_update(*, acting_user, organization: Organization, **fields) -> Organization:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    with transaction.atomic(durable=True), audited(acting_user, "branches.organization.updated"):
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        for name, value in fields.items():
            setattr(organization, name, value)
        if "kind" in fields:
            if organization.numchild and any(
                nesting_problem(organization.kind, kind)
                for kind in Organization.objects.get_children(organization).values_list("kind", flat=True)
            ):
                raise ValidationError(
                    {"kind": _("This kind cannot hold the organisations already under it.")}
                )
        organization.full_clean(exclude=["path", "depth", "numchild"])
        organization.save()
    return organization


def organization_move(*, acting_user, organization: Organization, new_parent: Organization) -> Organization:
    """Place `organization` (with its subtree and members) under `new_parent`."""
    if new_parent.is_in_subtree_of(organization):
        raise ValidationError(_("An organisation cannot be moved inside itself."))
    problem = nesting_problem(new_parent.kind, organization.kind)
    if problem:
        raise ValidationError(problem)
    if not new_parent.is_active:
        raise ValidationError(_("An inactive organisation cannot receive new organisations."))
    with transaction.atomic(durable=True), audited(acting_user, "branches.organization.moved"):
        old_parent = Organization.objects.get_parent(organization)
        if old_parent and old_parent.pk == new_parent.pk:
            raise ValidationError(_("The organisation is already there."))
        Organization.objects.move(organization, new_parent, pos="last-child")
        organization = Organization.objects.get(pk=organization.pk)
        LogEntry.objects.log_create(
            organization,
            action=LogEntry.Action.UPDATE,
            changes={"parent": [str(old_parent) if old_parent else "", str(new_parent)]},
        )
    return organization


def organization_set_active(*, acting_user, organization: Organization, active: bool) -> Organization:
    """Deactivate (dissolved, merged) or reactivate. Nothing is deleted: history stays."""
    action = "branches.organization.reactivated" if active else "branches.organization.deactivated"
    with transaction.atomic(durable=True), audited(acting_user, action):
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
        if organization.is_active == active:
            return organization
        if not active:
            if Organization.objects.get_children(organization).filter(is_active=True).exists():
                raise ValidationError(
                    _("Deactivate or move its subordinate organisations first.")
                )
            if organization.members.exists():
                raise ValidationError(
                    _("Transfer its members to another organisation first.")
                )
        else:
            parent = Organization.objects.get_parent(organization)
            if parent and not parent.is_active:
                raise ValidationError(_("Reactivate the superior organisation first."))
        organization.is_active = active
        organization.save(update_fields=["is_active"])
    return organization
