"""The compare page: any two versions, word by word, and clear answers to bad queries."""

import pytest
from django.urls import reverse

from documents.services.documents import document_create, document_save_body
from documents.tests.factories import TermFactory


@pytest.fixture
def document(db, branch_a, branch_clerk):
    TermFactory()
    document = document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Nghị quyết",
                               body="<p>Chi bộ vững mạnh.</p>")
    document_save_body(acting_user=branch_clerk, document=document, body="<p>Chi bộ trong sạch, vững mạnh.</p>")
    document_save_body(acting_user=branch_clerk, document=document, body="<p>Chi bộ trong sạch, vững mạnh.</p><p>Đoàn kết.</p>")
    return document


def _url(document, query=""):
    return reverse("document_compare", kwargs={"pk": document.pk}) + query


def test_by_default_the_latest_version_is_compared_with_the_previous(en, superior_viewer, document):
    en.force_login(superior_viewer)
    response = en.get(_url(document))
    assert response.status_code == 200
    assert (response.context["old"].number, response.context["new"].number) == (2, 3)
    page = response.content.decode()
    assert '<ins class="diff-ins">Đoàn kết.</ins>' in page
    assert "<del" not in page.split('data-testid="diff"')[1]


def test_any_two_versions_can_be_compared_with_words_marked(en, superior_viewer, document):
    en.force_login(superior_viewer)
    page = en.get(_url(document, "?a=1&b=3")).content.decode()
    assert '<del class="diff-del">vững mạnh.</del>' not in page
    assert '<ins class="diff-ins">trong sạch,</ins>' in page
    assert "From version 1 to version 3" in page
    assert "4 words added" in page and "0 words removed" in page


def test_comparing_backwards_shows_what_a_later_version_removed(en, superior_viewer, document):
    en.force_login(superior_viewer)
    page = en.get(_url(document, "?a=3&b=1")).content.decode()
    assert '<del class="diff-del">trong sạch,</del>' in page


def test_a_version_against_itself_says_the_text_is_the_same(en, superior_viewer, document):
    en.force_login(superior_viewer)
    page = en.get(_url(document, "?a=2&b=2")).content.decode()
    assert "The two versions have the same text." in page


@pytest.mark.parametrize("query", ["?a=x&b=2", "?a=99&b=2", "?a=1&b=", "?a=1", "?a=-1&b=2", "?a=1.5&b=2", "?a=%00&b=2"])
def test_bad_queries_answer_a_clear_message_not_an_error(en, superior_viewer, document, query):
    en.force_login(superior_viewer)
    response = en.get(_url(document, query))
    assert response.status_code == 200
    assert "old" not in response.context
    page = response.content.decode()
    assert 'data-testid="compare-error"' in page
    assert "is not a version of this document" in page or "Choose two versions to compare." in page


def test_a_single_version_has_nothing_to_compare(en, superior_viewer, branch_a, branch_clerk):
    TermFactory()
    document = document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Một", body="<p>a</p>")
    en.force_login(superior_viewer)
    response = en.get(_url(document))
    assert response.status_code == 200
    assert "only one version" in response.content.decode()


def test_the_document_page_links_to_the_comparison(en, superior_viewer, document):
    en.force_login(superior_viewer)
    page = en.get(reverse("document_detail", kwargs={"pk": document.pk})).content.decode()
    assert f'href="{_url(document)}"' in page


def test_an_outsider_gets_404(en, outsider, document):
    en.force_login(outsider)
    assert en.get(_url(document, "?a=1&b=2")).status_code == 404


def test_the_page_answers_in_a_bounded_number_of_queries(en, superior_viewer, document, django_assert_max_num_queries):
    en.force_login(superior_viewer)
    with django_assert_max_num_queries(8):
        en.get(_url(document, "?a=1&b=3"))
