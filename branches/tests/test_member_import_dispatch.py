"""A member import reaches a worker whatever happens on the way (issue 15, as PDFs do): the
broker unreachable at the upload or the confirmation, or the message lost. The job remembers a
step that was not sent (branches.dispatch), its page and the workers' sweep send it again.

The real topology (Redis going away, a real worker) is exercised by tests/faults; here the rules,
the services and the pages, with the broker replaced where it has to fail."""

import logging
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from branches import tasks
from branches.imports import XLSX_CONTENT_TYPE
from branches.models import ImportState, MemberImportJob
from branches.services.imports import is_send_due, member_import_jobs_sweep, send_due_q
from branches.tests.xlsx import row, workbook
from documents.worker import sweep_once

TASKS = (tasks.member_import_check, tasks.member_import_apply)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def broker_away(monkeypatch):
    """Every message refused as by an unreachable Redis (what kombu raises after its retries)."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    for task in TASKS:
        monkeypatch.setattr(task, "delay", refuse)
    return attempts


@pytest.fixture
def sent(monkeypatch):
    """The messages the broker took (task name, job id), none of them run."""
    messages = []
    for task in TASKS:
        monkeypatch.setattr(task, "delay", lambda job_id, name=task.name.rsplit(".", 1)[-1]: messages.append((name, job_id)))
    return messages


def _ago(seconds):
    return timezone.now() - timedelta(seconds=seconds)


def _job(organization, *, created=600, **fields) -> MemberImportJob:
    job = MemberImportJob.objects.create(organization=organization, filename="danh-sach.xlsx", **fields)
    MemberImportJob.objects.filter(pk=job.pk).update(created_at=_ago(created))
    job.refresh_from_db()
    return job


def _upload(client, organization, commits):
    data = workbook([row()])
    with commits(execute=True):
        return client.post(reverse("member_import", kwargs={"pk": organization.pk}),
                           {"file": SimpleUploadedFile("danh-sach.xlsx", data, content_type=XLSX_CONTENT_TYPE)})


def _panel(client, job):
    return client.get(reverse("member_import_job", kwargs={"pk": job.pk}), headers={"HX-Request": "true"})


# --- The broker unreachable: the request succeeds, the job waits, the page says so ---------------


def test_the_tasks_keep_no_result_so_sending_never_waits_on_the_result_backend():
    assert all(task.ignore_result for task in TASKS)


def test_uploading_with_the_broker_away_redirects_and_the_job_waits_unsent(
    clerk_client, superior, broker_away, caplog, django_capture_on_commit_callbacks
):
    with caplog.at_level(logging.WARNING, logger="branches.services.imports"):
        response = _upload(clerk_client, superior, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    job = MemberImportJob.objects.get()
    assert len(broker_away) == 1
    assert job.state == ImportState.QUEUED
    assert (job.dispatched_at, job.dispatch_tried_at is not None) == (None, True)
    assert f"Import job {job.pk} could not be handed to the broker" in caplog.text
    page = clerk_client.get(response.url).content.decode()
    assert "The check will start as soon as it is back" in page
    panel = _panel(clerk_client, job).content.decode()
    assert 'data-testid="import-will-start"' in panel
    assert 'hx-trigger="every 5s"' in panel  # still followed, less often


def test_confirming_with_the_broker_away_redirects_and_the_saving_waits_unsent(
    clerk_client, superior, monkeypatch, django_capture_on_commit_callbacks
):
    _upload(clerk_client, superior, django_capture_on_commit_callbacks)  # checked in-process
    job = MemberImportJob.objects.get()
    assert job.state == ImportState.CHECKED and job.dispatched_at is not None
    monkeypatch.setattr(tasks.member_import_apply, "delay", lambda *a: (_ for _ in ()).throw(BrokerError("down")))
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(reverse("member_import_job_confirm", kwargs={"pk": job.pk}))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportState.CONFIRMED
    # The check's send is forgotten: this step was tried and refused.
    assert job.dispatched_at is None and job.dispatch_tried_at >= job.confirmed_at
    assert "The saving will start as soon as it is back" in clerk_client.get(response.url).content.decode()


def test_a_sent_step_is_noted_as_sent(clerk_client, superior, sent, django_capture_on_commit_callbacks):
    _upload(clerk_client, superior, django_capture_on_commit_callbacks)
    job = MemberImportJob.objects.get()
    assert sent == [("member_import_check", job.pk)]
    assert job.dispatched_at is not None and job.dispatched_at == job.dispatch_tried_at
    assert 'data-testid="import-will-start"' not in _panel(clerk_client, job).content.decode()


# --- Sent again: from the page, and by the workers' sweep ----------------------------------------


def test_a_job_the_broker_refused_is_sent_again_when_its_panel_is_polled(clerk_client, superior, sent):
    job = _job(superior, dispatch_tried_at=_ago(20))
    for _ in range(3):
        assert _panel(clerk_client, job).status_code == 200
    clerk_client.get(reverse("member_import_job", kwargs={"pk": job.pk}))
    assert sent == [("member_import_check", job.pk)]  # once per interval, however often it polls
    job.refresh_from_db()
    assert job.dispatched_at is not None
    assert 'data-testid="import-will-start"' not in _panel(clerk_client, job).content.decode()


def test_a_confirmed_job_the_broker_refused_is_sent_again_to_be_saved(clerk_client, superior, sent):
    job = _job(superior, state=ImportState.CONFIRMED, confirmed_at=_ago(30), dispatch_tried_at=_ago(20))
    _panel(clerk_client, job)
    assert sent == [("member_import_apply", job.pk)]


def test_the_workers_sweep_sends_exactly_the_import_jobs_that_need_it(superior, sent):
    refused = _job(superior, dispatch_tried_at=_ago(30))
    never_tried = _job(superior)  # its request's commit never sent it
    confirmed = _job(superior, state=ImportState.CONFIRMED, confirmed_at=_ago(40), dispatch_tried_at=_ago(30))
    lost_message = _job(superior, dispatched_at=_ago(settings.RENDER_LOST_AFTER_SECONDS + 5),
                        dispatch_tried_at=_ago(settings.RENDER_LOST_AFTER_SECONDS + 5))
    _job(superior, dispatch_tried_at=_ago(2))  # just refused: not yet
    _job(superior, created=1)  # just uploaded: its request sends it
    _job(superior, dispatched_at=_ago(20), dispatch_tried_at=_ago(20))  # a worker may simply be busy
    _job(superior, state=ImportState.CONFIRMED, confirmed_at=_ago(3))  # just confirmed
    for state in (ImportState.RUNNING, ImportState.CHECKED, ImportState.APPLYING, ImportState.APPLIED,
                  ImportState.FAILED):
        _job(superior, state=state, confirmed_at=_ago(600), dispatch_tried_at=_ago(600))
    assert sweep_once() == 4  # the worker's round runs the sweep branches registered
    assert sorted(sent) == sorted([
        ("member_import_check", refused.pk), ("member_import_check", never_tried.pk),
        ("member_import_apply", confirmed.pk), ("member_import_check", lost_message.pk),
    ])
    assert member_import_jobs_sweep() == 0


def test_a_resent_job_is_checked_in_process(superior, superior_clerk, django_capture_on_commit_callbacks):
    """Without a broker (eager tasks) the send checks at once and the row says it was sent."""
    job = _job(superior, dispatch_tried_at=_ago(20), uploaded_by=superior_clerk)
    job.file.save("x.xlsx", SimpleUploadedFile("x.xlsx", workbook([row()])))
    assert member_import_jobs_sweep() == 1
    job.refresh_from_db()
    assert job.state == ImportState.CHECKED and job.dispatched_at is not None


# --- The rule and its filter ---------------------------------------------------------------------

OFFSETS = [None, 3, 20, 70, 400]  # seconds ago


def test_the_rule_and_its_filter_agree_on_every_combination(superior):
    """Exhaustive over states and ages: the pure rule (the page) and the filter (the sweep)
    choose the same jobs."""
    now = timezone.now()
    at = {offset: None if offset is None else now - timedelta(seconds=offset) for offset in OFFSETS}
    MemberImportJob.objects.bulk_create([
        MemberImportJob(organization=superior, state=state, confirmed_at=at[c], dispatched_at=at[d],
                        dispatch_tried_at=at[t])
        for state in ImportState.values for c in OFFSETS for d in OFFSETS for t in OFFSETS
    ])
    for created in OFFSETS[1:]:
        MemberImportJob.objects.filter(pk__in=MemberImportJob.objects.order_by("?").values("pk")[:200]).update(
            created_at=at[created])
    due = set(MemberImportJob.objects.filter(send_due_q(now)).values_list("pk", flat=True))
    for job in MemberImportJob.objects.all():
        assert (job.pk in due) == is_send_due(job, now), (job.state, job.confirmed_at, job.dispatched_at,
                                                           job.dispatch_tried_at)
    assert due
    assert all(state in (ImportState.QUEUED, ImportState.CONFIRMED)
               for state in MemberImportJob.objects.filter(pk__in=due).values_list("state", flat=True))
