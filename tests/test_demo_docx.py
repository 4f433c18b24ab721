"""The demo's issued documents as Word files (docs/documents.md, "Word"): one of each kind,
exported as .docx and read back with python-docx, names its signer, its issuer as 36-HD/VPTW
names it, its number and its recipients, with no draft mark; and brought back in, its body
survives. The demo is loaded through the same commands scripts/start runs."""

import io

import docx
import pytest
from django.core.management import call_command
from docx.oxml.ns import qn

from documents.docx_export import docx_from_context
from documents.docx_import import body_from_docx
from documents.models import Document, DocumentState
from documents.render import document_context, issuer_lines

pytestmark = pytest.mark.usefixtures("no_rendering")


def _load_demo():
    for command in ("seed_demo", "seed_demo_documents", "seed_demo_results", "seed_demo_congress"):
        call_command(command, stdout=io.StringIO(), stderr=io.StringIO())


def _text(data: bytes) -> tuple[str, str]:
    """(the body's text with its tables, the first page's header) of a .docx."""
    document = docx.Document(io.BytesIO(data))
    paragraphs = document.element.body.iter(qn("w:p"))
    body = " ".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in paragraphs)
    header = " ".join(p.text for p in document.sections[0].first_page_header.paragraphs)
    return " ".join(body.split()), header


def _words(html: str) -> list[str]:
    return " ".join(html.replace("<", " <").replace(">", "> ").split()).split()


def test_one_issued_demo_document_of_each_kind_exports_fit_to_sign(db):
    _load_demo()
    seen = {}
    for document in Document.objects.filter(state=DocumentState.ISSUED).select_related("issuer").order_by("pk"):
        seen.setdefault((document.doc_type, " ".join(document.subject.split()[:2])), document)
    assert len(seen) >= 6
    for document in seen.values():
        version = document.versions.order_by("-number").first()
        data = docx_from_context(document_context(version, issued=True))
        text, first_header = _text(data)
        where = f"{document.symbol} {document.subject}"
        assert "DỰ THẢO" not in first_header and "DỰ THẢO" not in text and "Dự thảo" not in text, where
        assert document.signer_name and document.signer_name in text, where
        assert issuer_lines(document)[-1] in text, where
        assert f"Số {document.symbol}" in text, where
        if document.recipients.strip():
            assert "Nơi nhận:" in text, where
        assert text.index(document.signer_name) > text.index(document.subject[:20]), where
        # Brought back in, the body is the same text (Word puts table cells' text in paragraphs).
        back = body_from_docx(data)
        assert [w for w in _words(back) if not w.startswith("<")] == [
            w for w in _words(version.body) if not w.startswith("<")
        ], where
