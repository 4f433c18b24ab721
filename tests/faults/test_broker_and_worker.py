"""PDFs on the real topology when the broker goes away and when a worker is killed whole
(issue 15, items 3 and 4; docs/deploy.md, "When something goes away")."""

import time

import pytest
from django.urls import reverse
from django.utils import timezone

from branches import dispatch
from documents.models import RenderJob, RenderState
from documents.rules import Actor, Move
from documents.services.documents import document_create, document_move
from documents.services.renders import render_request
from documents.tests.factories import FINISHED_BODY, TermFactory

from .conftest import broker_unreachable

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

WILL_FOLLOW = "The PDF will be made as soon as it is back"


@pytest.fixture
def documents(branch_a, branch_clerk, superior_leader):
    """A draft, and a document approved and ready to issue."""
    TermFactory()

    def create(subject):
        return document_create(
            acting_user=branch_clerk, issuer=branch_a, doc_type="NQ", subject=subject, body=FINISHED_BODY,
            signer_name="Nguyễn Văn An",
        )

    draft, approved = create("Nghị quyết thứ nhất"), create("Nghị quyết thứ hai")
    document_move(acting_user=branch_clerk, document=approved, move=Move.SUBMIT, actors={Actor.CLERK})
    document_move(acting_user=superior_leader, document=approved, move=Move.APPROVE, actors={Actor.LEADER})
    return draft, approved


def wait_until_done(seconds, *job_ids):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        states = dict(RenderJob.objects.filter(pk__in=job_ids).values_list("pk", "state"))
        if all(state == RenderState.DONE for state in states.values()):
            return
        time.sleep(0.2)
    pytest.fail(f"not done after {seconds} s: {states}", pytrace=False)


def wait_until_running(job_id, node, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = RenderJob.objects.get(pk=job_id)
        if job.state == RenderState.RUNNING and job.worker_node == node:
            return job
        time.sleep(0.1)
    pytest.fail(f"job {job_id} was not claimed by {node} in {seconds} s ({job.state})", pytrace=False)


def test_with_the_broker_away_requests_succeed_and_the_sweep_sends_the_jobs_when_it_returns(
    documents, en, branch_clerk, start_worker
):
    draft, approved = documents
    en.force_login(branch_clerk)
    with broker_unreachable():
        started = time.monotonic()
        asked = en.post(reverse("document_render", kwargs={"pk": draft.pk}))
        issued = en.post(reverse("document_issue", kwargs={"pk": approved.pk}),
                         {"document_date": timezone.localdate().isoformat()})
        elapsed = time.monotonic() - started
        assert (asked.status_code, issued.status_code) == (302, 302)
        assert elapsed < 8, f"two requests took {elapsed:.1f} s"
        assert WILL_FOLLOW in en.get(asked.url).content.decode()
        assert WILL_FOLLOW in en.get(issued.url).content.decode()
    approved.refresh_from_db()
    assert approved.state == "issued"
    jobs = list(RenderJob.objects.order_by("pk"))
    assert [(job.state, job.dispatched_at) for job in jobs] == [(RenderState.QUEUED, None)] * 2

    # The broker is back; nobody looks at the pages: a worker's sweep sends the jobs.
    start_worker("sweeper", RENDER_SWEEP_SECONDS=2)
    wait_until_done(30, *(job.pk for job in jobs))


def test_with_the_broker_back_the_page_sends_the_job_again(documents, en, branch_clerk, start_worker, monkeypatch):
    draft, _ = documents
    start_worker("pages", RENDER_SWEEP_SECONDS=0)  # sweeps once, at its start: before the job exists
    en.force_login(branch_clerk)
    with broker_unreachable():
        en.post(reverse("document_render", kwargs={"pk": draft.pk}))
    job = RenderJob.objects.get()
    assert job.dispatched_at is None
    monkeypatch.setattr(dispatch, "UNSENT_RETRY_SECONDS", 1)
    time.sleep(1.2)
    panel = en.get(reverse("render_job_status", kwargs={"pk": job.pk}), headers={"HX-Request": "true"})
    assert panel.status_code == 200
    wait_until_done(30, job.pk)
    job.refresh_from_db()
    assert job.dispatched_at is not None


def test_a_worker_killed_whole_mid_render_is_restarted_and_the_job_completes(documents, branch_clerk, start_worker):
    draft, _ = documents
    first = start_worker("renderer", RENDER_TEST_DELAY_SECONDS=8)
    job = render_request(acting_user=branch_clerk, version=draft.versions.get())  # commits: sent
    wait_until_running(job.pk, first.name)
    first.kill()
    killed = time.monotonic()
    start_worker("renderer", RENDER_TEST_DELAY_SECONDS=8)  # the same worker, restarted
    wait_until_done(60 - (time.monotonic() - killed), job.pk)
    job.refresh_from_db()
    assert job.attempts == 2
    with job.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_a_job_whose_worker_was_killed_is_taken_by_another_worker(documents, branch_clerk, start_worker):
    """Another machine's worker, not a restart: the stopped heartbeat tells it the job is lost."""
    draft, _ = documents
    quick = {"RENDER_HEARTBEAT_SECONDS": 1, "RENDER_LOST_AFTER_SECONDS": 5, "RENDER_SWEEP_SECONDS": 2}
    first = start_worker("here", RENDER_TEST_DELAY_SECONDS=8, **quick)
    job = render_request(acting_user=branch_clerk, version=draft.versions.get())
    wait_until_running(job.pk, first.name)
    first.kill()
    killed = time.monotonic()
    start_worker("elsewhere", **quick)
    wait_until_done(60 - (time.monotonic() - killed), job.pk)
    job.refresh_from_db()
    assert job.worker_node == "elsewhere@faults"
