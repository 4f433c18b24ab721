"""A body brought in from a Word file (.docx): mammoth turns it into HTML, documents.sanitize
keeps what a body may hold (docs/documents.md, "Word").

Pure-ish: bytes in, the sanitised body out, or DocxImportError, whose `code` names what is
wrong and whose `message` says it to the clerk. Nothing here touches the database.

Word's headings 1-3 become the body's h2-h4 (the document's own title is printed from its
details), underlines are kept, images are dropped, and a blank to fill by hand keeps its mark
(the export's "Fill by hand" character style: documents.guard lets it pass). A file exported
by documents.docx_export comes back without its header, title and signatures (FRAME_STYLE,
FRAME_TABLE_STYLE): they are the document's details, edited on their own form.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

import mammoth
from mammoth import documents as word
from mammoth import images
from django.utils.translation import gettext_lazy as _

from .docx_export import FILL_BY_HAND_STYLE, FRAME_STYLE, FRAME_TABLE_STYLE
from .sanitize import sanitize_body
from .word import FILL_BY_HAND

MAX_BYTES = 5 * 1024 * 1024
# A .docx is a zip: a small file may unpack to a huge one ("zip bomb"). Real documents unpack
# to a few times their size.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAIN_PART = "word/document.xml"

STYLE_MAP = f"""
p[style-name='heading 1'] => h2:fresh
p[style-name='Heading 1'] => h2:fresh
p[style-name='heading 2'] => h3:fresh
p[style-name='Heading 2'] => h3:fresh
p[style-name='heading 3'] => h4:fresh
p[style-name='Heading 3'] => h4:fresh
p[style-name='heading 4'] => h4:fresh
p[style-name='Heading 4'] => h4:fresh
p[style-name='heading 5'] => h4:fresh
p[style-name='Heading 5'] => h4:fresh
p[style-name='heading 6'] => h4:fresh
p[style-name='Heading 6'] => h4:fresh
p[style-name='Title'] => h2:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
u => u
r[style-name='{FILL_BY_HAND_STYLE}'] => span.{FILL_BY_HAND}
"""

MESSAGES = {
    "missing": _("Choose a Word file (.docx)."),
    "too_large": _("The Word file is too large (at most 5 MB)."),
    "not_docx": _("This is not a Word .docx file. A file from an older Word (.doc) must first be saved as .docx."),
    "corrupt": _("The Word file could not be read: it may be damaged."),
    "empty": _("The Word file holds no text."),
}

_TAGS = re.compile(r"<[^>]*>")


class DocxImportError(ValueError):
    """Why a file cannot become a body: `code` is a key of MESSAGES."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code])


def body_from_docx(data: bytes) -> str:
    """The sanitised body of a .docx, or DocxImportError."""
    if not data:
        raise DocxImportError("empty")
    if len(data) > MAX_BYTES:
        raise DocxImportError("too_large")
    _check_package(data)
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=STYLE_MAP,
            include_embedded_style_map=False,
            convert_image=images.img_element(lambda image: {}),  # never read: the sanitiser drops it
            transform_document=_without_frame,
        )
    except Exception as error:  # noqa: BLE001 - a damaged part fails deep in mammoth or its XML parser, in many ways
        raise DocxImportError("corrupt") from error
    body = sanitize_body(result.value)
    if not has_text(body):
        raise DocxImportError("empty")
    return body


def has_text(body: str) -> bool:
    return bool(_TAGS.sub("", body).replace("&nbsp;", " ").strip())


def _check_package(data: bytes) -> None:
    """A zip holding Word's main part, small enough once unpacked, whose parts are intact."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DocxImportError("not_docx") from None
    with archive:
        members = archive.infolist()
        if MAIN_PART not in {m.filename for m in members}:
            raise DocxImportError("not_docx")
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise DocxImportError("too_large")
        try:
            broken = archive.testzip()
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, EOFError, ValueError, RuntimeError):
            raise DocxImportError("corrupt") from None
        if broken is not None:
            raise DocxImportError("corrupt")


def _without_frame(document: word.Document) -> word.Document:
    """The body only: the header, title and signatures a .docx export wrote around it left out."""
    children = [
        child for child in document.children
        if not (isinstance(child, word.Paragraph) and child.style_name == FRAME_STYLE)
        and not (isinstance(child, word.Table) and child.style_name == FRAME_TABLE_STYLE)
    ]
    return document.copy(children=children)
