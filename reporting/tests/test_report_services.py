"""The summary report of a round (reporting.services.report): drafted as a BC document of the
plan's committee from the figures, refreshed while a draft, a new one once issued, refused when
nothing was held, and issued as a numbered PDF through the documents' own flow."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError

from documents.models import Document, DocumentVersion, RenderJob
from documents.render import pdf_from_html, render_pdf
from documents.rules import Actor, Move
from documents.services.documents import document_issue, document_move, document_save_body
from reporting.models import RoundReport
from reporting.services.report import report_appendix, round_report_draft
from reporting.statistics import Scope
from reporting.tests.builders import held

pytestmark = pytest.mark.usefixtures("english")  # messages matched in English

TODAY = datetime.date(2022, 7, 25)


def draft(plan, user, scope=None):
    return round_report_draft(acting_user=user, scope=scope or Scope(plan), today=TODAY)


def body_of(document):
    return document.versions.order_by("-number").first().body


def assessed(document, clerk):
    """The general assessment written in place of the draft's instruction: the guard refuses to
    approve the report while the instruction is left (documents.guard)."""
    written = re.sub(
        r"<p>\(Đánh giá[^<]*\)</p>",
        "<p>Đại hội các chi bộ được tổ chức đúng kế hoạch, bảo đảm nguyên tắc, dân chủ; nhiệm kỳ tới tập trung "
        "nâng cao chất lượng sinh hoạt chi bộ.</p>",
        body_of(document),
    )
    document_save_body(acting_user=clerk, document=document, body=written)


def test_draft_is_a_bc_document_of_the_plans_committee(results, superior, superior_clerk):
    report = draft(results, superior_clerk)

    document = report.document
    assert (report.plan, report.scope) == (results, "")
    assert document.issuer == superior and document.doc_type == "BC" and document.state == "draft"
    assert document.term == results.term
    assert document.subject == "Kết quả đại hội chi bộ nhiệm kỳ 2022–2025"
    assert document.number is None and document.sequence_key == ""  # numbered in the committee's BC register
    assert document.recipients.splitlines()[-1] == "- Lưu VP."
    body = body_of(document)
    assert body.startswith("<p>Thực hiện Kế hoạch số 01-KH/ĐU, ngày ")
    assert "Đến nay, đã có 01/02 chi bộ tổ chức Đại hội xong, trong đó 01 chi bộ tổ chức đại hội điểm." in body
    assert "Còn 01 chi bộ chưa tổ chức đại hội." in body
    assert (
        "Đại hội các chi bộ đã bầu ra cấp ủy nhiệm kỳ 2022–2025 gồm 13 đồng chí, tăng 225,0% so với nhiệm kỳ trước, "
        "số lượng cấp ủy tái cử là 4 đồng chí, số cấp ủy mới tham gia là 9 đồng chí, cấp ủy là nữ 3 đồng chí "
        "(chiếm 23,08%)."
    ) in body
    # The per-unit table is an appendix, printed after the signature.
    assert "Chi bộ TDP Hoàng Trinh (đại hội điểm)" not in body
    assert "Chi bộ TDP Hoàng Trinh (đại hội điểm)" in report_appendix(report.document)


def test_a_scope_names_itself_in_the_subject(results, branch_a, superior_clerk):
    report = draft(results, superior_clerk, Scope(results, organization=branch_a))

    assert report.scope == f"org:{branch_a.pk}"
    assert report.document.subject == "Kết quả đại hội chi bộ nhiệm kỳ 2022–2025 (Chi bộ TDP Hoàng Trinh)"


def test_drafting_again_refreshes_the_draft(results, congress_b, branch_b, superior_clerk):
    first = draft(results, superior_clerk)
    assert draft(results, superior_clerk) == first
    assert first.document.versions.count() == 1  # nothing changed: no new version

    held(congress_b, branch_b, elected=3, women=0)
    again = draft(results, superior_clerk)

    assert again == first and RoundReport.objects.count() == 1
    versions = list(first.document.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].note == "Drafted again from the figures of 25/07/2022"
    assert "đã có 02/02 chi bộ tổ chức Đại hội xong" in versions[1].body
    assert "gồm 16 đồng chí" in versions[1].body


def test_a_report_being_approved_is_not_drafted_again(results, superior_clerk):
    report = draft(results, superior_clerk)
    document_move(acting_user=superior_clerk, document=report.document, move=Move.SUBMIT, actors={Actor.CLERK})

    with pytest.raises(ValidationError, match="being approved"):
        draft(results, superior_clerk)
    assert RoundReport.objects.count() == 1 and report.document.versions.count() == 1


def test_issued_as_a_numbered_report_then_a_new_one(results, superior_clerk, superior_leader, no_rendering):
    report = draft(results, superior_clerk)
    document = report.document
    assessed(document, superior_clerk)
    document_move(acting_user=superior_clerk, document=document, move=Move.SUBMIT, actors={Actor.CLERK})
    document_move(acting_user=superior_leader, document=document, move=Move.APPROVE, actors={Actor.LEADER})
    issued = document_issue(acting_user=superior_clerk, document=document, actors={Actor.CLERK})

    assert issued.state == "issued" and issued.symbol == "01-BC/ĐU"
    assert RenderJob.objects.filter(version__document=document, issued=True).exists()  # its final PDF

    new = draft(results, superior_clerk)
    assert new != report and new.document.state == "draft"
    assert RoundReport.objects.filter(plan=results, scope="").count() == 2


def test_refused_when_no_congress_was_held(open_plan, superior_clerk):
    before = (Document.objects.count(), DocumentVersion.objects.count())

    with pytest.raises(ValidationError, match="No congress of this scope has been held"):
        draft(open_plan, superior_clerk)
    assert not RoundReport.objects.exists()
    assert (Document.objects.count(), DocumentVersion.objects.count()) == before


def test_a_scope_without_held_congress_is_refused(results, branch_b, superior_clerk):
    with pytest.raises(ValidationError):
        draft(results, superior_clerk, Scope(results, organization=branch_b))


# --- The PDF ------------------------------------------------------------------------------------


def test_the_appendix_draws_the_charts_of_a_report_only(results, superior_clerk):
    report = draft(results, superior_clerk)

    appendix = report_appendix(report.document)
    assert appendix.startswith('<div class="appendix"><h3>PHỤ LỤC 1. TỔNG HỢP SỐ LIỆU</h3>')
    assert appendix.index("PHỤ LỤC 2.") < appendix.index('<div class="appendix"><h3>PHỤ LỤC 3. BIỂU ĐỒ KẾT QUẢ ĐẠI HỘI</h3>')
    # Branches only: no secretaries chart (no grassroots committee chose how to elect its
    # secretary); no delegates allocated nor elected: no delegates chart.
    assert appendix.count("<svg") == 3
    assert report_appendix(results.document) == ""  # the plan's KH document: no charts


def test_the_report_renders_as_a_pdf_with_its_charts(results, superior_clerk, tmp_path):
    """One render of the report's body (the documents' own template), and one of the charts'
    appendix: WeasyPrint draws inline SVG without fetching anything."""
    import subprocess

    report = draft(results, superior_clerk)
    pdf = render_pdf(report.document.versions.get(), issued=False)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf.data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    squeezed = re.sub(r"\s+", " ", text)
    assert "BÁO CÁO" in text and "DỰ THẢO" in text
    assert "Số -BC/ĐU" in squeezed.replace("\u00a0", "")
    assert "gồm 13 đồng chí" in squeezed

    charts = pdf_from_html(f"<html><body>{report_appendix(report.document)}</body></html>")
    path.write_bytes(charts.data)
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    assert "BIỂU ĐỒ" in text and "1/2 (50%)" in text  # congresses held, beside their bar


def test_a_summary_report_built_in_memory_renders_without_charts(superior):
    """An unsaved BC version (a preview, benchmarks/render.py) renders: reporting's appendix
    hook is not asked about a document that cannot have a RoundReport."""
    document = Document(issuer=superior, doc_type="BC", subject="Tổng kết đại hội", superior_line="Đảng bộ thị xã Kỳ Anh",
                        place="Kỳ Trinh", signing_mode="T/M", signing_body="BAN CHẤP HÀNH")

    pdf = render_pdf(DocumentVersion(document=document, number=1, body="<p>Nội dung.</p>"), issued=False)

    assert pdf.pages == 1
