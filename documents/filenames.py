"""Names of rendered PDFs and Word files: plain ASCII, so that every browser, mail client and
office file system keeps them as they are ("29-KH-DU.pdf", "du-thao-ke-hoach-to-chuc-dai-hoi.docx")."""

import unicodedata

from .models import Document, RenderJob


def pdf_filename(job: RenderJob) -> str:
    """What a download is saved as."""
    return f"{pdf_stem(job)}.pdf"


def pdf_storage_name(job: RenderJob) -> str:
    """The file's name in storage (upload_to adds the year and month): unique per job."""
    return f"{pdf_stem(job)}-v{job.version.number}-{job.pk}.pdf"


def pdf_stem(job: RenderJob) -> str:
    return document_stem(job.version.document, issued=job.issued)


def docx_filename(document: Document, *, issued: bool) -> str:
    """What a Word download is saved as: the PDF's name, ending .docx."""
    return f"{document_stem(document, issued=issued)}.docx"


def document_stem(document: Document, *, issued: bool) -> str:
    """The symbol of an issued document; "du-thao-" and the subject for a draft."""
    if issued and document.symbol:
        return ascii_slug(document.symbol, lower=False) or "van-ban"
    return "du-thao-" + (ascii_slug(document.subject)[:60].rstrip("-") or "van-ban")


def ascii_slug(text: str, *, lower: bool = True) -> str:
    """Diacritics dropped ("Đ" as "D"), anything but letters and digits as single hyphens.

    >>> ascii_slug("29-KH/ĐU", lower=False)
    '29-KH-DU'
    >>> ascii_slug("Kế hoạch tổ chức Đại hội")
    'ke-hoach-to-chuc-dai-hoi'
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if lower:
        plain = plain.lower()
    chars = [ch if ch.isascii() and ch.isalnum() else "-" for ch in plain]
    return "-".join(part for part in "".join(chars).split("-") if part)
