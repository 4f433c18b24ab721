from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..audit import audited
from ..integrity import races_refused
from ..models import CommitteeSeat, Member, Organization, Term


def committee_seat_add(
    *, acting_user, organization: Organization, term: Term, member: Member, position: str
) -> CommitteeSeat:
    """Record that `member` held `position` on `organization`'s committee in `term`."""
    if not member.organization.is_in_subtree_of(organization):
        raise ValidationError(
            {"member": _("The person must be a member of this organisation or of one under it.")}
        )
    seat = CommitteeSeat(organization=organization, term=term, member=member, position=position)
    seat.full_clean()
    with races_refused(seat), transaction.atomic(durable=True), audited(
        acting_user, "branches.committee_seat.added", organization=organization.pk
    ):
        seat.save()
    return seat


def committee_seat_remove(*, acting_user, seat: CommitteeSeat) -> None:
    with transaction.atomic(durable=True), audited(
        acting_user, "branches.committee_seat.removed", organization=seat.organization_id
    ):
        seat.delete()
