"""A member import through a real Celery worker, as in an office (docs/import-members.md): the
request stores the file, the worker checks it, the page follows, the confirmation is saved by
the worker.

As documents/tests/test_render_worker.py: .ci/run starts the worker with the tests' database
(TEST_DATABASE_NAME) and MEDIA_ROOT, on PostgreSQL and Redis; the rows must be committed for the
worker to see them (a transactional database). Without REDIS_URL, PostgreSQL or an answering
worker these tests skip; in CI they fail instead.
"""

import re
import time

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from branches.imports import XLSX_CONTENT_TYPE
from branches.models import ImportState, Member, MemberImportJob
from branches.tests.xlsx import row, workbook

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 30


def wait_for(job_id: int, *states: str) -> MemberImportJob:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        job = MemberImportJob.objects.get(pk=job_id)
        if job.state in states:
            return job
        time.sleep(0.05)
    pytest.fail(
        f"Import {job_id} is still {job.state} after {WAIT_SECONDS} s: is the worker running, and does it use "
        f"this database ({connection.settings_dict['NAME']}) and MEDIA_ROOT ({settings.MEDIA_ROOT})?",
        pytrace=False,
    )


def wait_until(condition, seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_the_page_follows_the_worker_from_upload_to_members(real_worker, client, superior, superior_clerk, branch_a):
    client.force_login(superior_clerk)
    data = workbook([row(), row(full_name="Hà Văn Nam", gender="Nam", organization=branch_a.name)])
    upload = SimpleUploadedFile("danh-sach.xlsx", data, content_type=XLSX_CONTENT_TYPE)
    response = client.post(reverse("member_import", kwargs={"pk": superior.pk}), {"file": upload})
    assert response.status_code == 302 and re.fullmatch(r"/imports/\d+/", response.url)
    job = wait_for(MemberImportJob.objects.get().pk, ImportState.CHECKED, ImportState.FAILED)
    assert job.state == ImportState.CHECKED, (job.error, job.result)
    panel = client.get(response.url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in panel and 'data-testid="import-confirm"' in panel
    assert not Member.objects.exists()

    client.post(reverse("member_import_job_confirm", kwargs={"pk": job.pk}))
    job = wait_for(job.pk, ImportState.APPLIED, ImportState.FAILED)
    assert job.state == ImportState.APPLIED, (job.error, job.result)
    assert job.result["applied"] == {"new": 2, "updated": 0, "unchanged": 0}
    assert set(Member.objects.values_list("full_name", "organization_id")) == {
        ("Lê Thị Hoa", superior.pk), ("Hà Văn Nam", branch_a.pk),
    }
    # The worker forgets the file just after the transaction that marks the job applied: a
    # moment later than the mark, never before.
    assert wait_until(lambda: not MemberImportJob.objects.get(pk=job.pk).file), "the file was kept"
