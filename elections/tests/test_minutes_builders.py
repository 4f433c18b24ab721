"""The bodies of the vote-count minutes and the entry log (elections.minutes): pure, from plain
facts, always in Vietnamese. Figures of the worked example (docs/domain.md §3): base 11, 6 votes
elect."""

import dataclasses
import datetime

from documents.sanitize import sanitize_body
from elections.minutes import (
    BLANK_NAME, CandidateLine, CountFacts, EntryLogFacts, InvalidLine, LogLine, board_issuer_lines,
    count_minutes_html, election_title, entry_log_html, entry_log_subject, minutes_subject, reading_words,
    signature_fields,
)


def facts(**overrides) -> CountFacts:
    values = {
        "organization_name": "Chi bộ TDP Hoàng Trinh",
        "organization_kind": "branch",
        "superior_name": "Đảng bộ phường Kỳ Trinh",
        "ordinal": 2,
        "term": "2025–2030",
        "regulation": "190-2024",
        "held_on": datetime.date(2025, 6, 5),
        "venue": "Nhà văn hóa TDP Hoàng Trinh",
        "delegates": False,
        "kind": "committee",
        "round": 1,
        "seats": 3,
        "candidates": (
            CandidateLine(1, "Trần Văn Bình", 6, True),
            CandidateLine(2, "Lê Thị Hoa", 9, True),
            CandidateLine(3, "Phạm Văn Hùng", 5, False),
            CandidateLine(4, "Nguyễn Thị Lan", 7, True),
        ),
        "board": ("Đỗ Văn Kiểm", "Vũ Thị Phiếu"),
        "summoned": 11,
        "present": 10,
        "absent_at_voting": 1,
        "base": 11,
        "ballots_issued": 10,
        "ballots_returned": 10,
        "valid": 9,
        "invalid": 1,
        "invalid_reasons": (InvalidLine("Phiếu bầu vượt quá số lượng cần bầu", 1), InvalidLine("Phiếu có ký tên", 0)),
        "outcome": "complete",
        "head": "Đỗ Văn Kiểm",
        "count_started_time": datetime.time(9, 15),
        "minutes_closed_time": datetime.time(9, 50),
    }
    return CountFacts(**{**values, **overrides})


def test_the_minutes_name_the_congress_its_day_and_the_legal_basis():
    html = count_minutes_html(facts())
    assert (
        "Hôm nay, vào hồi 9 giờ 15 phút, ngày 05 tháng 6 năm 2025, tại Nhà văn hóa TDP Hoàng Trinh, Tổ kiểm phiếu "
        "Đại hội Chi bộ TDP Hoàng Trinh lần thứ II, nhiệm kỳ 2025–2030 tiến hành kiểm phiếu bầu Chi ủy Chi bộ TDP "
        "Hoàng Trinh (vòng 1)."
    ) in html
    assert "Biên bản lập xong hồi 9 giờ 50 phút cùng ngày, đã được đọc trước Đại hội." in html
    assert "..." not in html and "(…" not in html


def test_times_not_recorded_are_blanks_the_guard_refuses():
    html = count_minutes_html(facts(count_started_time=None, minutes_closed_time=None))
    assert "Hôm nay, vào hồi ... giờ ... phút, ngày 05 tháng 6 năm 2025" in html
    assert "Biên bản lập xong hồi ... giờ ... phút cùng ngày" in html
    assert "Quyết định số 190-QĐ/TW ngày 10/10/2024 của Bộ Chính trị" in html
    assert "Hướng dẫn số 04-HD/TW" in html


def test_the_older_regulation_is_cited_for_rounds_before_2025():
    html = count_minutes_html(facts(regulation="244-2014", term="2022–2025"))
    assert "Quyết định số 244-QĐ/TW ngày 09/6/2014" in html and "Hướng dẫn số 03-HD/TW" in html
    assert "190-QĐ/TW" not in html


def test_the_minutes_carry_every_figure_of_the_count():
    html = count_minutes_html(facts())
    assert "Tổng số đảng viên chính thức được triệu tập: 11 đồng chí." in html
    assert "Số đảng viên chính thức có mặt: 10 đồng chí; vắng mặt tại thời điểm bỏ phiếu: 1 đồng chí." in html
    assert "được tính để xác định kết quả bầu cử: 11 đồng chí" in html and "(ít nhất 6 phiếu)" in html
    assert "Số phiếu phát ra: 10 phiếu." in html and "Số phiếu thu vào: 10 phiếu." in html
    assert "Số phiếu hợp lệ: 9 phiếu." in html
    assert "Số phiếu không hợp lệ: 1 phiếu, trong đó:<ul><li>Phiếu bầu vượt quá số lượng cần bầu: 1 phiếu.</li></ul>" in html
    assert "Phiếu có ký tên" not in html  # a reason no ballot had is left out
    assert "Số lượng cần bầu: 3 đồng chí." in html


def test_the_list_is_in_ballot_order_and_the_elected_highest_first():
    html = count_minutes_html(facts())
    assert "<ol><li>Trần Văn Bình</li><li>Lê Thị Hoa</li><li>Phạm Văn Hùng</li><li>Nguyễn Thị Lan</li></ol>" in html
    votes = html[html.index("III. KẾT QUẢ KIỂM PHIẾU"):html.index("IV. KẾT QUẢ BẦU CỬ")]
    assert "tỷ lệ tính trên 11 đảng viên chính thức được tính để xác định kết quả bầu cử" in votes
    assert "<tr><td>1</td><td>Trần Văn Bình</td><td>6</td><td>54,55%</td></tr>" in votes
    assert "<tr><td>3</td><td>Phạm Văn Hùng</td><td>5</td><td>45,45%</td></tr>" in votes
    elected = html[html.index("IV. KẾT QUẢ BẦU CỬ"):]
    assert "3/3 đồng chí sau đây trúng cử Chi ủy Chi bộ TDP Hoàng Trinh" in elected
    assert elected.index("Lê Thị Hoa") < elected.index("Nguyễn Thị Lan") < elected.index("Trần Văn Bình")
    assert "<td>9</td><td>81,82%</td>" in elected and "Phạm Văn Hùng" not in elected
    assert "Kết quả: Đã bầu đủ số lượng cần bầu." in elected


def test_the_board_is_listed_and_signs_outside_the_body():
    html = count_minutes_html(facts())
    assert ("Tổ kiểm phiếu do Đại hội biểu quyết bầu gồm 2 đồng chí:</p><ol><li>Đồng chí Đỗ Văn Kiểm – tổ trưởng</li>"
            "<li>Đồng chí Vũ Thị Phiếu</li></ol>") in html
    assert "<table><tbody>" not in html and "THÀNH VIÊN" not in html and "Ký, ghi rõ họ tên" not in html
    assert signature_fields(facts()) == {
        "signing_mode": "T/M", "signing_body": "TỔ KIỂM PHIẾU", "signer_position": "TỔ TRƯỞNG",
        "signer_name": "Đỗ Văn Kiểm", "cosigner_title": "CÁC THÀNH VIÊN", "cosigner_names": "Vũ Thị Phiếu",
    }


def test_a_committee_congress_has_a_board_headed_by_its_chair():
    committee = facts(organization_kind="grassroots_committee", kind="executive_committee",
                      organization_name="Đảng bộ phường Kỳ Trinh", delegates=True)
    html = count_minutes_html(committee)
    assert "I. THÀNH PHẦN BAN KIỂM PHIẾU" in html and "Đỗ Văn Kiểm – trưởng ban" in html
    assert "bầu Ban Chấp hành Đảng bộ phường Kỳ Trinh (vòng 1)" in html
    assert "Tổng số đại biểu chính thức được triệu tập: 11 đồng chí." in html
    fields = signature_fields(committee)
    assert (fields["signing_body"], fields["signer_position"]) == ("BAN KIỂM PHIẾU", "TRƯỞNG BAN")


def test_the_board_issues_under_the_congress():
    assert board_issuer_lines("Chi bộ TDP Hoàng Trinh", 2, "branch") == (
        "ĐẠI HỘI CHI BỘ TDP HOÀNG TRINH LẦN THỨ II\nTỔ KIỂM PHIẾU"
    )
    assert board_issuer_lines("Đảng bộ phường Kỳ Trinh", 1, "grassroots_committee").endswith("\nBAN KIỂM PHIẾU")


def test_without_a_recorded_board_the_draft_leaves_lines_to_write_by_hand():
    html = count_minutes_html(facts(board=(), head=""))
    assert "chưa ghi nhận trong hệ thống, ghi bổ sung" in html
    assert html.count(f'Đồng chí <span class="fill-by-hand">{BLANK_NAME}</span>') == 3
    fields = signature_fields(facts(board=(), head=""))
    assert (fields["signer_name"], fields["cosigner_names"], fields["cosigner_title"]) == ("", "", "")


def test_without_a_head_the_signature_has_no_name():
    fields = signature_fields(facts(head=""))
    assert fields["signer_name"] == ""
    assert fields["cosigner_names"] == "Đỗ Văn Kiểm\nVũ Thị Phiếu"


def test_a_tie_and_a_vacancy_are_reported_with_the_congress_decision():
    candidates = (
        CandidateLine(1, "Trần Văn Bình", 7, False, tied=True),
        CandidateLine(2, "Lê Thị Hoa", 9, True),
        CandidateLine(3, "Phạm Văn Hùng", 7, False, tied=True),
        CandidateLine(4, "Nguyễn Thị Lan", 4, False),
    )
    html = count_minutes_html(facts(
        seats=3, candidates=candidates, tied_seats=1, vacant=1, outcome="further_round",
        outcome_note="Bầu vòng 2 giữa hai đồng chí có số phiếu bằng nhau.",
    ))
    assert "1/3 đồng chí sau đây trúng cử" in html
    assert "Các đồng chí Trần Văn Bình, Phạm Văn Hùng có số phiếu bầu bằng nhau (7 phiếu) cho 1 vị trí còn lại" in html
    assert "Số lượng chưa bầu đủ: 1/3." in html
    assert ("Quyết định của Đại hội: Đại hội quyết định bầu vòng tiếp theo. "
            "Bầu vòng 2 giữa hai đồng chí có số phiếu bằng nhau.") in html


def test_nobody_elected_is_said_so_and_no_decision_yet_says_nothing():
    none = tuple(dataclasses.replace(c, elected=False, votes=3) for c in facts().candidates)
    html = count_minutes_html(facts(candidates=none, vacant=3, outcome=""))
    assert "Không có đồng chí nào trúng cử Chi ủy Chi bộ TDP Hoàng Trinh." in html
    assert "Quyết định của Đại hội" not in html and "Số lượng chưa bầu đủ: 3/3." in html


def test_subjects_name_what_was_elected_the_term_and_the_round():
    assert minutes_subject(facts()) == "Kiểm phiếu bầu Chi ủy Chi bộ TDP Hoàng Trinh, nhiệm kỳ 2025–2030 (vòng 1)"
    assert entry_log_subject(facts(kind="secretary", round=2)) == (
        "Nhật ký nhập phiếu bầu Bí thư Chi bộ TDP Hoàng Trinh, nhiệm kỳ 2025–2030 (vòng 2)"
    )
    assert election_title("official_delegates", 1, "Chi bộ A", "Đảng bộ phường Kỳ Trinh", "2025–2030") == (
        "bầu đại biểu chính thức dự Đại hội Đảng bộ phường Kỳ Trinh, nhiệm kỳ 2025–2030 (vòng 1)"
    )


def test_names_typed_by_people_are_escaped_and_the_body_survives_the_sanitizer():
    html = count_minutes_html(facts(
        board=("<script>x</script>",), venue="Hội trường <img src=x>",
        candidates=(CandidateLine(1, "Lê & Con <i>", 9, True),), outcome_note="<b>ghi chú</b>",
    ))
    assert "<script>" not in html and "<img" not in html and "<i>" not in html and "<b>" not in html
    assert "Lê &amp; Con &lt;i&gt;" in html
    clean = sanitize_body(count_minutes_html(facts()))
    assert "<table>" in clean and "<td>54,55%</td>" in clean and "<h3>IV. KẾT QUẢ BẦU CỬ</h3>" in clean


# --- The entry log -----------------------------------------------------------------------------


def log(lines) -> EntryLogFacts:
    return EntryLogFacts(count=facts(), lines=tuple(lines), reasons={"7": "Phiếu bầu vượt quá số lượng cần bầu"})


def at(minute: int, day: int = 5) -> datetime.datetime:
    return datetime.datetime(2025, 6, day, 10, minute, 5)


def test_the_entry_log_lists_every_line_with_its_reading_in_words():
    html = entry_log_html(log([
        LogLine(at(1), 1, "Máy 1 – An", "keyed", "2,4"),
        LogLine(at(2), 1, "Máy 2 – Bình", "keyed", "-"),
        LogLine(at(3), 1, "Máy 2 – Bình", "corrected", "2,4", resolved_disagreement=True),
        LogLine(at(4), 2, "Máy 1 – An", "keyed", "invalid:7"),
        LogLine(at(5), 2, "Máy 2 – Bình", "keyed", "1"),
        LogLine(at(6), 2, "Máy 3 – Cường", "tie_break", "invalid:7", resolved_disagreement=True),
    ]))
    assert "<tr><td>1</td><td>10:01:05</td><td>1</td><td>Máy 1 – An</td><td>Nhập phiếu</td><td>Gạch số 2, 4</td><td></td></tr>" in html
    assert "<td>Máy 2 – Bình</td><td>Nhập phiếu</td><td>Không gạch tên nào</td>" in html
    assert "<td>Sửa</td><td>Gạch số 2, 4</td><td>Có</td>" in html
    assert "<td>Nhập phân xử</td><td>Không hợp lệ: Phiếu bầu vượt quá số lượng cần bầu</td><td>Có</td>" in html
    assert "<li>Số 1: Trần Văn Bình</li>" in html  # the numbers on the ballot, explained
    assert ("Số phiếu đã nhập: 2; số lần nhập: 6; số lần sửa: 1; số lần nhập phân xử: 1; "
            "số chênh lệch đã giải quyết: 2.") in html
    assert "<tr><td>Máy 1 – An</td><td>2</td><td>0</td><td>0</td></tr>" in html
    assert "<tr><td>Máy 2 – Bình</td><td>2</td><td>1</td><td>0</td></tr>" in html
    assert "<tr><td>Máy 3 – Cường</td><td>1</td><td>0</td><td>1</td></tr>" in html
    assert "<table><tbody><tr><td>" not in html and "TỔ TRƯỞNG" not in html  # signed outside the body
    assert "tiến hành" not in html and "ghi nhật ký nhập phiếu bầu Chi ủy Chi bộ TDP Hoàng Trinh (vòng 1)" in html


def test_a_log_over_several_days_dates_its_lines_and_an_empty_log_says_so():
    html = entry_log_html(log([LogLine(at(1, day=5), 1, "An", "keyed", "2"), LogLine(at(1, day=6), 1, "Bình", "keyed", "2")]))
    assert "<td>05/06 10:01:05</td>" in html and "<td>06/06 10:01:05</td>" in html
    assert "Không có lần nhập phiếu nào." in entry_log_html(log([]))


def test_readings_in_words():
    assert reading_words("1,3", {}) == "Gạch số 1, 3"
    assert reading_words("-", {}) == "Không gạch tên nào"
    assert reading_words("invalid:too_many", {"too_many": "Quá số lượng"}) == "Không hợp lệ: Quá số lượng"
    assert reading_words("invalid:99", {}) == "Không hợp lệ: 99"
