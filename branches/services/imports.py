"""Members from an Excel file: checked as a whole, then written all together or not at all."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import selectors
from ..audit import audited
from ..imports import ImportPlan, ImportRefused, ImportRow, RowError, plan_import, validation_errors
from ..models import Member, Organization


def members_import_plan(*, organization: Organization, rows: list[ImportRow], for_update: bool = False) -> ImportPlan:
    """What importing `rows` into `organization` would do (new, updated, unchanged), and why
    it cannot be done, against the members stored now. Reads only."""
    default, organizations = selectors.import_organizations(organization)
    by_card, by_name = selectors.import_matches(organization, rows, for_update=for_update)
    return plan_import(
        rows, default_organization=default, organizations=organizations, by_card=by_card, by_name=by_name
    )


def members_import(*, acting_user, organization: Organization, rows: list[ImportRow]) -> ImportPlan:
    """Create and update the members of `rows` (parsed by branches.imports) in one transaction.

    The rows are checked again against the database as it is now, and every member goes through
    full_clean() as member_create and member_update do. Any problem refuses the whole import
    (ImportRefused, with row numbers); nothing is saved then.
    """
    if not rows:
        raise ImportRefused([RowError(None, _("The file has no member rows under the header."))])
    try:
        with transaction.atomic(durable=True), audited(
            acting_user, "branches.member.imported", organization=organization.pk
        ):
            plan = members_import_plan(organization=organization, rows=rows, for_update=True)
            if plan.errors:
                raise ImportRefused(plan.errors)
            errors: list[RowError] = []
            for planned in plan.new:
                member = Member(organization_id=planned.organization.id, **planned.row.values)
                errors.extend(_save(member, planned.row.row))
            stored = Member.objects.in_bulk([p.member_id for p in plan.updated])
            for planned in plan.updated:
                member = stored[planned.member_id]
                for change in planned.changes:
                    setattr(member, change.field, change.new)
                errors.extend(_save(member, planned.row.row))
            if errors:
                raise ImportRefused(errors)  # rolls back the rows saved before
    except IntegrityError:
        # Someone stored a conflicting member between the check and the write.
        raise ImportRefused([RowError(None, _(
            "Members were changed while the file was being imported. Nothing was saved: upload it again."
        ))]) from None
    return plan


def _save(member: Member, row: int) -> list[RowError]:
    member.refresh_name_keys()
    try:
        member.full_clean()
    except ValidationError as error:
        return validation_errors(row, error)
    member.save()
    return []
