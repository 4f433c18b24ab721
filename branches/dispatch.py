"""Handing a status row's task to the broker so that it reaches a worker whatever happens on the
way (docs/architecture.md §6, docs/deploy.md "When something goes away"). Shared by every kind
of job the workers do: PDF renders (documents) and member imports (branches).

A job's row is committed first, then its task is sent. Sending can fail (Redis unreachable): the
row then remembers it was tried and not taken (`dispatch_tried_at` set, `dispatched_at` empty),
and it is sent again later by whoever looks at it (its page, the workers' sweep). The rule that
says when is pure (is_send_due) and has a filter twin (send_due_q); a conditional update on
`dispatch_tried_at` elects one sender per interval however many look at once, and the tasks'
claims are conditional too, so a message sent twice does the work once.

The sweep itself runs in each worker (documents.worker); every app that has jobs registers its
own sweep here (register_sweep), so the worker needs to know none of them.
"""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

logger = logging.getLogger(__name__)

# A job the broker refused is offered to it again this often (and, from its page, at most this
# often); one it accepted but no worker claimed waits `lost_after` (the message lost with a
# restarted Redis, or the workers simply busy: sending twice is harmless either way).
UNSENT_RETRY_SECONDS = 10


def is_send_due(*, waiting_since: datetime | None, dispatched_at: datetime | None,
                dispatch_tried_at: datetime | None, now: datetime, lost_after: int) -> bool:
    """A job waiting for a worker (since `waiting_since`) is sent (again) if the broker refused it
    more than UNSENT_RETRY_SECONDS ago, if it took it more than `lost_after` seconds ago and no
    worker has claimed it since, or if it was never tried and has waited more than
    UNSENT_RETRY_SECONDS (a new job is sent by its request's commit, which may never have run).
    The caller checks that the job is waiting at all."""
    if dispatch_tried_at is None:
        return waiting_since is not None and waiting_since < now - timedelta(seconds=UNSENT_RETRY_SECONDS)
    wait = UNSENT_RETRY_SECONDS if dispatched_at is None else lost_after
    return dispatch_tried_at < now - timedelta(seconds=wait)


def send_due_q(*, now: datetime, lost_after: int, waiting_since: str) -> Q:
    """is_send_due as a filter; `waiting_since` names the field the job waits since."""
    unsent_cutoff = now - timedelta(seconds=UNSENT_RETRY_SECONDS)
    return (
        Q(dispatch_tried_at__isnull=True, **{f"{waiting_since}__lt": unsent_cutoff})
        | Q(dispatched_at__isnull=True, dispatch_tried_at__lt=unsent_cutoff)
        | Q(dispatched_at__isnull=False, dispatch_tried_at__lt=now - timedelta(seconds=lost_after))
    )


def awaits_broker(*, waiting: bool, dispatched_at: datetime | None, dispatch_tried_at: datetime | None) -> bool:
    """Waiting, offered to the broker, refused: its page says the work will start when the
    server is back."""
    return waiting and dispatched_at is None and dispatch_tried_at is not None


def send(row: QuerySet, task, job_id: int, *, what: str, log: logging.Logger = logger) -> bool:
    """Send `task` for `job_id` and note it on `row` (a queryset of that one row): sent, or tried
    and refused. Never raises for the broker: this runs after a request's commit, and what was
    saved is saved. Returns whether the broker took it."""
    from kombu.exceptions import OperationalError as BrokerError

    try:
        task.delay(job_id)
    except (BrokerError, ConnectionError) as error:
        log.warning("%s %s could not be handed to the broker (%s), it will be sent again: %s",
                    what, job_id, task.name, error)
        row.update(dispatch_tried_at=timezone.now())
        return False
    now = timezone.now()
    row.update(dispatched_at=now, dispatch_tried_at=now)
    return True


# --- The workers' sweep ---------------------------------------------------------------------------

_sweeps: dict[str, Callable[[], int]] = {}


def register_sweep(name: str, sweep: Callable[[], int]) -> None:
    """`sweep()` sends again the jobs of one kind that need it and returns how many; each worker
    calls every registered sweep every RENDER_SWEEP_SECONDS. Registered from AppConfig.ready."""
    _sweeps[name] = sweep


def registered_sweeps() -> dict[str, Callable[[], int]]:
    return dict(_sweeps)
