"""The PDF of a document version, laid out as Hướng dẫn 36-HD/VPTW asks (docs/domain.md §4).

Pure (docs/architecture.md §7): a version in, bytes out. Knows nothing of Celery or storage; the worker, a
preview and the tests call the same functions. WeasyPrint is imported here once per process
(documents.tasks imports this module lazily) and one FontConfiguration is shared by every render:
without it each render rebuilds the font set, 21% slower and growing memory (docs/benchmarks.md).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from branches.models import Organization

from . import hooks, rules
from .models import Document, DocumentVersion
from .sanitize import sanitize_body

TEMPLATE = "documents/pdf/document.html"
STYLESHEET = Path(settings.BASE_DIR) / "templates" / "documents" / "pdf" / "document.css"


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    pages: int


class _NoFetching(URLFetcher):
    """A document needs nothing from outside: its fonts are the system's and a body holds no
    images or links to load. Refusing every URL keeps a pasted body from reaching the network
    or the disk.

    Also cheaper: WeasyPrint's default fetcher, built for every HTML(), creates an HTTPS
    context and loads the system's certificates, about a fifth of a two-page render here.
    This one builds no handlers and is shared."""

    def __init__(self):  # noqa: D107 - deliberately skips URLFetcher's handlers
        self._fail_on_errors = False

    def fetch(self, url, headers=None):
        raise ValueError(f"Documents load no external resources: {url}")


_NO_FETCHING = _NoFetching()

_font_config: FontConfiguration | None = None
_stylesheet: weasyprint.CSS | None = None
_lock = threading.Lock()


def _shared_font_config() -> FontConfiguration:
    global _font_config
    if _font_config is None:
        with _lock:
            if _font_config is None:
                _font_config = FontConfiguration()
    return _font_config


def _stylesheet_text() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def _shared_stylesheet() -> weasyprint.CSS:
    """document.css parsed once per process: parsing it inside every HTML cost ~7% of a render."""
    global _stylesheet
    if _stylesheet is None:
        font_config = _shared_font_config()
        with _lock:
            if _stylesheet is None:
                _stylesheet = weasyprint.CSS(string=_stylesheet_text(), font_config=font_config)
    return _stylesheet


def render_pdf(version: DocumentVersion, *, issued: bool) -> RenderedPdf:
    """The PDF of `version`: a draft (a "DỰ THẢO" mark, the number left blank) unless `issued`."""
    html = render_to_string(TEMPLATE, document_context(version, issued=issued))
    return pdf_from_html(html, stylesheets=[_shared_stylesheet()])


def pdf_from_html(html: str, *, stylesheets=()) -> RenderedPdf:
    """Any HTML to a PDF with the process's shared fonts (also the worker's warm-up)."""
    document = weasyprint.HTML(string=html, url_fetcher=_NO_FETCHING).render(
        font_config=_shared_font_config(), stylesheets=list(stylesheets)
    )
    pages = len(document.pages)
    data = document.write_pdf()
    # The laid-out pages (boxes, glyph runs) are the bulk of a render's memory: drop them before
    # returning the bytes, so that a worker holds one document at a time.
    del document
    return RenderedPdf(data=data, pages=pages)


def render_html(version: DocumentVersion, *, issued: bool) -> str:
    """The HTML the PDF is made from, self-contained (document.css inlined), for a preview and
    for the tests. render_pdf lays out the same markup with the same stylesheet, parsed once."""
    return render_to_string(TEMPLATE, {**document_context(version, issued=issued), "css": _stylesheet_text()})


def document_context(version: DocumentVersion, *, issued: bool) -> dict:
    document = version.document
    signing_line = " ".join(p for p in (document.signing_mode, document.signing_body.upper()) if p)
    return {
        "issued": issued,
        "superior_line": superior_line(document).upper(),
        "issuer_lines": issuer_lines(document),
        "number_line": f"Số {number_text(document, issued=issued)}",
        "is_letter": document.doc_type == "CV",
        "heading": (document.heading or rules.HEADINGS.get(document.doc_type, "")).upper(),
        "subject": document.subject,
        "date_line": date_line(document),
        "body": sanitize_body(version.body),
        "signing_line": signing_line,
        "signer_position": document.signer_position.upper(),
        "signer_name": document.signer_name,
        "recipients": [line.strip() for line in document.recipients.splitlines() if line.strip()],
        # What another app prints after the signature (documents.hooks): a round report's charts.
        "appendix": mark_safe(hooks.appendix(document)),  # noqa: S308 - drawn by code, never typed
    }


def superior_line(document: Document) -> str:
    """The first line top left: the override, else the issuer's direct superior."""
    if document.superior_line:
        return document.superior_line
    parent = Organization.objects.get_parent(document.issuer)
    return parent.name if parent else ""


def issuer_lines(document: Document) -> list[str]:
    lines = [line.strip() for line in document.issuer_lines.splitlines() if line.strip()]
    return [line.upper() for line in lines] or [document.issuer.name.upper()]


# Blanks a draft leaves for the number, filled by hand or at issue: "Số    -KH/ĐU".
NUMBER_BLANK = "\u00a0" * 6


def number_text(document: Document, *, issued: bool) -> str:
    """"29-KH/ĐU" once issued; a draft keeps the type and issuer with the number blank."""
    if issued:
        if document.symbol:
            return document.symbol
        if document.number is not None:
            return rules.symbol(document.number, document.doc_type, document.issuer.short_name)
    return f"{NUMBER_BLANK}-{document.doc_type}/{document.issuer.short_name}"


def date_line(document: Document) -> str:
    d = document.document_date
    if d is None:
        # rules.date_line leaves plain spaces, which HTML would collapse: keep them visible.
        return rules.date_line(document.place, None, None, None).replace("  ", "\u00a0" * 5)
    return rules.date_line(document.place, d.day, d.month, d.year)
