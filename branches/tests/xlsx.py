"""Workbooks built in memory for the import tests."""

import datetime as dt
import io

import openpyxl

from branches.imports import COLUMNS, column_for_header

HEADERS = [c.header for c in COLUMNS]


def row(**overrides) -> dict:
    """A valid member row, by header; override cells by column key."""
    values = {
        "row_number": 1,
        "full_name": "Lê Thị Hoa",
        "gender": "Nữ",
        "date_of_birth": dt.date(1985, 4, 12),
        "ethnicity": "Kinh",
        "joined_on": "20/05/2010",
        "official_on": dt.date(2011, 5, 20),
        "membership": "Chính thức",
        "situation": "",
        "party_card_number": "",
        "occupation": "Giáo viên",
        "organization": "",
        "notes": "",
    }
    values.update(overrides)
    return values


def workbook(rows: list[dict], *, headers: list[str] = HEADERS, above: list[list] = ()) -> bytes:
    """A workbook whose first sheet has `above` rows, the header row, then `rows`."""
    book = openpyxl.Workbook()
    sheet = book.active
    for line in above:
        sheet.append(line)
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(_key(h)) for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def read(data: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def _key(header: str) -> str:
    column = column_for_header(header)
    return column.key if column else header
