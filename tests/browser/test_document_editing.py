"""A clerk edits a draft's body in the browser editor (toolbar and shortcuts), saves, finds
version 2 on the document page and the inserted words marked on the compare page.

Elements are found by ids, data attributes and URLs, not by their (translated) text.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from branches.models import RoleKind
from branches.tests.factories import OrganizationFactory, RoleFactory, TermFactory, UserFactory
from documents.models import DocumentVersion
from documents.services.documents import document_create

pytestmark = pytest.mark.browser

PASSWORD = "secret-pass-123"


@pytest.fixture
def draft(transactional_db):
    """A branch's draft resolution and a clerk of the branch."""
    committee = OrganizationFactory(name="Đảng bộ phường Kỳ Trinh", kind="grassroots_committee", short_name="ĐU")
    branch = OrganizationFactory(parent=committee, name="Chi bộ TDP Hoàng Trinh", kind="branch")
    clerk = UserFactory(username="vanphong", password=PASSWORD)
    RoleFactory(user=clerk, organization=branch, kind=RoleKind.CLERK)
    TermFactory()
    return document_create(acting_user=clerk, issuer=branch, doc_type="NQ", subject="Nghị quyết Đại hội Chi bộ",
                           body="<p>Mở đầu.</p>")


def _log_in(page):
    page.goto("/")
    page.locator("#id_username").fill("vanphong")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_clerk_writes_a_heading_a_list_and_a_bold_word_then_compares(live_server, page, draft):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _log_in(page)
    page.goto(f"/documents/{draft.pk}/edit/")

    # The textarea gave way to the editor and its toolbar.
    editor = page.locator("[data-editor] [contenteditable=true]")
    toolbar = page.locator("[data-editor-toolbar]")
    expect(editor).to_be_visible()
    expect(toolbar).to_be_visible()
    expect(page.locator("#id_body")).to_be_hidden()
    expect(editor).to_contain_text("Mở đầu.")

    # After the first paragraph: a heading, a bulleted list, a paragraph with a bold word.
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    toolbar.locator('[data-block="h2"]').click()
    page.keyboard.type("Mục tiêu chung")
    page.keyboard.press("Enter")
    toolbar.locator('[data-command="insertUnorderedList"]').click()
    expect(toolbar.locator('[data-command="insertUnorderedList"]')).to_have_attribute("aria-pressed", "true")
    page.keyboard.type("Đoàn kết")
    page.keyboard.press("Enter")
    page.keyboard.type("Dân chủ")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list
    page.keyboard.type("Chi bộ ")
    page.keyboard.press("Control+b")
    page.keyboard.type("trong sạch")
    page.keyboard.press("Control+b")
    page.keyboard.type(" vững mạnh.")

    expect(editor.locator("h2")).to_have_text("Mục tiêu chung")
    expect(editor.locator("ul > li")).to_have_count(2)
    expect(editor.locator("b, strong")).to_have_text("trong sạch")

    page.locator("#id_note").fill("Thêm mục tiêu")
    page.locator("#body-form button[type=submit]").click()

    # The document page shows version 2 with the structure as typed.
    expect(page).to_have_url(f"{live_server.url}/documents/{draft.pk}/")
    body = page.locator('[data-testid="body"]')
    expect(body.locator("h2")).to_have_text("Mục tiêu chung")
    expect(body.locator("ul > li")).to_have_text(["Đoàn kết", "Dân chủ"])
    expect(body.locator("b, strong")).to_have_text("trong sạch")
    version = DocumentVersion.objects.get(document=draft, number=2)
    assert version.note == "Thêm mục tiêu"
    assert "<h2>Mục tiêu chung</h2>" in version.body
    assert "<ul><li>Đoàn kết</li><li>Dân chủ</li></ul>" in version.body
    assert re.search(r"<(b|strong)>trong sạch</\1>", version.body)
    assert "style" not in version.body and "<div" not in version.body

    # The comparison marks the new words.
    page.locator('[data-testid="compare-link"]').click()
    expect(page).to_have_url(f"{live_server.url}/documents/{draft.pk}/compare/")
    inserted = page.locator('[data-testid="diff"] ins')
    expect(inserted.first).to_be_visible()
    text = " ".join(inserted.all_inner_texts())
    for word in ("Mục", "tiêu", "Đoàn", "kết", "Dân", "chủ", "trong", "sạch", "vững", "mạnh."):
        assert word in text.split()
    expect(page.locator('[data-testid="diff"] del')).to_have_count(0)
    assert errors == []


def test_pasting_from_word_shows_real_lists_in_the_editor(live_server, page, draft):
    console_errors = []
    page.on("console", lambda message: console_errors.append(message.text) if message.type == "error" else None)
    word = (Path(__file__).parents[2] / "documents/tests/fixtures/word365_lists.html").read_text(encoding="utf-8")
    _log_in(page)
    page.goto(f"/documents/{draft.pk}/edit/")
    editor = page.locator("[data-editor] [contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+End")
    # What Chromium hands the page when Word's selection is pasted.
    with page.expect_response(lambda response: response.url.endswith(f"/documents/{draft.pk}/edit/paste/") and response.ok):
        editor.evaluate(
            """(element, html) => {
                const data = new DataTransfer();
                data.setData("text/html", html);
                data.setData("text/plain", "Phát huy dân chủ");
                element.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
            }""",
            word,
        )
    expect(editor.locator("ul > li > ul > li")).to_have_count(2)
    expect(editor.locator("ol > li > ol > li")).to_have_text(["Văn kiện;", "Nhân sự;"])
    expect(editor.locator("h2")).to_have_text("I. MỤC ĐÍCH, YÊU CẦU")
    assert "mso" not in editor.inner_html() and "·" not in editor.inner_text()
    assert console_errors == []
