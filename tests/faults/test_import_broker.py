"""Member imports on the real topology when the broker goes away (as PDFs: docs/deploy.md,
"When something goes away", "Member imports")."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from branches.imports import XLSX_CONTENT_TYPE
from branches.models import ImportState, MemberImportJob
from branches.tests.xlsx import row, workbook

from .conftest import broker_unreachable

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


def test_an_upload_with_the_broker_away_is_checked_by_a_worker_once_it_is_back(
    superior, en, superior_clerk, start_worker
):
    en.force_login(superior_clerk)
    upload = SimpleUploadedFile("danh-sach.xlsx", workbook([row()]), content_type=XLSX_CONTENT_TYPE)
    with broker_unreachable():
        started = time.monotonic()
        response = en.post(reverse("member_import", kwargs={"pk": superior.pk}), {"file": upload})
        elapsed = time.monotonic() - started
        assert response.status_code == 302
        assert elapsed < 5, f"the upload took {elapsed:.1f} s"
        assert "The check will start as soon as it is back" in en.get(response.url).content.decode()
    job = MemberImportJob.objects.get()
    assert (job.state, job.dispatched_at) == (ImportState.QUEUED, None)
    # A worker whose rounds come often: its sweep, not the page, sends the job.
    start_worker("imports", RENDER_SWEEP_SECONDS=1)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.state in (ImportState.CHECKED, ImportState.FAILED):
            break
        time.sleep(0.3)
    assert job.state == ImportState.CHECKED, (job.state, job.error)
    assert job.dispatched_at is not None
