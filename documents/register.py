"""The register of documents issued (sổ đăng ký văn bản đi): its columns, and the same rows as
an Excel workbook. No ORM here: rows come in as documents already read."""

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from branches import spreadsheets

RECIPIENTS_SHORT_LENGTH = 120


def recipients_short(recipients: str, limit: int = RECIPIENTS_SHORT_LENGTH) -> str:
    """The "Nơi nhận" lines on one line, without dashes, trailing punctuation or the office's
    own copy ("Lưu VP"): "- Đảng ủy phường,\\n- Lưu VP." -> "Đảng ủy phường"."""
    names = []
    for line in recipients.splitlines():
        name = re.sub(r"^[\s\-–•+]+", "", line).rstrip(" ,.;").strip()
        if name and not name.lower().startswith("lưu"):
            names.append(name)
    text = "; ".join(names)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def signer(document) -> str:
    return " ".join(part for part in (document.signer_position, document.signer_name) if part)


def columns() -> list[tuple[str, int]]:
    """(header, width) of the register, in the order of a Party register."""
    return [
        (pgettext("register row number", "Row"), 6), (_("Number and symbol"), 16), (_("Date"), 12), (_("Type"), 16), (_("Subject"), 60),
        (_("Signer"), 28), (_("Recipients"), 40), (_("Issuing organisation"), 32),
    ]


def row(index: int, document) -> list:
    return [
        index, document.symbol, document.document_date, document.get_doc_type_display(), document.subject,
        signer(document), recipients_short(document.recipients), document.issuer.name,
    ]


def write_register(title: str, filters: str, documents: Iterable) -> bytes:
    """A workbook: the title (the organisation), the filters, the header, then one row each."""
    workbook = spreadsheets.Workbook()
    sheet = workbook.active
    sheet.title = _("Register")[:31]
    header = columns()
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([filters])
    sheet["A2"].font = Font(italic=True)
    sheet.append([name for name, _width in header])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for index, (_name, width) in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for index, document in enumerate(documents, start=1):
        sheet.append(row(index, document))
        sheet.cell(row=sheet.max_row, column=3).number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A4"
    return spreadsheets.as_bytes(workbook)
