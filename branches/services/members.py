from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..audit import audited
from ..integrity import races_refused
from ..submissions import record_submission
from ..models import Member, Organization

EDITABLE_FIELDS = (
    "full_name", "gender", "date_of_birth", "ethnicity", "joined_on", "official_on",
    "membership", "situation", "party_card_number", "occupation", "notes",
)


def _check_receiving(organization: Organization) -> None:
    if not organization.is_active:
        raise ValidationError(_("An inactive organisation cannot receive members."))


def member_create(*, acting_user, organization: Organization, **fields) -> Member:
    _check_receiving(organization)
    member = Member(organization=organization, **fields)
    member.refresh_name_keys()
    member.full_clean()
    with races_refused(member), transaction.atomic(durable=True), audited(acting_user, "branches.member.created"):
        member.save()
        record_submission(member)
    return member


def member_update(*, acting_user, member: Member, **fields) -> Member:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    with races_refused() as watched, transaction.atomic(durable=True), audited(acting_user, "branches.member.updated"):
        member = Member.objects.select_for_update().get(pk=member.pk)
        watched.append(member)
        for name, value in fields.items():
            setattr(member, name, value)
        member.refresh_name_keys()
        member.full_clean()
        member.save()
    return member


def member_transfer(*, acting_user, member: Member, to: Organization, reason: str = "") -> Member:
    """Move a member's Party activity to another organisation (chuyển sinh hoạt đảng)."""
    _check_receiving(to)
    with transaction.atomic(durable=True), audited(
        acting_user, "branches.member.transferred", reason=reason
    ):
        member = Member.objects.select_for_update().get(pk=member.pk)
        if member.organization_id == to.pk:
            raise ValidationError(_("The member is already active in this organisation."))
        member.organization = to
        member.save(update_fields=["organization", "updated_at"])
    return member
