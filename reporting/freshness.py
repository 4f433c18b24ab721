"""The round's figures computed once per change, not once per view (issue 15, item 6).

The results page sums about thirty correlated subqueries over every congress of the scope: a
third of a second for a province's 600 congresses, the heaviest page of an office's day
(docs/benchmarks.md, "Office load"). Its figures change only when something they are computed
from is written, so the page keeps what it computed in the cache under a **generation**, a
token that every write of a row the figures read replaces:

- `WATCHED` lists those models; a save, a delete or a change of a many-to-many relation of any
  of them replaces the generation, and what was kept under the old one is never read again.
  reporting/tests/test_figures_freshness.py reads the tables the figures' queries touch and
  fails when one of them is not watched: a new figure cannot be served stale by forgetting it.
- The generation is replaced after the write commits (`transaction.on_commit`): another process
  that computed the figures between the write and its commit computed them without it, and keeps
  them under the generation the commit then replaces. Within the writing thread it is also
  replaced before the next read, as that thread already sees its own uncommitted rows.
- A long write (an import of 5,000 members) replaces it once per commit, not once per row.
- Kept figures expire after `LIFETIME` seconds whatever happens: a write made while the cache
  was unreachable (config.cache.ResilientRedisCache reads an outage as a miss and drops writes)
  is then shown at the latest that much later.

Writes that bypass the model's signals (`QuerySet.update`, `bulk_create`) must call `changed()`
themselves; none of the watched models is written that way outside the generators of test data.
"""

import hashlib
import threading
from collections.abc import Callable
from uuid import uuid4

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

GENERATION_KEY = "reporting:figures:generation"
LIFETIME = 300  # seconds

# The models the figures are computed from (reporting.statistics and the deadline rule of
# congress.progress), as "app_label.ModelName".
WATCHED = (
    "branches.Organization", "branches.Member", "branches.CommitteeSeat", "branches.Term",
    "congress.Plan", "congress.Congress", "congress.ElectedSeat", "congress.WorkingGroup", "congress.Holiday",
    "elections.Election", "elections.Candidate", "elections.PersonnelPlan",
    "reporting.EmulationWork", "reporting.Award",
)

_thread = threading.local()


def generation() -> str:
    """The current generation; a new one when this thread wrote a watched row since its last read."""
    if getattr(_thread, "unread_change", False):
        _thread.unread_change = False
        return _replace()
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, uuid4().hex, None)
        current = cache.get(GENERATION_KEY)
    return current or "unknown"


def _replace() -> str:
    token = uuid4().hex
    cache.set(GENERATION_KEY, token, None)
    return token


def _after_commit() -> None:
    if getattr(_thread, "uncommitted_change", False):
        _thread.uncommitted_change = False
        _replace()


def changed(**_kwargs) -> None:
    """A watched row was written: the figures kept so far are no longer read, by this thread at
    its next read and by every process once the write commits. Connected to the signals."""
    _thread.unread_change = True
    _thread.uncommitted_change = True
    transaction.on_commit(_after_commit)


def remembered[T](name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """`compute()`, kept under `name` and `parts` (what the result depends on besides the
    watched rows: the scope, the day, the sort) until the generation changes or LIFETIME passes."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    key = f"reporting:figures:{generation()}:{name}:{digest}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, LIFETIME)
    return found


def connect() -> None:
    """Watch WATCHED (called once, from ReportingConfig.ready)."""
    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(changed, sender=model, dispatch_uid=f"figures-save-{label}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"figures-delete-{label}")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(changed, sender=field.remote_field.through, dispatch_uid=f"figures-m2m-{label}-{field.name}")
