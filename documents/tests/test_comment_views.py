"""Comments (góp ý) through the document page: readers comment while the document is open
for comments; the issuer's clerks answer."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from documents.models import Comment
from documents.rules import Actor, Move
from documents.services.comments import comment_add
from documents.services.documents import document_create, document_move, document_save_body
from documents.tests.factories import TermFactory

BODY = "<h2>Mục tiêu</h2><p>Chi bộ trong sạch vững mạnh tiêu biểu trong toàn Đảng bộ phường.</p><ul><li>Đoàn kết</li></ul>"


@pytest.fixture
def draft(db, branch_a, branch_clerk):
    TermFactory()
    return document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Nghị quyết", body=BODY)


@pytest.fixture
def commenting(draft, branch_clerk):
    return document_move(acting_user=branch_clerk, document=draft, move=Move.OPEN_COMMENTS, actors={Actor.CLERK})


def _add_url(document):
    return reverse("comment_create", kwargs={"pk": document.pk})


def _answer_url(comment):
    return reverse("comment_answer", kwargs={"pk": comment.pk})


def test_a_viewer_comments_on_a_paragraph_of_the_latest_version(en, superior_viewer, commenting):
    en.force_login(superior_viewer)
    response = en.post(_add_url(commenting), {"body": "Nên thêm “đoàn kết”.", "paragraph": "2"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.author, comment.paragraph, comment.body) == (superior_viewer, 2, "Nên thêm “đoàn kết”.")
    assert comment.version == commenting.versions.get()
    assert LogEntry.objects.get_for_object(comment).get().additional_data["action"] == "documents.comment.added"


def test_a_comment_may_be_on_the_whole_document(en, superior_leader, commenting):
    en.force_login(superior_leader)
    en.post(_add_url(commenting), {"body": "Đồng ý.", "paragraph": ""})
    assert Comment.objects.get().paragraph is None


def test_with_htmx_the_panel_comes_back_with_the_new_comment(en, superior_viewer, commenting):
    en.force_login(superior_viewer)
    response = en.post(_add_url(commenting), {"body": "Ý kiến qua htmx", "paragraph": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<section class="card mb-3" id="comments"')
    assert "Ý kiến qua htmx" in page and "Your comment was added." in page
    assert "paragraph 1" in page and "(“Mục tiêu”)" in page
    assert "<html" not in page


def test_the_paragraph_select_numbers_the_paragraphs_with_their_first_words(en, superior_viewer, commenting):
    en.force_login(superior_viewer)
    page = en.get(reverse("document_detail", kwargs={"pk": commenting.pk})).content.decode()
    assert '<option value="1">1. Mục tiêu</option>' in page
    assert '<option value="2">2. Chi bộ trong sạch vững mạnh tiêu biểu…</option>' in page
    assert '<option value="3">3. Đoàn kết</option>' in page


def test_an_empty_comment_or_an_unknown_paragraph_is_refused(en, superior_viewer, commenting):
    en.force_login(superior_viewer)
    response = en.post(_add_url(commenting), {"body": "  ", "paragraph": ""}, headers={"HX-Request": "true"})
    assert "This field is required." in response.content.decode()
    response = en.post(_add_url(commenting), {"body": "x", "paragraph": "9"}, headers={"HX-Request": "true"})
    assert "Select a valid choice" in response.content.decode()
    assert not Comment.objects.exists()


def test_no_comment_while_the_document_is_a_draft(en, superior_viewer, draft):
    en.force_login(superior_viewer)
    response = en.post(_add_url(draft), {"body": "Góp ý", "paragraph": ""}, follow=True)
    assert "This document is not open for comments." in response.content.decode()
    assert not Comment.objects.exists()
    page = en.get(reverse("document_detail", kwargs={"pk": draft.pk})).content.decode()
    assert 'id="comment-form"' not in page


def test_an_outsider_gets_404(en, outsider, commenting):
    en.force_login(outsider)
    assert en.post(_add_url(commenting), {"body": "x"}).status_code == 404
    assert not Comment.objects.exists()


@pytest.fixture
def comment(commenting, superior_viewer):
    return comment_add(acting_user=superior_viewer, version=commenting.versions.get(), body="Sửa câu 2", paragraph=2)


def test_a_clerk_answers_partly_accepted_with_a_reply(en, branch_clerk, comment):
    en.force_login(branch_clerk)
    response = en.post(_answer_url(comment), {"response": "partly", "reply": "Đã sửa một phần."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.response, comment.reply, comment.replied_by) == ("partly", "Đã sửa một phần.", branch_clerk)
    assert comment.replied_at is not None


def test_accepting_needs_no_reply_but_not_accepting_does(en, superior_clerk, comment):
    en.force_login(superior_clerk)
    response = en.post(_answer_url(comment), {"response": "not_accepted", "reply": ""}, headers={"HX-Request": "true"})
    assert "Explain why the comment is not fully accepted." in response.content.decode()
    comment.refresh_from_db()
    assert comment.response == "pending"
    response = en.post(_answer_url(comment), {"response": "accepted", "reply": ""}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert page.lstrip().startswith(f'<li class="border-top py-2 comment" id="comment-{comment.pk}"')
    assert ">Accepted</span>" in page
    comment.refresh_from_db()
    assert comment.response == "accepted"


def test_pending_is_not_an_answer(en, branch_clerk, comment):
    en.force_login(branch_clerk)
    en.post(_answer_url(comment), {"response": "pending", "reply": "x"})
    comment.refresh_from_db()
    assert comment.response == "pending" and comment.replied_by is None


def test_a_viewer_or_a_leader_may_not_answer(en, superior_viewer, superior_leader, comment):
    for user in (superior_viewer, superior_leader):
        en.force_login(user)
        assert en.post(_answer_url(comment), {"response": "accepted"}).status_code == 403
    comment.refresh_from_db()
    assert comment.response == "pending"


def test_an_outsider_may_not_answer(en, outsider, comment):
    en.force_login(outsider)
    assert en.post(_answer_url(comment), {"response": "accepted"}).status_code == 404


def test_the_page_lists_comments_by_version_with_the_answer_form_for_clerks(en, branch_clerk, superior_viewer, comment, commenting):
    document_save_body(acting_user=branch_clerk, document=commenting, body=BODY + "<p>Mới</p>")
    en.force_login(branch_clerk)
    page = en.get(reverse("document_detail", kwargs={"pk": commenting.pk})).content.decode()
    assert "On version 1" in page and "Sửa câu 2" in page and "Not yet answered" in page
    assert f'action="{_answer_url(comment)}"' in page
    en.force_login(superior_viewer)
    page = en.get(reverse("document_detail", kwargs={"pk": commenting.pk})).content.decode()
    assert "Sửa câu 2" in page and f'action="{_answer_url(comment)}"' not in page


def test_the_document_page_answers_in_a_bounded_number_of_queries(
    en, branch_clerk, superior_viewer, commenting, django_assert_max_num_queries
):
    version = commenting.versions.get()
    for n in range(10):
        comment_add(acting_user=superior_viewer, version=version, body=f"Ý kiến {n}", paragraph=n % 3 + 1)
    en.force_login(branch_clerk)
    with django_assert_max_num_queries(25):
        response = en.get(reverse("document_detail", kwargs={"pk": commenting.pk}))
    assert response.content.decode().count('data-testid="comment"') == 10
