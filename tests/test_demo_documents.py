"""Every document the demo issues is fit to sign (docs/documents.md "Fit to sign"; docs/domain.md
§4a), read as a person reads it: the stored text passes the guard, the PDF's extracted text
names its signer, its issuer as 36-HD/VPTW names it, its recipients, and no "Dự thảo" once
adopted. The demo is loaded once, through the same four commands scripts/start runs."""

import io
import shutil
import subprocess
from collections import defaultdict

import pytest
from django.core.management import call_command

from documents import guard, rules
from documents.models import Document, DocumentState
from documents.render import issuer_lines, render_pdf

pytestmark = [
    pytest.mark.usefixtures("no_rendering"),
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is installed by scripts/bootstrap.sh"),
]


@pytest.fixture(autouse=True)
def congress_alone():
    """The demo commands wire every app (elections' hooks stay registered)."""
    yield


def _load_demo():
    for command in ("seed_demo", "seed_demo_documents", "seed_demo_results", "seed_demo_congress"):
        call_command(command, stdout=io.StringIO(), stderr=io.StringIO())


def _pdf_text(pdf: bytes, tmp_path, name: str) -> str:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_issued_demo_document_is_fit_to_sign_and_prints_so(db, tmp_path):
    _load_demo()
    issued = list(
        Document.objects.filter(state=DocumentState.ISSUED).select_related("issuer").order_by("pk")
    )
    assert len(issued) > 50  # plans, notices, resolutions, minutes, decisions of three rounds

    problems = defaultdict(list)
    for document in issued:
        body = document.versions.order_by("-number").first().body
        left = guard.leftovers(body, document.subject)
        if left:
            problems["placeholders"].append((document.symbol, document.subject, left))
        if not document.signer_name.strip():
            problems["no signer"].append((document.symbol, document.subject))
        if rules.subject_repeats_type(document.subject, document.doc_type, document.heading):
            problems["type repeated"].append((document.symbol, document.subject))
        if "dự thảo" in document.subject.casefold():
            problems["draft subject"].append((document.symbol, document.subject))
        if document.document_date is None:
            problems["no date"].append(document.symbol)
        if document.issuer.kind in rules.COMMITTEE_KINDS and not document.issuer_lines.strip():
            if not issuer_lines(document)[0].startswith("ĐẢNG ỦY"):
                problems["issuer"].append((document.symbol, issuer_lines(document)))
    assert not problems, dict(problems)

    # The PDFs, one of each kind: the type and the subject's first two words (plan, notice, decision,
    # resolution, congress minutes, vote-count minutes, entry log...).
    seen = {}
    for document in Document.objects.filter(state=DocumentState.ISSUED).select_related("issuer").order_by("pk"):
        seen.setdefault((document.doc_type, " ".join(document.subject.split()[:2])), document)
    assert len(seen) >= 6
    for key, document in seen.items():
        version = document.versions.order_by("-number").first()
        text = _flat(_pdf_text(render_pdf(version, issued=True).data, tmp_path, str(document.pk)))
        where = f"{document.symbol} {document.subject}"
        assert "DỰ THẢO" not in text and "Dự thảo" not in text, where
        assert "... giờ" not in text and "giờ ... phút" not in text, where
        assert document.signer_name in text, where
        assert issuer_lines(document)[-1] in text, where
        assert document.symbol in text, where
        if document.recipients.strip():
            assert "Nơi nhận:" in text, where
        assert text.index(document.signer_name) > text.index(rules.HEADINGS.get(document.doc_type, "") or "ĐẢNG"), where
