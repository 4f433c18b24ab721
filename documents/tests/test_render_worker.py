"""A PDF through a real Celery worker: the topology of an office (docs/deploy.md).

.ci/run starts the worker with the database the tests use (TEST_DATABASE_NAME) and the same
MEDIA_ROOT, on PostgreSQL and Redis. The rows must be committed for the worker to see them, so
these tests use a transactional database. Without REDIS_URL, PostgreSQL or an answering worker
they skip; in CI (CI=true and REDIS_URL set) they fail instead, so a missing worker is not hidden.
"""

import time

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from celery.result import allow_join_result

from documents.models import RenderJob, RenderState
from documents.services.documents import document_create
from documents.services.renders import render_request
from documents.tasks import render_job
from documents.tests.factories import TermFactory


@pytest.fixture(autouse=True)
def media(settings):
    """Not a folder of the test's own (documents/tests/conftest.py): the worker is another
    process and writes to the MEDIA_ROOT it shares with the tests."""
    return settings.MEDIA_ROOT

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 20


@pytest.fixture
def draft(branch_a, branch_clerk):
    TermFactory()
    return document_create(
        acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Nghị quyết Đại hội Chi bộ",
        body="<p>Đại hội Chi bộ nhiệm kỳ 2025–2030 quyết nghị.</p>",
    )


def wait_for(job_id: int) -> RenderJob:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        job = RenderJob.objects.get(pk=job_id)
        if job.state in (RenderState.DONE, RenderState.FAILED):
            return job
        time.sleep(0.05)
    pytest.fail(
        f"Job {job_id} is still {job.state} after {WAIT_SECONDS} s: is the worker running, and does it use "
        f"this database ({connection.settings_dict['NAME']}) and MEDIA_ROOT ({settings.MEDIA_ROOT})?",
        pytrace=False,
    )


def test_the_worker_renders_after_commit(real_worker, draft, branch_clerk):
    job = render_request(acting_user=branch_clerk, version=draft.versions.get())  # commits: enqueued
    job = wait_for(job.pk)
    assert job.state == RenderState.DONE, job.error
    assert job.attempts == 1
    assert job.pages >= 1
    assert job.duration_ms is not None
    with job.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_the_page_follows_the_worker_to_the_download(real_worker, draft, client, superior_viewer):
    client.force_login(superior_viewer)
    response = client.post(reverse("document_render", kwargs={"pk": draft.pk}), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in response.content.decode()
    job = wait_for(RenderJob.objects.get().pk)
    panel = client.get(reverse("render_job_status", kwargs={"pk": job.pk}), headers={"HX-Request": "true"})
    assert "hx-trigger" not in panel.content.decode()
    download = client.get(reverse("render_job_download", kwargs={"pk": job.pk}))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_duplicate_message_is_harmless(real_worker, draft, branch_clerk):
    job = render_request(acting_user=branch_clerk, version=draft.versions.get())
    render_job.delay(job.pk)  # as if the message were delivered twice
    job = wait_for(job.pk)
    # Eager tasks in the live server's threads (browser tests) can leave Celery's process-global
    # "inside a task" flag set (its save/restore is not thread-safe); this process is no task.
    with allow_join_result():
        # The task keeps no result (its row is the result): this one message asks for it.
        again = render_job.apply_async((job.pk,), ignore_result=False)
        assert again.get(timeout=WAIT_SECONDS) == RenderState.DONE
    job.refresh_from_db()
    assert job.state == RenderState.DONE
    assert job.attempts == 1
