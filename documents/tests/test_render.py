"""The PDF of a document version (documents.render), read back with poppler's tools: what a
reader of the printed page sees, laid out as Hướng dẫn 36-HD/VPTW asks (docs/domain.md §4)."""

import datetime
import itertools
import os
import re
import shutil
import subprocess

import pytest

from documents.models import Document, DocumentVersion
from documents.render import RenderedPdf, pdf_from_html, render_html, render_pdf
from documents.tests.factories import OrganizationFactory, TermFactory, UserFactory

POPPLER = ("pdftotext", "pdfinfo", "pdffonts")
_missing = [tool for tool in POPPLER if shutil.which(tool) is None]
if _missing:
    reason = f"poppler-utils is not installed ({', '.join(_missing)} missing): apt-get install poppler-utils"
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)  # CI must read the PDFs back: a skip would hide it
    pytestmark = pytest.mark.skip(reason=reason)

_sequences = itertools.count(1)

DIACRITICS = "Nghị quyết Đại hội Chi bộ nhiệm kỳ 2022–2025 ắằẳẵặ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự"


@pytest.fixture
def ward(db):
    return OrganizationFactory(
        name="Đảng bộ phường Kỳ Trinh", kind="grassroots_committee", short_name="ĐU", place_name="Kỳ Trinh"
    )


@pytest.fixture
def branch(ward):
    return OrganizationFactory(
        parent=ward, name="Chi bộ TDP Hoàng Trinh", kind="branch", short_name="ĐU", place_name="Kỳ Trinh"
    )


def make_version(issuer, *, body="<p>Nội dung.</p>", issued=False, **fields) -> DocumentVersion:
    user = UserFactory()
    values = {
        "doc_type": "KH",
        "subject": "Thực hiện nhiệm vụ năm 2022",
        "term": TermFactory(),
        "place": issuer.place_name,
        "document_date": datetime.date(2022, 2, 3),
        "signing_mode": "T/M",
        "signing_body": "CHI BỘ",
        "signer_position": "BÍ THƯ",
        "signer_name": "Nguyễn Văn An",
        "recipients": "- Đảng ủy phường (để b/c),\n- Các đảng viên,\n- Lưu Chi bộ.",
        **fields,
    }
    if issued:
        values.update(
            state="issued", number=29, symbol=f"29-{values['doc_type']}/ĐU",
            sequence_key=f"test:{next(_sequences)}",
        )
    document = Document.objects.create(issuer=issuer, created_by=user, **values)
    return DocumentVersion.objects.create(document=document, number=1, body=body, author=user)


def poppler(tool: str, pdf: RenderedPdf, tmp_path, *args: str) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf.data)
    command = [tool, *args, str(path)] + (["-"] if tool == "pdftotext" else [])
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def text(pdf, tmp_path, *args) -> str:
    return poppler("pdftotext", pdf, tmp_path, "-layout", *args)


def page_text(pdf, tmp_path, page: int) -> str:
    return text(pdf, tmp_path, "-f", str(page), "-l", str(page))


def squeeze(s: str) -> str:
    return re.sub(r"\s+", " ", s)


def long_body(paragraphs: int) -> str:
    sentence = "Chi bộ lãnh đạo đảng viên và nhân dân thực hiện tốt nhiệm vụ chính trị của địa phương. "
    return "".join(f"<p>{i + 1}. {sentence * 4}</p>" for i in range(paragraphs))


def test_issued_header_names_superior_issuer_number_and_date(branch, tmp_path):
    version = make_version(branch, issued=True)

    pdf = render_pdf(version, issued=True)

    page = page_text(pdf, tmp_path, 1)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page
    assert "ĐẢNG BỘ PHƯỜNG KỲ TRINH" in page  # the superior, found through the tree
    assert "CHI BỘ TDP HOÀNG TRINH" in page
    assert "Số 29-KH/ĐU" in page
    assert "Số: " not in page
    assert "Kỳ Trinh, ngày 03 tháng 02 năm 2022" in page
    assert "KẾ HOẠCH" in page
    assert "Thực hiện nhiệm vụ năm 2022" in page
    lines = [line for line in page.splitlines() if line.strip()]
    # The national line and the superior share the first line; the star sits under the issuer.
    assert "ĐẢNG BỘ PHƯỜNG KỲ TRINH" in lines[0] and "ĐẢNG CỘNG SẢN VIỆT NAM" in lines[0]
    assert any(line.strip().startswith("*") for line in lines[1:4])


def test_page_is_a4_and_the_serif_is_embedded(branch, tmp_path):
    pdf = render_pdf(make_version(branch, issued=True), issued=True)

    info = poppler("pdfinfo", pdf, tmp_path)
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert abs(float(size[1]) - 595.28) < 1 and abs(float(size[2]) - 841.89) < 1
    fonts = poppler("pdffonts", pdf, tmp_path).splitlines()[2:]
    assert fonts
    serif = [f for f in fonts if re.search(r"LiberationSerif|Liberation-Serif|Tinos|TimesNewRoman|Times", f)]
    assert serif, fonts
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # every font embedded ("emb")


def test_every_vietnamese_diacritic_survives(branch, tmp_path):
    version = make_version(branch, body=f"<p>{DIACRITICS}.</p><p><strong>Đậm</strong> <em>nghiêng ươ ƯƠ</em></p>")

    pdf = render_pdf(version, issued=False)

    content = squeeze(text(pdf, tmp_path))
    assert DIACRITICS in content
    assert "Đậm nghiêng ươ ƯƠ" in content


def test_draft_carries_the_mark_and_leaves_the_number_blank(branch, tmp_path):
    version = make_version(branch)

    pdf = render_pdf(version, issued=False)

    page = page_text(pdf, tmp_path, 1)
    assert "DỰ THẢO" in page
    assert re.search(r"Số\s+-KH/ĐU", page)
    assert "Kỳ Trinh, ngày 03 tháng 02 năm 2022" in page


def test_issued_has_no_draft_mark(branch, tmp_path):
    pdf = render_pdf(make_version(branch, issued=True), issued=True)

    assert "DỰ THẢO" not in text(pdf, tmp_path)


def test_undated_draft_leaves_blanks_in_the_date_line(branch, tmp_path):
    version = make_version(branch, document_date=None)

    pdf = render_pdf(version, issued=False)

    assert re.search(r"Kỳ Trinh, ngày\s{2,}tháng\s{2,}năm", page_text(pdf, tmp_path, 1))


def test_signature_block_and_recipients(branch, tmp_path):
    pdf = render_pdf(make_version(branch, issued=True), issued=True)

    content = text(pdf, tmp_path)
    for expected in ("T/M CHI BỘ", "BÍ THƯ", "Nguyễn Văn An", "Nơi nhận:", "- Đảng ủy phường (để b/c),", "- Lưu Chi bộ."):
        assert expected in content
    # Recipients at the left, signature at the right of the same band.
    band = next(line for line in content.splitlines() if "Nơi nhận:" in line)
    assert "T/M CHI BỘ" in band


def test_long_document_pages_are_numbered_from_the_second(branch, tmp_path):
    version = make_version(branch, body=long_body(40), issued=True)

    pdf = render_pdf(version, issued=True)

    info = poppler("pdfinfo", pdf, tmp_path)
    assert pdf.pages == int(re.search(r"Pages:\s+(\d+)", info)[1])
    assert pdf.pages >= 4
    first_lines = [
        next(line.strip() for line in page_text(pdf, tmp_path, n).splitlines() if line.strip())
        for n in range(1, pdf.pages + 1)
    ]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first_lines[0]  # no number above the header
    assert first_lines[1:] == [str(n) for n in range(2, pdf.pages + 1)]


def test_signature_is_kept_together_across_a_page_break(branch, tmp_path):
    """Whatever the body's length, the closing band (recipients, signing line, name) lands on
    one page: the body grows line by line across the end of page 1."""
    signature_pages = set()
    for lines in range(0, 42, 3):
        body = long_body(2) + "".join(f"<p>Dòng {i + 1}.</p>" for i in range(lines))
        pdf = render_pdf(make_version(branch, body=body, issued=True), issued=True)
        pages = [page_text(pdf, tmp_path, n) for n in range(1, pdf.pages + 1)]
        holding = [n for n, page in enumerate(pages) if "T/M CHI BỘ" in page]
        assert len(holding) == 1
        closing = pages[holding[0]]
        assert "Nguyễn Văn An" in closing and "Nơi nhận:" in closing and "- Lưu Chi bộ." in closing, lines
        signature_pages.add(holding[0])
    assert signature_pages == {0, 1}  # the loop did cross the end of page 1


def test_congress_names_itself_in_issuer_lines_with_an_explicit_superior(branch, tmp_path):
    version = make_version(
        branch, issued=True, doc_type="NQ",
        superior_line="Đảng bộ phường Kỳ Trinh",
        issuer_lines="Chi bộ TDP Hoàng Trinh\nĐại hội lần thứ XV\nNhiệm kỳ 2022–2025",
        signing_body="ĐẠI HỘI", signer_position="CHỦ TỊCH ĐOÀN",
    )

    page = page_text(pdf := render_pdf(version, issued=True), tmp_path, 1)

    for line in ("CHI BỘ TDP HOÀNG TRINH", "ĐẠI HỘI LẦN THỨ XV", "NHIỆM KỲ 2022–2025", "NGHỊ QUYẾT", "Số 29-NQ/ĐU"):
        assert line in page
    assert "T/M ĐẠI HỘI" in text(pdf, tmp_path)


def test_official_letter_has_its_subject_under_the_number_and_no_heading(branch, tmp_path):
    version = make_version(branch, issued=True, doc_type="CV", subject="chuẩn bị Đại hội Chi bộ")

    html = render_html(version, issued=True)
    page = page_text(render_pdf(version, issued=True), tmp_path, 1)

    assert "Số 29-CV/ĐU" in page
    assert "V/v chuẩn bị Đại hội Chi bộ" in squeeze(page)
    assert 'class="heading"' not in html


def test_tables_in_the_body_are_printed(branch, tmp_path):
    body = "<table><tr><th>TT</th><th>Họ và tên</th></tr><tr><td>1</td><td>Trần Thị Bình</td></tr></table>"

    content = text(render_pdf(make_version(branch, body=body), issued=False), tmp_path)

    assert re.search(r"TT\s+Họ và tên", content)
    assert re.search(r"1\s+Trần Thị Bình", content)


def test_html_escapes_fields_and_drops_what_the_body_may_not_hold(branch):
    version = make_version(
        branch, subject="<b>Đậm</b> & chữ",
        body='<p onclick="x()">Đoạn</p><script>alert(1)</script><img src="file:///etc/passwd">',
    )

    html = render_html(version, issued=False)

    assert "&lt;b&gt;Đậm&lt;/b&gt; &amp; chữ" in html
    assert "<script" not in html and "<img" not in html and "onclick" not in html
    assert "<p>Đoạn</p>" in html


def test_rendering_touches_no_database_with_explicit_lines(django_assert_num_queries, branch):
    version = make_version(branch, superior_line="Đảng bộ phường Kỳ Trinh")
    version = DocumentVersion.objects.select_related("document__issuer").get(pk=version.pk)

    with django_assert_num_queries(0):
        render_html(version, issued=False)


def test_preview_html_lays_out_as_the_pdf(branch, tmp_path):
    """render_html inlines the stylesheet render_pdf shares: both give the same pages."""
    version = make_version(branch, body=long_body(12), issued=True)

    pdf = render_pdf(version, issued=True)
    preview = pdf_from_html(render_html(version, issued=True))

    assert preview.pages == pdf.pages >= 2
    assert text(preview, tmp_path) == text(pdf, tmp_path)


def test_an_unsaved_version_renders_without_asking_the_hooks(monkeypatch):
    """A version built in memory (a preview, benchmarks/render.py) renders: the appendix hooks
    are only given saved documents, as theirs are recorded against one. No `db` fixture: any
    query would fail the test."""
    from branches.models import Organization
    from documents import hooks

    asked = []
    monkeypatch.setattr(hooks, "_APPENDICES", {"BC": {"test": lambda document: asked.append(document) or "<p>X</p>"}})
    issuer = Organization(name="Đảng bộ phường Kỳ Trinh", kind="grassroots_committee", short_name="ĐU")
    document = Document(issuer=issuer, doc_type="BC", subject="Tổng kết", superior_line="Đảng bộ thị xã Kỳ Anh",
                        place="Kỳ Trinh", signing_mode="T/M", signing_body="BAN CHẤP HÀNH")

    html = render_html(DocumentVersion(document=document, number=1, body="<p>Nội dung.</p>"), issued=False)

    assert "Nội dung." in html and asked == []
