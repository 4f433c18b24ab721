"""The one workbook writer: text that looks like a formula is written as text with Excel's quote
prefix and reads back exactly; numbers and dates stay what they are; nothing can make it fail."""

import datetime as dt
import io

import openpyxl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from branches import spreadsheets
from branches.spreadsheets import FORMULA_STARTS, looks_like_formula, writable
from branches.tests.workbooks import HOSTILE, assert_data_only


def _read(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_each_dangerous_start_looks_like_a_formula(start):
    assert looks_like_formula(start + "SUM(A1)")
    assert looks_like_formula(start)


@pytest.mark.parametrize("text", ["", "Nguyễn Văn An", " =1", "'=1", "1+1", "a-b", "#N/A", "\nX", "Chi bộ =1"])
def test_other_text_does_not(text):
    assert not looks_like_formula(text)


@given(st.text())
def test_the_rule_is_exactly_the_first_character(text):
    assert looks_like_formula(text) == (text[:1] != "" and text[0] in "=+-@\t\r")


def _xml_char(c: str) -> bool:
    """XML 1.0's Char production."""
    return c in "\t\n\r" or "\x20" <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd" or c >= "\U00010000"


@given(st.text(st.characters(codec=None, exclude_categories=())))
@example("a\ud800b\ufffe\uffff\x00c")
def test_writable_text_loses_only_what_xml_cannot_carry(text):
    kept = writable(text)
    breaks = text.replace("\x0b", "\n").replace("\x0c", "\n")
    assert kept == "".join(c for c in breaks if _xml_char(c))


def test_writable_leaves_other_values_alone():
    values = [None, 0, -2, 3.5, True, dt.date(2022, 1, 2), dt.datetime(2022, 1, 2, 3, 4)]
    assert [writable(v) for v in values] == values


# Any text a person could type, as openpyxl can hold it (at most 32,767 characters a cell).
_cell_text = st.text(max_size=200)


@settings(max_examples=60, deadline=None)
@given(st.lists(_cell_text, min_size=1, max_size=5))
def test_any_text_reads_back_as_that_text_and_never_as_a_formula(texts):
    book = spreadsheets.Workbook()
    sheet = book.active
    sheet.append(texts)
    for column, text in enumerate(texts, 1):
        sheet.cell(row=2, column=column, value=text)
    sheet["A3"] = texts[0]
    data = spreadsheets.as_bytes(book)
    read = _read(data).active
    for row in (1, 2):
        for column, text in enumerate(texts, 1):
            cell = read.cell(row=row, column=column)
            assert cell.data_type != "f"
            expected = writable(text)
            # openpyxl reads an empty text cell back as no value.
            assert (cell.value or "") == expected
            assert bool(cell.quotePrefix) == looks_like_formula(expected)
    assert (read["A3"].value or "") == writable(texts[0])


def test_the_hostile_texts_are_text_in_every_sheet():
    book = spreadsheets.Workbook()
    book.active.append(list(HOSTILE))
    second = book.create_sheet("Thêm")
    for row, text in enumerate(HOSTILE, 1):
        second.cell(row=row, column=1).value = text  # even a value set on the cell itself
    assert isinstance(second, spreadsheets.Sheet)
    assert_data_only(spreadsheets.as_bytes(book))


def test_numbers_dates_and_error_codes():
    book = spreadsheets.Workbook()
    book.active.append([-5, -2.5, dt.date(2022, 6, 17), "#N/A", "-", "=", True])
    row = [cell for cell in _read(spreadsheets.as_bytes(book)).active[1]]
    assert [c.value for c in row[:2]] == [-5, -2.5] and all(c.data_type == "n" for c in row[:2])
    assert not row[0].quotePrefix  # a negative number is a number, not text
    assert row[2].value == dt.datetime(2022, 6, 17) and row[2].is_date
    assert (row[3].value, row[3].data_type) == ("#N/A", "s")  # text, not Excel's error
    assert [c.value for c in row[4:6]] == ["-", "="] and row[4].quotePrefix and row[5].quotePrefix
    assert row[6].value is True


def test_a_vertical_tab_pasted_from_word_does_not_break_the_export():
    book = spreadsheets.Workbook()
    book.active.append(["Dòng 1\x0bDòng 2\x0cTrang 2\x01\uffff"])
    assert _read(spreadsheets.as_bytes(book)).active["A1"].value == "Dòng 1\nDòng 2\nTrang 2"


def test_a_plain_openpyxl_workbook_would_have_written_a_formula():
    """What the writer is for: openpyxl alone makes "=…" a formula (the issue's finding)."""
    book = openpyxl.Workbook()
    book.active.append([HOSTILE[0]])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(AssertionError, match="formula"):
        assert_data_only(buffer.getvalue(), texts=())
