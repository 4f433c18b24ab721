"""The Excel layout and its rules, without a database (branches/imports.py)."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from branches import imports
from branches.imports import ExistingMember, ImportRow, OrgRef, organization_index, parse_workbook, plan_import
from branches.models import Member
from branches.tests.xlsx import HEADERS, read, row, workbook

TODAY = dt.date(2026, 6, 1)
SUPERIOR = OrgRef(1, "Đảng bộ phường Kỳ Trinh")
BRANCH = OrgRef(2, "Chi bộ TDP Hoàng Trinh")
CLOSED = OrgRef(3, "Chi bộ Giải thể", is_active=False)
ORGS = organization_index([SUPERIOR, BRANCH, CLOSED])


pytestmark = pytest.mark.usefixtures("english")


def parse(data: bytes, organizations=ORGS):
    return parse_workbook(data, organizations=organizations, default_organization=SUPERIOR, today=TODAY)


def messages(parsed) -> list[tuple]:
    return [(e.row, e.message) for e in parsed.errors]


def test_a_valid_row_becomes_member_fields():
    parsed = parse(workbook([row(party_card_number=12345678, organization="chi bo tdp hoang trinh")]))
    assert parsed.errors == []
    [only] = parsed.rows
    assert only.row == 2
    assert only.organization == BRANCH
    assert only.values == {
        "full_name": "Lê Thị Hoa", "gender": "female", "date_of_birth": dt.date(1985, 4, 12),
        "ethnicity": "Kinh", "joined_on": dt.date(2010, 5, 20), "official_on": dt.date(2011, 5, 20),
        "membership": "official", "situation": "none", "party_card_number": "12345678", "occupation": "Giáo viên",
        "notes": "",
    }


@pytest.mark.parametrize(("membership", "situation", "facts"), [
    ("Chính thức", "", ("official", "none")), ("CHINH THUC", None, ("official", "none")),
    ("dự bị", "Sinh hoạt bình thường", ("probationary", "none")),
    ("Chính thức", "Mien sinh hoat", ("official", "exempt")),
    ("Dự bị", "Sinh hoạt tạm thời nơi khác", ("probationary", "transferred_temporarily")),
    ("Chính thức", "  Đình   chỉ sinh hoạt ", ("official", "suspended")),
    ("Dự bị", "Miễn công tác và sinh hoạt đảng", ("probationary", "exempt")),
])
def test_the_two_facts_match_without_accents_or_case(membership, situation, facts):
    # docs/domain.md §1.4: official or probationary is one fact, the situation another; a
    # probationary member can be temporarily active elsewhere.
    parsed = parse(workbook([row(membership=membership, situation=situation)]))
    assert parsed.errors == []
    assert (parsed.rows[0].values["membership"], parsed.rows[0].values["situation"]) == facts


OLD_HEADERS = [h for h in HEADERS if h != "Chính thức/Dự bị"]


@pytest.mark.parametrize(("written", "facts"), [
    ("Chính thức", ("official", "none")), ("dự bị", ("probationary", "none")),
    ("Mien sinh hoat", ("official", "exempt")), ("Sinh hoạt tạm thời nơi khác", ("official", "transferred_temporarily")),
    ("  Đình   chỉ sinh hoạt ", ("official", "suspended")), ("Miễn công tác và sinh hoạt đảng", ("official", "exempt")),
])
def test_a_file_of_the_old_one_column_layout_is_read_as_the_migration_reads_old_statuses(written, facts):
    # Before issue 13 "Tình trạng" held one of five statuses; the three situations meant official
    # members (branches.rules.STATUS_SPLIT, as migration 0004_member_situation reads them).
    parsed = parse(workbook([row(situation=written)], headers=OLD_HEADERS))
    assert parsed.errors == []
    assert (parsed.rows[0].values["membership"], parsed.rows[0].values["situation"]) == facts


def test_a_file_with_neither_column_of_the_two_facts_is_refused():
    headers = [h for h in OLD_HEADERS if h != "Tình trạng"]
    assert messages(parse(workbook([row()], headers=headers))) == [(1, "Missing required columns: Chính thức/Dự bị.")]


def test_in_the_new_layout_the_situation_column_takes_situations_only():
    parsed = parse(workbook([row(situation="Dự bị")]))
    assert messages(parsed) == [(2, "Tình trạng: “Dự bị” is not one of: Sinh hoạt bình thường, Miễn sinh hoạt, "
                                    "Sinh hoạt tạm thời nơi khác, Đình chỉ sinh hoạt.")]


@pytest.mark.parametrize(("written", "gender"), [("Nam", "male"), ("nu", "female"), ("NỮ", "female")])
def test_genders_match_without_accents_or_case(written, gender):
    assert parse(workbook([row(gender=written)])).rows[0].values["gender"] == gender


def test_headers_match_in_any_order_case_and_accents_and_optional_columns_may_be_missing():
    headers = ["ngay vao dang", "HỌ VÀ TÊN", "chinh thuc / du bi", "giới  tính", "Ngày sinh"]
    data = workbook([row()], headers=headers)
    parsed = parse(data)
    assert parsed.errors == []
    assert parsed.rows[0].values == {
        "full_name": "Lê Thị Hoa", "gender": "female", "date_of_birth": dt.date(1985, 4, 12),
        "joined_on": dt.date(2010, 5, 20), "membership": "official",
    }


def test_a_title_above_the_header_is_skipped_and_rows_keep_their_excel_numbers():
    data = workbook([row(), row(full_name="Hà Văn Nam", gender="Nam")],
                    above=[["DANH SÁCH ĐẢNG VIÊN"], []])
    parsed = parse(data)
    assert parsed.errors == []
    assert [r.row for r in parsed.rows] == [4, 5]


def test_empty_ethnicity_is_kinh_and_text_dates_in_several_spellings_are_read():
    parsed = parse(workbook([row(ethnicity=None, date_of_birth="5/4/1985", joined_on="20-05-2010", official_on="2011-05-20")]))
    values = parsed.rows[0].values
    assert values["ethnicity"] == "Kinh"
    assert values["date_of_birth"] == dt.date(1985, 4, 5)
    assert values["official_on"] == dt.date(2011, 5, 20)


def test_blank_rows_and_rows_with_only_a_number_are_ignored():
    data = workbook([row(), {"row_number": 2}, {}, row(full_name="Hà Văn Nam", gender="Nam")])
    parsed = parse(data)
    assert parsed.errors == []
    assert [r.row for r in parsed.rows] == [2, 5]


def test_extra_columns_are_refused_by_name():
    parsed = parse(workbook([row()], headers=[*HEADERS, "Quê quán", "Email"]))
    assert parsed.rows == []
    [(number, message)] = messages(parsed)
    assert number == 1
    assert message.startswith("Unknown columns: Quê quán, Email.")


def test_missing_required_columns_are_named():
    headers = [h for h in HEADERS if h not in {"Giới tính", "Ngày vào Đảng"}]
    parsed = parse(workbook([row()], headers=headers))
    assert messages(parsed) == [(1, "Missing required columns: Giới tính, Ngày vào Đảng.")]


def test_a_repeated_column_is_refused():
    parsed = parse(workbook([row()], headers=[*HEADERS, "Ghi chú"]))
    assert messages(parsed) == [(1, "These columns appear more than once: Ghi chú.")]


def test_values_under_a_column_without_header_are_refused():
    data = workbook([row(), {**row(full_name="Hà Văn Nam", gender="Nam"), "": "lost"}], headers=[*HEADERS, ""])
    parsed = parse(data)
    assert messages(parsed) == [(3, "Column N holds values but has no header. Give it one of the layout's headers or delete it.")]


@pytest.mark.parametrize(("cells", "expected"), [
    ({"date_of_birth": "31/02/1985"}, "Ngày sinh: “31/02/1985” is not a date (write dd/mm/yyyy)."),
    ({"joined_on": "sometime in 2010"}, "Ngày vào Đảng: “sometime in 2010” is not a date (write dd/mm/yyyy)."),
    ({"joined_on": 2010}, "Ngày vào Đảng: “2010” is not a date (write dd/mm/yyyy)."),
    ({"joined_on": None}, "Ngày vào Đảng is empty."),
    ({"joined_on": "11/04/2001"}, "The date of joining the Party (11/04/2001) is less than 16 years after the date of birth (12/04/1985)."),
    ({"joined_on": "02/06/2026", "official_on": None}, "The date of joining the Party is in the future."),
    ({"official_on": "19/05/2010"}, "The date of becoming official (19/05/2010) precedes the date of joining the Party (20/05/2010)."),
    ({"official_on": "02/06/2026"}, "The date of becoming official is in the future."),
    ({"date_of_birth": dt.date(2027, 1, 1), "joined_on": None}, "The date of birth is in the future."),
    ({"gender": "Khác"}, "Giới tính: “Khác” is not one of: Nam, Nữ."),
    ({"membership": "Đảng viên"}, "Chính thức/Dự bị: “Đảng viên” is not one of: Chính thức, Dự bị."),
    ({"membership": None}, "Chính thức/Dự bị is empty."),
    ({"situation": "Nghỉ hưu"}, "Tình trạng: “Nghỉ hưu” is not one of: Sinh hoạt bình thường, Miễn sinh hoạt, Sinh hoạt tạm thời nơi khác, Đình chỉ sinh hoạt."),
    ({"full_name": "   "}, "Họ và tên is empty."),
    ({"organization": "Chi bộ Không Có"}, "Tổ chức đảng: “Chi bộ Không Có” is not Đảng bộ phường Kỳ Trinh nor an organisation under it."),
    ({"organization": "Chi bộ Giải thể"}, "Tổ chức đảng: “Chi bộ Giải thể” is inactive and cannot receive members."),
    ({"party_card_number": "1" * 21}, "Số thẻ đảng viên is longer than 20 characters."),
])
def test_a_bad_cell_is_reported_with_its_row(cells, expected):
    parsed = parse(workbook([row(), row(**{"full_name": "Hà Văn Nam", "gender": "Nam", **cells})]))
    assert expected in [m for _, m in messages(parsed)]
    assert {n for n, _ in messages(parsed)} == {3}
    assert [r.row for r in parsed.rows] == [2]  # the good row still reads, for the other checks


def test_the_exact_day_sixteen_years_after_birth_is_accepted():
    parsed = parse(workbook([row(date_of_birth="12/04/1985", joined_on="12/04/2001", official_on=None)]))
    assert parsed.errors == []


def test_an_organisation_name_two_organisations_share_is_ambiguous():
    twins = organization_index([SUPERIOR, OrgRef(5, "Chi bộ 1"), OrgRef(6, "Chi bộ 1")])
    parsed = parse(workbook([row(organization="Chi bộ 1")]), organizations=twins)
    assert "several organisations under Đảng bộ phường Kỳ Trinh are named “Chi bộ 1”" in parsed.errors[0].message


def test_duplicate_rows_in_the_file_are_refused():
    data = workbook([
        row(party_card_number="111"),
        row(full_name="Hà Văn Nam", gender="Nam", party_card_number="111"),
        row(full_name="le thi  hoa", party_card_number="222"),  # same person as row 2 by name and birth
        row(full_name="Lê Thị Hoa", date_of_birth=dt.date(1986, 1, 1)),  # another birth date: fine
    ])
    parsed = parse(data)
    assert messages(parsed) == [
        (3, "Same Party card number (111) as row 2."),
        (4, "Same full name and date of birth as row 2."),
    ]


def test_an_empty_workbook_is_refused():
    assert messages(parse(workbook([], headers=[]))) == [(None, "The file is empty.")]


def test_a_header_without_rows_is_refused():
    assert messages(parse(workbook([]))) == [(None, "The file has no member rows under the header.")]


def _zip_of(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # A fixed date: the bytes are a test id, and xdist's workers must build the same ones.
        archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), content)
    return buffer.getvalue()


@pytest.mark.parametrize("data", [
    b"",
    "Họ và tên,Giới tính\nLê Thị Hoa,Nữ\n".encode(),  # a CSV renamed .xlsx
    b"plain text",
    _zip_of("hello.txt", b"not a workbook"),
    _zip_of("[Content_Types].xml", b"<broken"),
])
def test_what_is_not_an_xlsx_is_refused(data):
    [(number, message)] = messages(parse(data))
    assert number is None
    assert message.startswith("This file is not an Excel workbook (.xlsx).")


def test_an_old_xls_file_gets_its_own_advice():
    [(_, message)] = messages(parse(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600))
    assert message.startswith("This is an old Excel file (.xls)")


def test_the_template_reads_back_as_one_valid_example_row():
    data = imports.write_template()
    parsed = parse(data)
    assert parsed.errors == []
    assert [r.values["full_name"] for r in parsed.rows] == ["Nguyễn Văn A"]
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == [imports.MEMBERS_SHEET, "Hướng dẫn"]
    guide = [r[0] for r in book["Hướng dẫn"].iter_rows(values_only=True)]
    assert all(c.header in guide for c in imports.COLUMNS)


def test_column_lengths_come_from_the_model():
    for name in ("full_name", "ethnicity", "party_card_number", "occupation"):
        assert Member._meta.get_field(name).max_length


# --- plan_import ---------------------------------------------------------------------------------

def _row(number=2, organization=None, **values):
    base = {"full_name": "Lê Thị Hoa", "gender": "female", "date_of_birth": dt.date(1985, 4, 12),
            "joined_on": dt.date(2010, 5, 20), "membership": "official", "situation": "none"}
    return ImportRow(number, {**base, **values}, organization)


def _stored(member_id=10, organization=BRANCH, in_subtree=True, **values):
    base = {"full_name": "Lê Thị Hoa", "gender": "female", "date_of_birth": dt.date(1985, 4, 12),
            "ethnicity": "Kinh", "joined_on": dt.date(2010, 5, 20), "official_on": None,
            "membership": "official", "situation": "none", "party_card_number": "", "occupation": "", "notes": ""}
    return ExistingMember(member_id, organization, in_subtree, {**base, **values})


def plan(rows, stored=()):
    by_card = {m.values["party_card_number"]: m for m in stored if m.values["party_card_number"]}
    by_name = {}
    for m in stored:
        if m.in_subtree:
            by_name.setdefault(imports.identity_key(m.values["full_name"], m.values["date_of_birth"]), []).append(m)
    return plan_import(rows, default_organization=SUPERIOR, organizations=ORGS, by_card=by_card, by_name=by_name)


def test_rows_are_new_updated_or_unchanged():
    result = plan(
        [_row(2), _row(3, full_name="Hà Văn Nam", membership="probationary", situation="exempt"),
         _row(4, full_name="Mai Chí Thọ")],
        [_stored(10), _stored(11, full_name="Hà Văn Nam")],
    )
    assert [p.row.row for p in result.unchanged] == [2]
    [updated] = result.updated
    assert (updated.member_id, [(c.field, c.old, c.new) for c in updated.changes]) == (
        11, [("membership", "official", "probationary"), ("situation", "none", "exempt")],
    )
    assert updated.changes[0].old_display == "Official" and updated.changes[0].new_display == "Probationary"
    assert updated.changes[1].new_display == "Exempt from activities"
    assert updated.row.status_label == "Probationary · Exempt from activities"
    [new] = result.new
    assert (new.row.row, new.organization) == (4, SUPERIOR)


def test_a_card_number_matches_before_the_name():
    result = plan([_row(full_name="Lê Thị Hoà", party_card_number="777")], [_stored(10, party_card_number="777")])
    [updated] = result.updated
    assert [(c.field, c.new) for c in updated.changes] == [("full_name", "Lê Thị Hoà")]


def test_a_card_number_of_a_member_outside_the_subtree_is_refused():
    elsewhere = _stored(99, organization=OrgRef(50, "Chi bộ khác"), in_subtree=False, full_name="Người Khác", party_card_number="777")
    result = plan([_row(party_card_number="777")], [elsewhere])
    assert [(e.row, e.message) for e in result.errors] == [(2, "The Party card number 777 belongs to a member outside Đảng bộ phường Kỳ Trinh.")]
    assert not result.has_changes


def test_a_new_card_number_on_a_member_found_by_name_updates_it_and_an_empty_card_keeps_it():
    result = plan([_row(party_card_number="888")], [_stored(10)])
    assert [(c.field, c.old, c.new) for c in result.updated[0].changes] == [("party_card_number", "", "888")]
    result = plan([_row(party_card_number="")], [_stored(10, party_card_number="555")])
    assert [p.member_id for p in result.unchanged] == [10]


def test_two_stored_members_with_the_same_name_and_birth_need_a_card_number():
    result = plan([_row()], [_stored(10), _stored(11)])
    assert "Give the Party card number to say which one." in result.errors[0].message


def test_two_rows_matching_one_member_are_refused():
    result = plan([_row(2, party_card_number="777"), _row(3, full_name="Lê Thị Hoà")],
                  [_stored(10, full_name="Lê Thị Hoà", party_card_number="777")])
    assert [(e.row, e.message) for e in result.errors] == [(3, "This row and row 2 are the same member.")]


def test_an_import_does_not_move_members():
    result = plan([_row(organization=SUPERIOR)], [_stored(10, organization=BRANCH)])
    assert result.errors[0].message.startswith("This member is active in “Chi bộ TDP Hoàng Trinh”, not “Đảng bộ phường Kỳ Trinh”.")


def test_a_new_member_cannot_go_into_an_inactive_organisation():
    result = plan_import([_row()], default_organization=CLOSED, organizations=ORGS, by_card={}, by_name={})
    assert result.errors[0].message == "“Chi bộ Giải thể” is inactive and cannot receive members."


def test_the_export_layout_is_the_import_layout():
    class Org:
        name = "Chi bộ TDP Hoàng Trinh"

    class Person:
        organization = Org()
        full_name, gender, date_of_birth, ethnicity = "Lê Thị Hoa", "female", dt.date(1985, 4, 12), "Tày"
        joined_on, official_on = dt.date(2010, 5, 20), None
        membership, situation = "probationary", "transferred_temporarily"
        party_card_number, occupation, notes = "0012", "Giáo viên", "dòng 1\ndòng 2"

    data = imports.write_members([Person()])
    assert read(data)[0] == tuple(HEADERS)
    parsed = parse(data)
    assert parsed.errors == []
    assert parsed.rows[0].organization == BRANCH
    assert parsed.rows[0].values == {
        "full_name": "Lê Thị Hoa", "gender": "female", "date_of_birth": dt.date(1985, 4, 12),
        "ethnicity": "Tày", "joined_on": dt.date(2010, 5, 20), "official_on": None,
        "membership": "probationary", "situation": "transferred_temporarily", "party_card_number": "0012", "occupation": "Giáo viên", "notes": "dòng 1\ndòng 2",
    }
