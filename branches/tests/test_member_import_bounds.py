"""The import's limits, checked before and while reading (branches.imports.check_archive,
check_dimensions, read_sheet): a file beyond them is refused in well under a second, whatever
it would unpack or parse to."""

import io
import time
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter

from branches import imports
from branches.imports import (
    MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_SHEET_ROWS, MAX_UNZIPPED_BYTES, ImportRefused, check_dimensions, read_sheet,
)
from branches.tests.xlsx import HEADERS
from branches.tests.xlsx_crafted import crafted

pytestmark = pytest.mark.usefixtures("english")

MEMBER = ["1", "Lê Thị Hoa", "Nữ", "12/04/1985", "Kinh", "20/05/2010", "", "Chính thức"]
QUICK = 1.0  # seconds: the whole refusal, far from the minute the web worker used to take


def _refused(data: bytes, fragment: str) -> float:
    started = time.monotonic()
    with pytest.raises(ImportRefused) as refused:
        read_sheet(data)
    elapsed = time.monotonic() - started
    assert fragment in str(refused.value.messages), refused.value.messages
    return elapsed


def test_the_limits_fit_the_offices():
    assert MAX_ROWS == 5_000
    assert MAX_SHEET_ROWS == MAX_ROWS + imports.HEADER_SCAN_ROWS
    assert MAX_COLUMNS >= len(imports.COLUMNS)
    assert MAX_CELLS == MAX_SHEET_ROWS * MAX_COLUMNS


def test_ten_million_blank_rows_are_refused_at_once():
    """The file of the report: 10 million empty rows under one member, a quarter of a MB zipped."""
    data = crafted([HEADERS, MEMBER], blank_rows=10_000_000)
    assert len(data) < 1_500_000
    assert _refused(data, "The workbook unpacks to 57 MB, more than the 50 MB accepted.") < QUICK


def test_blank_rows_within_the_unzipped_limit_are_counted_and_refused_at_the_limit():
    """Eight million empty rows, 48 MB unpacked: under the size limit, so the rows are counted,
    blank ones too, and counting stops at the limit instead of parsing them all."""
    data = crafted([HEADERS, MEMBER], blank_rows=8_000_000)
    elapsed = _refused(data, "The sheet goes beyond row 5.010 (empty rows count too). A file holds at most 5.000 members")
    assert elapsed < QUICK


def test_blank_rows_under_a_declared_range_are_counted_while_reading():
    """A sheet that declares a small used range (some writers do) and has millions of empty rows
    below: openpyxl reads from the range on, and reading stops at the limit."""
    data = crafted([HEADERS, MEMBER], blank_rows=8_000_000, dimension="A1:M2")
    assert _refused(data, "The sheet goes beyond row 5.010") < QUICK


def test_one_row_far_below_is_refused():
    data = crafted([HEADERS, MEMBER], tail=b'<row r="10000000"><c r="A10000000"><v>1</v></c></row>')
    assert _refused(data, "The sheet goes beyond row 5.010") < QUICK


def test_a_declared_range_beyond_the_rows_is_refused():
    data = crafted([HEADERS, MEMBER], dimension="A1:M10000000")
    assert _refused(data, "The sheet goes beyond row 5.010") < QUICK


def test_a_declared_range_beyond_the_columns_is_refused():
    data = crafted([HEADERS, MEMBER], dimension=f"A1:{get_column_letter(MAX_COLUMNS + 1)}2")
    assert _refused(data, "The sheet uses more than 60 columns. Delete the columns that are not in the template (it has 13).")


def test_a_value_beyond_the_last_column_is_refused_rather_than_lost():
    beyond = [*MEMBER, *([None] * (MAX_COLUMNS - len(MEMBER))), "ghi chú lạc"]
    _refused(crafted([HEADERS, beyond]), "The sheet uses more than 60 columns.")


@pytest.fixture
def few_cells(monkeypatch):
    """A smaller cell limit: counting to the real one (300,600) takes seconds, not the point here."""
    monkeypatch.setattr(imports, "MAX_CELLS", 1_000)
    return 1_000


def test_too_many_cells_are_refused(few_cells):
    wide = crafted([HEADERS], tail=b"<row>" + b"<c/>" * (few_cells + 1) + b"</row>")
    _refused(wide, "The sheet uses more than 60 columns.")


def test_too_many_shared_texts_are_refused(few_cells):
    strings = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + b"<si><t/></si>" * (few_cells + 1) + b"</sst>"
    data = crafted([HEADERS, MEMBER], extra_parts={"xl/sharedStrings.xml": strings})
    _refused(data, "The sheet uses more than 60 columns.")


def test_the_last_row_and_column_within_the_limits_are_read():
    last_column = [*([None] * (MAX_COLUMNS - 1)), "x"]
    rows = [HEADERS, last_column]
    data = crafted(rows, tail=b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>y</t></is></c></row>'
                   % (MAX_SHEET_ROWS, MAX_SHEET_ROWS))
    read = read_sheet(data)
    assert [number for number, _values in read] == [1, 2, MAX_SHEET_ROWS]
    assert read[1][1][MAX_COLUMNS - 1] == "x" and len(read[1][1]) == MAX_COLUMNS


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_without_being_inflated():
    """A part of 100 MB of zeros packs into 100 kB: its declared size refuses it, unread."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            zeros = b"\0" * (1024 * 1024)
            for _ in range(100):
                part.write(zeros)
    data = buffer.getvalue()
    assert len(data) < imports.MAX_UPLOAD_BYTES
    assert _refused(data, "The workbook unpacks to 100 MB") < QUICK


def test_a_part_that_understates_its_size_is_inflated_no_further_than_declared():
    """Python's zipfile stops inflating a part at the size the zip declares for it, and the
    shortened part then fails its checksum: a bomb that lies about its size reads as not an
    .xlsx, after reading what it declared."""
    declared = 1000
    sheet = b"<worksheet>" + b" " * (10 * 1024 * 1024) + b"</worksheet>"
    data = bytearray(_zip({"xl/worksheets/sheet1.xml": sheet}))
    real = len(sheet).to_bytes(4, "little")
    assert data.count(real) == 2  # the local header and the central directory
    data = bytes(data).replace(real, declared.to_bytes(4, "little"))
    assert _refused(data, "This file is not an Excel workbook (.xlsx).") < QUICK


def test_a_workbook_of_many_parts_is_refused():
    data = _zip({f"xl/media/image{n}.png": b"" for n in range(imports.MAX_PARTS + 1)})
    _refused(data, "This file is not an Excel workbook (.xlsx).")


def test_broken_sheet_xml_is_not_a_workbook():
    data = crafted([HEADERS], tail=b'<row r="hai"><c><v>1</v></c></row>')
    _refused(data, "This file is not an Excel workbook (.xlsx).")


def test_the_unzipped_limit_is_the_total_of_the_parts():
    half = MAX_UNZIPPED_BYTES // 2 + 1
    data = crafted([HEADERS, MEMBER], extra_parts={"xl/media/a.bin": b"\0" * half, "xl/media/b.bin": b"\0" * half})
    _refused(data, "The workbook unpacks to 50 MB, more than the 50 MB accepted.")


@given(rows=st.one_of(st.none(), st.integers(1, 2 * MAX_SHEET_ROWS)),
       columns=st.one_of(st.none(), st.integers(1, 2 * MAX_COLUMNS)))
def test_a_declared_range_is_refused_exactly_beyond_the_limits(rows, columns):
    beyond = (rows or 0) > MAX_SHEET_ROWS or (columns or 0) > MAX_COLUMNS
    try:
        check_dimensions(rows, columns)
    except ImportRefused:
        assert beyond
    else:
        assert not beyond


def test_reading_reports_its_progress():
    reports = []
    data = crafted([HEADERS] + [MEMBER] * 600, dimension="A1:M601")
    read_sheet(data, progress=lambda done, total: reports.append((done, total)))
    assert reports == [(250, 601), (500, 601)]
