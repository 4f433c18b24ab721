"""Asking for a PDF, and making sure every job reaches a worker (docs/architecture.md §6).

A job is saved in the request's transaction and handed to the broker after commit. Handing it
over can fail (Redis unreachable) and a worker can die holding it; neither may lose the PDF:

- the request never waits long on the broker (short timeouts in settings) and never fails
  because of it: the job stays `queued` with `dispatched_at` empty, and the page says the PDF
  will follow;
- a job that needs sending again is sent again, spaced out by `dispatch_tried_at`: when its page
  asks for it (render_revive) and when a worker sweeps (renders_sweep, documents.worker);
- a `running` job whose heartbeat stopped lost its worker: it goes back to `queued` and is sent
  again. A worker that starts again under the same name takes back at once what it held when it
  died (renders_recover_node).

The task's claim is a conditional update, so a message sent twice renders once.
"""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from branches import dispatch
from branches.audit import audited

from ..models import DocumentVersion, RenderJob, RenderState

logger = logging.getLogger(__name__)

# At most this many jobs per sweep: a long outage is caught up over a few rounds.
SWEEP_BATCH = 200


def render_request(*, acting_user, version: DocumentVersion) -> RenderJob:
    """A PDF of `version` as it stands (draft mark unless issued). An existing job for the
    same version and state is reused unless it failed or its worker died: asking twice renders once.
    A reused job still waiting for the broker is sent again if it is due."""
    issued = version.document.is_frozen
    now = timezone.now()
    with transaction.atomic(), audited(acting_user, "documents.render.requested"):
        existing = (
            RenderJob.objects.filter(version=version, issued=issued)
            .exclude(state=RenderState.FAILED)
            .exclude(lost_q(now))
            .order_by("-queued_at").first()
        )
        if existing is not None:
            if existing.state == RenderState.QUEUED:
                transaction.on_commit(lambda: render_revive(job_id=existing.pk))
            return existing
        job = RenderJob.objects.create(version=version, issued=issued, requested_by=acting_user)
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


# --- The rules, over plain values (tested exhaustively) and as queries -------------------------


def is_lost_at(*, state: str, heartbeat_at: datetime | None, started_at: datetime | None, now: datetime,
               lost_after: int) -> bool:
    """A `running` job whose last sign of life (heartbeat, else its start) is older than
    `lost_after` seconds has no live worker: a live one beats several times in that span."""
    if state != RenderState.RUNNING:
        return False
    seen = heartbeat_at or started_at
    return seen is None or seen < now - timedelta(seconds=lost_after)


def is_send_due_at(*, state: str, queued_at: datetime, dispatched_at: datetime | None,
                   dispatch_tried_at: datetime | None, now: datetime, lost_after: int) -> bool:
    """A `queued` job is due to be sent (again) by the rule every job shares (branches.dispatch)."""
    return state == RenderState.QUEUED and dispatch.is_send_due(
        waiting_since=queued_at, dispatched_at=dispatched_at, dispatch_tried_at=dispatch_tried_at,
        now=now, lost_after=lost_after,
    )


def lost_q(now: datetime) -> Q:
    """is_lost_at as a filter."""
    cutoff = now - timedelta(seconds=settings.RENDER_LOST_AFTER_SECONDS)
    return Q(state=RenderState.RUNNING) & (
        Q(heartbeat_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
        | Q(heartbeat_at__isnull=True, started_at__isnull=True)
    )


def send_due_q(now: datetime) -> Q:
    """is_send_due_at as a filter."""
    return Q(state=RenderState.QUEUED) & dispatch.send_due_q(
        now=now, lost_after=settings.RENDER_LOST_AFTER_SECONDS, waiting_since="queued_at"
    )


def is_lost(job: RenderJob, now: datetime | None = None) -> bool:
    return is_lost_at(state=job.state, heartbeat_at=job.heartbeat_at, started_at=job.started_at,
                      now=now or timezone.now(), lost_after=settings.RENDER_LOST_AFTER_SECONDS)


def awaits_broker(job: RenderJob) -> bool:
    """Queued, offered to the broker, refused: the page says the PDF will follow."""
    return dispatch.awaits_broker(waiting=job.state == RenderState.QUEUED, dispatched_at=job.dispatched_at,
                                  dispatch_tried_at=job.dispatch_tried_at)


# --- Sending again ------------------------------------------------------------------------------


def render_revive(*, job_id: int, now: datetime | None = None) -> bool:
    """Send job `job_id` again if it needs it (its worker was lost, or the broker never got it, or
    lost it). Returns whether a send was attempted. Safe to call from any number of places at
    once: a conditional update elects one sender per interval."""
    now = now or timezone.now()
    # Each update is conditional: of several callers at once, one changes the row and sends.
    requeued = RenderJob.objects.filter(lost_q(now), pk=job_id).update(
        state=RenderState.QUEUED, dispatch_tried_at=now, worker_node="", worker_pid=None
    )
    if requeued:
        logger.warning("Render job %s lost its worker (no heartbeat for %s s): queued again",
                       job_id, settings.RENDER_LOST_AFTER_SECONDS)
    elif RenderJob.objects.filter(send_due_q(now), pk=job_id).update(dispatch_tried_at=now):
        logger.info("Render job %s: sending it to the workers again", job_id)
    else:
        return False
    _enqueue(job_id)
    return True


def renders_sweep(*, now: datetime | None = None) -> int:
    """Revive every job that needs it (run by each worker, documents.worker). Returns how many
    were sent."""
    now = now or timezone.now()
    ids = list(
        RenderJob.objects.filter(lost_q(now) | send_due_q(now)).order_by("queued_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    return sum(render_revive(job_id=job_id, now=now) for job_id in ids)


def renders_recover_node(*, node: str, started_before: datetime) -> int:
    """Jobs a worker of this name claimed before `started_before` (its previous life, killed
    whole) go back to the queue and are sent again, without waiting for their heartbeat to age.
    Worker names must be unique (docs/deploy.md): a name is one worker. Returns how many."""
    ids = list(
        RenderJob.objects.filter(state=RenderState.RUNNING, worker_node=node, started_at__lt=started_before)
        .values_list("pk", flat=True)
    )
    recovered = 0
    for job_id in ids:
        if RenderJob.objects.filter(pk=job_id, state=RenderState.RUNNING, worker_node=node).update(
            state=RenderState.QUEUED, dispatch_tried_at=timezone.now(), worker_node="", worker_pid=None
        ):
            logger.warning("Render job %s was held by %s when it stopped: queued again", job_id, node)
            recovered += 1
            _enqueue(job_id)
    return recovered


def _enqueue(job_id: int) -> None:
    """Hand the job to the broker; if it cannot be reached, log it and leave the job `queued`
    (dispatched_at empty): it is sent again later. Never raises for the broker: this runs after
    the request's commit, and what was saved is saved."""
    from ..tasks import render_job  # the task module imports WeasyPrint: only when needed

    dispatch.send(RenderJob.objects.filter(pk=job_id), render_job, job_id, what="Render job", log=logger)
