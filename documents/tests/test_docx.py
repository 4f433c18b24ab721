"""Word in and out (docs/documents.md, "Word"), with real files: a document exported as .docx
is opened again with python-docx and compared with what its PDF prints; .docx files made with
python-docx (and the exported one) come back as sanitised bodies; bad files change nothing."""

import datetime
import io
import zipfile

import docx
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from documents.docx_export import FRAME_STYLE, FRAME_TABLE_STYLE, docx_from_context
from documents.docx_import import DocxImportError, body_from_docx
from documents.models import Document, DocumentVersion
from documents.render import document_context
from documents.sanitize import sanitize_body
from documents.services.documents import document_create
from documents.tests.factories import OrganizationFactory, TermFactory, UserFactory

NBSP = "\u00a0"
RICH_BODY = (
    "<h2>I. MỤC ĐÍCH, YÊU CẦU</h2>"
    "<p>Chi bộ lãnh đạo <strong>toàn diện</strong>, <em>thường xuyên</em> và <u>kịp thời</u>.</p>"
    "<h3>1. Mục đích</h3>"
    "<ul><li>Phát huy dân chủ;<ul><li>trong Chi bộ;</li><li>trong Nhân dân.</li></ul></li>"
    "<li>Đoàn kết thống nhất.</li></ul>"
    "<h4>a) Chỉ tiêu</h4>"
    "<ol><li>Trên 95% đảng viên hoàn thành tốt nhiệm vụ;</li><li>Kết nạp từ 01 đảng viên mới trở lên.</li></ol>"
    "<table><thead><tr><th>Nội dung</th><th>Thời gian</th></tr></thead>"
    "<tbody><tr><td>Đại hội Chi bộ</td><td>Tháng 4/2022</td></tr>"
    "<tr><td colspan=\"2\">Báo cáo kết quả về Đảng ủy</td></tr></tbody></table>"
    "<p>Nhận được Kế hoạch này, các đảng viên thực hiện nghiêm túc.</p>"
)


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


def make_version(issuer, *, body=RICH_BODY, issued=False, **fields) -> DocumentVersion:
    user = UserFactory()
    values = {
        "doc_type": "KH",
        "subject": "Tổ chức Đại hội Chi bộ nhiệm kỳ 2022–2025",
        "term": TermFactory(),
        "place": "Kỳ Trinh",
        "document_date": datetime.date(2022, 2, 3),
        "signing_mode": "T/M",
        "signing_body": "CHI BỘ",
        "signer_position": "BÍ THƯ",
        "signer_name": "Nguyễn Văn An",
        "recipients": "- Đảng ủy phường (để b/c),\n- Các đảng viên,\n- Lưu Chi bộ.",
        **fields,
    }
    if issued:
        values.update(state="issued", number=29, symbol=f"29-{values['doc_type']}/CB", sequence_key="test:docx")
    document = Document.objects.create(issuer=issuer, created_by=user, **values)
    return DocumentVersion.objects.create(document=document, number=1, body=body, author=user)


def export(version, *, issued: bool) -> docx.document.Document:
    return docx.Document(io.BytesIO(docx_from_context(document_context(version, issued=issued))))


def blocks(document) -> list:
    """The body's paragraphs and tables in order, as python-docx objects."""
    found = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            found.append(Paragraph(element, document))
        elif element.tag == qn("w:tbl"):
            found.append(Table(element, document))
    return found


def texts(document) -> list[str]:
    """Every paragraph's text in order, those in tables too."""
    return [p.text for p in document.element.body.iter(qn("w:p")) for p in [Paragraph(p, document)]]


def lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs]


def numbering(paragraph) -> tuple[int, str] | None:
    """(level, "bullet" or "decimal") of a list item, None for a plain paragraph."""
    num_pr = paragraph._p.pPr.find(qn("w:numPr")) if paragraph._p.pPr is not None else None
    if num_pr is None:
        return None
    level = int(num_pr.find(qn("w:ilvl")).get(qn("w:val")))
    num_id = num_pr.find(qn("w:numId")).get(qn("w:val"))
    part = paragraph.part.numbering_part.element
    num = next(n for n in part.findall(qn("w:num")) if n.get(qn("w:numId")) == num_id)
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in part.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    lvl = next(lv for lv in abstract.findall(qn("w:lvl")) if lv.get(qn("w:ilvl")) == str(level))
    return level, lvl.find(qn("w:numFmt")).get(qn("w:val"))


# --- export -------------------------------------------------------------------------------------


def test_a_draft_exports_with_the_pdf_layout(branch):
    version = make_version(branch)
    document = export(version, issued=False)
    header, heading, subject, rule, *body, closing, end = blocks(document)

    # The header table: superior, issuer in bold, "*", the number left blank; the nation and the date.
    assert header.style.name == FRAME_TABLE_STYLE
    left, right = header.rows[0].cells
    assert lines(left) == ["ĐẢNG BỘ PHƯỜNG KỲ TRINH", "CHI BỘ TDP HOÀNG TRINH", "*", f"Số {NBSP * 6}-KH/CB"]
    assert left.paragraphs[1].runs[0].bold and not left.paragraphs[0].runs[0].bold
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in left.paragraphs)
    assert lines(right) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Kỳ Trinh, ngày 03 tháng 02 năm 2022"]
    nation, date = (p.runs[0] for p in right.paragraphs)
    assert nation.bold and nation.underline and nation.font.size == Pt(15)
    assert date.italic and right.paragraphs[1].alignment == WD_ALIGN_PARAGRAPH.RIGHT

    # The draft mark above the header, on the first page only, as the PDF's.
    section = document.sections[0]
    assert [p.text for p in section.first_page_header.paragraphs] == ["DỰ THẢO"]
    assert section.first_page_header.paragraphs[0].runs[0].bold

    # Type and subject centred in bold.
    assert (heading.text, subject.text, rule.text) == ("KẾ HOẠCH", "Tổ chức Đại hội Chi bộ nhiệm kỳ 2022–2025", "-----")
    assert heading.runs[0].bold and heading.runs[0].font.size == Pt(16) and subject.runs[0].bold
    assert heading.alignment == subject.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert {heading.style.name, subject.style.name, rule.style.name} == {FRAME_STYLE}

    # The body in order: headings, emphasis, nested lists, the table; the last paragraph kept with the signature.
    texts = [b.text if isinstance(b, Paragraph) else "<table>" for b in body]
    assert texts == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Chi bộ lãnh đạo toàn diện, thường xuyên và kịp thời.",
        "1. Mục đích",
        "Phát huy dân chủ;", "trong Chi bộ;", "trong Nhân dân.", "Đoàn kết thống nhất.",
        "a) Chỉ tiêu",
        "Trên 95% đảng viên hoàn thành tốt nhiệm vụ;", "Kết nạp từ 01 đảng viên mới trở lên.",
        "<table>",
        "Nhận được Kế hoạch này, các đảng viên thực hiện nghiêm túc.",
    ]
    assert [body[i].style.name for i in (0, 2, 7)] == ["Heading 1", "Heading 2", "Heading 3"]
    emphasis = {run.text: (run.bold, run.italic, run.underline) for run in body[1].runs}
    assert emphasis["toàn diện"] == (True, None, None)
    assert emphasis["thường xuyên"] == (None, True, None)
    assert emphasis["kịp thời"] == (None, None, True)
    assert [numbering(body[i]) for i in range(3, 10)] == [
        (0, "bullet"), (1, "bullet"), (1, "bullet"), (0, "bullet"), None, (0, "decimal"), (0, "decimal"),
    ]
    table = body[10]
    assert table.style.name == "Table Grid"  # bordered
    assert [lines(c) for c in table.rows[0].cells] == [["Nội dung"], ["Thời gian"]]
    assert table.rows[0].cells[0].paragraphs[0].runs[0].bold
    assert [c.text for c in table.rows[1].cells] == ["Đại hội Chi bộ", "Tháng 4/2022"]
    assert table.rows[2].cells[0]._tc is table.rows[2].cells[1]._tc  # colspan="2": one merged cell
    assert table.rows[2].cells[0].text == "Báo cáo kết quả về Đảng ủy"
    assert body[-1].paragraph_format.keep_with_next

    # The closing: recipients at the bottom left in 12 pt, the signature at the right, no borders.
    assert closing.style.name == FRAME_TABLE_STYLE
    recipients, signature = closing.rows[0].cells
    assert lines(recipients) == ["Nơi nhận:", "- Đảng ủy phường (để b/c),", "- Các đảng viên,", "- Lưu Chi bộ."]
    title = recipients.paragraphs[0].runs[0]
    assert title.bold and title.italic and title.underline and title.font.size == Pt(12)
    assert all(p.runs[0].font.size == Pt(12) for p in recipients.paragraphs[1:])
    assert recipients.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert lines(signature) == ["T/M CHI BỘ", "BÍ THƯ", "Nguyễn Văn An"]
    assert all(p.runs[0].bold for p in signature.paragraphs)
    assert round(signature.paragraphs[-1].paragraph_format.space_before.mm) == 25  # room to sign
    assert end.text == ""


def test_the_body_is_times_new_roman_14_pt_justified_with_a_1_cm_indent(branch):
    document = export(make_version(branch), issued=False)
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    assert normal.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert round(normal.paragraph_format.first_line_indent.mm, 1) == 10
    body = [b for b in blocks(document) if isinstance(b, Paragraph) and b.style.name == "Normal" and b.text]
    assert body and all(run.font.name is None and run.font.size is None for p in body for run in p.runs)
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        style = document.styles[name]
        assert style.font.name == "Times New Roman" and style.font.size == Pt(14) and style.font.bold
        assert style.font.color.rgb is None  # black, not Word's blue
    # No theme font may override Times New Roman anywhere (Word prefers a theme font to a named one).
    fonts = document.styles.element.findall(".//" + qn("w:rFonts"))
    assert all(not any("Theme" in key or "theme" in key for key in f.attrib) for f in fonts
               if f.get(qn("w:ascii")) == "Times New Roman")
    defaults = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert defaults.get(qn("w:ascii")) == defaults.get(qn("w:hAnsi")) == "Times New Roman"


def test_the_page_is_a4_with_the_official_margins_and_numbers_from_page_2(branch):
    section = export(make_version(branch), issued=False).sections[0]
    mm = [round(length.mm) for length in (section.page_width, section.page_height, section.top_margin,
                                          section.bottom_margin, section.left_margin, section.right_margin)]
    assert mm == [210, 297, 20, 20, 30, 15]
    assert section.different_first_page_header_footer
    number = section.header.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    field = number._p.find(qn("w:fldSimple"))
    assert field is not None and field.get(qn("w:instr")).strip() == "PAGE"
    assert section.first_page_header.is_linked_to_previous is False
    assert number._p.find(qn("w:fldSimple")) is not None
    assert section.first_page_header.paragraphs[0]._p.find(qn("w:fldSimple")) is None  # none on page 1


def test_an_issued_document_exports_its_number_without_the_draft_mark(branch):
    document = export(make_version(branch, issued=True), issued=True)
    header = blocks(document)[0]
    assert lines(header.rows[0].cells[0])[-1] == "Số 29-KH/CB"
    assert [p.text for p in document.sections[0].first_page_header.paragraphs] == [""]
    assert "DỰ THẢO" not in "".join(p.text for p in document.paragraphs)


def test_the_second_signature_stands_at_the_left(branch):
    version = make_version(
        branch, doc_type="BB", cosigner_title="Thư ký Đại hội", cosigner_names="Trần Thị Bình\nLê Văn Cường",
        signing_mode="T/M", signing_body="Đoàn Chủ tịch", signer_position="", signer_name="Nguyễn Văn An",
    )
    *_, signatures, recipients, end = blocks(export(version, issued=False))
    cosigner, signer = signatures.rows[0].cells
    assert lines(cosigner) == ["THƯ KÝ ĐẠI HỘI", "Trần Thị Bình", "Lê Văn Cường"]
    assert lines(signer) == ["T/M ĐOÀN CHỦ TỊCH", "Nguyễn Văn An"]
    assert lines(recipients.rows[0].cells[0])[0] == "Nơi nhận:"
    assert {signatures.style.name, recipients.style.name} == {FRAME_TABLE_STYLE}


def test_a_letter_has_its_subject_under_the_number_and_no_heading(branch):
    version = make_version(branch, doc_type="CV", subject="chuẩn bị Đại hội Chi bộ", body="<p>Kính gửi.</p>")
    header, first, *_ = blocks(export(version, issued=False))
    assert lines(header.rows[0].cells[0])[-1] == "V/v chuẩn bị Đại hội Chi bộ"
    assert header.rows[0].cells[0].paragraphs[-1].runs[0].font.size == Pt(12)
    assert first.text == "Kính gửi." and first.style.name == "Normal"


# --- import -------------------------------------------------------------------------------------


def _docx(build) -> bytes:
    document = docx.Document()
    build(document)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def test_a_word_file_becomes_a_clean_body():
    def build(d):
        d.add_heading("Kết quả thực hiện", level=1)
        d.add_heading("Công tác chính trị", level=2)
        p = d.add_paragraph("Chi bộ đã ")
        p.add_run("hoàn thành").bold = True
        p.add_run(" các chỉ tiêu ")
        p.add_run("đề ra").italic = True
        p.add_run(".")
        d.add_paragraph("Phát huy dân chủ;", style="List Bullet")
        d.add_paragraph("Đoàn kết thống nhất.", style="List Bullet")
        d.add_paragraph("Kết nạp đảng viên.", style="List Number")
        table = d.add_table(rows=2, cols=2)
        for (r, c), text in {(0, 0): "Chỉ tiêu", (0, 1): "Kết quả", (1, 0): "Kết nạp", (1, 1): "02"}.items():
            table.cell(r, c).text = text
        d.add_paragraph("")

    body = body_from_docx(_docx(build))
    assert body == (
        "<h2>Kết quả thực hiện</h2><h3>Công tác chính trị</h3>"
        "<p>Chi bộ đã <strong>hoàn thành</strong> các chỉ tiêu <em>đề ra</em>.</p>"
        "<ul><li>Phát huy dân chủ;</li><li>Đoàn kết thống nhất.</li></ul><ol><li>Kết nạp đảng viên.</li></ol>"
        "<table><tbody><tr><td><p>Chỉ tiêu</p></td><td><p>Kết quả</p></td></tr>"
        "<tr><td><p>Kết nạp</p></td><td><p>02</p></td></tr></tbody></table>"
    )
    assert sanitize_body(body) == body


def test_an_exported_file_comes_back_as_its_body_without_header_or_signatures(branch):
    version = make_version(branch)
    data = docx_from_context(document_context(version, issued=False))
    body = body_from_docx(data)
    assert body.startswith("<h2>I. MỤC ĐÍCH, YÊU CẦU</h2><p>Chi bộ lãnh đạo <strong>toàn diện</strong>, "
                           "<em>thường xuyên</em> và <u>kịp thời</u>.</p><h3>1. Mục đích</h3>")
    assert ("<ul><li>Phát huy dân chủ;<ul><li>trong Chi bộ;</li><li>trong Nhân dân.</li></ul></li>"
            "<li>Đoàn kết thống nhất.</li></ul><h4>a) Chỉ tiêu</h4><ol><li>") in body
    assert "<td><p>Đại hội Chi bộ</p></td>" in body and '<td colspan="2"><p>Báo cáo kết quả về Đảng ủy</p></td>' in body
    assert body.endswith("<p>Nhận được Kế hoạch này, các đảng viên thực hiện nghiêm túc.</p>")
    for frame in ("ĐẢNG CỘNG SẢN VIỆT NAM", "KẾ HOẠCH", "Nơi nhận", "Nguyễn Văn An", "DỰ THẢO", "-----"):
        assert frame not in body
    # Brought in again, it exports the same body.
    again = make_version(branch, body=body)
    assert texts(export(again, issued=False)) == texts(export(version, issued=False))


@pytest.mark.parametrize(("body", "back"), [
    ("<p>H<sub>2</sub>O, 10<sup>3</sup> đồng, <s>bỏ</s>; <b>đậm <i>và nghiêng</i></b></p>",
     "<p>H<sub>2</sub>O, 10<sup>3</sup> đồng, <s>bỏ</s>; <strong>đậm <em>và nghiêng</em></strong></p>"),
    ("<ol><li>Một<br>dòng hai<ol><li>Con</li></ol></li><li>Hai</li></ol>", None),
    ("<blockquote><p>Trích dẫn Điều lệ Đảng.</p></blockquote>", None),
    ("<blockquote>Trích <strong>dẫn</strong> liền dòng.</blockquote>",
     "<blockquote><p>Trích <strong>dẫn</strong> liền dòng.</p></blockquote>"),
    ("<h2>Tiêu đề<br>dòng hai</h2><p>Đoạn &amp; ký hiệu &lt;x&gt;.</p>", None),
    # A blank to fill by hand on paper stays marked (documents.guard lets it pass).
    ('<p>Đồng chí <span class="fill-by-hand">........................</span> được bầu.</p>', None),
])
def test_a_body_survives_word_and_back(branch, body, back):
    data = docx_from_context(document_context(make_version(branch, body=body), issued=False))
    assert body_from_docx(data) == (back or body)


def test_an_item_of_two_paragraphs_stays_one_item_of_its_list(branch):
    body = "<ol><li><p>Đoạn một</p><p>đoạn hai</p><ul><li>Con</li></ul></li><li>Hai</li></ol>"
    data = docx_from_context(document_context(make_version(branch, body=body), issued=False))
    assert body_from_docx(data) == "<ol><li>Đoạn một<br>đoạn hai<ul><li>Con</li></ul></li><li>Hai</li></ol>"


def _zip(files: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return output.getvalue()


PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize(("data", "code"), [
    (PDF, "not_docx"),  # a PDF renamed .docx
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "not_docx"),  # an old Word .doc
    (_zip({"[Content_Types].xml": b"<Types/>", "word/other.xml": b"<x/>"}), "not_docx"),  # no word/document.xml
    (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document"}), "corrupt"),
    (b"", "empty"),
    (_docx(lambda d: d.add_paragraph("  ")), "empty"),
    (b"PK" + b"\0" * (5 * 1024 * 1024), "too_large"),
], ids=["pdf", "old-doc", "no-document-xml", "broken-xml", "empty", "blank-docx", "too-large"])
def test_a_bad_file_is_refused_with_its_reason(data, code):
    with pytest.raises(DocxImportError) as refused:
        body_from_docx(data)
    assert refused.value.code == code and refused.value.message


def test_a_file_that_unpacks_to_a_huge_one_is_refused(monkeypatch):
    monkeypatch.setattr("documents.docx_import.MAX_UNPACKED_BYTES", 100_000)
    data = _docx(lambda d: d.add_paragraph("Chi bộ " * 20_000))
    assert len(data) < 100_000
    with pytest.raises(DocxImportError) as refused:
        body_from_docx(data)
    assert refused.value.code == "too_large"


def test_a_damaged_part_is_refused():
    good = _docx(lambda d: d.add_paragraph("Chi bộ"))
    damaged = bytearray(good)
    start = damaged.find(b"word/document.xml") + len(b"word/document.xml")  # the local header's data
    damaged[start + 10:start + 30] = b"\xff" * 20
    with pytest.raises(DocxImportError) as refused:
        body_from_docx(bytes(damaged))
    assert refused.value.code in {"corrupt", "not_docx"}


# --- views --------------------------------------------------------------------------------------


@pytest.fixture
def draft(db, branch_a, branch_clerk):
    TermFactory()
    return document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Nghị quyết Chi bộ",
                           body="<p>Mở đầu</p>")


def _upload(client, document, data: bytes, name="nghi-quyet.docx"):
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(reverse("document_import_docx", kwargs={"pk": document.pk}), {"file": upload})


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_word_download_is_a_docx_attachment_named_as_the_pdf(client, branch_clerk, draft):
    client.force_login(branch_clerk)
    response = client.get(reverse("document_docx", kwargs={"pk": draft.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == 'attachment; filename="du-thao-nghi-quyet-chi-bo.docx"'
    document = docx.Document(io.BytesIO(response.content))
    assert "Mở đầu" in [p.text for p in document.paragraphs]
    assert document.sections[0].first_page_header.paragraphs[0].text == "DỰ THẢO"


def test_an_issued_document_downloads_as_issued(client, branch_clerk, draft):
    Document.objects.filter(pk=draft.pk).update(state="issued", number=3, symbol="03-NQ/CB")
    client.force_login(branch_clerk)
    response = client.get(reverse("document_docx", kwargs={"pk": draft.pk}))
    assert response["Content-Disposition"] == 'attachment; filename="03-NQ-CB.docx"'
    document = docx.Document(io.BytesIO(response.content))
    assert "Số 03-NQ/CB" in blocks(document)[0].rows[0].cells[0].text
    assert document.sections[0].first_page_header.paragraphs[0].text == ""


def test_the_document_page_offers_word_and_the_edit_page_the_upload(client, branch_clerk, draft):
    client.force_login(branch_clerk)
    detail = client.get(reverse("document_detail", kwargs={"pk": draft.pk})).content.decode()
    assert reverse("document_docx", kwargs={"pk": draft.pk}) in detail and "Tải về Word (.docx)" in detail
    edit = client.get(reverse("document_edit", kwargs={"pk": draft.pk})).content.decode()
    assert reverse("document_import_docx", kwargs={"pk": draft.pk}) in edit
    assert 'enctype="multipart/form-data"' in edit and "Nhập nội dung từ tệp Word (.docx)" in edit


def test_an_uploaded_word_file_is_the_next_version(en, branch_clerk, draft):
    en.force_login(branch_clerk)
    data = _docx(lambda d: (d.add_heading("Mục tiêu", level=1), d.add_paragraph("Chi bộ trong sạch, vững mạnh.")))
    response = _upload(en, draft, data)
    assert response.status_code == 302 and response.url == reverse("document_edit", kwargs={"pk": draft.pk})
    version = draft.versions.order_by("-number").first()
    assert version.number == 2 and version.author == branch_clerk
    assert version.body == "<h2>Mục tiêu</h2><p>Chi bộ trong sạch, vững mạnh.</p>"
    assert version.note == "Brought in from nghi-quyet.docx"
    assert _messages(response) == ["The Word file's text is saved as version 2."]


def test_the_same_file_twice_makes_no_second_version(en, branch_clerk, draft):
    en.force_login(branch_clerk)
    data = _docx(lambda d: d.add_paragraph("Chi bộ trong sạch."))
    _upload(en, draft, data)
    response = _upload(en, draft, data)
    assert draft.versions.count() == 2
    assert _messages(response)[-1] == "Nothing changed: no new version."


@pytest.mark.parametrize(("data", "message"), [
    (PDF, "This is not a Word .docx file."),
    (_zip({"[Content_Types].xml": b"<Types/>"}), "This is not a Word .docx file."),
    (b"", "The Word file holds no text."),
    (b"PK" + b"\0" * (5 * 1024 * 1024), "The Word file is too large (at most 5 MB)."),
], ids=["pdf", "no-document-xml", "empty", "too-large"])
def test_a_bad_upload_saves_nothing_and_says_why(en, branch_clerk, draft, data, message):
    en.force_login(branch_clerk)
    response = _upload(en, draft, data)
    assert response.status_code == 302 and response.url == reverse("document_edit", kwargs={"pk": draft.pk})
    assert draft.versions.count() == 1
    assert len(_messages(response)) == 1 and _messages(response)[0].startswith(message)


def test_no_file_saves_nothing(en, branch_clerk, draft):
    en.force_login(branch_clerk)
    response = en.post(reverse("document_import_docx", kwargs={"pk": draft.pk}))
    assert response.status_code == 302
    assert _messages(response) == ["Choose a Word file (.docx)."]
    assert draft.versions.count() == 1


def test_an_issued_document_takes_no_word_file(en, branch_clerk, draft):
    Document.objects.filter(pk=draft.pk).update(state="issued", number=3, symbol="03-NQ/CB")
    en.force_login(branch_clerk)
    response = _upload(en, draft, _docx(lambda d: d.add_paragraph("Sửa sau khi ban hành.")))
    assert response.status_code == 302 and response.url == reverse("document_detail", kwargs={"pk": draft.pk})
    assert draft.versions.count() == 1
    assert _messages(response) == ["Only a draft, a document open for comments or a returned one can be changed."]


def test_the_message_reads_in_vietnamese(client, branch_clerk, draft):
    client.force_login(branch_clerk)
    response = _upload(client, draft, PDF, name="bao-cao.pdf.docx")
    assert _messages(response)[0].startswith("Tệp này không phải là tệp Word .docx")
