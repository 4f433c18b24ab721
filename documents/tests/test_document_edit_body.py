"""Saving the body through the edit page: every change is a sanitised version with its author;
the editor's paste cleaning answers what a save would store."""

from pathlib import Path

import pytest
from django.urls import reverse

from documents.models import DocumentVersion
from documents.services.documents import document_create
from documents.tests.factories import TermFactory

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def document(db, branch_a, branch_clerk):
    TermFactory()
    return document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Nghị quyết", body="<p>Mở đầu</p>")


def test_a_saved_body_is_sanitised_and_is_the_next_version_of_its_author(en, branch_clerk, document):
    en.force_login(branch_clerk)
    body = ('<h2 style="color:red" onclick="x()">Mục tiêu</h2><script>alert(1)</script>'
            '<p class="MsoNormal">Chi bộ <b>trong sạch</b><img src=x onerror=alert(1)></p><ul><li>Một</li></ul>')
    response = en.post(reverse("document_edit", kwargs={"pk": document.pk}), {"body": body, "note": "sửa"})
    assert response.status_code == 302
    version = DocumentVersion.objects.get(document=document, number=2)
    assert version.body == "<h2>Mục tiêu</h2><p>Chi bộ <b>trong sạch</b></p><ul><li>Một</li></ul>"
    assert version.author == branch_clerk and version.note == "sửa"


def test_a_body_pasted_from_word_is_stored_with_real_lists(en, branch_clerk, document):
    en.force_login(branch_clerk)
    body = (FIXTURES / "word365_lists.html").read_text(encoding="utf-8")
    en.post(reverse("document_edit", kwargs={"pk": document.pk}), {"body": body})
    stored = document.versions.order_by("-number").first().body
    assert "<ul><li>Phát huy dân chủ trong Chi bộ;<ul>" in stored
    assert "mso" not in stored and "<o:p" not in stored


def test_the_editor_is_offered_with_its_toolbar_and_script(en, branch_clerk, document):
    en.force_login(branch_clerk)
    page = en.get(reverse("document_edit", kwargs={"pk": document.pk})).content.decode()
    assert "data-editor-toolbar" in page and "js/editor.js" in page
    assert f'data-paste-url="{reverse("document_body_clean", kwargs={"pk": document.pk})}"' in page
    assert 'name="body"' in page  # the textarea stays: the page works without the script


def test_pasted_html_comes_back_clean_for_the_editor(en, branch_clerk, document):
    en.force_login(branch_clerk)
    html = (FIXTURES / "word365_table_chromium.html").read_text(encoding="utf-8")
    response = en.post(reverse("document_body_clean", kwargs={"pk": document.pk}), {"html": html})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert "<ul><li>Thứ nhất</li><li>Thứ hai</li></ul>" in text and "javascript" not in text
    assert document.versions.count() == 1  # cleaning saves nothing


def test_only_clerks_of_the_issuer_get_pastes_cleaned(en, superior_viewer, outsider, document):
    url = reverse("document_body_clean", kwargs={"pk": document.pk})
    en.force_login(superior_viewer)
    assert en.post(url, {"html": "<p>a</p>"}).status_code == 403
    en.force_login(outsider)
    assert en.post(url, {"html": "<p>a</p>"}).status_code == 404
