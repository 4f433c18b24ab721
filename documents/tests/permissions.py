"""What each URL of documents needs, for the project's permission matrix (tests/test_permissions.py).

Every document URL names objects of branch A: its clerks draft and issue, the superior's
leaders approve or return, every role on the subtree reads.
"""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from branches.tests.permissions import EDIT, ORG, POST_ONLY, VIEW
from documents.models import DocumentTemplate, RenderJob, RenderState
from documents.rules import Actor, Move
from documents.services.comments import comment_add
from documents.services.documents import document_create, document_move
from documents.tests.factories import TermFactory

LEAD = "lead"  # a leader of the issuer's superior

# What the URL's pk names.
DOCUMENT = "document"
JOB = "render job"  # a finished PDF render of the draft
TEMPLATE = "template"  # a document template of branch A
COMMENT = "comment"  # a comment on the draft (made while it was open for comments)

MATRIX = {
    "document_list": (ORG, VIEW, None),
    "document_create": (ORG, EDIT, EDIT),
    "document_register": (ORG, VIEW, None),
    "document_register_export": (ORG, VIEW, None),
    "document_template_list": (ORG, VIEW, None),
    "document_template_create": (ORG, EDIT, EDIT),
    "document_template_update": (TEMPLATE, EDIT, EDIT),
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
    "document_render": (DOCUMENT, POST_ONLY, VIEW),  # asking for a PDF is a read
    "render_job_status": (JOB, VIEW, None),
    "render_job_download": (JOB, VIEW, None),
    "document_compare": (DOCUMENT, VIEW, None),
    "document_docx": (DOCUMENT, VIEW, None),  # the Word file, a read as the PDF is
    "document_import_docx": (DOCUMENT, POST_ONLY, EDIT),  # a body from a Word file, an edit
    "document_body_clean": (DOCUMENT, POST_ONLY, EDIT),  # the editor's paste cleaning
    "comment_create": (DOCUMENT, POST_ONLY, VIEW),  # commenting is open to every reader
    "comment_summary": (DOCUMENT, VIEW, None),
    "comment_answer": (COMMENT, POST_ONLY, EDIT),  # the issuer's clerks answer
}


def targets(*, branch_a, branch_clerk, **_):
    """A draft of branch A with a comment, and a finished PDF of it."""
    TermFactory()
    draft = document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Nghị quyết thử", body="<p>Nội dung</p>")
    template = DocumentTemplate.objects.create(owner=branch_a, name="Mẫu nghị quyết", doc_type="NQ", body="<p>{{ organization }}</p>")
    opened = document_move(acting_user=branch_clerk, document=draft, move=Move.OPEN_COMMENTS, actors={Actor.CLERK})
    comment = comment_add(acting_user=branch_clerk, version=opened.versions.get(), body="Góp ý thử", paragraph=1)
    document_move(acting_user=branch_clerk, document=opened, move=Move.CLOSE_COMMENTS, actors={Actor.CLERK})
    return {DOCUMENT: draft, JOB: done_render_job(draft.versions.get()), TEMPLATE: template, COMMENT: comment}


def done_render_job(version):
    """A finished render, with a stand-in file (the matrix checks access, not WeasyPrint)."""
    name = "renders/tests/permission-matrix.pdf"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(b"%PDF-1.7 stand-in"))
    return RenderJob.objects.create(version=version, state=RenderState.DONE, pdf=name, pages=1, duration_ms=80)
