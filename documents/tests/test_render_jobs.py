"""The render job and its task (documents.tasks.render_job, documents.services.renders): queued →
running → done | failed, idempotent, bounded retries, readable errors. Tasks run in-process at
commit here; test_render_worker.py runs the same path through a real worker."""

from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError
from django.utils import timezone, translation
from django.utils.translation import gettext

from documents import render
from documents.filenames import ascii_slug, pdf_filename
from documents.models import Document, RenderJob, RenderState
from documents.services.documents import document_create
from documents.services.renders import render_request
from documents.tasks import MAX_RETRIES, render_job
from documents.tests.factories import TermFactory


@pytest.fixture
def draft(branch_a, branch_clerk):
    TermFactory()
    return document_create(
        acting_user=branch_clerk, issuer=branch_a, doc_type="KH", subject="Kế hoạch tổ chức Đại hội Chi bộ",
        body="<p>Thực hiện Chỉ thị số 35-CT/TW của Bộ Chính trị.</p>",
    )


@pytest.fixture
def version(draft):
    return draft.versions.get()


@pytest.fixture
def renders(monkeypatch):
    """Counts the real renders and records the job's state seen while rendering."""
    seen = []
    real = render.render_pdf

    def counting(version, *, issued):
        seen.append(RenderJob.objects.filter(version=version).values_list("state", flat=True).first())
        return real(version, issued=issued)

    monkeypatch.setattr(render, "render_pdf", counting)
    return seen


def _request(user, version, callbacks):
    with callbacks(execute=True):
        return render_request(acting_user=user, version=version)


def _stored_pdf(job) -> bytes:
    with job.pdf.open("rb") as handle:
        return handle.read()


def test_a_request_is_queued_until_its_transaction_commits(django_capture_on_commit_callbacks, branch_clerk, version, renders):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = render_request(acting_user=branch_clerk, version=version)
    assert job.state == RenderState.QUEUED
    assert len(callbacks) == 1
    assert renders == []


def test_lifecycle_queued_running_done(django_capture_on_commit_callbacks, branch_clerk, version, renders):
    job = _request(branch_clerk, version, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert renders == [RenderState.RUNNING]
    assert job.state == RenderState.DONE
    assert job.attempts == 1
    assert job.pages >= 1
    assert job.duration_ms is not None and 0 <= job.duration_ms < 60_000
    assert job.started_at <= job.finished_at
    assert job.error == ""
    assert job.issued is False
    assert job.pdf.name.startswith("renders/") and job.pdf.name.endswith(".pdf")
    assert _stored_pdf(job).startswith(b"%PDF")


def test_running_the_task_twice_renders_once(django_capture_on_commit_callbacks, branch_clerk, version, renders, media):
    job = _request(branch_clerk, version, django_capture_on_commit_callbacks)
    assert render_job.delay(job.pk).get() == RenderState.DONE
    job.refresh_from_db()
    assert len(renders) == 1
    assert job.attempts == 1
    assert [p.name for p in media.rglob("*.pdf")] == [job.pdf.name.split("/")[-1]]


def test_asking_twice_reuses_the_job(django_capture_on_commit_callbacks, branch_clerk, superior_viewer, version, renders):
    first = _request(branch_clerk, version, django_capture_on_commit_callbacks)
    second = _request(superior_viewer, version, django_capture_on_commit_callbacks)
    assert second.pk == first.pk
    assert RenderJob.objects.count() == 1
    assert len(renders) == 1


def test_a_new_version_gets_its_own_job(django_capture_on_commit_callbacks, branch_clerk, draft, version, renders):
    from documents.services.documents import document_save_body

    first = _request(branch_clerk, version, django_capture_on_commit_callbacks)
    newer = document_save_body(acting_user=branch_clerk, document=draft, body="<p>Bổ sung.</p>")
    second = _request(branch_clerk, newer, django_capture_on_commit_callbacks)
    assert second.pk != first.pk
    assert RenderJob.objects.get(pk=second.pk).state == RenderState.DONE


def test_a_failing_render_ends_failed_with_a_readable_error(
    django_capture_on_commit_callbacks, monkeypatch, branch_clerk, version, caplog
):
    def broken(version, *, issued):
        raise ValueError("the table in paragraph 3 has no rows")

    monkeypatch.setattr(render, "render_pdf", broken)
    job = _request(branch_clerk, version, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == RenderState.FAILED
    assert job.attempts == 1  # a permanent error is not retried
    assert not job.pdf
    assert job.finished_at is not None
    with translation.override("vi"):
        expected = gettext("The PDF could not be produced: %(error)s") % {"error": "the table in paragraph 3 has no rows"}
    assert job.error == expected
    assert expected.startswith("Không")  # stored in the office's language
    assert "Traceback" not in job.error
    assert any(record.exc_info for record in caplog.records if record.name == "documents.tasks")


def test_retry_after_a_failure_makes_a_new_job(django_capture_on_commit_callbacks, monkeypatch, branch_clerk, version):
    real = render.render_pdf
    monkeypatch.setattr(render, "render_pdf", lambda version, *, issued: 1 / 0)
    failed = _request(branch_clerk, version, django_capture_on_commit_callbacks)
    monkeypatch.setattr(render, "render_pdf", real)
    retried = _request(branch_clerk, version, django_capture_on_commit_callbacks)
    assert retried.pk != failed.pk
    assert RenderJob.objects.get(pk=failed.pk).state == RenderState.FAILED
    assert RenderJob.objects.get(pk=retried.pk).state == RenderState.DONE


def test_a_transient_error_is_retried(django_capture_on_commit_callbacks, monkeypatch, branch_clerk, version):
    real = render.render_pdf
    calls = []

    def flaky(version, *, issued):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(version, issued=issued)

    monkeypatch.setattr(render, "render_pdf", flaky)
    job = _request(branch_clerk, version, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == RenderState.DONE
    assert job.attempts == 2
    assert len(calls) == 2


def test_transient_errors_are_retried_a_bounded_number_of_times(
    django_capture_on_commit_callbacks, monkeypatch, branch_clerk, version
):
    calls = []

    def down(version, *, issued):
        calls.append(1)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(render, "render_pdf", down)
    job = _request(branch_clerk, version, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert len(calls) == MAX_RETRIES + 1
    assert job.attempts == MAX_RETRIES + 1
    assert job.state == RenderState.FAILED
    assert str(MAX_RETRIES + 1) in job.error


def test_the_soft_time_limit_ends_in_failed(django_capture_on_commit_callbacks, monkeypatch, branch_clerk, version):
    def slow(version, *, issued):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(render, "render_pdf", slow)
    job = _request(branch_clerk, version, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.state == RenderState.FAILED
    with translation.override("vi"):
        assert job.error.startswith(gettext("The PDF took too long to produce (more than %(s)s seconds) and was stopped. "
                                            "A very long document may need to be split.").split("%")[0])


def test_a_deleted_job_is_harmless(db):
    assert render_job.delay(987654).get() == "missing"


def test_a_job_deleted_while_rendering_leaves_no_file(
    django_capture_on_commit_callbacks, monkeypatch, branch_clerk, version, media
):
    real = render.render_pdf

    def then_delete(version, *, issued):
        result = real(version, issued=issued)
        RenderJob.objects.filter(version=version).delete()
        return result

    monkeypatch.setattr(render, "render_pdf", then_delete)
    _request(branch_clerk, version, django_capture_on_commit_callbacks)
    assert not RenderJob.objects.exists()
    assert [p for p in media.rglob("*.pdf")] == []


def test_a_running_job_is_not_claimed_twice(branch_clerk, version, renders):
    job = RenderJob.objects.create(version=version, state=RenderState.RUNNING, started_at=timezone.now(), attempts=1)
    assert render_job.delay(job.pk).get() == RenderState.RUNNING
    assert renders == []


def test_a_job_whose_worker_died_is_claimed_again(settings, django_capture_on_commit_callbacks, branch_clerk, version, renders):
    long_ago = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    stalled = RenderJob.objects.create(version=version, state=RenderState.RUNNING, started_at=long_ago, attempts=1)
    # Asking again does not wait for the dead one...
    job = _request(branch_clerk, version, django_capture_on_commit_callbacks)
    assert job.pk != stalled.pk
    # ...and a redelivered message for it finishes it.
    assert render_job.delay(stalled.pk).get() == RenderState.DONE
    assert RenderJob.objects.get(pk=stalled.pk).attempts == 2


def test_an_issued_document_is_rendered_without_the_draft_mark(
    django_capture_on_commit_callbacks, branch_clerk, draft, version, renders
):
    Document.objects.filter(pk=draft.pk).update(state="issued", number=29, symbol="29-KH/ĐU")
    version.refresh_from_db()
    job = _request(branch_clerk, version, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.issued is True
    assert job.state == RenderState.DONE
    assert pdf_filename(job) == "29-KH-DU.pdf"
    assert job.pdf.name.split("/")[-1].startswith("29-KH-DU-v1-")


def test_a_draft_is_named_after_its_subject(django_capture_on_commit_callbacks, branch_clerk, version, renders):
    job = _request(branch_clerk, version, django_capture_on_commit_callbacks)
    assert pdf_filename(job) == "du-thao-ke-hoach-to-chuc-dai-hoi-chi-bo.pdf"


@pytest.mark.parametrize(
    ("text", "lower", "expected"),
    [
        ("29-KH/ĐU", False, "29-KH-DU"),
        ("01-NQ/ĐUK", False, "01-NQ-DUK"),
        ("Nghị quyết Đại hội  đại biểu lần thứ XIV!", True, "nghi-quyet-dai-hoi-dai-bieu-lan-thu-xiv"),
        ("«»—", True, ""),
    ],
)
def test_ascii_slug(text, lower, expected):
    assert ascii_slug(text, lower=lower) == expected
