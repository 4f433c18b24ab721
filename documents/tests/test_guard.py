"""The guard (documents.guard.leftovers): what a body still holds of its template, quoted, and
nothing in a finished text (docs/domain.md §4a)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from documents.guard import EMPTY, QUOTE_LIMIT, blocks, heading_rank, leftovers
from documents.sanitize import sanitize_body

# --- What is left ------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "   ", "<p></p>", "<p> </p><p><br></p>", "<ul><li></li></ul>", "<table><tr><td></td></tr></table>"])
def test_an_empty_body_is_named_as_such(body):
    assert leftovers(body) == [EMPTY]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>Đại hội bế mạc vào hồi ... giờ ... phút cùng ngày.</p>", ['chỗ trống "vào hồi ... giờ ... phút"']),
        ("<p>Hôm nay, ngày ... tháng ... năm ..., tại Nhà văn hóa.</p>", ['chỗ trống "ngày ... tháng ... năm ..."']),
        ("<p>Hôm nay, ngày … tháng … năm 2025.</p>", ['chỗ trống "ngày … tháng … năm"']),
        ("<p>Họp tại ..., có mặt 12 đồng chí.</p>", ['chỗ trống "Họp tại ..."']),
        ("<ol><li>Đồng chí ........</li><li>Đồng chí ........</li></ol>", ['chỗ trống "Đồng chí ........"']),
        ("<p>Số đảng viên: ………</p>", ['chỗ trống "………"']),
        ("<p>Kết quả: . . . phiếu</p>", ['chỗ trống ". . . phiếu"']),
        ("<p>(Thư ký ghi tóm tắt: khai mạc; báo cáo chính trị; ý kiến thảo luận; phát biểu của đại biểu cấp trên.)</p>",
         ['hướng dẫn "(Thư ký ghi tóm tắt: khai mạc; báo cáo chính trị; ý kiến th…"']),
        ("<p>(Đánh giá ưu điểm, hạn chế, nguyên nhân và bài học kinh nghiệm; nhiệm vụ thời gian tới.)</p>",
         ['hướng dẫn "(Đánh giá ưu điểm, hạn chế, nguyên nhân và bài học kinh ngh…"']),
        ("<p>Kết quả đạt được (nêu số liệu cụ thể) trong nhiệm kỳ.</p>", ['hướng dẫn "(nêu số liệu cụ thể)"']),
        ("<p>Tổng số (…) đồng chí.</p>", ['hướng dẫn "(…)"']),
        ("<ul><li>(Danh sách đại biểu)</li></ul>", ['hướng dẫn "(Danh sách đại biểu)"']),
        ("<p>Đại hội biểu quyết bầu Đoàn Chủ tịch: (chưa ghi nhận kết quả biểu quyết)</p>",
         ['hướng dẫn "(chưa ghi nhận kết quả biểu quyết)"']),
        ("<p>Đại hội {{ organization }} nhiệm kỳ {{term}}</p>",
         ['chỗ điền mẫu "{{ organization }}" chưa được thay', 'chỗ điền mẫu "{{term}}" chưa được thay']),
        ("<p><b>I. Kết quả</b></p><p>Chi bộ hoàn thành 100% chỉ tiêu.</p><p><b>II. Các chỉ tiêu chủ yếu</b></p>",
         ['mục "II. Các chỉ tiêu chủ yếu" chưa có nội dung']),
        ("<h3>I. THÀNH PHẦN</h3><h3>II. NỘI DUNG</h3><p>Bầu chi ủy.</p>", ['mục "I. THÀNH PHẦN" chưa có nội dung']),
    ],
)
def test_what_is_left_is_named_and_quoted(body, expected):
    assert leftovers(body) == expected


def test_a_skeleton_of_headings_names_each_empty_section_not_the_parts_that_hold_them():
    body = (
        "<p><b>Phần thứ nhất</b></p><p><b>KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT</b></p>"
        "<p><b>I. Kết quả đạt được</b></p><p></p><p><b>II. Hạn chế</b></p><p></p>"
        "<p><b>Phần thứ hai</b></p><p><b>1. Mục tiêu</b></p><p><b>a) Chỉ tiêu</b></p>"
    )
    assert leftovers(body) == [
        'mục "I. Kết quả đạt được" chưa có nội dung', 'mục "II. Hạn chế" chưa có nội dung',
        'mục "a) Chỉ tiêu" chưa có nội dung',
    ]


def test_a_section_with_text_in_a_subsection_is_not_empty():
    body = "<h3>I. KẾT QUẢ</h3><h4>1. Xây dựng Đảng</h4><p>Kết nạp 02 đảng viên.</p><h3>II. PHƯƠNG HƯỚNG</h3><p>Giữ vững.</p>"
    assert leftovers(body) == []


def test_the_subject_is_read_too():
    assert leftovers("<p>Nội dung đầy đủ.</p>", "Nghị quyết Đại hội Chi bộ ... nhiệm kỳ 2025–2030") == [
        'chỗ trống "Chi bộ ... nhiệm" ở trích yếu',
    ]


def test_quotes_are_short():
    long = "(Ghi " + "rất " * 40 + "dài)"
    (item,) = leftovers(f"<p>{long}</p>")
    assert len(item) <= len('hướng dẫn ""') + QUOTE_LIMIT


def test_the_same_leftover_is_named_once():
    assert leftovers("<p>Đồng chí ........</p>" * 3) == ['chỗ trống "Đồng chí ........"']


# --- What is not left --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "<p>Đề nghị Đảng ủy phường (để báo cáo) chuẩn y kết quả bầu cử.</p>",
        "<p>Tán thành: 12/15 đồng chí (80,00%); không tán thành: 3 đồng chí.</p>",
        "<p>Kết quả bầu cử Chi ủy (vòng 1): 03 đồng chí trúng cử (theo thứ tự số phiếu bầu từ cao xuống thấp).</p>",
        "<p>Lãnh đạo các mặt công tác: an ninh, trật tự, vệ sinh môi trường, ...</p>",
        "<p>Chi bộ tham gia các phong trào, v.v... và đạt kết quả tốt.</p>",
        "<p>Lãnh đạo các mặt: quốc phòng, an ninh, ... và công tác dân vận.</p>",
        "<p>THÀNH VIÊN<br>(Ký, ghi rõ họ tên)<br>Nguyễn Văn An</p>",
        "<p>(Có danh sách kèm theo)</p>",
        "<p>Tổng số đảng viên: 42 đồng chí (ghi chú: đã trừ 02 đồng chí chuyển sinh hoạt tạm thời).</p>",
        "<p>Họp theo hình thức trực tuyến (phòng họp trực tuyến: https://hop.example.vn/dh).</p>",
        "<p>Họ và tên: <span class=\"fill-by-hand\">........................</span></p>",
        "<p>Bế mạc vào hồi <span class=\"fill-by-hand\">... giờ ... phút</span>.</p>",
        "<p>Số 29-KH/ĐU ngày 28/4/2022; giá trị 1.250.000 đồng; tỷ lệ 95,5%.</p>",
        "<p><b>QUYẾT NGHỊ:</b></p><p>1. Tán thành Báo cáo chính trị.</p><p>2. Thông qua chỉ tiêu.</p>",
        "<h3>PHỤ LỤC 1. TỔNG HỢP SỐ LIỆU</h3><table><tr><td>TT</td><td>Chỉ tiêu</td></tr></table>",
    ],
)
def test_real_text_holds_nothing(body):
    assert leftovers(body) == []


def test_fill_by_hand_blanks_survive_the_sanitiser_and_are_ignored():
    body = sanitize_body('<p>Đồng chí <span class="fill-by-hand" style="color:red">........</span> phát biểu.</p>')
    assert body == '<p>Đồng chí <span class="fill-by-hand">........</span> phát biểu.</p>'
    assert leftovers(body) == []
    # Any other span is unwrapped, its text kept: the blank is then a blank like any other.
    assert leftovers(sanitize_body('<p>Đồng chí <span class="blank">........</span></p>')) == ['chỗ trống "Đồng chí ........"']


def test_a_body_of_blanks_to_fill_by_hand_only_is_not_empty():
    assert leftovers('<p><span class="fill-by-hand">........</span></p>') == []


def test_headings_and_their_ranks():
    ranks = [heading_rank(b) for b in blocks(
        "<p><b>Phần thứ hai</b></p><h3>II. NHIỆM VỤ</h3><p><strong>2. Công tác</strong></p><h4>2.1. Chính trị</h4>"
        "<p><b>a) Học tập</b></p><p><b>ĐẠI HỘI QUYẾT NGHỊ:</b></p><p>1. Văn bản thường.</p>"
        "<p><b>Chi bộ đã lãnh đạo hoàn thành tốt các nhiệm vụ chính trị của địa phương trong cả nhiệm kỳ vừa qua.</b></p>"
    )]
    assert ranks == [0, 1, 2, 3, 4, -1, None, None]


# --- Invariants --------------------------------------------------------------------------------

# Real sentences: Vietnamese words, digits, commas, periods and semicolons; no parentheses,
# braces or runs of dots.
_WORDS = st.sampled_from([
    "Chi", "bộ", "đảng", "viên", "hoàn", "thành", "tốt", "nhiệm", "vụ", "năm", "2025", "95%", "kết", "nạp",
    "đồng", "chí", "Nguyễn", "Văn", "An", "tổ", "dân", "phố", "Kỳ", "Trinh", "03", "chỉ", "tiêu",
])
_SENTENCE = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(_WORDS, min_size=1, max_size=12), st.sampled_from([".", "", ";", ":", ","]),
)
_TEXT = st.lists(_SENTENCE, min_size=1, max_size=4).map(" ".join)
_BLOCK = st.sampled_from(["<p>{}</p>", "<li>{}</li>", "<td>{}</td>", "<p><em>{}</em></p>", "<p>{} <b>đậm</b></p>"])


@given(st.lists(st.tuples(_BLOCK, _TEXT), min_size=1, max_size=5))
def test_real_sentences_hold_nothing(parts):
    body = "".join(block.format(text) for block, text in parts)
    assert leftovers(body) == []


@given(_TEXT, _TEXT)
def test_a_time_left_blank_is_always_found(before, after):
    body = f"<p>{before} vào hồi ... giờ ... phút {after}</p>"
    assert any("... giờ ... phút" in item for item in leftovers(body))


@given(_TEXT, st.sampled_from(["........", "... giờ ... phút", "ngày ... tháng ... năm ...", "(Ghi rõ)", "{{ x }}"]))
def test_blanks_to_fill_by_hand_never_count(text, blank):
    body = sanitize_body(f'<p>{text} <span class="fill-by-hand">{blank}</span></p>')
    assert leftovers(body) == []


@given(st.lists(st.tuples(_BLOCK, _TEXT), min_size=1, max_size=5))
def test_leftovers_do_not_depend_on_sanitising(parts):
    body = "".join(block.format(text) for block, text in parts) + "<p>Tại ..., ngày ... tháng</p>"
    assert leftovers(body) == leftovers(sanitize_body(body))
