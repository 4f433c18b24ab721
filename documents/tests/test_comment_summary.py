"""The summary of comments (tổng hợp ý kiến góp ý): a printable read of every comment, by
version and paragraph, with counts by answer."""

import pytest
from django.urls import reverse

from documents.rules import Actor, Move
from documents.services.comments import comment_add, comment_respond
from documents.services.documents import document_create, document_move, document_save_body
from documents.tests.factories import TermFactory


@pytest.fixture
def document(db, branch_a, branch_clerk, superior_viewer, superior_leader):
    TermFactory()
    doc = document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="BC", subject="Báo cáo chính trị",
                          body="<p>Đoạn một về kết quả.</p><p>Đoạn hai về phương hướng.</p>")
    doc = document_move(acting_user=branch_clerk, document=doc, move=Move.OPEN_COMMENTS, actors={Actor.CLERK})
    v1 = doc.versions.get()
    a = comment_add(acting_user=superior_viewer, version=v1, body="Bổ sung số liệu", paragraph=1)
    b = comment_add(acting_user=superior_leader, version=v1, body="Viết gọn lại", paragraph=1)
    comment_add(acting_user=superior_viewer, version=v1, body="Nhìn chung tốt")
    c = comment_add(acting_user=superior_leader, version=v1, body="Thêm mục tiêu", paragraph=2)
    comment_respond(acting_user=branch_clerk, comment=a, response="accepted")
    comment_respond(acting_user=branch_clerk, comment=b, response="not_accepted", reply="Giữ nguyên theo hướng dẫn.")
    comment_respond(acting_user=branch_clerk, comment=c, response="partly", reply="Thêm một mục tiêu.")
    v2 = document_save_body(acting_user=branch_clerk, document=doc, body="<p>Đoạn một, có số liệu.</p>")
    comment_add(acting_user=superior_viewer, version=v2, body="Được", paragraph=1)
    return doc


def _url(document):
    return reverse("comment_summary", kwargs={"pk": document.pk})


def test_counts_by_answer(en, superior_viewer, document):
    en.force_login(superior_viewer)
    response = en.get(_url(document))
    assert response.status_code == 200
    assert response.context["total"] == 5
    assert {value: n for value, _, n in response.context["counts"]} == {
        "pending": 2, "accepted": 1, "partly": 1, "not_accepted": 1,
    }
    page = response.content.decode()
    assert '<td class="text-end" data-response="total">5</td>' in page
    assert '<td class="text-end" data-response="not_accepted">1</td>' in page


def test_comments_are_grouped_by_version_then_paragraph_whole_document_first(en, superior_viewer, document):
    en.force_login(superior_viewer)
    sections = en.get(_url(document)).context["sections"]
    assert [s["version"].number for s in sections] == [1, 2]
    first = sections[0]["paragraphs"]
    assert [p["number"] for p in first] == [None, 1, 2]
    assert [c.body for c in first[1]["comments"]] == ["Bổ sung số liệu", "Viết gọn lại"]
    assert first[1]["text"] == "Đoạn một về kết quả."
    assert sections[1]["paragraphs"][0]["text"] == "Đoạn một, có số liệu."


def test_the_page_shows_answers_and_replies_and_prints_cleanly(en, superior_viewer, document):
    en.force_login(superior_viewer)
    page = en.get(_url(document)).content.decode()
    assert "Summary of comments" in page
    assert "Giữ nguyên theo hướng dẫn." in page and "Not accepted" in page
    assert page.count('data-testid="summary-row"') == 5
    assert "data-print" in page and "d-print-none" in page


def test_an_outsider_gets_404(en, outsider, document):
    en.force_login(outsider)
    assert en.get(_url(document)).status_code == 404


def test_a_document_without_comments_says_so(en, superior_viewer, branch_a, branch_clerk):
    TermFactory()
    doc = document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="x", body="<p>a</p>")
    en.force_login(superior_viewer)
    response = en.get(_url(doc))
    assert response.context["total"] == 0 and "No comment yet." in response.content.decode()


def test_the_page_answers_in_a_bounded_number_of_queries(en, superior_viewer, document, django_assert_max_num_queries):
    en.force_login(superior_viewer)
    with django_assert_max_num_queries(10):
        en.get(_url(document))
