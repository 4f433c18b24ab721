"""What each URL of branches needs, for the project's permission matrix (tests/test_permissions.py)."""

import datetime

from branches.models import AttachedMember, ImportState, MemberImportJob
from branches.tests.factories import CommitteeSeatFactory, TermFactory

# What a role needs for a request.
VIEW = "view"  # any role on the organisation
EDIT = "edit"  # a clerk on the organisation
RESTRUCTURE = "restructure"  # a clerk on the organisation's PARENT (move, deactivate)
SIGNED_IN = "signed in"  # anyone who has signed in (the page lists only their own)
POST_ONLY = "post only"  # GET is not allowed at all

# What the URL's pk names.
ORG, MEMBER, SEAT, ATTACHED = "organisation", "member", "seat", "attached member"
IMPORT_JOB = "member import job"

# url name: (what pk names, what GET needs, what POST needs or None for a view without POST)
MATRIX = {
    "home": (None, SIGNED_IN, None),
    "organization_detail": (ORG, VIEW, None),
    "organization_children": (ORG, VIEW, None),
    "organization_create": (ORG, EDIT, EDIT),
    "organization_update": (ORG, EDIT, EDIT),
    "organization_move": (ORG, RESTRUCTURE, RESTRUCTURE),
    "organization_set_active": (ORG, POST_ONLY, RESTRUCTURE),
    "member_list": (ORG, VIEW, None),
    "member_create": (ORG, EDIT, EDIT),
    "member_options": (ORG, VIEW, None),  # names for a search box
    "member_import": (ORG, EDIT, EDIT),  # upload and preview
    # An import's page and its confirmation: who may import into the job's organisation.
    "member_import_job": (IMPORT_JOB, EDIT, None),
    "member_import_job_confirm": (IMPORT_JOB, POST_ONLY, EDIT),
    "member_import_template": (ORG, VIEW, None),
    "member_export": (ORG, VIEW, None),
    "committee_list": (ORG, VIEW, EDIT),  # the list, with the clerk's form to add a seat
    "committee_seat_delete": (SEAT, POST_ONLY, EDIT),
    "member_detail": (MEMBER, VIEW, None),
    "member_update": (MEMBER, EDIT, EDIT),
    "member_transfer": (MEMBER, EDIT, EDIT),
    # Members temporarily attached from elsewhere (listed on member_list): the organisation's clerks.
    "attached_member_create": (ORG, EDIT, EDIT),
    "attached_member_update": (ATTACHED, EDIT, EDIT),
    "attached_member_delete": (ATTACHED, POST_ONLY, EDIT),
}



def targets(*, branch_a, member_a, branch_clerk, **_):
    """The objects the URLs above name, all in branch A."""
    seat = CommitteeSeatFactory(member=member_a, organization=branch_a, term=TermFactory())
    attached = AttachedMember.objects.create(
        organization=branch_a, full_name="Phan Văn Tạm", home_organization="Chi bộ Phòng Kế toán, Công ty Điện lực",
        attached_from=datetime.date(2022, 1, 10), created_by=branch_clerk,
    )
    job = MemberImportJob.objects.create(
        organization=branch_a, uploaded_by=branch_clerk, filename="danh-sach.xlsx", file="imports/danh-sach.xlsx",
        state=ImportState.CHECKED, result={"errors": [], "new": [], "updated": [], "unchanged": 0},
    )
    return {ORG: branch_a, MEMBER: member_a, SEAT: seat, ATTACHED: attached, IMPORT_JOB: job}
