"""What a Celery worker does for PDF jobs besides rendering them (docs/deploy.md, "When
something goes away"): when it starts, it takes back the jobs its previous life held (a worker
killed whole leaves them `running`), then it sweeps every RENDER_SWEEP_SECONDS for jobs that the
broker never got or that lost their worker, and sends them again; and the jobs of other kinds
that their apps registered a sweep for (branches.dispatch: member imports).

Why a thread in each worker and not celery beat: beat must run exactly once per installation
(two beats send everything twice, none sends nothing), one more service to deploy and watch;
the sweep is idempotent (an election by conditional update, and a claim that renders once), so
every worker may run it, and it runs wherever a worker runs. It works in the worker's main
process, not in a pool process, so it goes on while every pool process is busy rendering.
"""

import logging
import threading
from datetime import datetime

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections

from branches.dispatch import registered_sweeps

from .services.renders import renders_recover_node, renders_sweep

logger = logging.getLogger(__name__)

_stop = threading.Event()


def on_worker_ready(*, node: str, started_at: datetime) -> threading.Thread:
    """Start the sweeper of the worker named `node`, whose process started at `started_at`."""
    _stop.clear()
    thread = threading.Thread(
        target=_sweeper, kwargs={"node": node, "started_at": started_at}, name="render-sweeper", daemon=True
    )
    thread.start()
    return thread


def on_worker_shutdown() -> None:
    _stop.set()


def sweep_once(*, node: str | None = None, started_at: datetime | None = None) -> int:
    """One round: the jobs of this worker's previous life (when `node` is given), then the sweep.
    Errors (the database or the broker away) are logged; the next round tries again."""
    count = 0
    try:
        if node is not None and started_at is not None:
            recovered = renders_recover_node(node=node, started_before=started_at)
            if recovered:
                logger.warning("%s took back %s render job(s) of its previous run", node, recovered)
            count += recovered
        sent = renders_sweep()
        if sent:
            logger.warning("Render sweep: %s job(s) sent to the workers again", sent)
        count += sent
    except (OperationalError, InterfaceError) as error:  # the database away (or not made yet)
        logger.warning("Render sweep skipped, the database is unavailable: %s", error)
        return count
    except Exception:  # a sweep must never kill the worker; the next round tries again
        logger.exception("Render sweep failed")
    for name, sweep in registered_sweeps().items():
        count += _other_sweep(name, sweep)
    return count


def _other_sweep(name: str, sweep) -> int:
    """The sweep of another kind of job (registered by its app: branches.dispatch), on its own:
    one that fails leaves the others to run."""
    try:
        sent = sweep()
    except (OperationalError, InterfaceError) as error:
        logger.warning("Sweep of %s skipped, the database is unavailable: %s", name, error)
        return 0
    except Exception:
        logger.exception("Sweep of %s failed", name)
        return 0
    if sent:
        logger.warning("Sweep of %s: %s job(s) sent to the workers again", name, sent)
    return sent


def _sweeper(*, node: str, started_at: datetime) -> None:
    _round(node=node, started_at=started_at)
    interval = settings.RENDER_SWEEP_SECONDS
    while interval and not _stop.wait(interval):
        _round()


def _round(**identity) -> None:
    try:
        sweep_once(**identity)
    finally:
        # The worker's main process forks pool processes: no connection may stay open here
        # between rounds for them to inherit.
        connections.close_all()
