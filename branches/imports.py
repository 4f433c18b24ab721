"""Party members in Excel (.xlsx): the column layout offices use, reading and checking a sheet,
and writing the same layout back (the export and the empty template).

No ORM here: what the rules need from the database (the organisations of the subtree, the
members a row may match) comes in as plain values, so every rule is tested without a database.
The headers and accepted values are Vietnamese because they are the file format offices use;
docs/import-members.md describes them for people.
"""

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import openpyxl
from defusedxml.ElementTree import iterparse
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import rules, spreadsheets, text
from .models import Gender, Member, Membership, Situation

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Members are imported by the committee that keeps their records: a grassroots committee (the
# seeds' whole bloc committee, 108 grassroots organisations, has 8,236 members; its largest
# grassroots committees a few hundred) or a branch under it. 5,000 rows is well above any of
# them and keeps one import to a few seconds of the worker; a bloc committee imports per
# grassroots organisation, or in two files.
MAX_ROWS = 5_000
HEADER_SCAN_ROWS = 10  # a title may stand above the header row
# The rows of the sheet, blank ones included, read before giving up: the header, the title
# above it, and MAX_ROWS members.
MAX_SHEET_ROWS = MAX_ROWS + HEADER_SCAN_ROWS
MAX_COLUMNS = 60  # the layout has 13; room for a few notes columns a clerk added and deletes
# What the workbook may unpack to, all parts together (the sheet, the shared strings, styles):
# a 5,000-row member list is about 3.5 MB of XML. Checked on the sizes the zip's directory
# declares, before any XML is parsed: Python's zipfile never inflates a part beyond its
# declared size (a part that lies about it fails its CRC check instead), so a zip bomb is
# refused without being inflated.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_PARTS = 1_000  # an .xlsx has a dozen or two
# Cells (and distinct texts) a sheet may hold: every row of the limit filled to the last column.
MAX_CELLS = MAX_SHEET_ROWS * MAX_COLUMNS
PROGRESS_EVERY = 250  # rows read between two progress reports
# A plausibility check against typing errors, not the Charter's admission age (18).
MIN_AGE_AT_JOINING = 16
DEFAULT_ETHNICITY = "Kinh"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEMBERS_SHEET = "Danh sách đảng viên"
GUIDE_SHEET = "Hướng dẫn"


@dataclass(frozen=True)
class Column:
    key: str  # a Member field, or "row_number" / "organization"
    header: str
    required: bool  # the column must be present and its cell filled
    width: int
    guide: str  # for the "Hướng dẫn" sheet of the template


COLUMNS = (
    Column("row_number", "STT", False, 6, "Số thứ tự. Không bắt buộc, không được lưu."),
    Column("full_name", "Họ và tên", True, 28, "Bắt buộc."),
    Column("gender", "Giới tính", True, 10, "Bắt buộc: Nam hoặc Nữ."),
    Column("date_of_birth", "Ngày sinh", True, 12,
           "Bắt buộc. Ô ngày tháng của Excel, hoặc chữ dạng dd/mm/yyyy (ví dụ 05/09/1980)."),
    Column("ethnicity", "Dân tộc", False, 12, "Để trống: Kinh."),
    Column("joined_on", "Ngày vào Đảng", True, 14,
           "Bắt buộc, dd/mm/yyyy. Ít nhất 16 năm sau ngày sinh, không sau ngày hôm nay."),
    Column("official_on", "Ngày chính thức", False, 14,
           "dd/mm/yyyy. Không trước ngày vào Đảng, không sau ngày hôm nay. Để trống khi còn dự bị."),
    Column("membership", "Chính thức/Dự bị", False, 16,
           "Bắt buộc: Chính thức hoặc Dự bị. (Tệp theo mẫu cũ không có cột này: xem cột Tình trạng.)"),
    Column("situation", "Tình trạng", False, 26,
           "Để trống: sinh hoạt bình thường. Hoặc một trong: Miễn sinh hoạt, Sinh hoạt tạm thời nơi khác, "
           "Đình chỉ sinh hoạt (áp dụng cho cả đảng viên chính thức và dự bị). Tệp theo mẫu cũ chỉ có cột "
           "Tình trạng, ghi một trong: Chính thức, Dự bị, Miễn sinh hoạt, Sinh hoạt tạm thời nơi khác, "
           "Đình chỉ sinh hoạt; ba tình trạng sau được hiểu là đảng viên chính thức."),
    Column("party_card_number", "Số thẻ đảng viên", False, 16,
           "Không bắt buộc. Hai đảng viên không có cùng số thẻ. Dùng để nhận ra đảng viên đã có."),
    Column("occupation", "Chức vụ, nghề nghiệp", False, 28, "Không bắt buộc."),
    Column("organization", "Tổ chức đảng", False, 30,
           "Tên một tổ chức đảng thuộc tổ chức đang nhập (kể cả chính nó). "
           "Để trống: đảng viên mới vào tổ chức đang nhập; đảng viên đã có ở nguyên chỗ cũ."),
    Column("notes", "Ghi chú", False, 30, "Không bắt buộc."),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}

GENDER_WORDS = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}
MEMBERSHIP_WORDS = {Membership.OFFICIAL: "Chính thức", Membership.PROBATIONARY: "Dự bị"}
SITUATION_WORDS = {
    Situation.NONE: "Sinh hoạt bình thường",
    Situation.EXEMPT: "Miễn sinh hoạt",
    Situation.TRANSFERRED_TEMPORARILY: "Sinh hoạt tạm thời nơi khác",
    Situation.SUSPENDED: "Đình chỉ sinh hoạt",
}
# The words of the old layout's one "Tình trạng" column (before issue 13), which mixed the two
# facts: each stands for the (membership, situation) pair branches.rules.STATUS_SPLIT gives it.
OLD_STATUS_WORDS = {
    "official": "Chính thức",
    "probationary": "Dự bị",
    rules.EXEMPT: "Miễn sinh hoạt",
    rules.TRANSFERRED_TEMPORARILY: "Sinh hoạt tạm thời nơi khác",
    rules.SUSPENDED: "Đình chỉ sinh hoạt",
}
_GENDERS = {text.fold(word): value for value, word in GENDER_WORDS.items()}
_MEMBERSHIPS = {text.fold(word): value for value, word in MEMBERSHIP_WORDS.items()}
# The full wording of the Charter's guidance (docs/domain.md §1.4) is accepted for "exempt".
_EXEMPT_WORDINGS = {
    "mien cong tac va sinh hoat dang": Situation.EXEMPT,
    "duoc mien cong tac va sinh hoat dang": Situation.EXEMPT,
}
_SITUATIONS = {text.fold(word): value for value, word in SITUATION_WORDS.items()} | _EXEMPT_WORDINGS
_OLD_STATUSES = {text.fold(word): rules.split_status(value) for value, word in OLD_STATUS_WORDS.items()} | {
    key: rules.split_status(value) for key, value in _EXEMPT_WORDINGS.items()
}

# Member fields an import writes, in the order the preview lists changes.
MEMBER_FIELDS = (
    "full_name", "gender", "date_of_birth", "ethnicity", "joined_on", "official_on", "membership",
    "situation", "party_card_number", "occupation", "notes",
)
_TEXT_FIELDS = ("full_name", "ethnicity", "party_card_number", "occupation", "notes")
_DATE_FIELDS = ("date_of_birth", "joined_on", "official_on")


def _header_key(value) -> str:
    """Headers compare without accents, case, punctuation or extra spaces."""
    return re.sub(r"[^0-9a-z]+", " ", text.fold(str(value))).strip()


_HEADERS = {_header_key(c.header): c for c in COLUMNS} | {
    _header_key("TT"): COLUMN_BY_KEY["row_number"],
    _header_key("Họ tên"): COLUMN_BY_KEY["full_name"],
}
_NAME_HEADER = _header_key(COLUMN_BY_KEY["full_name"].header)


def column_for_header(value) -> Column | None:
    """The layout's column a header cell names, whatever its accents, case and punctuation."""
    return _HEADERS.get(_header_key(value))


# --- What comes in and what goes out -----------------------------------------------------------


@dataclass(frozen=True)
class OrgRef:
    """An organisation as the rules see it."""

    id: int
    name: str
    is_active: bool = True


@dataclass(frozen=True)
class RowError:
    row: int | None  # the Excel row number; None: the whole file
    message: str

    def __str__(self):
        if self.row is None:
            return self.message
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


class ImportRefused(ValidationError):
    """The file (or the import) cannot be accepted; nothing was saved."""

    def __init__(self, errors: list[RowError]):
        self.row_errors = sorted(errors, key=lambda e: (e.row or 0))
        super().__init__([str(e) for e in self.row_errors])


@dataclass
class ImportRow:
    """One checked row: the Member fields of the columns the file has, and where it goes."""

    row: int
    values: dict
    organization: OrgRef | None = None  # named in the file; None: not named

    @property
    def name_key(self) -> tuple[str, dt.date]:
        return identity_key(self.values["full_name"], self.values["date_of_birth"])

    @property
    def status_label(self) -> str:
        """Official or probationary and the situation, as the row gives them (a new member
        without them: official, as usual)."""
        return status_label(self.values.get("membership"), self.values.get("situation"))


def status_label(membership: str | None, situation: str | None) -> str:
    membership = membership or Membership.OFFICIAL
    situation = situation or Situation.NONE
    label = display_value("membership", membership)
    if situation != Situation.NONE:
        label = f"{label} · {display_value('situation', situation)}"
    return label


@dataclass
class Parsed:
    rows: list[ImportRow]
    errors: list[RowError]
    columns: tuple[str, ...] = ()  # the keys of the columns the file has


@dataclass(frozen=True)
class ExistingMember:
    """A member already stored, as the matching rules see it."""

    id: int
    organization: OrgRef
    in_subtree: bool
    values: Mapping  # MEMBER_FIELDS


@dataclass(frozen=True)
class Change:
    field: str
    old: object
    new: object

    @property
    def label(self):
        return Member._meta.get_field(self.field).verbose_name

    @property
    def old_display(self) -> str:
        return display_value(self.field, self.old)

    @property
    def new_display(self) -> str:
        return display_value(self.field, self.new)


@dataclass
class PlannedRow:
    row: ImportRow
    organization: OrgRef  # where the member is, or will be
    member_id: int | None = None
    changes: list[Change] = field(default_factory=list)


@dataclass
class ImportPlan:
    new: list[PlannedRow] = field(default_factory=list)
    updated: list[PlannedRow] = field(default_factory=list)
    unchanged: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.updated)


def identity_key(full_name: str, date_of_birth: dt.date) -> tuple[str, dt.date]:
    """What identifies a member without a Party card number: folded name and date of birth."""
    return text.fold(full_name), date_of_birth


def organization_index(organizations: Iterable[OrgRef]) -> dict[str, OrgRef | None]:
    """Folded name -> organisation; None where two organisations share a name."""
    index: dict[str, OrgRef | None] = {}
    for org in organizations:
        key = text.fold(org.name)
        index[key] = None if key in index else org
    return index


def display_value(field_name: str, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if field_name == "gender":
        return str(Gender(value).label)
    if field_name == "membership":
        return str(Membership(value).label)
    if field_name == "situation":
        return str(Situation(value).label)
    return str(value)


# --- Reading ------------------------------------------------------------------------------------


def _not_xlsx() -> "ImportRefused":
    return ImportRefused([RowError(None, _(
        "This file is not an Excel workbook (.xlsx). Download the template, copy the members "
        "into it and upload it again."
    ))])


def _too_many_rows() -> "ImportRefused":
    return ImportRefused([RowError(None, _(
        "The sheet goes beyond row %(rows)s (empty rows count too). A file holds at most %(limit)s "
        "members: split it into several files, or delete the empty rows below the members."
    ) % {"rows": text.format_number(MAX_SHEET_ROWS), "limit": text.format_number(MAX_ROWS)})])


def _too_many_columns() -> "ImportRefused":
    return ImportRefused([RowError(None, _(
        "The sheet uses more than %(limit)s columns. Delete the columns that are not in the "
        "template (it has %(layout)s)."
    ) % {"limit": MAX_COLUMNS, "layout": len(COLUMNS)})])


def check_archive(data: bytes) -> None:
    """Refuse, before openpyxl reads anything, a workbook that would unpack or parse to too much:

    - more than MAX_PARTS parts, or more than MAX_UNZIPPED_BYTES declared in all (the zip's
      directory alone);
    - a sheet that declares no used range (<dimension>) yet holds more than MAX_SHEET_ROWS rows,
      blank ones counted, or MAX_CELLS cells: openpyxl parses such a sheet to its end on
      opening the workbook, looking for the range, so it is counted here first, and the count
      stops at the limit;
    - more than MAX_CELLS shared texts (openpyxl reads them all on opening).
    """
    if data.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE file: .xls, or an encrypted .xlsx
        raise ImportRefused([RowError(None, _(
            "This is an old Excel file (.xls) or a password-protected workbook. Open it in Excel, "
            "save it as an Excel Workbook (.xlsx) without a password and upload it again."
        ))])
    if not data.startswith(b"PK\x03\x04"):
        raise _not_xlsx()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_PARTS:
                raise _not_xlsx()
            unzipped = sum(part.file_size for part in parts)
            if unzipped > MAX_UNZIPPED_BYTES:
                raise ImportRefused([RowError(None, _(
                    "The workbook unpacks to %(size)s MB, more than the %(limit)s MB accepted. Keep only "
                    "the member list in it (no other sheets or pictures), or split it into several files."
                ) % {"size": text.format_number(unzipped // (1024 * 1024)),
                     "limit": MAX_UNZIPPED_BYTES // (1024 * 1024)})])
            for part in parts:
                name = part.filename.lower()
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    with archive.open(part) as stream:
                        _count_sheet(stream)
                elif name == "xl/sharedstrings.xml":
                    with archive.open(part) as stream:
                        _count_shared_strings(stream)
    except ImportRefused:
        raise
    except Exception as error:  # noqa: BLE001 - a broken zip or broken XML, untrusted bytes
        raise _not_xlsx() from error


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _count_sheet(stream) -> None:
    """Stop at the sheet's declared range (openpyxl then reads no further on opening); without
    one, count its rows (by their numbers: <row r="10000000"> is row 10,000,000) and cells."""
    row = cells = 0
    for _event, element in iterparse(stream, events=("end",)):
        tag = _local(element.tag)
        if tag == "dimension":  # an empty element: it ends where it starts, before the rows
            return
        if tag == "row":
            row = max(row + 1, int(element.get("r") or 0))
            if row > MAX_SHEET_ROWS:
                raise _too_many_rows()
            element.clear()
        elif tag == "c":
            cells += 1
            if cells > MAX_CELLS:
                raise _too_many_columns()
        elif tag == "sheetData":
            return


def _count_shared_strings(stream) -> None:
    count = 0
    for _event, element in iterparse(stream, events=("end",)):
        if _local(element.tag) == "si":
            count += 1
            if count > MAX_CELLS:
                raise _too_many_columns()
            element.clear()


def check_dimensions(rows: int | None, columns: int | None) -> None:
    """Refuse a sheet whose declared used range (its <dimension>) is beyond the limits. A sheet
    may declare none: reading then counts (read_sheet)."""
    if rows is not None and rows > MAX_SHEET_ROWS:
        raise _too_many_rows()
    if columns is not None and columns > MAX_COLUMNS:
        raise _too_many_columns()


def read_sheet(data: bytes, *, progress: Callable[[int, int | None], None] | None = None) -> list[tuple[int, tuple]]:
    """The (Excel row number, cell values) of the first sheet's filled rows. Refuses what is not
    an .xlsx, and what is beyond the limits (check_archive, check_dimensions), without reading
    further than MAX_SHEET_ROWS rows, blank ones counted.

    `progress(rows read, rows declared or None)` is called every PROGRESS_EVERY rows."""
    check_archive(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            declared = sheet.max_row
            check_dimensions(declared, sheet.max_column)
            sheet.reset_dimensions()  # some writers store too small dimensions; read every row
            rows = []
            # One column more than the limit: a value there refuses the file instead of being lost.
            for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True), 1):
                if number > MAX_SHEET_ROWS:
                    raise _too_many_rows()
                if progress is not None and number % PROGRESS_EVERY == 0:
                    progress(number, declared)
                if all(_is_blank(v) for v in values):
                    continue
                if not _is_blank(values[MAX_COLUMNS]):
                    raise _too_many_columns()
                rows.append((number, values[:MAX_COLUMNS]))
        finally:
            workbook.close()
    except ImportRefused:
        raise
    except Exception as error:  # noqa: BLE001 - untrusted bytes in a third-party parser
        # A zip that is not a workbook, broken XML, an .ods renamed: openpyxl raises many kinds
        # of errors, and none of them may become a server error.
        raise _not_xlsx() from error
    return rows


def _is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_sheet(
    rows: list[tuple[int, tuple]],
    *,
    organizations: Mapping[str, OrgRef | None],
    default_organization: OrgRef,
    today: dt.date,
) -> Parsed:
    """Check the header and every row. `organizations` maps folded names of the importing
    organisation's subtree (itself included) to organisations (see organization_index)."""
    header_at = _find_header(rows)
    if header_at is None:
        return Parsed([], [RowError(None, _("The file is empty."))])
    header_number, header = rows[header_at]
    positions, errors = _read_header(header_number, header)
    if errors:
        return Parsed([], errors)
    data_rows = [
        (number, values) for number, values in rows[header_at + 1:]
        if any(not _is_blank(values[i]) for i in positions.values() if i < len(values)
               and i != positions.get("row_number"))
    ]
    errors.extend(_unheaded_values(header, rows[header_at + 1:]))
    if not data_rows:
        errors.append(RowError(None, _("The file has no member rows under the header.")))
        return Parsed([], errors)
    if len(data_rows) > MAX_ROWS:
        errors.append(RowError(None, _("The file has more than %(limit)s rows. Split it into several files.")
                               % {"limit": text.format_number(MAX_ROWS)}))
        return Parsed([], errors)

    parsed: list[ImportRow] = []
    for number, values in data_rows:
        cells = {key: values[i] if i < len(values) else None for key, i in positions.items()}
        row, row_errors = _parse_row(number, cells, organizations, default_organization, today)
        errors.extend(row_errors)
        if row is not None:
            parsed.append(row)
    errors.extend(_duplicates(parsed))
    return Parsed(parsed, errors, tuple(k for k in COLUMN_BY_KEY if k in positions))


def parse_workbook(data: bytes, *, progress: Callable[[int, int | None], None] | None = None, **lookups) -> Parsed:
    """read_sheet then parse_sheet; a file that cannot be read comes back as errors too."""
    try:
        rows = read_sheet(data, progress=progress)
    except ImportRefused as refused:
        return Parsed([], refused.row_errors)
    return parse_sheet(rows, **lookups)


def _unheaded_values(header: tuple, rows: list[tuple[int, tuple]]) -> list[RowError]:
    """Values under a column without a header would be lost without a word: refuse them."""
    errors, seen = [], set()
    for number, values in rows:
        for index, value in enumerate(values):
            if index in seen or _is_blank(value):
                continue
            if index >= len(header) or _is_blank(header[index]):
                seen.add(index)
                errors.append(RowError(number, _(
                    "Column %(column)s holds values but has no header. Give it one of the "
                    "layout's headers or delete it."
                ) % {"column": get_column_letter(index + 1)}))
    return errors


def _find_header(rows: list[tuple[int, tuple]]) -> int | None:
    """The row holding "Họ và tên" among the first filled rows (a title may stand above it);
    else the first filled row, whose headers will then be reported. Blank rows are not in `rows`."""
    if not rows:
        return None
    for index, (_number, values) in enumerate(rows[:HEADER_SCAN_ROWS]):
        if any(not _is_blank(v) and _header_key(v) == _NAME_HEADER for v in values):
            return index
    return 0


def _read_header(number: int, header: tuple) -> tuple[dict[str, int], list[RowError]]:
    positions: dict[str, int] = {}
    unknown, repeated = [], []
    for index, value in enumerate(header):
        if _is_blank(value):
            continue
        column = column_for_header(value)
        if column is None:
            unknown.append(str(value).strip())
        elif column.key in positions:
            repeated.append(column.header)
        else:
            positions[column.key] = index
    errors = []
    if unknown:
        errors.append(RowError(number, _(
            "Unknown columns: %(columns)s. The columns are: %(allowed)s."
        ) % {"columns": ", ".join(unknown), "allowed": ", ".join(c.header for c in COLUMNS)}))
    if repeated:
        errors.append(RowError(number, _("These columns appear more than once: %(columns)s.")
                               % {"columns": ", ".join(repeated)}))
    missing = [c.header for c in COLUMNS if c.required and c.key not in positions]
    if "membership" not in positions and "situation" not in positions:
        # A file of the old layout has "Tình trạng" alone (_parse_facts reads it): either will do.
        missing.append(COLUMN_BY_KEY["membership"].header)
    if missing:
        errors.append(RowError(number, _("Missing required columns: %(columns)s.")
                               % {"columns": ", ".join(missing)}))
    return positions, errors


class _CellError(Exception):
    pass


def _text(value, *, keep_lines: bool = False) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed into a text column (a card number)
    elif isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if keep_lines:
        return str(value).strip()
    return " ".join(str(value).split())


_DATE_TEXT = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(value) -> dt.date | None:
    """An Excel date, or text dd/mm/yyyy (also d/m/yyyy, with - or .); None when blank."""
    if _is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        raw = value.strip()
        if match := _DATE_TEXT.fullmatch(raw):
            day, month, year = (int(g) for g in match.groups())
        elif match := _ISO_DATE.fullmatch(raw):
            year, month, day = (int(g) for g in match.groups())
        else:
            raise _CellError
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise _CellError from None
    raise _CellError  # a bare number, a time, a boolean


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _parse_row(number, cells, organizations, default_organization, today):
    errors: list[str] = []
    values: dict = {}

    def header(key):
        return COLUMN_BY_KEY[key].header

    for key in _TEXT_FIELDS:
        if key not in cells:
            continue
        value = _text(cells[key], keep_lines=key == "notes")
        limit = Member._meta.get_field(key).max_length
        if limit and len(value) > limit:
            errors.append(_("%(column)s is longer than %(limit)s characters.")
                          % {"column": header(key), "limit": limit})
        values[key] = value
    if not values["full_name"]:
        errors.append(_("%(column)s is empty.") % {"column": header("full_name")})
    if "ethnicity" in values and not values["ethnicity"]:
        values["ethnicity"] = DEFAULT_ETHNICITY

    raw = _text(cells["gender"])
    if not raw:
        errors.append(_("%(column)s is empty.") % {"column": header("gender")})
    elif text.fold(raw) not in _GENDERS:
        errors.append(_("%(column)s: “%(value)s” is not one of: %(allowed)s.") % {
            "column": header("gender"), "value": raw, "allowed": ", ".join(GENDER_WORDS.values()),
        })
    else:
        values["gender"] = str(_GENDERS[text.fold(raw)])
    errors.extend(_parse_facts(cells, values))

    for key in _DATE_FIELDS:
        if key not in cells:
            continue
        try:
            values[key] = parse_date(cells[key])
        except _CellError:
            errors.append(_("%(column)s: “%(value)s” is not a date (write dd/mm/yyyy).")
                          % {"column": header(key), "value": _text(cells[key])})
            continue
        if values[key] is None and COLUMN_BY_KEY[key].required:
            errors.append(_("%(column)s is empty.") % {"column": header(key)})
    errors.extend(_date_problems(values, today))

    organization = None
    if "organization" in cells:
        name = _text(cells["organization"])
        if name:
            key = text.fold(name)
            if key not in organizations:
                errors.append(_(
                    "%(column)s: “%(name)s” is not %(importing)s nor an organisation under it."
                ) % {"column": header("organization"), "name": name, "importing": default_organization.name})
            elif organizations[key] is None:
                errors.append(_(
                    "%(column)s: several organisations under %(importing)s are named “%(name)s”. "
                    "Import into the right one directly, leaving this cell empty."
                ) % {"column": header("organization"), "name": name, "importing": default_organization.name})
            elif not organizations[key].is_active:
                errors.append(_("%(column)s: “%(name)s” is inactive and cannot receive members.")
                              % {"column": header("organization"), "name": organizations[key].name})
            else:
                organization = organizations[key]
    if errors:
        return None, [RowError(number, message) for message in errors]
    return ImportRow(number, values, organization), []


def _not_one_of(key: str, raw: str, words) -> str:
    return _("%(column)s: “%(value)s” is not one of: %(allowed)s.") % {
        "column": COLUMN_BY_KEY[key].header, "value": raw, "allowed": ", ".join(words),
    }


def _parse_facts(cells: dict, values: dict) -> list[str]:
    """Official or probationary, and the situation (docs/domain.md §1.4), into `values`; the
    problems. The layout has a column for each; a file of the old layout has "Tình trạng" alone,
    holding one of the old five statuses, read as the two facts it meant (OLD_STATUS_WORDS)."""
    errors = []
    situation_raw = _text(cells["situation"]) if "situation" in cells else ""
    if "membership" in cells:
        raw = _text(cells["membership"])
        if not raw:
            errors.append(_("%(column)s is empty.") % {"column": COLUMN_BY_KEY["membership"].header})
        elif text.fold(raw) not in _MEMBERSHIPS:
            errors.append(_not_one_of("membership", raw, MEMBERSHIP_WORDS.values()))
        else:
            values["membership"] = str(_MEMBERSHIPS[text.fold(raw)])
        if "situation" in cells:
            if not situation_raw:
                values["situation"] = str(Situation.NONE)
            elif text.fold(situation_raw) not in _SITUATIONS:
                errors.append(_not_one_of("situation", situation_raw, SITUATION_WORDS.values()))
            else:
                values["situation"] = str(_SITUATIONS[text.fold(situation_raw)])
        return errors
    # The old layout: "Tình trạng" alone.
    if not situation_raw:
        errors.append(_("%(column)s is empty.") % {"column": COLUMN_BY_KEY["situation"].header})
    elif text.fold(situation_raw) in _OLD_STATUSES:
        values["membership"], values["situation"] = _OLD_STATUSES[text.fold(situation_raw)]
    elif text.fold(situation_raw) == text.fold(SITUATION_WORDS[Situation.NONE]):
        values["situation"] = str(Situation.NONE)
    else:
        errors.append(_not_one_of("situation", situation_raw, OLD_STATUS_WORDS.values()))
    return errors


def _date_problems(values: dict, today: dt.date) -> list[str]:
    born, joined, official = (values.get(k) for k in _DATE_FIELDS)
    problems = []
    if born and born > today:
        problems.append(_("The date of birth is in the future."))
    if joined:
        if joined > today:
            problems.append(_("The date of joining the Party is in the future."))
        if born and joined < add_years(born, MIN_AGE_AT_JOINING):
            problems.append(_(
                "The date of joining the Party (%(joined)s) is less than %(years)s years after "
                "the date of birth (%(born)s)."
            ) % {"joined": display_value("", joined), "born": display_value("", born),
                 "years": MIN_AGE_AT_JOINING})
    if official:
        if official > today:
            problems.append(_("The date of becoming official is in the future."))
        if joined and official < joined:
            problems.append(_("The date of becoming official (%(official)s) precedes the date of "
                              "joining the Party (%(joined)s).")
                            % {"official": display_value("", official), "joined": display_value("", joined)})
    return problems


def _duplicates(rows: list[ImportRow]) -> list[RowError]:
    errors = []
    by_card: dict[str, int] = {}
    by_name: dict[tuple, int] = {}
    for row in rows:
        card = row.values.get("party_card_number", "")
        if card:
            if card in by_card:
                errors.append(RowError(row.row, _("Same Party card number (%(card)s) as row %(other)s.")
                                       % {"card": card, "other": by_card[card]}))
                continue
            by_card[card] = row.row
        if row.name_key in by_name:
            errors.append(RowError(row.row, _("Same full name and date of birth as row %(other)s.")
                                   % {"other": by_name[row.name_key]}))
            continue
        by_name[row.name_key] = row.row
    return errors


# --- Matching with the stored members ------------------------------------------------------------


def plan_import(
    rows: list[ImportRow],
    *,
    default_organization: OrgRef,
    organizations: Mapping[str, OrgRef | None],
    by_card: Mapping[str, ExistingMember],
    by_name: Mapping[tuple[str, dt.date], list[ExistingMember]],
) -> ImportPlan:
    """Which rows are new members, which update a stored one (and what changes), which change
    nothing. A row matches by Party card number when it has one; otherwise (or when no member
    has that number) by folded full name and date of birth within the importing subtree.

    `by_card` holds every stored member whose card number appears in `rows`, wherever they are;
    `by_name` the subtree's members by identity_key().
    """
    plan = ImportPlan()
    receiving = {org.id for org in organizations.values() if org and org.is_active}
    matched: dict[int, int] = {}  # member id -> row
    for row in rows:
        if row.organization is not None and row.organization.id not in receiving:
            plan.errors.append(RowError(row.row, _(
                "“%(name)s” is no longer an active organisation under %(importing)s."
            ) % {"name": row.organization.name, "importing": default_organization.name}))
            continue
        card = row.values.get("party_card_number", "")
        member = None
        if card and card in by_card:
            member = by_card[card]
            if not member.in_subtree:
                plan.errors.append(RowError(row.row, _(
                    "The Party card number %(card)s belongs to a member outside %(importing)s."
                ) % {"card": card, "importing": default_organization.name}))
                continue
        else:
            candidates = by_name.get(row.name_key, [])
            if len(candidates) > 1:
                plan.errors.append(RowError(row.row, _(
                    "Several members under %(importing)s have this full name and date of birth. "
                    "Give the Party card number to say which one."
                ) % {"importing": default_organization.name}))
                continue
            member = candidates[0] if candidates else None

        if member is None:
            target = row.organization or default_organization
            if not target.is_active:
                plan.errors.append(RowError(row.row, _("“%(name)s” is inactive and cannot receive members.")
                                            % {"name": target.name}))
                continue
            plan.new.append(PlannedRow(row, target))
            continue

        if member.id in matched:
            plan.errors.append(RowError(row.row, _("This row and row %(other)s are the same member.")
                                        % {"other": matched[member.id]}))
            continue
        matched[member.id] = row.row
        if row.organization is not None and row.organization.id != member.organization.id:
            plan.errors.append(RowError(row.row, _(
                "This member is active in “%(current)s”, not “%(named)s”. Record a transfer "
                "first: an import does not move members."
            ) % {"current": member.organization.name, "named": row.organization.name}))
            continue
        changes = [
            Change(name, member.values[name], value)
            for name, value in row.values.items()
            # An empty card cell keeps the stored number: it identifies the member.
            if member.values[name] != value and not (name == "party_card_number" and not value)
        ]
        changes.sort(key=lambda c: MEMBER_FIELDS.index(c.field))
        planned = PlannedRow(row, member.organization, member.id, changes)
        (plan.updated if changes else plan.unchanged).append(planned)
    return plan


def validation_errors(row: int, error: ValidationError) -> list[RowError]:
    """A model's full_clean() refusal as row errors."""
    if not hasattr(error, "error_dict"):
        return [RowError(row, message) for message in error.messages]
    errors = []
    for name, messages in error.message_dict.items():
        for message in messages:
            if name == NON_FIELD_ERRORS:
                errors.append(RowError(row, message))
            else:
                label = capfirst(Member._meta.get_field(name).verbose_name)
                errors.append(RowError(row, f"{label}: {message}"))
    return errors


# --- What a check found, kept for the preview ------------------------------------------------


def check_result(errors: list[RowError], plan: ImportPlan | None) -> dict:
    """What a check found, as JSON for the import's status row (MemberImportJob.result): the
    problems, or what the import would do. Values are kept, not labels, so that the preview
    reads in the language of whoever looks at it; messages are in the worker's language."""
    if errors or plan is None:
        return {"errors": [{"row": e.row, "message": e.message} for e in errors]}
    return {
        "errors": [],
        "new": [
            {"row": p.row.row, "full_name": p.row.values["full_name"],
             "date_of_birth": p.row.values["date_of_birth"].isoformat(),
             "membership": p.row.values.get("membership") or "", "situation": p.row.values.get("situation") or "",
             "organization": p.organization.name}
            for p in plan.new
        ],
        "updated": [
            {"row": p.row.row, "member_id": p.member_id, "full_name": p.row.values["full_name"],
             "changes": [{"field": c.field, "old": _json_value(c.old), "new": _json_value(c.new)} for c in p.changes]}
            for p in plan.updated
        ],
        "unchanged": len(plan.unchanged),
    }


def _json_value(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def stored_display(field_name: str, value) -> str:
    """A value check_result() kept, as display_value() shows it (in the reader's language)."""
    if field_name in _DATE_FIELDS and isinstance(value, str) and value:
        value = dt.date.fromisoformat(value)
    return display_value(field_name, value)


# --- Writing ------------------------------------------------------------------------------------


def member_cells(member, number: int) -> list:
    """One member (a Member with its organisation loaded) as a row of the layout."""
    values = {
        "row_number": number,
        "gender": GENDER_WORDS.get(member.gender, member.gender),
        "membership": MEMBERSHIP_WORDS.get(member.membership, member.membership),
        # Left empty for "as usual", as the guide says: the column then reads like a list of exceptions.
        "situation": "" if member.situation == Situation.NONE else SITUATION_WORDS.get(member.situation, member.situation),
        "organization": member.organization.name,
    }
    return [values[c.key] if c.key in values else getattr(member, c.key) for c in COLUMNS]


def write_members(members: Iterable) -> bytes:
    """The export: every member of `members` in the import layout."""
    return _workbook(member_cells(m, n) for n, m in enumerate(members, 1))


def write_template() -> bytes:
    """An empty file to fill in: the header, one example row, and a sheet explaining the columns."""
    example = {
        "row_number": 1, "full_name": "Nguyễn Văn A", "gender": "Nam",
        "date_of_birth": dt.date(1980, 9, 5), "ethnicity": "Kinh", "joined_on": dt.date(2005, 3, 2),
        "official_on": dt.date(2006, 3, 2), "membership": "Chính thức", "situation": "", "party_card_number": "",
        "occupation": "Chuyên viên", "organization": "", "notes": "",
    }
    return _workbook([[example[c.key] for c in COLUMNS]], guide=True)


def _workbook(rows: Iterator[list] | list[list], *, guide: bool = False) -> bytes:
    workbook = spreadsheets.Workbook()
    sheet = workbook.active
    sheet.title = MEMBERS_SHEET
    sheet.append([c.header for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    card_index = [c.key for c in COLUMNS].index("party_card_number")
    for values in rows:
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
        sheet.cell(sheet.max_row, card_index + 1).number_format = "@"  # keep leading zeros
    if guide:
        notes = workbook.create_sheet(GUIDE_SHEET)
        notes.append(["Cột", "Bắt buộc", "Cách ghi"])
        for cell in notes[1]:
            cell.font = Font(bold=True)
        for column in COLUMNS:
            notes.append([column.header, "Có" if column.required else "Không", column.guide])
        for line in (
            "",
            "Tên cột không phân biệt chữ hoa, chữ thường, có dấu hay không dấu; thứ tự cột tuỳ ý. "
            "Không thêm cột khác.",
            "Đảng viên đã có được nhận ra theo số thẻ đảng viên; không có số thẻ thì theo họ tên "
            "và ngày sinh, trong tổ chức đang nhập và các tổ chức trực thuộc.",
            "Tệp có lỗi thì không lưu gì: sửa các dòng được báo lỗi rồi tải lên lại.",
        ):
            notes.append([line])
        notes.column_dimensions["A"].width = 24
        notes.column_dimensions["B"].width = 10
        notes.column_dimensions["C"].width = 90
        for row in notes.iter_rows(min_row=2):
            row[-1].alignment = Alignment(wrap_text=True, vertical="top")
    return spreadsheets.as_bytes(workbook)
