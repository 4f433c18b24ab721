"""What makes a printed page fit to sign, apart from its content (docs/documents.md "Fit to
sign"; docs/domain.md §4, §4a): the issuer as 36-HD/VPTW names it, a subject that does not
repeat the type, one date style, signatures by name without borders, the last paragraph kept
with the signatures, recipients in 12 pt."""

import datetime
import subprocess

import pytest

from documents import rules
from documents.render import render_html, render_pdf, split_tail
from documents.tests.factories import OrganizationFactory
from documents.tests.test_render import make_version


@pytest.fixture
def ward(db):
    return OrganizationFactory(
        name="Đảng bộ phường Kỳ Trinh", kind="grassroots_committee", short_name="ĐU", place_name="Kỳ Trinh"
    )


@pytest.fixture
def branch(ward):
    return OrganizationFactory(
        parent=ward, name="Chi bộ TDP Hoàng Trinh", kind="branch", short_name="CB", place_name="Kỳ Trinh"
    )


@pytest.mark.parametrize(("name", "kind", "expected"), [
    ("Đảng bộ phường Kỳ Trinh", "grassroots_committee", "Đảng ủy phường Kỳ Trinh"),
    ("Đảng bộ Sở Công Thương", "grassroots_committee", "Đảng ủy Sở Công Thương"),
    ("Đảng bộ thị xã Kỳ Anh", "superior", "Đảng ủy thị xã Kỳ Anh"),
    ("Đảng bộ bộ phận Khu phố 1", "partial_committee", "Đảng ủy bộ phận Khu phố 1"),
    ("ĐẢNG BỘ PHƯỜNG KỲ TRINH", "grassroots_committee", "ĐẢNG ỦY PHƯỜNG KỲ TRINH"),
    ("  Đảng bộ   phường  Kỳ Trinh ", "grassroots_committee", "Đảng ủy phường Kỳ Trinh"),
    ("Chi bộ TDP Hoàng Trinh", "branch", "Chi bộ TDP Hoàng Trinh"),
    ("Chi bộ Trường Tiểu học", "grassroots_branch", "Chi bộ Trường Tiểu học"),
    # A branch whose name happens to hold the words is not renamed.
    ("Chi bộ Đảng bộ cũ", "branch", "Chi bộ Đảng bộ cũ"),
])
def test_the_issuing_body_of_a_committee_is_its_executive(name, kind, expected):
    assert rules.issuing_body_name(name, kind) == expected


@pytest.mark.parametrize(("subject", "doc_type", "heading", "repeats"), [
    ("Quyết định chuẩn y kết quả bầu cử", "QĐ", "", True),
    ("quyết   định chuẩn y", "QĐ", "", True),
    ("Chuẩn y kết quả bầu cử", "QĐ", "", False),
    ("Thông báo kết luận của Ban Thường vụ", "TB", "", True),
    ("Kết luận của Ban Thường vụ", "TB", "", False),
    ("Biên bản Đại hội Chi bộ", "BB", "", True),
    ("Đại hội Chi bộ TDP Hoàng Trinh lần thứ II", "BB", "", False),
    ("Báo cáo chính trị trình Đại hội", "BC", "", True),
    ("Báo cáo chính trị trình Đại hội", "BC", "BÁO CÁO CHÍNH TRỊ", True),
    ("của Chi ủy trình Đại hội", "BC", "BÁO CÁO CHÍNH TRỊ", False),
    ("Kế hoạchs", "KH", "", False),
    ("Về việc góp ý", "CV", "", False),  # an official letter prints no type
])
def test_a_subject_does_not_repeat_the_type_printed_above_it(subject, doc_type, heading, repeats):
    assert rules.subject_repeats_type(subject, doc_type, heading) is repeats


@pytest.mark.parametrize(("day", "text"), [
    (datetime.date(2014, 6, 9), "09/6/2014"),
    (datetime.date(2024, 10, 10), "10/10/2024"),
    (datetime.date(2022, 2, 3), "03/02/2022"),
    (datetime.date(2022, 1, 28), "28/01/2022"),
    (datetime.date(2025, 12, 1), "01/12/2025"),
])
def test_one_date_style_inside_texts(day, text):
    assert rules.short_date(day) == text


@pytest.mark.parametrize(("body", "main", "tail"), [
    ("<p>Một.</p><p>Hai.</p>", "<p>Một.</p>", "<p>Hai.</p>"),
    ("<h3>I.</h3><p>Một <strong>đậm</strong><br>dòng.</p>", "<h3>I.</h3>", "<p>Một <strong>đậm</strong><br>dòng.</p>"),
    ("<p>Chỉ một.</p>", "", "<p>Chỉ một.</p>"),
    # A list or a table may be longer than a page: it stays whole in the body.
    ("<p>Một.</p><ul><li>a</li><li>b</li></ul>", "<p>Một.</p><ul><li>a</li><li>b</li></ul>", ""),
    ("<p>Một.</p><table><tbody><tr><td>x</td></tr></tbody></table>",
     "<p>Một.</p><table><tbody><tr><td>x</td></tr></tbody></table>", ""),
    ("", "", ""),
    ("chữ trần", "chữ trần", ""),
    ("<p>a</p>\n<p>b\nc</p>", "<p>a</p>\n", "<p>b\nc</p>"),
])
def test_the_last_paragraph_is_split_off_to_stay_with_the_signature(body, main, tail):
    assert split_tail(body) == (main, tail)
    assert main + tail == body


def test_a_committee_prints_its_committee_as_issuer(ward):
    html = render_html(make_version(ward, signing_body="ĐẢNG ỦY"), issued=False)
    assert '<div class="issuer">ĐẢNG ỦY PHƯỜNG KỲ TRINH</div>' in html
    assert "ĐẢNG BỘ PHƯỜNG KỲ TRINH" not in html


def test_a_second_signature_prints_at_the_left_without_borders(branch, tmp_path):
    version = make_version(
        branch, doc_type="BB", signing_body="ĐOÀN CHỦ TỊCH", signer_position="", signer_name="Nguyễn Văn An",
        cosigner_title="Thư ký Đại hội", cosigner_names="Lê Thị Hoa\nTrần Văn Bình",
        body="<p>Đại hội bế mạc vào hồi 11 giờ 00 phút cùng ngày.</p>",
    )
    html = render_html(version, issued=True)
    closing = html[html.index('<div class="closing-block">'):]
    assert "THƯ KÝ ĐẠI HỘI" in closing and "Lê Thị Hoa" in closing and "Trần Văn Bình" in closing
    assert closing.index("THƯ KÝ ĐẠI HỘI") < closing.index("T/M ĐOÀN CHỦ TỊCH")
    # The closing tables are the layout's, never the body's bordered tables.
    assert "<div class=\"body\"><table" not in closing
    path = tmp_path / "bb.pdf"
    path.write_bytes(render_pdf(version, issued=True).data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    line = next(line for line in text.splitlines() if "THƯ KÝ ĐẠI HỘI" in line)
    assert "T/M ĐOÀN CHỦ TỊCH" in line  # side by side
    assert "Nguyễn Văn An" in text and "Trần Văn Bình" in text


def test_the_signature_never_stands_alone_on_the_last_page(branch, tmp_path):
    # Enough paragraphs that the signature block would just spill onto a page of its own.
    for count in range(14, 26):
        body = "".join(
            f"<p>Đoạn {n}: Chi bộ lãnh đạo thực hiện hoàn thành tốt nhiệm vụ chính trị được giao, "
            "phát huy vai trò lãnh đạo trên các mặt công tác.</p>" for n in range(1, count)
        ) + "<p>Đoạn cuối của nghị quyết.</p>"
        version = make_version(branch, body=body)
        path = tmp_path / f"doc-{count}.pdf"
        rendered = render_pdf(version, issued=True)
        path.write_bytes(rendered.data)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        pages = text.split("\f")
        signed = next(i for i, page in enumerate(pages) if "Nguyễn Văn An" in page)
        assert "Đoạn cuối của nghị quyết." in pages[signed], count
        assert "Nơi nhận:" in pages[signed], count


def test_recipients_are_12_pt(branch):
    html = render_html(make_version(branch), issued=True)
    assert ".recipients { margin: 0; font-size: 12pt; }" in html


def test_a_numbered_list_keeps_its_first_number_in_the_pdf(branch, tmp_path):
    version = make_version(branch, body='<p>Tiếp theo:</p><ol start="3"><li>Mục ba.</li><li>Mục bốn.</li></ol>')
    path = tmp_path / "ol.pdf"
    path.write_bytes(render_pdf(version, issued=True).data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "3. Mục ba." in text and "4. Mục bốn." in text
