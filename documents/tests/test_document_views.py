"""The life of a document through its pages: a branch clerk drafts and issues, the superior's
leader approves or returns."""

import pytest
from django.urls import reverse

from documents.models import Document
from documents.tests.factories import FINISHED_BODY, TermFactory


@pytest.fixture(autouse=True)
def setup(db, monkeypatch):
    TermFactory(start_year=2022, end_year=2025)
    monkeypatch.setattr("documents.services.renders._enqueue", lambda job_id: None)


def _post(client, name, document, **data):
    return client.post(reverse(name, kwargs={"pk": document.pk}), data)


def test_from_draft_to_issued_through_the_pages(en, branch_a, branch_clerk, superior_leader):
    en.force_login(branch_clerk)
    response = en.post(reverse("document_create", kwargs={"pk": branch_a.pk}),
                       {"doc_type": "NQ", "subject": "Nghị quyết Đại hội Chi bộ", "term": TermFactory().pk})
    document = Document.objects.get()
    assert response.url == reverse("document_edit", kwargs={"pk": document.pk})

    en.post(response.url, {"body": "<h2>Phần I</h2><ul><li>Một</li></ul>", "note": "bản đầu"})
    assert document.versions.count() == 2
    _post(en, "document_open_comments", document)
    _post(en, "document_submit", document)
    assert Document.objects.get(pk=document.pk).state == "submitted"

    en.force_login(superior_leader)
    page = en.get(reverse("document_detail", kwargs={"pk": document.pk})).content.decode()
    assert "Approve" in page and "Return for revision" in page
    _post(en, "document_approve", document)

    en.force_login(branch_clerk)
    # No secretary is recorded for the branch, so nobody signs yet: issuing says so, and
    # nothing is numbered.
    refused = en.post(reverse("document_issue", kwargs={"pk": document.pk}), follow=True).content.decode()
    assert "write the signer&#x27;s name" in refused or "write the signer's name" in refused
    document.refresh_from_db()
    assert (document.state, document.number) == ("approved", None)
    Document.objects.filter(pk=document.pk).update(signer_name="Nguyễn Văn An")  # written in the details
    response = _post(en, "document_issue", document)
    document.refresh_from_db()
    assert (document.state, document.symbol) == ("issued", "01-NQ/CB")
    page = en.get(response.url, follow=True).content.decode()
    assert "01-NQ/CB" in page and "Phần I" in page


def test_a_leader_returns_with_comments_and_the_clerk_sees_them(en, branch_a, branch_clerk, superior_leader):
    en.force_login(branch_clerk)
    en.post(reverse("document_create", kwargs={"pk": branch_a.pk}), {"doc_type": "BC", "subject": "Báo cáo chính trị", "term": TermFactory().pk})
    document = Document.objects.get()
    _post(en, "document_submit", document)
    en.force_login(superior_leader)
    _post(en, "document_return", document, comment="Bổ sung phần phương hướng")
    en.force_login(branch_clerk)
    page = en.get(reverse("document_detail", kwargs={"pk": document.pk})).content.decode()
    assert "Returned with comments" in page and "Bổ sung phần phương hướng" in page


def test_a_move_out_of_turn_is_refused_with_a_message(en, branch_a, branch_clerk):
    en.force_login(branch_clerk)
    en.post(reverse("document_create", kwargs={"pk": branch_a.pk}), {"doc_type": "NQ", "subject": "x", "term": TermFactory().pk})
    document = Document.objects.get()
    response = _post(en, "document_issue", document)
    page = en.get(response.url).content.decode()
    assert "Only an approved document can be issued." in page
    assert Document.objects.get(pk=document.pk).number is None


def test_clerks_cannot_approve_and_leaders_cannot_issue(en, branch_a, branch_clerk, superior_leader):
    en.force_login(branch_clerk)
    en.post(reverse("document_create", kwargs={"pk": branch_a.pk}), {"doc_type": "NQ", "subject": "x", "term": TermFactory().pk})
    document = Document.objects.get()
    _post(en, "document_edit", document, body=FINISHED_BODY)
    _post(en, "document_submit", document)
    assert _post(en, "document_approve", document).status_code == 403
    en.force_login(superior_leader)
    _post(en, "document_approve", document)
    assert _post(en, "document_issue", document).status_code == 403
    assert Document.objects.get(pk=document.pk).state == "approved"


def test_creating_without_a_subject_or_template_explains_itself(en, branch_a, branch_clerk):
    en.force_login(branch_clerk)
    page = en.post(reverse("document_create", kwargs={"pk": branch_a.pk}), {"doc_type": "NQ", "subject": ""}).content.decode()
    assert "Write the subject, or start from a template." in page
    assert not Document.objects.exists()


def test_the_list_shows_the_organisations_documents(en, branch_a, branch_b, branch_clerk, superior_clerk):
    en.force_login(branch_clerk)
    en.post(reverse("document_create", kwargs={"pk": branch_a.pk}), {"doc_type": "NQ", "subject": "Của chi bộ A", "term": TermFactory().pk})
    en.force_login(superior_clerk)
    en.post(reverse("document_create", kwargs={"pk": branch_b.pk}), {"doc_type": "NQ", "subject": "Của chi bộ B", "term": TermFactory().pk})
    page = en.get(reverse("document_list", kwargs={"pk": branch_a.pk})).content.decode()
    assert "Của chi bộ A" in page and "Của chi bộ B" not in page


def test_the_history_names_each_step(en, branch_a, branch_clerk, superior_leader):
    en.force_login(branch_clerk)
    en.post(reverse("document_create", kwargs={"pk": branch_a.pk}), {"doc_type": "NQ", "subject": "x", "term": TermFactory().pk})
    document = Document.objects.get()
    _post(en, "document_edit", document, body=FINISHED_BODY)
    _post(en, "document_submit", document)
    en.force_login(superior_leader)
    _post(en, "document_approve", document)
    page = en.get(reverse("document_detail", kwargs={"pk": document.pk})).content.decode()
    history = page[page.index('data-testid="history"'):]
    assert history.index("Approved") < history.index("Submitted to the superior") < history.index("Created")


def test_the_list_pages_by_fifty_newest_first(en, branch_a, branch_clerk):
    from documents.services.documents import document_create

    term = TermFactory()
    for n in range(51):
        document_create(acting_user=branch_clerk, issuer=branch_a, doc_type="TB", subject=f"Thông báo {n:02d}", term=term)
    en.force_login(branch_clerk)
    url = reverse("document_list", kwargs={"pk": branch_a.pk})
    first = en.get(url).content.decode()
    assert first.count("Thông báo ") == 50 and "Thông báo 50" in first and "Thông báo 00" not in first
    second = en.get(url, {"page": 2}).content.decode()
    assert "Thông báo 00" in second and "Thông báo 01" not in second
