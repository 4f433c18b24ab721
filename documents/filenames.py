"""Names of rendered PDFs: plain ASCII, so that every browser, mail client and office file
system keeps them as they are ("29-KH-DU.pdf", "du-thao-ke-hoach-to-chuc-dai-hoi.pdf")."""

import unicodedata

from .models import RenderJob


def pdf_filename(job: RenderJob) -> str:
    """What a download is saved as."""
    return f"{pdf_stem(job)}.pdf"


def pdf_storage_name(job: RenderJob) -> str:
    """The file's name in storage (upload_to adds the year and month): unique per job."""
    return f"{pdf_stem(job)}-v{job.version.number}-{job.pk}.pdf"


def pdf_stem(job: RenderJob) -> str:
    """The symbol of an issued document; "du-thao-" and the subject for a draft."""
    document = job.version.document
    if job.issued and document.symbol:
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
