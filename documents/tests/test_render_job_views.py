"""The PDF panel of a document: ask for a PDF, follow its job (htmx polling), download it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from documents import render
from documents.models import Document, RenderJob, RenderState
from documents.services.documents import document_create
from documents.tests.factories import TermFactory


@pytest.fixture
def draft(branch_a, branch_clerk):
    TermFactory()
    return document_create(
        acting_user=branch_clerk, issuer=branch_a, doc_type="KH", subject="Kế hoạch tổ chức Đại hội Chi bộ",
        body="<p>Nội dung kế hoạch.</p>",
    )


@pytest.fixture
def viewer(en, superior_viewer):
    en.force_login(superior_viewer)
    return en


def _ask(client, document, callbacks, **headers):
    with callbacks(execute=True):
        return client.post(reverse("document_render", kwargs={"pk": document.pk}), **headers)


def _status(client, job):
    return client.get(reverse("render_job_status", kwargs={"pk": job.pk}), headers={"HX-Request": "true"})


def test_a_viewer_asks_for_a_pdf_and_gets_back_to_the_document(viewer, draft, django_capture_on_commit_callbacks):
    response = _ask(viewer, draft, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == reverse("document_detail", kwargs={"pk": draft.pk})
    job = RenderJob.objects.get()
    assert job.version == draft.versions.get()
    assert job.state == RenderState.DONE
    page = viewer.get(response.url)
    assert reverse("render_job_download", kwargs={"pk": job.pk}).encode() in page.content


def test_htmx_gets_the_panel_back(viewer, draft, django_capture_on_commit_callbacks):
    response = _ask(viewer, draft, django_capture_on_commit_callbacks, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div class="card mb-3" id="pdf-panel"')
    assert 'data-state="queued"' in body  # the task starts once the request's transaction commits
    assert 'hx-trigger="every 1s"' in body
    assert "<html" not in body


def test_the_panel_polls_while_queued_and_stops_when_done(viewer, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # the worker has not started yet
        viewer.post(reverse("document_render", kwargs={"pk": draft.pk}))
    job = RenderJob.objects.get()
    queued = _status(viewer, job).content.decode()
    assert 'data-state="queued"' in queued
    assert 'hx-trigger="every 1s"' in queued
    assert f'hx-get="{reverse("render_job_status", kwargs={"pk": job.pk})}"' in queued
    assert "Download PDF" not in queued

    # As a worker's claim leaves it: started and beating (a `running` row without either is lost).
    RenderJob.objects.filter(pk=job.pk).update(state=RenderState.RUNNING, started_at=timezone.now(), heartbeat_at=timezone.now())
    assert 'hx-trigger="every 1s"' in _status(viewer, job).content.decode()
    RenderJob.objects.filter(pk=job.pk).update(state=RenderState.QUEUED)

    callbacks[0]()  # the task runs
    done = _status(viewer, job).content.decode()
    assert 'data-state="done"' in done
    assert "hx-trigger" not in done
    assert "Download PDF" in done
    job.refresh_from_db()
    assert f"{job.pages} page" in done


def test_a_failed_job_shows_its_error_and_offers_a_retry(viewer, draft, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(render, "render_pdf", lambda version, *, issued: {}["missing font"])
    _ask(viewer, draft, django_capture_on_commit_callbacks)
    job = RenderJob.objects.get()
    panel = _status(viewer, job).content.decode()
    assert 'data-state="failed"' in panel
    assert "hx-trigger" not in panel
    assert "missing font" in panel  # the stored, readable message
    assert "Try again" in panel
    assert "Download PDF" not in panel

    monkeypatch.undo()
    _ask(viewer, draft, django_capture_on_commit_callbacks)
    assert RenderJob.objects.count() == 2
    assert RenderJob.objects.latest("pk").state == RenderState.DONE


def test_the_document_page_offers_to_render(viewer, draft):
    page = viewer.get(reverse("document_detail", kwargs={"pk": draft.pk})).content.decode()
    assert 'data-state="none"' in page
    assert reverse("document_render", kwargs={"pk": draft.pk}) in page
    assert "Render PDF" in page


def test_the_document_page_offers_the_current_version_after_an_edit(
    viewer, draft, branch_clerk, django_capture_on_commit_callbacks
):
    from documents.services.documents import document_save_body

    _ask(viewer, draft, django_capture_on_commit_callbacks)
    document_save_body(acting_user=branch_clerk, document=draft, body="<p>Sửa lại.</p>")
    page = viewer.get(reverse("document_detail", kwargs={"pk": draft.pk})).content.decode()
    assert 'data-state="none"' in page  # no PDF of version 2 yet
    assert "Render PDF" in page


def test_download(viewer, draft, django_capture_on_commit_callbacks):
    _ask(viewer, draft, django_capture_on_commit_callbacks)
    job = RenderJob.objects.get()
    response = viewer.get(reverse("render_job_download", kwargs={"pk": job.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="du-thao-ke-hoach-to-chuc-dai-hoi-chi-bo.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_an_issued_document_downloads_under_its_symbol(viewer, draft, django_capture_on_commit_callbacks):
    Document.objects.filter(pk=draft.pk).update(state="issued", number=29, symbol="29-KH/ĐU")
    _ask(viewer, draft, django_capture_on_commit_callbacks)
    job = RenderJob.objects.get()
    assert job.issued
    response = viewer.get(reverse("render_job_download", kwargs={"pk": job.pk}))
    assert response["Content-Disposition"] == 'attachment; filename="29-KH-DU.pdf"'
    b"".join(response.streaming_content)


def test_outsider_gets_404_for_the_job_and_its_download(client, outsider, draft, branch_clerk, django_capture_on_commit_callbacks):
    from documents.services.renders import render_request

    with django_capture_on_commit_callbacks(execute=True):
        job = render_request(acting_user=branch_clerk, version=draft.versions.get())
    client.force_login(outsider)
    assert client.get(reverse("render_job_status", kwargs={"pk": job.pk})).status_code == 404
    assert client.get(reverse("render_job_download", kwargs={"pk": job.pk})).status_code == 404
    assert client.post(reverse("document_render", kwargs={"pk": draft.pk})).status_code == 404


@pytest.mark.parametrize("state", [RenderState.QUEUED, RenderState.RUNNING, RenderState.FAILED])
def test_download_is_404_until_done(viewer, draft, state):
    job = RenderJob.objects.create(version=draft.versions.get(), state=state)
    assert viewer.get(reverse("render_job_download", kwargs={"pk": job.pk})).status_code == 404


def test_download_of_a_lost_file_is_404(viewer, draft):
    job = RenderJob.objects.create(version=draft.versions.get(), state=RenderState.DONE, pdf="renders/gone.pdf", pages=1)
    assert viewer.get(reverse("render_job_download", kwargs={"pk": job.pk})).status_code == 404


def test_a_job_that_does_not_exist_is_404(viewer, db):
    assert viewer.get(reverse("render_job_status", kwargs={"pk": 999999})).status_code == 404
    assert viewer.get(reverse("render_job_download", kwargs={"pk": 999999})).status_code == 404


def test_the_panel_runs_a_bounded_number_of_queries(viewer, draft, django_capture_on_commit_callbacks, django_assert_max_num_queries):
    _ask(viewer, draft, django_capture_on_commit_callbacks)
    job = RenderJob.objects.get()
    with django_assert_max_num_queries(8):
        assert _status(viewer, job).status_code == 200
