"""What each URL of documents needs, for the project's permission matrix (tests/test_permissions.py).

Every document URL names objects of branch A: its clerks draft and issue, the superior's
leaders approve or return, every role on the subtree reads.
"""

from branches.tests.permissions import EDIT, ORG, POST_ONLY, VIEW
from documents.services.documents import document_create
from documents.tests.factories import TermFactory

LEAD = "lead"  # a leader of the issuer's superior

# What the URL's pk names.
DOCUMENT = "document"

MATRIX = {
    "document_list": (ORG, VIEW, None),
    "document_create": (ORG, EDIT, EDIT),
    "document_detail": (DOCUMENT, VIEW, None),
    "document_update": (DOCUMENT, EDIT, EDIT),
    "document_edit": (DOCUMENT, EDIT, EDIT),
    "document_open_comments": (DOCUMENT, POST_ONLY, EDIT),
    "document_close_comments": (DOCUMENT, POST_ONLY, EDIT),
    "document_submit": (DOCUMENT, POST_ONLY, EDIT),
    "document_approve": (DOCUMENT, POST_ONLY, LEAD),
    "document_return": (DOCUMENT, POST_ONLY, LEAD),
    "document_issue": (DOCUMENT, POST_ONLY, EDIT),
    "document_supersede": (DOCUMENT, POST_ONLY, EDIT),
}


def targets(*, branch_a, branch_clerk, **_):
    """A draft of branch A."""
    TermFactory()
    draft = document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Nghị quyết thử", body="<p>Nội dung</p>")
    return {DOCUMENT: draft}
