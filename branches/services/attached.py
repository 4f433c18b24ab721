"""Members temporarily attached to an organisation from elsewhere (đảng viên sinh hoạt tạm thời,
docs/domain.md §1.4): recorded, corrected and removed by a clerk of the organisation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from ..audit import audited
from ..submissions import record_submission
from ..models import AttachedMember, Organization

EDITABLE_FIELDS = ("full_name", "home_organization", "attached_from", "attached_until", "notes")


def attached_member_create(*, acting_user, organization: Organization, **fields) -> AttachedMember:
    """Record a member temporarily active in `organization` whose official membership is
    elsewhere. They attend its members' congresses as guests, never voting nor standing
    [244-QĐ/TW Art. 11 cl. 2, Art. 15 cl. 2]."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    if not organization.is_active:
        raise ValidationError(_("An inactive organisation cannot receive members."))
    attached = AttachedMember(organization=organization, created_by=acting_user, **fields)
    attached.full_name = " ".join(attached.full_name.split())
    attached.full_clean()
    with transaction.atomic(durable=True), audited(
        acting_user, "branches.attached_member.created", organization=organization.pk,
    ):
        attached.save()
        record_submission(attached)
    return attached


def attached_member_update(*, acting_user, attached: AttachedMember, **fields) -> AttachedMember:
    """Correct a record, or end the attachment (`attached_until`)."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    with transaction.atomic(durable=True), audited(
        acting_user, "branches.attached_member.updated", organization=attached.organization_id,
    ):
        attached = AttachedMember.objects.select_for_update().get(pk=attached.pk)
        for name, value in fields.items():
            setattr(attached, name, value)
        attached.full_name = " ".join(attached.full_name.split())
        attached.full_clean()
        attached.save()
    return attached


def attached_member_remove(*, acting_user, attached: AttachedMember) -> None:
    """Remove a record entered by mistake. One already on a congress's summons list stays, so
    that the list keeps its guest: end the attachment instead (attached_member_update)."""
    with transaction.atomic(durable=True), audited(
        acting_user, "branches.attached_member.removed", organization=attached.organization_id,
    ):
        attached = AttachedMember.objects.select_for_update().get(pk=attached.pk)
        try:
            attached.delete()
        except ProtectedError:
            raise ValidationError(_(
                "%(name)s is on the summons list of a congress and cannot be removed: set the date the "
                "attachment ended instead."
            ) % {"name": attached.full_name}) from None
