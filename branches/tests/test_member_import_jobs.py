"""The member import's status row and its tasks (branches.tasks, branches.services.imports):
queued → running → checked → confirmed → applying → applied | failed; each task claims the row
with a conditional update, so running it twice does the work once. Tasks run in-process here."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.utils import timezone

from branches import imports, tasks
from branches.imports import XLSX_CONTENT_TYPE
from branches.models import ImportState, Member, MemberImportJob
from branches.services.imports import (
    UNCONFIRMED_FOR, member_import_job_confirm, member_import_job_create, stale_before,
)
from branches.tests.xlsx import row, workbook

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LANGUAGE_CODE = "en"  # the tasks write their messages in the site's language
    return tmp_path


def _files(media) -> list:
    folder = media / "imports"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def _create(user, organization, data: bytes, callbacks, *, execute=True) -> MemberImportJob:
    with callbacks(execute=execute):
        job = member_import_job_create(
            acting_user=user, organization=organization,
            upload=SimpleUploadedFile("danh-sach.xlsx", data, content_type=XLSX_CONTENT_TYPE),
        )
    job.refresh_from_db()
    return job


def _confirm(user, job, callbacks, *, execute=True) -> bool:
    with callbacks(execute=execute):
        confirmed = member_import_job_confirm(acting_user=user, job=job)
    job.refresh_from_db()
    return confirmed


TWO = [row(), row(full_name="Hà Văn Nam", gender="Nam", party_card_number="0123")]


def test_the_upload_is_stored_and_queued_until_its_transaction_commits(
    django_capture_on_commit_callbacks, superior, superior_clerk, media,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = member_import_job_create(
            acting_user=superior_clerk, organization=superior,
            upload=SimpleUploadedFile("Danh sách.xlsx", workbook(TWO), content_type=XLSX_CONTENT_TYPE),
        )
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert (job.state, job.filename, job.uploaded_by, job.rows_done, job.rows_total) == (
        ImportState.QUEUED, "Danh sách.xlsx", superior_clerk, 0, None)
    assert job.file.name.startswith("imports/") and "Danh" not in job.file.name  # a random name
    assert len(_files(media)) == 1
    assert not Member.objects.exists()


def test_lifecycle_checked_then_applied(django_capture_on_commit_callbacks, superior, superior_clerk, media):
    job = _create(superior_clerk, superior, workbook(TWO), django_capture_on_commit_callbacks)
    assert job.state == ImportState.CHECKED
    assert (job.rows_done, job.rows_total, job.attempts) == (2, 2, 1)
    assert job.checked_at is not None and job.confirmed_at is None
    assert job.result["errors"] == [] and job.result["unchanged"] == 0
    assert [(r["row"], r["full_name"], r["date_of_birth"], r["organization"]) for r in job.result["new"]] == [
        (2, "Lê Thị Hoa", "1985-04-12", superior.name), (3, "Hà Văn Nam", "1985-04-12", superior.name),
    ]
    assert not Member.objects.exists()

    assert _confirm(superior_clerk, job, django_capture_on_commit_callbacks)
    assert job.state == ImportState.APPLIED
    assert job.confirmed_by == superior_clerk and job.finished_at is not None
    assert job.result["applied"] == {"new": 2, "updated": 0, "unchanged": 0}
    assert job.result["new"]  # the preview stays for the record
    assert Member.objects.count() == 2
    assert LogEntry.objects.filter(additional_data__action="branches.member.imported", actor=superior_clerk).count() == 2
    assert not job.file and _files(media) == []


def test_the_apply_task_sees_the_row_applying(django_capture_on_commit_callbacks, superior, superior_clerk, monkeypatch):
    seen = []
    real = imports.parse_workbook

    def watching(data, **kwargs):
        seen.append(MemberImportJob.objects.values_list("state", flat=True).get())
        return real(data, **kwargs)

    monkeypatch.setattr(imports, "parse_workbook", watching)
    job = _create(superior_clerk, superior, workbook(TWO), django_capture_on_commit_callbacks)
    _confirm(superior_clerk, job, django_capture_on_commit_callbacks)
    assert seen == [ImportState.RUNNING, ImportState.APPLYING]


def test_the_check_reports_its_progress(django_capture_on_commit_callbacks, superior, superior_clerk, monkeypatch):
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 2)
    job = _create(superior_clerk, superior, workbook([row(full_name=f"Người {n}") for n in range(5)]),
                  django_capture_on_commit_callbacks, execute=False)
    original = tasks.MemberImportJob.objects.filter
    updates = []

    class Spy:
        def __init__(self, queryset):
            self.queryset = queryset

        def update(self, **values):
            if "rows_done" in values and "state" not in values:
                updates.append((values["rows_done"], values["rows_total"]))
            return self.queryset.update(**values)

        def __getattr__(self, name):
            return getattr(self.queryset, name)

    monkeypatch.setattr(tasks.MemberImportJob.objects, "filter", lambda *a, **k: Spy(original(*a, **k)))
    assert tasks.member_import_check.delay(job.pk).get() == ImportState.CHECKED
    assert updates == [(2, 6), (4, 6), (6, 6)]  # rows read of the 6 the sheet declares


def test_running_the_check_twice_checks_once(django_capture_on_commit_callbacks, superior, superior_clerk):
    job = _create(superior_clerk, superior, workbook(TWO), django_capture_on_commit_callbacks)
    assert tasks.member_import_check.delay(job.pk).get() == ImportState.CHECKED
    job.refresh_from_db()
    assert job.attempts == 1


def test_running_the_apply_twice_applies_once(django_capture_on_commit_callbacks, superior, superior_clerk):
    job = _create(superior_clerk, superior, workbook(TWO), django_capture_on_commit_callbacks)
    _confirm(superior_clerk, job, django_capture_on_commit_callbacks)
    entries = LogEntry.objects.count()
    assert tasks.member_import_apply.delay(job.pk).get() == ImportState.APPLIED
    assert Member.objects.count() == 2 and LogEntry.objects.count() == entries
    job.refresh_from_db()
    assert job.attempts == 2  # one check, one apply


def test_a_second_confirmation_does_nothing(django_capture_on_commit_callbacks, superior, superior_clerk):
    job = _create(superior_clerk, superior, workbook(TWO), django_capture_on_commit_callbacks)
    assert _confirm(superior_clerk, job, django_capture_on_commit_callbacks, execute=False)
    assert job.state == ImportState.CONFIRMED
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert not member_import_job_confirm(acting_user=superior_clerk, job=job)
    assert callbacks == []  # nothing enqueued twice
    assert not Member.objects.exists()


def test_a_job_still_queued_cannot_be_confirmed(django_capture_on_commit_callbacks, superior, superior_clerk):
    job = _create(superior_clerk, superior, workbook(TWO), django_capture_on_commit_callbacks, execute=False)
    assert not _confirm(superior_clerk, job, django_capture_on_commit_callbacks)
    assert job.state == ImportState.QUEUED


def test_a_refused_file_fails_with_its_problems_and_is_deleted(django_capture_on_commit_callbacks, superior, superior_clerk, media):
    job = _create(superior_clerk, superior, workbook([row(), row(full_name="LE THI HOA")]), django_capture_on_commit_callbacks)
    assert job.state == ImportState.FAILED and job.finished_at is not None
    assert job.result["errors"] == [{"row": 3, "message": "Same full name and date of birth as row 2."}]
    assert not job.file and _files(media) == []
    assert not _confirm(superior_clerk, job, django_capture_on_commit_callbacks)


def test_a_file_beyond_the_limits_fails_quickly(django_capture_on_commit_callbacks, superior, superior_clerk):
    from branches.tests.xlsx_crafted import crafted

    data = crafted([["Họ và tên"], ["Lê Thị Hoa"]], blank_rows=8_000_000)
    started = timezone.now()
    job = _create(superior_clerk, superior, data, django_capture_on_commit_callbacks)
    assert (timezone.now() - started).total_seconds() < 5
    assert job.state == ImportState.FAILED
    assert "The sheet goes beyond row 5.010" in job.result["errors"][0]["message"]


def test_saving_checks_the_file_again_against_the_database(django_capture_on_commit_callbacks, superior, superior_clerk, media):
    job = _create(superior_clerk, superior, workbook(TWO), django_capture_on_commit_callbacks)
    Member.objects.create(**{**_member_values(), "organization": superior})  # someone typed one in meanwhile
    with django_capture_on_commit_callbacks(execute=True):
        member_import_job_confirm(acting_user=superior_clerk, job=job)
    job.refresh_from_db()
    assert job.state == ImportState.APPLIED
    assert job.result["applied"] == {"new": 1, "updated": 0, "unchanged": 1}  # checked again at saving


def _member_values():
    return {"full_name": "Lê Thị Hoa", "gender": "female", "date_of_birth": dt.date(1985, 4, 12), "ethnicity": "Kinh",
            "joined_on": dt.date(2010, 5, 20), "official_on": dt.date(2011, 5, 20), "membership": "official",
            "occupation": "Giáo viên"}


def test_a_transient_error_is_retried_then_fails_readably(django_capture_on_commit_callbacks, superior, superior_clerk, monkeypatch, media):
    calls = []

    def down(job):
        calls.append(job.pk)
        raise OperationalError("the database went away")

    monkeypatch.setattr(tasks, "_read", down)
    job = _create(superior_clerk, superior, workbook(TWO), django_capture_on_commit_callbacks)
    assert len(calls) == tasks.MAX_RETRIES + 1
    assert job.state == ImportState.FAILED
    assert job.error.startswith(f"The file could not be read after {tasks.MAX_RETRIES + 1} attempts")
    assert _files(media) == []


def test_a_transient_error_then_success(django_capture_on_commit_callbacks, superior, superior_clerk, monkeypatch):
    real = tasks._read
    calls = []

    def flaky(job):
        calls.append(job.pk)
        if len(calls) == 1:
            raise OSError("the disk blinked")
        return real(job)

    monkeypatch.setattr(tasks, "_read", flaky)
    job = _create(superior_clerk, superior, workbook(TWO), django_capture_on_commit_callbacks)
    assert job.state == ImportState.CHECKED and job.attempts == 2


def test_running_out_of_time_fails_readably(django_capture_on_commit_callbacks, superior, superior_clerk, monkeypatch):
    def slow(job):
        raise SoftTimeLimitExceeded

    monkeypatch.setattr(tasks, "_read", slow)
    job = _create(superior_clerk, superior, workbook(TWO), django_capture_on_commit_callbacks)
    assert job.state == ImportState.FAILED
    assert job.error.startswith("The file took too long to process")


def test_a_bug_fails_readably_and_saves_nothing(django_capture_on_commit_callbacks, superior, superior_clerk, monkeypatch):
    job = _create(superior_clerk, superior, workbook(TWO), django_capture_on_commit_callbacks)

    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(tasks.services, "members_import", broken)
    _confirm(superior_clerk, job, django_capture_on_commit_callbacks)
    assert job.state == ImportState.FAILED
    assert job.error == "The file could not be processed because of an error on the server. Nothing was saved."
    assert not Member.objects.exists()


def test_a_stale_running_job_is_taken_over(django_capture_on_commit_callbacks, superior, superior_clerk):
    job = _create(superior_clerk, superior, workbook(TWO), django_capture_on_commit_callbacks, execute=False)
    MemberImportJob.objects.filter(pk=job.pk).update(state=ImportState.RUNNING, started_at=timezone.now())
    assert tasks.member_import_check.delay(job.pk).get() == ImportState.RUNNING  # someone holds it
    MemberImportJob.objects.filter(pk=job.pk).update(started_at=stale_before() - dt.timedelta(seconds=1))
    assert tasks.member_import_check.delay(job.pk).get() == ImportState.CHECKED


def test_a_missing_job_is_nothing_to_do(db):
    assert tasks.member_import_check.delay(12345).get() == "missing"
    assert tasks.member_import_apply.delay(12345).get() == "missing"


def test_a_checked_file_nobody_confirms_is_forgotten_after_a_day(django_capture_on_commit_callbacks, superior, superior_clerk, media):
    old = _create(superior_clerk, superior, workbook(TWO), django_capture_on_commit_callbacks)
    MemberImportJob.objects.filter(pk=old.pk).update(checked_at=timezone.now() - UNCONFIRMED_FOR - dt.timedelta(minutes=1))
    recent = _create(superior_clerk, superior, workbook(TWO), django_capture_on_commit_callbacks)
    old.refresh_from_db()
    assert old.state == ImportState.FAILED and old.error == "Not confirmed within a day: upload the file again."
    assert not old.file
    assert recent.state == ImportState.CHECKED and recent.file
    assert len(_files(media)) == 1


def test_an_unreachable_broker_leaves_the_job_waiting_without_failing_the_upload(
    django_capture_on_commit_callbacks, superior, superior_clerk, monkeypatch,
):
    from kombu.exceptions import OperationalError as BrokerError

    def unreachable(job_id):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.member_import_check, "delay", unreachable)
    job = _create(superior_clerk, superior, workbook(TWO), django_capture_on_commit_callbacks)
    assert job.state == ImportState.QUEUED and job.file
