"""What each URL of branches needs, for the project's permission matrix (tests/test_permissions.py)."""

from branches.tests.factories import CommitteeSeatFactory, TermFactory

# What a role needs for a request.
VIEW = "view"  # any role on the organisation
EDIT = "edit"  # a clerk on the organisation
RESTRUCTURE = "restructure"  # a clerk on the organisation's PARENT (move, deactivate)
SIGNED_IN = "signed in"  # anyone who has signed in (the page lists only their own)
POST_ONLY = "post only"  # GET is not allowed at all

# What the URL's pk names.
ORG, MEMBER, SEAT = "organisation", "member", "seat"

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
    "member_import_confirm": (ORG, POST_ONLY, EDIT),
    "member_import_template": (ORG, VIEW, None),
    "member_export": (ORG, VIEW, None),
    "committee_list": (ORG, VIEW, EDIT),  # the list, with the clerk's form to add a seat
    "committee_seat_delete": (SEAT, POST_ONLY, EDIT),
    "member_detail": (MEMBER, VIEW, None),
    "member_update": (MEMBER, EDIT, EDIT),
    "member_transfer": (MEMBER, EDIT, EDIT),
}



def targets(*, branch_a, member_a, **_):
    """The objects the URLs above name, all in branch A."""
    seat = CommitteeSeatFactory(member=member_a, organization=branch_a, term=TermFactory())
    return {ORG: branch_a, MEMBER: member_a, SEAT: seat}
