"""A PDF job reaches a worker whatever happens on the way (issue 15, items 3 and 4): the broker
unreachable when it is asked for, the message lost, the worker killed while it renders.

The real topology (Redis going away, a worker killed) is exercised by tests/faults; here the
rules, the services and the pages, with the broker replaced where it has to fail."""

import logging
import os
import socket
import threading
import time
from datetime import timedelta

import pytest
from celery import Celery
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from documents.models import RenderJob, RenderState
from documents.rules import Actor, Move
from documents.services.documents import document_create, document_move
from documents.services.renders import (
    is_lost_at,
    is_send_due_at,
    lost_q,
    render_request,
    render_revive,
    renders_recover_node,
    renders_sweep,
    send_due_q,
)
from documents.tasks import _heartbeat, render_job
from documents.tests.factories import FINISHED_BODY, TermFactory
from documents.worker import sweep_once

CLERK, LEADER = {Actor.CLERK}, {Actor.LEADER}


@pytest.fixture
def draft(branch_a, branch_clerk):
    TermFactory()
    return document_create(
        acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject="Nghị quyết Đại hội Chi bộ",
        body=FINISHED_BODY, signer_name="Nguyễn Văn An",
    )


@pytest.fixture
def viewer_client(en, superior_viewer):
    en.force_login(superior_viewer)
    return en


@pytest.fixture
def broker_away(monkeypatch):
    """Every message refused as by an unreachable Redis (what kombu raises after its retries)."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(render_job, "delay", refuse)
    return attempts


def _ago(seconds):
    return timezone.now() - timedelta(seconds=seconds)


def _job(draft, **fields):
    return RenderJob.objects.create(version=draft.versions.get(), **fields)


# --- 1. The broker unreachable: the action succeeds, the job waits ------------------------------


def test_asking_with_the_broker_away_saves_the_job_and_raises_nothing(
    draft, branch_clerk, broker_away, caplog, django_capture_on_commit_callbacks
):
    with caplog.at_level(logging.WARNING, logger="documents.services.renders"):
        with django_capture_on_commit_callbacks(execute=True):
            job = render_request(acting_user=branch_clerk, version=draft.versions.get())
    job.refresh_from_db()
    assert len(broker_away) == 1
    assert job.state == RenderState.QUEUED
    assert job.dispatched_at is None  # never handed to the broker
    assert job.dispatch_tried_at is not None
    assert f"Render job {job.pk} could not be handed to the broker" in caplog.text


def test_the_page_says_the_pdf_will_follow(draft, clerk_client, broker_away, django_capture_on_commit_callbacks):
    url = reverse("document_render", kwargs={"pk": draft.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(url)
    assert response.status_code == 302
    page = clerk_client.get(response.url).content.decode()
    assert "The PDF will be made as soon as it is back" in page
    panel = clerk_client.get(
        reverse("render_job_status", kwargs={"pk": RenderJob.objects.get().pk}), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'data-testid="pdf-will-follow"' in panel
    assert 'hx-trigger="every 5s"' in panel  # still followed, less often


def test_issuing_with_the_broker_away_issues_and_redirects(
    draft, branch_clerk, superior_leader, en, broker_away, django_capture_on_commit_callbacks
):
    document_move(acting_user=branch_clerk, document=draft, move=Move.SUBMIT, actors=CLERK)
    document_move(acting_user=superior_leader, document=draft, move=Move.APPROVE, actors=LEADER)
    en.force_login(branch_clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = en.post(reverse("document_issue", kwargs={"pk": draft.pk}),
                           {"document_date": timezone.localdate().isoformat()})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "issued"
    job = RenderJob.objects.get(version__document=draft, issued=True)
    assert (job.state, job.dispatched_at) == (RenderState.QUEUED, None)
    assert len(broker_away) == 1
    assert "The PDF will be made as soon as it is back" in en.get(response.url).content.decode()


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_redis():
    """A port that accepts connections and never answers: a Redis that hangs (the worst case;
    a refused connection fails at once). It gives up after 15 s, so a test cannot hang."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.2)
    held, stop = [], threading.Event()

    def accept():
        deadline = time.monotonic() + 15
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                pass

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


@pytest.mark.parametrize("kind", ["silent", "closed"])
def test_the_settings_give_up_on_the_broker_within_seconds(kind, silent_redis):
    """The app's own broker settings against an unreachable Redis: a hung one used to keep the
    request forever, a refused one 19 s (the result channel's retries)."""
    url = silent_redis if kind == "silent" else f"redis://127.0.0.1:{_closed_port()}/0"
    app = Celery("probe", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(broker_url=url, result_backend=url, task_always_eager=False)
    started = time.monotonic()
    with pytest.raises(BrokerError):
        app.send_task("documents.tasks.render_job", args=(1,), ignore_result=render_job.ignore_result)
    assert time.monotonic() - started < 4
    app.close()


# --- 2. Sent again: from the page, and by the workers' sweep ------------------------------------


def test_a_job_the_broker_refused_is_sent_again_when_its_page_is_asked(draft, viewer_client, no_rendering):
    job = _job(draft, dispatch_tried_at=_ago(20))
    status = reverse("render_job_status", kwargs={"pk": job.pk})
    viewer_client.get(status, headers={"HX-Request": "true"})
    assert no_rendering == [job.pk]
    viewer_client.get(status, headers={"HX-Request": "true"})
    viewer_client.get(reverse("document_detail", kwargs={"pk": draft.pk}))
    assert no_rendering == [job.pk]  # once per interval, however often the page polls


def test_asking_again_sends_the_waiting_job_again(draft, branch_clerk, no_rendering, django_capture_on_commit_callbacks):
    job = _job(draft, dispatch_tried_at=_ago(20))
    with django_capture_on_commit_callbacks(execute=True):
        again = render_request(acting_user=branch_clerk, version=draft.versions.get())
    assert again == job
    assert no_rendering == [job.pk]


def test_a_job_taken_by_the_broker_but_never_claimed_is_sent_again_after_a_while(draft, no_rendering):
    recent = _job(draft, dispatched_at=_ago(20), dispatch_tried_at=_ago(20))
    assert render_revive(job_id=recent.pk) is False  # a worker may simply be busy
    old = _job(draft, dispatched_at=_ago(settings.RENDER_LOST_AFTER_SECONDS + 5),
               dispatch_tried_at=_ago(settings.RENDER_LOST_AFTER_SECONDS + 5))
    assert render_revive(job_id=old.pk) is True
    assert no_rendering == [old.pk]


def test_the_sweep_sends_exactly_the_jobs_that_need_it(draft, no_rendering):
    refused = _job(draft, dispatch_tried_at=_ago(30))
    never_tried = _job(draft)
    RenderJob.objects.filter(pk=never_tried.pk).update(queued_at=_ago(600))  # from before this release
    lost = _job(draft, state=RenderState.RUNNING, started_at=_ago(300), heartbeat_at=_ago(90))
    _job(draft, dispatch_tried_at=_ago(2))  # just refused: not yet
    _job(draft)  # just asked for: its request sends it
    _job(draft, state=RenderState.RUNNING, started_at=_ago(300), heartbeat_at=_ago(5))  # alive
    _job(draft, state=RenderState.DONE, dispatch_tried_at=_ago(600))
    _job(draft, state=RenderState.FAILED, dispatch_tried_at=_ago(600))
    assert renders_sweep() == 3
    assert sorted(no_rendering) == sorted([refused.pk, never_tried.pk, lost.pk])
    lost.refresh_from_db()
    assert (lost.state, lost.worker_node) == (RenderState.QUEUED, "")
    assert renders_sweep() == 0


def test_a_sent_job_renders_in_process(draft, django_capture_on_commit_callbacks, branch_clerk):
    """Without a broker (eager tasks) the send renders at once and the row says it was sent."""
    with django_capture_on_commit_callbacks(execute=True):
        job = render_request(acting_user=branch_clerk, version=draft.versions.get())
    job.refresh_from_db()
    assert job.state == RenderState.DONE
    assert job.dispatched_at is not None
    assert job.worker_node and job.worker_pid == os.getpid()  # who rendered it


# --- 3. A worker killed whole ---------------------------------------------------------------------


def test_a_job_whose_heartbeat_stopped_a_minute_ago_is_lost_and_sent_again_from_its_page(
    draft, viewer_client, no_rendering
):
    """It used to wait for the time limit plus 30 s (5.5 minutes) before offering a retry."""
    job = _job(draft, state=RenderState.RUNNING, started_at=_ago(90), heartbeat_at=_ago(65),
               worker_node="celery@office", worker_pid=4242, dispatched_at=_ago(91))
    panel = viewer_client.get(reverse("render_job_status", kwargs={"pk": job.pk}), headers={"HX-Request": "true"})
    job.refresh_from_db()
    assert job.state == RenderState.QUEUED
    assert no_rendering == [job.pk]
    assert 'data-state="queued"' in panel.content.decode()


def test_a_restarted_worker_takes_back_the_jobs_of_its_previous_life(draft, no_rendering):
    boot = timezone.now()
    mine = _job(draft, state=RenderState.RUNNING, started_at=_ago(20), heartbeat_at=_ago(5), worker_node="w1@office")
    other = _job(draft, state=RenderState.RUNNING, started_at=_ago(20), heartbeat_at=_ago(5), worker_node="w2@office")
    new = _job(draft, state=RenderState.RUNNING, started_at=boot + timedelta(seconds=1), heartbeat_at=boot,
               worker_node="w1@office")
    assert sweep_once(node="w1@office", started_at=boot) == 1
    assert no_rendering == [mine.pk]
    states = dict(RenderJob.objects.values_list("pk", "state"))
    assert states == {mine.pk: RenderState.QUEUED, other.pk: RenderState.RUNNING, new.pk: RenderState.RUNNING}


def test_a_claimed_job_can_be_claimed_again_once_lost(draft, no_rendering):
    job = _job(draft, state=RenderState.RUNNING, started_at=_ago(120), heartbeat_at=_ago(70), attempts=1)
    assert render_job.apply(args=(job.pk,)).get() == RenderState.DONE
    job.refresh_from_db()
    assert (job.state, job.attempts) == (RenderState.DONE, 2)


def test_a_live_job_is_not_claimed_by_a_second_message(draft):
    job = _job(draft, state=RenderState.RUNNING, started_at=_ago(120), heartbeat_at=_ago(3), attempts=1)
    assert render_job.apply(args=(job.pk,)).get() == RenderState.RUNNING


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_beats_while_the_block_runs(draft, settings):
    settings.RENDER_HEARTBEAT_SECONDS = 0.05
    job = _job(draft, state=RenderState.RUNNING, started_at=_ago(100), heartbeat_at=_ago(100), attempts=1)
    with _heartbeat(job.pk, 1):
        time.sleep(0.5)
    job.refresh_from_db()
    assert job.heartbeat_at > _ago(2)
    beaten = job.heartbeat_at
    time.sleep(0.2)  # stopped with the block
    job.refresh_from_db()
    assert job.heartbeat_at == beaten


# --- The rules ------------------------------------------------------------------------------------

OFFSETS = [None, 3, 20, 70, 400]  # seconds ago


def test_the_rules_and_their_queries_agree_on_every_combination(draft):
    """Exhaustive over states and ages: the pure rules (pages) and the filters (the sweep, the
    claim) choose the same jobs."""
    now = timezone.now()
    at = {offset: None if offset is None else now - timedelta(seconds=offset) for offset in OFFSETS}
    version = draft.versions.get()
    rows = [
        RenderJob(version=version, state=state, dispatched_at=at[d], dispatch_tried_at=at[t],
                  heartbeat_at=at[h], started_at=at[s])
        for state in RenderState.values for d in OFFSETS for t in OFFSETS for h in OFFSETS for s in OFFSETS
    ]
    RenderJob.objects.bulk_create(rows)
    RenderJob.objects.update(queued_at=at[400])
    lost_after = settings.RENDER_LOST_AFTER_SECONDS
    lost = set(RenderJob.objects.filter(lost_q(now)).values_list("pk", flat=True))
    due = set(RenderJob.objects.filter(send_due_q(now)).values_list("pk", flat=True))
    for job in RenderJob.objects.all():
        assert (job.pk in lost) == is_lost_at(
            state=job.state, heartbeat_at=job.heartbeat_at, started_at=job.started_at, now=now, lost_after=lost_after)
        assert (job.pk in due) == is_send_due_at(
            state=job.state, queued_at=job.queued_at, dispatched_at=job.dispatched_at,
            dispatch_tried_at=job.dispatch_tried_at, now=now, lost_after=lost_after)
    assert lost and due


def test_only_unfinished_jobs_are_ever_lost_or_due():
    now = timezone.now()
    for state in (RenderState.DONE, RenderState.FAILED):
        for offset in OFFSETS:
            when = None if offset is None else now - timedelta(seconds=offset)
            assert not is_lost_at(state=state, heartbeat_at=when, started_at=when, now=now, lost_after=60)
            assert not is_send_due_at(state=state, queued_at=now - timedelta(hours=1), dispatched_at=when,
                                      dispatch_tried_at=when, now=now, lost_after=60)


def test_a_beating_job_is_never_lost():
    now = timezone.now()
    for beat in range(0, 60):
        assert not is_lost_at(state=RenderState.RUNNING, heartbeat_at=now - timedelta(seconds=beat),
                              started_at=now - timedelta(hours=3), now=now, lost_after=60)
    assert is_lost_at(state=RenderState.RUNNING, heartbeat_at=now - timedelta(seconds=61),
                      started_at=now, now=now, lost_after=60)


def test_renders_recover_node_leaves_other_names_alone(draft, no_rendering):
    _job(draft, state=RenderState.RUNNING, started_at=_ago(20), heartbeat_at=_ago(5), worker_node="w2@office")
    assert renders_recover_node(node="w1@office", started_before=timezone.now()) == 0
    assert no_rendering == []

