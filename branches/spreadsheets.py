"""The one writer of every Excel workbook the product makes: its cells are data, never formulas.

A workbook we export carries text that people typed: members' names, organisations' names,
documents' subjects. Text such as ``=HYPERLINK("http://…?x="&A1, "click")`` must come out as that
text, not as a live formula (OWASP, "CSV injection"). openpyxl stores any string that starts
with "=" as a formula and "#N/A" as an error, so each export builds its workbook here:
`Workbook()` below instead of ``openpyxl.Workbook()`` (tests/test_one_excel_writer.py keeps it so).

How text is neutralised (docs/architecture.md, "Excel files are data, never formulas"): a text
cell that starts with "=", "+", "-", "@", a tab or a carriage return is written as a text cell
with Excel's *quote prefix* (``quotePrefix="1"`` in its style), which is what Excel itself stores
when a person types ``'=…`` into a cell. The apostrophe is not part of the value and is not
shown: the cell shows, and reads back, exactly the person's text, so an exported member list
imports again unchanged; and the cell stays text in Excel even when someone edits it and presses
Enter. Numbers and dates are never touched (a negative number stays a number).
"""

import io
import re

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

# OWASP's list of first characters that make a spreadsheet read text as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The characters XML 1.0 cannot carry (openpyxl or lxml refuse them): control characters but
# tab, LF and CR, lone surrogates, U+FFFE and U+FFFF. Word's line and page breaks (vertical tab,
# form feed) become line breaks, the others go.
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
_UNWRITABLE = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could read `text` as a formula: it starts with = + - @ tab or CR."""
    return text.startswith(FORMULA_STARTS)


def writable(value):
    """`value` as a cell can hold it. Text pasted from Word may carry characters that XML
    cannot (openpyxl would refuse the whole export): its line and page breaks become line
    breaks, the other such characters are dropped. Any other value is returned as it is."""
    if isinstance(value, str):
        return _UNWRITABLE.sub("", value.translate(_BREAKS))
    return value


def neutralise(cell) -> None:
    """Make `cell` plain data: a formula or an error code openpyxl inferred from a string
    becomes that string, and formula-like text gets the quote prefix (module docstring)."""
    if cell.data_type in ("f", "e") and isinstance(cell.value, str):
        cell.data_type = "s"
    if cell.data_type == "s" and isinstance(cell.value, str) and looks_like_formula(cell.value):
        cell.quotePrefix = True


class Sheet(Worksheet):
    """A worksheet whose writing methods accept any text (see `writable`)."""

    def append(self, iterable):
        if isinstance(iterable, dict):
            return super().append({key: writable(value) for key, value in iterable.items()})
        return super().append([writable(value) for value in iterable])

    def cell(self, row, column, value=None):
        return super().cell(row, column, writable(value))

    def __setitem__(self, key, value):
        super().__setitem__(key, writable(value))


class Workbook(openpyxl.Workbook):
    """An openpyxl workbook that cannot be saved with a formula in it: `save` neutralises every
    cell of every sheet first, however the cell was written."""

    def __init__(self):
        super().__init__()
        self._sheets = [Sheet(self)]

    def create_sheet(self, title=None, index=None):
        sheet = Sheet(parent=self, title=title)
        self._add_sheet(sheet=sheet, index=index)
        return sheet

    def save(self, filename):
        for sheet in self.worksheets:
            # The cells written, not iter_rows(): that would create every empty cell of the grid.
            for cell in sheet._cells.values():
                neutralise(cell)
        super().save(filename)


def as_bytes(workbook: Workbook) -> bytes:
    """The .xlsx file of `workbook` (saved through `Workbook.save`, so neutralised)."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
