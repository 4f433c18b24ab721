"""A document goes from a template's skeleton to a signed, numbered text in the browser
(docs/documents.md "Fit to sign", "Word"): the superior's leader cannot approve a skeleton and
is told what is left; the branch's clerk brings the finished text in from a Word file; the
leader approves; the clerk issues it on a date of their choosing; the numbered document
downloads as a Word file that carries its number, its text and its signer.

Elements are found by ids, data attributes and URLs, not by their (translated) text.
"""

import io
import re

import docx
import pytest
from playwright.sync_api import expect

from branches.models import RoleKind
from branches.tests.factories import OrganizationFactory, RoleFactory, TermFactory, UserFactory
from documents.models import Document
from documents.services.documents import document_create

pytestmark = pytest.mark.browser

PASSWORD = "secret-pass-123"
SKELETON = "<p>Đại hội bế mạc vào hồi ... giờ ... phút.</p><p><b>I. Kết quả đạt được</b></p><p></p>"


@pytest.fixture
def draft(transactional_db):
    committee = OrganizationFactory(name="Đảng bộ phường Kỳ Trinh", kind="grassroots_committee", short_name="ĐU")
    branch = OrganizationFactory(
        parent=committee, name="Chi bộ TDP Hoàng Trinh", kind="branch", short_name="CB", place_name="Kỳ Trinh",
    )
    clerk = UserFactory(username="chibo", password=PASSWORD)
    RoleFactory(user=clerk, organization=branch, kind=RoleKind.CLERK)
    leader = UserFactory(username="lanhdao", password=PASSWORD)
    RoleFactory(user=leader, organization=committee, kind=RoleKind.LEADER)
    TermFactory(start_year=2025, end_year=2030)
    return document_create(
        acting_user=clerk, issuer=branch, doc_type="BC", subject="Kết quả sinh hoạt chi bộ quý I",
        body=SKELETON, signer_name="Nguyễn Văn An",
    )


def _log_in(page, username):
    page.context.clear_cookies()
    page.goto("/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def _word_file() -> bytes:
    made = docx.Document()
    made.add_heading("I. Kết quả đạt được", level=1)
    made.add_paragraph("Chi bộ tổ chức sinh hoạt đều đặn; 100% đảng viên dự sinh hoạt.")
    made.add_paragraph("Đại hội bế mạc vào hồi 11 giờ 00 phút cùng ngày.")
    buffer = io.BytesIO()
    made.save(buffer)
    return buffer.getvalue()


def _post(page, pk, move):
    page.goto(f"/documents/{pk}/")
    page.locator(f"form[action='/documents/{pk}/{move}/'] button").click()


def test_a_skeleton_is_refused_then_the_word_text_is_approved_issued_and_downloaded(live_server, page, draft, tmp_path):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())
    pk = draft.pk

    # The clerk submits the skeleton (allowed: comments may be asked on it).
    _log_in(page, "chibo")
    _post(page, pk, "submit")
    expect(page.locator("[data-testid=state]")).to_have_text(re.compile(r"\w"))

    # The leader cannot approve it: the page names what is left.
    _log_in(page, "lanhdao")
    _post(page, pk, "approve")
    alert = page.locator(".alert-danger, .alert-error")
    expect(alert).to_contain_text("... giờ ... phút")
    expect(alert).to_contain_text("I. Kết quả đạt được")
    assert Document.objects.get(pk=pk).state == "submitted"
    page.goto(f"/documents/{pk}/")
    page.locator(f"form[action='/documents/{pk}/return/'] textarea").fill("Viết các phần còn trống.")
    page.locator(f"form[action='/documents/{pk}/return/'] button").click()

    # The clerk brings the finished text in from Word: it becomes the next version.
    _log_in(page, "chibo")
    page.goto(f"/documents/{pk}/edit/")
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(_word_file())
    page.locator("[data-testid=docx-import] input[type=file]").set_input_files(str(path))
    page.locator("[data-testid=docx-import] button").click()
    document = Document.objects.get(pk=pk)
    assert document.versions.count() == 2
    assert "100% đảng viên dự sinh hoạt" in document.versions.order_by("-number").first().body
    _post(page, pk, "submit")

    _log_in(page, "lanhdao")
    _post(page, pk, "approve")
    expect(page.locator("[data-testid=state]")).to_be_visible()
    assert Document.objects.get(pk=pk).state == "approved"

    # The clerk issues it on the date of the meeting, not today.
    _log_in(page, "chibo")
    page.goto(f"/documents/{pk}/")
    page.locator("[data-testid=issue-form] input[name=document_date]").fill("28/04/2025")
    page.locator("[data-testid=issue-form] button").click()
    document = Document.objects.get(pk=pk)
    assert (document.state, document.symbol, document.document_date.isoformat()) == ("issued", "01-BC/CB", "2025-04-28")

    # Its Word file carries the number, the text and the signer.
    page.goto(f"/documents/{pk}/")
    with page.expect_download() as download:
        page.locator("[data-testid=docx-download]").click()
    saved = tmp_path / "issued.docx"
    download.value.save_as(saved)
    text = "\n".join(p.text for p in docx.Document(str(saved)).paragraphs)
    tables = "\n".join(cell.text for table in docx.Document(str(saved)).tables for row in table.rows for cell in row.cells)
    assert "01-BC/CB" in tables and "Nguyễn Văn An" in tables + text
    assert "100% đảng viên dự sinh hoạt" in text and "DỰ THẢO" not in text + tables
    assert errors == []
