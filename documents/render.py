"""The PDF of a document version, laid out as Hướng dẫn 36-HD/VPTW asks (docs/domain.md §4).

Pure (docs/architecture.md §7): a version in, bytes out. Knows nothing of Celery or storage; the worker, a
preview and the tests call the same functions. WeasyPrint is imported here once per process
(documents.tasks imports this module lazily) and one FontConfiguration is shared by every render:
without it each render rebuilds the font set, 21% slower and growing memory (docs/benchmarks.md).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from html.parser import HTMLParser
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
    body, tail = split_tail(numbered_lists(sanitize_body(version.body)))
    return {
        "issued": issued,
        "superior_line": superior_line(document).upper(),
        "issuer_lines": issuer_lines(document),
        "number_line": f"Số {number_text(document, issued=issued)}",
        "is_letter": document.doc_type == "CV",
        "heading": (document.heading or rules.HEADINGS.get(document.doc_type, "")).upper(),
        "subject": document.subject,
        "date_line": date_line(document),
        "body": body,
        "body_tail": tail,
        "signing_line": signing_line,
        "signer_position": document.signer_position.upper(),
        "signer_name": document.signer_name,
        "cosigner_title": document.cosigner_title.upper(),
        "cosigner_names": [line.strip() for line in document.cosigner_names.splitlines() if line.strip()],
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
    """Top left, in bold: the override, else the issuing body (a committee, not its Party
    organisation: rules.issuing_body_name)."""
    lines = [line.strip() for line in document.issuer_lines.splitlines() if line.strip()]
    default = rules.issuing_body_name(document.issuer.name, document.issuer.kind)
    return [line.upper() for line in lines] or [default.upper()]


_OL_START = re.compile(r'<ol start="(\d{1,4})">')


def numbered_lists(body: str) -> str:
    """A numbered list that starts at 3 ("<ol start=\"3\">", kept by the sanitiser) prints 3., 4.:
    WeasyPrint ignores the attribute, so the PDF's markup also resets the list's counter (the
    stored body is left as it is)."""
    return _OL_START.sub(lambda m: f'<ol start="{m[1]}" style="counter-reset: list-item {int(m[1]) - 1}">', body)


# Top-level blocks that may be kept on the signature's page with it.
_KEPT_WITH_SIGNATURE = {"p", "h2", "h3", "h4", "blockquote"}


class _TopLevel(HTMLParser):
    """Where each top-level element of a sanitised body starts."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.depth = 0
        self.starts: list[tuple[int, str]] = []  # (offset, tag)
        self._line_offsets = [0]

    def feed_text(self, text: str) -> None:
        for line in text.splitlines(keepends=True):
            self._line_offsets.append(self._line_offsets[-1] + len(line))
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_offsets[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            return
        if self.depth == 0:
            self.starts.append((self._offset(), tag))
        self.depth += 1

    def handle_endtag(self, tag):
        if tag != "br":
            self.depth = max(0, self.depth - 1)


def split_tail(body: str) -> tuple[str, str]:
    """(body, tail): the body's last paragraph split off, so the PDF keeps it on one page with
    the signature block (a signature never stands alone on a page: docs/domain.md §4a). A body
    that ends in a list or a table keeps it whole in the body (it may be longer than a page)."""
    parser = _TopLevel()
    parser.feed_text(body)
    if not parser.starts:
        return body, ""
    offset, tag = parser.starts[-1]
    if tag not in _KEPT_WITH_SIGNATURE:
        return body, ""
    return body[:offset], body[offset:]


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
